"""The signature cache: hits, misses after a change, corrupt entries, settings, --jobs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from dedupe_cli.cache import SignatureCache
from dedupe_cli.cli import app
from dedupe_cli.options import LoadOptions, MatchOptions, ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import scan

from .conftest import SEEDS

PARA = "The harbour authority said on Monday that dredging of the main channel would start in June this year."


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    shutil.copytree(SEEDS, root)
    other = "Another paragraph entirely of its own making here."
    (root / "extra.txt").write_text(f"Headline\n\n{PARA}\n\n{other}\n\n{PARA}\n")
    return root


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("sig-*/*/*.bin"))


def _fingerprints(root: Path, options: ScanOptions) -> list[str]:
    return [f.fingerprint for f in scan([root], options).findings]


def test_hit_gives_the_same_findings_and_marks_the_directory(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    cold = _fingerprints(root, options)
    entries = _entries(cache)
    assert len(entries) == 3
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text() == "*\n"
    stamps = [p.stat().st_mtime_ns for p in entries]
    assert _fingerprints(root, options) == cold == _fingerprints(root, ScanOptions())
    assert [p.stat().st_mtime_ns for p in entries] == stamps  # read, not rewritten


def test_changed_file_misses(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    scan([root], options)
    (root / "extra.txt").write_text(f"Headline\n\n{PARA}\n")
    result = scan([root], options)
    assert len(_entries(cache)) == 4
    assert not any(f.members[0].path.endswith("extra.txt") for f in result.findings)


def test_corrupt_entry_is_ignored_with_a_warning(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    cold = _fingerprints(root, options)
    target = _entries(cache)[0]
    target.write_bytes(target.read_bytes()[:-40] + b"garbage")
    listener = NullListener()
    result = scan([root], options, listener)
    assert [f.fingerprint for f in result.findings] == cold
    assert any("corrupt cache entry" in p.message for p in listener.problems)
    assert scan([root], options, NullListener()).problems == ()  # rewritten whole


def test_settings_change_invalidates(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    scan([root], ScanOptions(cache_dir=str(cache)))
    scan([root], ScanOptions(match=replace(MatchOptions(), num_perm=64), cache_dir=str(cache)))
    assert len({p.parent.parent for p in _entries(cache)}) == 2
    small = SignatureCache(cache, replace(MatchOptions(), num_perm=64), LoadOptions())
    entry = small.get(next(small.folder.glob("*/*.bin")).stem)
    assert entry is not None and entry.signatures.shape[1] == 64


def test_jobs_give_the_same_result(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    for i in range(12):
        unique = f"Unique sentence number {i} of this test file here."
        (root / f"copy{i}.txt").write_text(f"Title {i}\n\n{PARA}\n\n{unique}\n")
    one = scan([root], ScanOptions(jobs=1))
    two = scan([root], ScanOptions(jobs=2))
    assert one.findings == two.findings
    assert one.articles == two.articles
    assert one.graph == two.graph


def test_cli_cache_options(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    runner = CliRunner()
    cache = tmp_path / "c"
    res = runner.invoke(app, ["scan", str(root), "--cache-dir", str(cache), "--jobs", "2", "-q"])
    assert res.exit_code == 0, res.output
    assert _entries(cache)
    res = runner.invoke(app, ["scan", str(root), "--no-cache", "--cache-dir", str(tmp_path / "none"), "-q"])
    assert res.exit_code == 0
    assert not (tmp_path / "none").exists()
