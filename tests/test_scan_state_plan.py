"""The warm scan's plan as columns: which files are taken from the state, the pieces assembled from
it in file order, the problems of files taken unchanged, and the stat of many files on two cores."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli import early, procpool
from dedupe_cli.discover import discover
from dedupe_cli.freshness import assemble, plan_files, runs, stat_files
from dedupe_cli.options import ScanOptions
from dedupe_cli.scan import scan
from dedupe_cli.state import Part, load_state
from dedupe_cli.workers import run_chunks

from .test_scan_state import _BODY, _cold, _corpus, _same


def _options(tmp_path: Path) -> ScanOptions:
    return ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))


def test_warm_equals_cold_after_copies_renames_edits_and_deletes(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    scan([root], options)
    extra = root / "extra"
    shutil.copytree(extra, root / "copy")  # the same texts under new paths: read again
    (extra / "a0.txt").rename(root / "a0-moved.txt")
    (extra / "a1.txt").write_text("Edited story\n\n" + _BODY)
    (extra / "a2.txt").unlink()
    (extra / "bad.json").write_text("{not json")  # a problem, then taken from the state next time
    warm = scan([root], options)
    cold = _cold(root, tmp_path / "c1")
    _same(warm, cold)
    assert warm.problems == cold.problems
    again = scan([root], options)  # every file from the state, the bad one warning as when it was read
    _same(again, cold)
    assert again.problems == cold.problems and any("bad.json" in p.path for p in again.problems)


def test_a_state_of_no_files_then_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "empty").mkdir(parents=True)
    options = _options(tmp_path)
    scan([root / "empty"], options)  # a state that holds no file
    shutil.copytree(_corpus(tmp_path / "c"), root / "full")
    _same(scan([root / "full"], options), _cold(root / "full", tmp_path / "c1"))


def test_the_plan_as_columns_matches_the_plan_as_rows(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    scan([root], options)
    (root / "extra" / "a3.txt").write_text("Rewritten\n\n" + _BODY)
    files = discover([root], options.load).files
    plan, fresh = plan_files(files, load_state(options))
    assert len(plan) == len(files) and [files[i] for i in plan.fresh.tolist()] == fresh
    for n, (part, number, size, mtime) in enumerate(plan):
        assert (part is None) == (plan.segments[n] < 0)
        if part is not None:
            st = os.stat(files[n])
            assert (size, mtime) == (st.st_size, st.st_mtime_ns)
            assert part.infos.columns.paths[number] == plan.paths[n]
    chunks = [Part(c.block, c.signed, c.infos, 8, f"#{k}") for k, c in enumerate(run_chunks(fresh, options))]  # type: ignore[arg-type]
    done = assemble(plan, chunks)
    assert len(done.order.paths) == len(files)
    assert sum(len(infos) for _, _, infos in done.pieces) == len(files)
    shown = [info.path for _, _, infos in done.pieces for info in infos]
    assert shown == list(done.order.paths)
    assert done.order.kept() == set(shown) - {p for p in shown if p.endswith("a3.txt")}
    with pytest.raises(ValueError):
        assemble(plan, [])


def test_runs_take_consecutive_files_of_one_part_at_once(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    scan([root], options)
    stored = load_state(options)
    assert stored is not None
    parts = [stored.parts[name] for name in stored.segments]
    count = len(parts[0].infos)
    numbers = np.array([0, 1, 2, 5, 6, 3], dtype=np.int64)[: min(6, count)]
    pieces, ranges = runs(parts, np.zeros(numbers.size, dtype=np.int64), numbers)
    assert [len(infos) for _, _, infos in pieces] == [3, 2, 1][: len(pieces)]
    taken = [info.path for _, _, infos in pieces for info in infos]
    assert taken == [parts[0].infos.columns.paths[n] for n in numbers.tolist()]
    assert all(hi >= lo for _, lo, hi in ranges)
    assert runs(parts, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) == ([], [])


def test_stat_files_on_two_cores_gives_what_one_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = []
    for n in range(40):
        path = tmp_path / f"f{n}.txt"
        path.write_text("x" * n)
        names.append(str(path))
    names.insert(7, str(tmp_path / "missing.txt"))
    one = stat_files(names)
    monkeypatch.setattr(early, "FORK_FROM", 1)
    monkeypatch.setattr(procpool, "cores", lambda: 2)
    two = early.stat_names(names)
    monkeypatch.setattr(early, "_BATCH", 3)
    three = early.stat_names(names)
    for got in (two, three):
        assert one[0].tolist() == list(got[0]) and one[1].tolist() == list(got[1]) and one[2] == got[2] == [7]
    assert one[0].tolist()[8] == 7 and one[0][7] == 0
