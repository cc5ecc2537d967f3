"""The cache directory and the scan state: hits, changed and touched files, corrupt state, settings, --jobs."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.options import MatchOptions, ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import scan
from dedupe_cli.state import state_dir

from .conftest import SEEDS

runner = CliRunner()
PARA = "The harbour authority said on Monday that dredging of the main channel would start in June this year."


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    shutil.copytree(SEEDS, root)
    other = "Another paragraph entirely of its own making here."
    (root / "extra.txt").write_text(f"Headline\n\n{PARA}\n\n{other}\n\n{PARA}\n")
    return root


def _segments(options: ScanOptions) -> set[str]:
    return {p.name for p in state_dir(options).glob("seg-*")}


def _fingerprints(root: Path, options: ScanOptions) -> list[str]:
    return [f.fingerprint for f in scan([root], options).findings]


def test_hit_gives_the_same_findings_and_marks_the_directory(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    cold = _fingerprints(root, options)
    segments = _segments(options)
    assert len(segments) == 1
    assert _fingerprints(root, options) == cold
    assert _segments(options) == segments  # nothing was read again
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text() == "*\n"


def test_changed_file_is_read_again_and_touched_file_is_not(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    scan([root], options)
    first = _segments(options)
    seed = sorted(root.glob("*.txt"))[0]
    os.utime(seed, ns=(1, 1))  # same content, new time: recognised by its content hash
    scan([root], options)
    assert _segments(options) == first
    (root / "extra.txt").write_text(f"Changed\n\n{PARA}\n")
    warm = _fingerprints(root, options)
    assert len(_segments(options)) == 2
    assert warm == _fingerprints(root, ScanOptions())


def test_damaged_segment_is_ignored_with_a_warning(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    options = ScanOptions(cache_dir=str(cache))
    cold = _fingerprints(root, options)
    (next(iter(state_dir(options).glob("seg-*"))) / "text.bin").write_bytes(b"short")
    listener = NullListener()
    result = scan([root], options, listener)
    assert [f.fingerprint for f in result.findings] == cold
    assert any("corrupt scan state ignored" in p.message for p in listener.problems)
    assert _fingerprints(root, options) == cold


def test_a_scribbled_byte_in_the_kept_text_stops_no_command(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    args = [str(root), "-q", "--cache-dir", str(cache), "-f", "json"]
    assert runner.invoke(app, ["claims", *args]).exit_code == 0
    text = next(iter(cache.glob("state-*/seg-*/text.bin")))
    with text.open("r+b") as handle:  # the same size: only the bytes tell
        handle.write(b"\xff")
    for command in (["claims"], ["scan", "--claims"]):
        result = runner.invoke(app, [*command, *args])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output


def test_settings_change_invalidates(tmp_path: Path) -> None:
    root, cache = _corpus(tmp_path), tmp_path / "cache"
    scan([root], ScanOptions(cache_dir=str(cache)))
    small = ScanOptions(match=replace(MatchOptions(), num_perm=64), cache_dir=str(cache))
    scan([root], small)
    assert len(list(cache.glob("state-*/manifest.json"))) == 2
    assert state_dir(small) != state_dir(ScanOptions(cache_dir=str(cache)))


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
    assert list(cache.glob("state-*/manifest.json"))
    res = runner.invoke(app, ["scan", str(root), "--no-cache", "--cache-dir", str(tmp_path / "none"), "-q"])
    assert res.exit_code == 0
    assert not (tmp_path / "none").exists()


def test_the_state_is_keyed_by_the_reading_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedupe_cli.cache as cache

    options = ScanOptions(cache_dir="c")
    before = state_dir(options)
    monkeypatch.setattr(cache, "_reading_rules", lambda: "other loaders")
    assert state_dir(options) != before  # a loader changed without a new version: its old readings unused
