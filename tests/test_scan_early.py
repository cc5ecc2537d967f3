"""Discovery and stats begun early in a child process (dedupe_cli.early): the same files and stats as
when this process finds them, taken only by a discovery of the same paths and options, and never
needed (a failing child, one job, files named alone) for the scan to be right."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli import early, procpool
from dedupe_cli.cli import app
from dedupe_cli.discover import discover
from dedupe_cli.freshness import plan_files, stat_files
from dedupe_cli.options import LoadOptions, ScanOptions
from dedupe_cli.scan import scan
from dedupe_cli.state import load_state

from .test_scan_state import _corpus

OPTS = LoadOptions()

pytestmark = pytest.mark.skipif(not procpool.available(), reason="no fork here")


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(procpool, "cores", lambda: 2)
    monkeypatch.setattr(early, "_core_free", lambda: True)
    yield
    early.discard()


def _cache_with_state(tmp_path: Path) -> str:
    (tmp_path / "cache" / "state-x").mkdir(parents=True)
    return str(tmp_path / "cache")


def test_the_early_discovery_and_stats_are_those_found_here(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # listed, but cannot be stat'ed
    early.start([root, tmp_path / "missing"], OPTS, _cache_with_state(tmp_path), 0)
    found = discover([root, tmp_path / "missing"], OPTS)
    assert found.files.stat_child is not None  # it came from the child
    here = discover([root, tmp_path / "missing"], OPTS)
    assert here.files.stat_child is None
    assert list(found.files) == list(here.files) and found.files.groups == here.files.groups
    assert found.problems == here.problems and found.problems[0].severity.value == "error"
    stats = found.files.early_stats()
    assert stats is not None and found.files.stat_child is None
    sizes, mtimes, failed = stat_files(here.files.system_names())
    assert list(stats[0]) == sizes.tolist() and list(stats[1]) == mtimes.tolist() and stats[2] == failed
    assert failed == [found.files.system_names().index(str(root / "gone.txt"))]


def test_without_a_state_the_discovery_alone_comes_from_the_child(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    early.start([root], OPTS, None, 0)  # no scan state: the child finds the files and stats none
    found = early.take([root], OPTS)
    assert found is not None and found.files.stat_child is None
    here = discover([root], OPTS)
    assert list(found.files) == list(here.files) and found.files.groups == here.files.groups


def test_other_paths_or_options_are_found_here(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    early.start([root], OPTS, None, 0)
    other = discover([root / "extra"], OPTS)
    assert [p.name for p in other.files] == [f"a{n}.txt" for n in range(6)]
    assert discover([root], OPTS).files.stat_child is None  # the begun one was dropped, not kept
    early.start([root], OPTS, _cache_with_state(tmp_path), 0)
    found = discover([root], LoadOptions(exclude=("extra",)))
    assert found.files.stat_child is None and not any(p.parent.name == "extra" for p in found.files)


def test_a_failing_child_means_the_work_is_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _corpus(tmp_path)

    def broken(paths: list[Path], options: LoadOptions) -> Iterator[object]:
        raise OSError("no")

    monkeypatch.setattr(early, "_find", broken)
    early.start([root], OPTS, _cache_with_state(tmp_path), 0)
    found = discover([root], OPTS)
    assert found.files.stat_child is None and len(found.files) == len(list(root.rglob("*.txt")))


def test_no_child_for_one_job_files_alone_or_no_idle_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _corpus(tmp_path)
    early.start([root], OPTS, None, 1)
    assert early._PENDING is None
    early.start([root / "extra" / "a1.txt"], OPTS, None, 0)
    assert early._PENDING is None
    monkeypatch.setattr(early, "_core_free", lambda: False)
    early.start([root], OPTS, None, 0)
    assert early._PENDING is None
    monkeypatch.undo()
    assert isinstance(early._core_free(), bool)


def test_stats_not_wanted_stop_the_child(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    early.start([root], OPTS, _cache_with_state(tmp_path), 0)
    found = discover([root], OPTS)
    child = found.files.stat_child
    assert child is not None
    plan, read = plan_files(found.files, None)  # no state: every file is read, none stat'ed
    assert len(read) == len(plan) == len(found.files) and found.files.stat_child is None and child.fd < 0
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped


def test_a_warm_scan_from_the_command_line_equals_a_cold_one(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    cache = tmp_path / "cache"
    runner = CliRunner()

    def report(*extra: str) -> dict[str, object]:
        out = tmp_path / "r.json"
        result = runner.invoke(app, ["scan", str(root), "-q", "-f", "json", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        doc: dict[str, object] = json.loads(out.read_text())
        doc.pop("tool", None)
        return doc

    report("--cache-dir", str(cache))
    state = load_state(ScanOptions(cache_dir=str(cache)))
    assert state is not None
    time.sleep(0.01)
    (root / "extra" / "a2.txt").write_text("Story two, rewritten\n\nA wholly different paragraph now.\n")
    (root / "extra" / "a4.txt").unlink()
    warm = report("--cache-dir", str(cache))
    assert warm == report("--no-cache")
    assert scan([root], ScanOptions(jobs=1)).paragraph_count == warm["summary"]["paragraphs"]  # type: ignore[index]


def test_a_removed_working_directory_begins_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _corpus(tmp_path)
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    early.start([root], OPTS, None, 0)
    assert early._PENDING is None
    assert len(discover([root], OPTS).files) == len(list(root.rglob("*.txt")))
