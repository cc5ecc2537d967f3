"""The forked worker pool of the scan: order, large results, failures and clean-up."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli import procpool

pytestmark = pytest.mark.skipif(not procpool.available(), reason="needs fork")


def _result(n: int) -> tuple[int, np.ndarray, np.ndarray, bytes]:
    rng = np.random.default_rng(n)
    wide = np.asfortranarray(rng.integers(0, 2**63, size=(n * 50, 7), dtype=np.uint64))
    return n, rng.integers(0, 9, size=n, dtype=np.int8), wide, bytes([n % 256]) * (n * 1000)


def test_results_come_in_task_order_with_arrays_intact() -> None:
    tasks = [5, 0, 3000, 1, 17, 60, 2, 2500, 9, 4]  # 2500 and 3000 give results larger than a pipe
    got = list(procpool.imap(_result, tasks, 3))
    assert [g[0] for g in got] == tasks
    for task, (n, small, wide, raw) in zip(tasks, got, strict=True):
        expected = _result(task)
        assert n == task and raw == expected[3]
        assert np.array_equal(small, expected[1]) and small.dtype == np.int8
        assert np.array_equal(wide, expected[2]) and wide.flags.f_contiguous


class Odd(Exception):
    """An exception that cannot be pickled."""

    def __init__(self, a: int, b: int) -> None:
        super().__init__(a)
        self.lock = lambda: None


def _fails(n: int) -> int:
    if n == 3:
        raise ValueError("task three")
    if n == 4:
        raise Odd(1, 2)
    if n == 5:
        os._exit(7)
    return n


def test_a_failing_task_raises_in_the_parent() -> None:
    with pytest.raises(ValueError, match="task three"):
        list(procpool.imap(_fails, [0, 1, 2, 3, 6, 7], 2))
    with pytest.raises(RuntimeError, match="Odd"):
        list(procpool.imap(_fails, [0, 4], 2))


def test_a_dead_worker_is_reported_not_waited_for() -> None:
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        list(procpool.imap(_fails, [0, 1, 5, 2, 6], 2))


def _children() -> set[str]:
    tasks = Path("/proc/self/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


@pytest.mark.skipif(not Path(f"/proc/self/task/{os.getpid()}/children").exists(), reason="needs /proc children")
def test_stopping_early_leaves_no_worker_behind() -> None:
    before = _children()
    results = procpool.imap(_result, list(range(40)), 2)
    assert next(results)[0] == 0
    assert len(_children() - before) == 2
    results.close()
    assert _children() <= before  # every worker was stopped and reaped
