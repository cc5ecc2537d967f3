"""A file read again takes the values of its unchanged paragraphs from its last reading: the result
equals signing every paragraph afresh, whatever the edit (appended, prepended, edited, removed,
moved, repeated paragraphs, same-length rewrites, non-ASCII text, short units becoming long)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli import workers
from dedupe_cli.discover import discover
from dedupe_cli.freshness import plan_files
from dedupe_cli.options import ScanOptions
from dedupe_cli.reread import ToRead, _matches
from dedupe_cli.scan import scan
from dedupe_cli.state import load_state
from dedupe_cli.workers import process_chunk, run_chunks

from .test_scan_state import _cold, _same

_PARAS = [
    "The council approved the new budget on Tuesday after a long debate about road repairs.",
    "Short heading",
    "Residents said the plan would raise local taxes by three percent over the next two years.",
    "Café owners in Zürich welcomed the decision, saying it would bring more visitors to the old town.",
    "The mayor promised to publish the full figures before the end of the month for everyone to read.",
    "Opponents argued that the schools should have come first and vowed to challenge the vote.",
]

_EDITS: dict[str, Callable[[list[str]], list[str]]] = {
    "append.txt": lambda p: [*p, "Update: this article was changed to add a correction of its figures today."],
    "prepend.txt": lambda p: ["Editor's note: an earlier version of this story misstated the vote count.", *p],
    "middle.txt": lambda p: [*p[:2], "A wholly new paragraph replaces the old third one in this edited story.", *p[3:]],
    "removed.txt": lambda p: p[:2] + p[3:],
    "moved.txt": lambda p: [p[4], *p[:4], p[5]],
    "repeated.txt": lambda p: [*p, p[0], p[0]],
    "same-length.txt": lambda p: [p[0].replace("Tuesday", "Thursd"), *p[1:]],
    "grown.txt": lambda p: [p[0], p[1] + " now has far more than eight words in it", *p[2:]],
    "emptied.txt": lambda p: [],
    "two-edits.txt": lambda p: [p[0], "First new paragraph, written anew.", *p[2:4], "Second new one here.", p[5]],
}


def _write(path: Path, paras: list[str]) -> None:
    path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def _corpus(root: Path) -> Path:
    for n, name in enumerate([*_EDITS, "kept.txt"]):
        folder = root / f"f{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / name, [f"{p} ({name})" if i == 5 else p for i, p in enumerate(_PARAS)])
    return root


def _edit(root: Path) -> None:
    for path in root.rglob("*.txt"):
        edit = _EDITS.get(path.name)
        if edit is not None:
            paras = path.read_text(encoding="utf-8").strip().split("\n\n")
            _write(path, edit(paras))


@pytest.mark.parametrize("jobs", [1, 2])
def test_reread_equals_signing_afresh(tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "LOCAL_FILES", 0 if jobs > 1 else workers.LOCAL_FILES)  # jobs 2: in workers
    monkeypatch.setattr(workers, "CHUNK_FILES", 3)
    root = _corpus(tmp_path / "corpus")
    options = ScanOptions(jobs=jobs, cache_dir=str(tmp_path / "cache"))
    scan([root], options)
    _edit(root)
    _, fresh = plan_files(discover([root], options.load).files, load_state(options))
    assert isinstance(fresh, ToRead) and len(fresh) == len(_EDITS)
    assert all(b is not None for b in fresh.before)
    reused = process_chunk(fresh, options, fresh.before)
    afresh = process_chunk(list(fresh), options)
    assert reused.signed is not None and afresh.signed is not None
    for name in ("word_counts", "keys", "bands"):
        got, want = getattr(reused.signed, name), getattr(afresh.signed, name)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    assert reused.block is not None and afresh.block is not None
    assert bytes(reused.block.text) == bytes(afresh.block.text)
    pooled = list(run_chunks(fresh, options))
    np.testing.assert_array_equal(np.concatenate([c.signed.bands for c in pooled if c.signed]), afresh.signed.bands)


def test_warm_scan_after_edits_equals_cold(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([root], options)
    _edit(root)
    _same(scan([root], options), _cold(root, tmp_path / "cold"))


def test_new_files_have_no_earlier_reading(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([root], options)
    _write(root / "f0" / "new.txt", _PARAS)
    _, fresh = plan_files(discover([root], options.load).files, load_state(options))
    assert isinstance(fresh, ToRead) and [p.name for p in fresh] == ["new.txt"] and fresh.before == [None]
    with pytest.raises(ValueError):
        ToRead(fresh, [])


def _units(texts: list[bytes]) -> tuple[bytes, list[int]]:
    at = [0]
    for t in texts:
        at.append(at[-1] + len(t))
    return b"".join(texts), at


@pytest.mark.parametrize(
    ("now", "then", "want"),
    [
        ([b"aa", b"bb", b"cc"], [b"aa", b"bb"], [(0, 2, 10), (3, 3, 12)]),
        ([b"aa", b"xx", b"cc"], [b"aa", b"bb", b"cc"], [(0, 1, 10), (2, 3, 12)]),  # same length, other bytes
        ([b"ab", b"cd"], [b"ab", b"ce"], [(0, 1, 10), (2, 2, 12)]),
        ([b"xy", b"cd"], [b"ab", b"cd"], [(0, 0, 10), (1, 2, 11)]),
        ([b"c", b"a", b"b"], [b"a", b"b", b"c"], [(0, 0, 10), (3, 3, 13), (0, 1, 12), (1, 2, 10), (2, 3, 11)]),
        ([], [b"a"], [(0, 0, 10), (0, 0, 11)]),
        ([b"a"], [], [(0, 0, 10), (1, 1, 10)]),
    ],
)
def test_matching_runs(now: list[bytes], then: list[bytes], want: list[tuple[int, int, int]]) -> None:
    new, at = _units(now)
    old, was = _units(then)
    assert _matches(new, at, memoryview(old), was, 10) == want
