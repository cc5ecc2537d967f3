"""The console script's memory settings (dedupe_cli.allocator): freed memory kept by glibc's malloc,
numpy's huge pages off unless the user asks for them."""

from __future__ import annotations

import ctypes
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from dedupe_cli import allocator
from tests.conftest import ROOT, SEED_A

_GLIBC = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"

#: Runs the console script's main on argv, then reports numpy's huge-page setting and the variable.
_PROBE = """
import atexit, json, os, sys
def report():
    import numpy
    core = numpy._core if hasattr(numpy, "_core") else numpy.core  # numpy 2, numpy 1
    json.dump({"hugepage": bool(core.multiarray._get_madvise_hugepage()),
               "variable": os.environ.get("NUMPY_MADVISE_HUGEPAGE")}, open(OUT, "w"))
atexit.register(report)
sys.argv = ["dedupe", *sys.argv[1:]]
from dedupe_cli.cli import main
main()
"""


def _probe(tmp_path: Path, env_extra: dict[str, str], *args: str) -> dict[str, object]:
    out = tmp_path / "probe.json"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NUMPY_MADVISE_HUGEPAGE")}
    env.update(PYTHONPATH=str(ROOT), **env_extra)
    script = _PROBE.replace("OUT", repr(str(out)))
    subprocess.run([sys.executable, "-c", script, *args], check=False, cwd=tmp_path, env=env)
    result: dict[str, object] = json.loads(out.read_text())
    return result


def _scan_args(tmp_path: Path) -> list[str]:
    return ["scan", str(SEED_A), "--no-cache", "-q", "-f", "json", "-o", str(tmp_path / "r.json")]


def test_a_scan_from_the_console_script_asks_numpy_for_no_huge_pages(tmp_path: Path) -> None:
    probed = _probe(tmp_path, {}, *_scan_args(tmp_path))
    assert probed == {"hugepage": False, "variable": "0"}


def test_the_users_numpy_madvise_hugepage_wins(tmp_path: Path) -> None:
    probed = _probe(tmp_path, {"NUMPY_MADVISE_HUGEPAGE": "1"}, *_scan_args(tmp_path))
    assert probed == {"hugepage": True, "variable": "1"}


def test_numpy_already_imported_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy  # noqa: F401  (imported: too late to change)

    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    assert allocator.small_pages_for_numpy() is False
    assert "NUMPY_MADVISE_HUGEPAGE" not in os.environ


@pytest.mark.skipif(not _GLIBC, reason="mallopt is glibc's")
def test_glibc_takes_the_thresholds() -> None:
    # in a child: the test process's own allocator is left alone
    code = "from dedupe_cli.allocator import keep_freed_memory; print(keep_freed_memory())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "True"


@pytest.mark.skipif(not _GLIBC, reason="mallopt is glibc's")
def test_arrays_freed_come_back_from_the_heap() -> None:
    # a round of a scan's kind of work: arrays of 8-16 MB alive together, then freed. With glibc's
    # defaults every round gives them back and faults them in again (~10,000 faults a round here);
    # with the thresholds raised the heap keeps them and the rounds after the first fault nothing
    code = """
import resource, sys
import numpy as np
from dedupe_cli.allocator import keep_freed_memory
if sys.argv[1] == "1":
    keep_freed_memory()
def work():
    a, b, c = np.ones(1 << 20), np.ones(1 << 20), np.ones(1 << 21)
    return float((a + b).sum() + c.sum())
work()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    work()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    env["NUMPY_MADVISE_HUGEPAGE"] = "0"

    def faults(kept: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", code, kept], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        return int(done.stdout)

    kept, default = faults("1"), faults("0")
    assert kept * 10 < default  # here 0 against 204,000 (4 KB pages; with huge pages always on, fewer of each)


class _NoMallopt:
    """A C library without ``mallopt`` (macOS's)."""

    def __init__(self, name: object) -> None:
        self.name = name


def _no_handle(name: object) -> None:
    raise TypeError(name)  # no handle of the process to look symbols up in (Windows)


@pytest.mark.parametrize("cdll", [_NoMallopt, _no_handle])
def test_without_mallopt_nothing_is_done(monkeypatch: pytest.MonkeyPatch, cdll: object) -> None:
    monkeypatch.setattr(ctypes, "CDLL", cdll)
    assert allocator.keep_freed_memory() is False
