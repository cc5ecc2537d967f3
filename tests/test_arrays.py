"""The shared numpy helpers, against plain Python."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedupe_cli.arrays import distinct, file_runs, run_positions


@given(st.lists(st.tuples(st.integers(-50, 50), st.integers(0, 6)), max_size=30))
def test_positions_are_each_run_in_turn(runs: list[tuple[int, int]]) -> None:
    starts = np.array([s for s, _ in runs], dtype=np.int64)
    sizes = np.array([n for _, n in runs], dtype=np.int64)
    assert run_positions(starts, sizes).tolist() == [s + k for s, n in runs for k in range(n)]


@given(st.lists(st.integers(0, 2**64 - 1), max_size=40))
def test_distinct_is_the_sorted_set(values: list[int]) -> None:
    assert distinct(np.array(values, dtype=np.uint64)).tolist() == sorted(set(values))


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 5)), max_size=30))
def test_file_runs_are_consecutive_files_of_one_part(files: list[tuple[int, int]]) -> None:
    runs: list[tuple[int, int, int]] = []
    for part, number in files:
        if runs and runs[-1][0] == part and runs[-1][1] + runs[-1][2] == number:
            runs[-1] = (part, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((part, number, 1))
    parts = np.array([p for p, _ in files], dtype=np.int64)
    numbers = np.array([n for _, n in files], dtype=np.int64)
    assert file_runs(parts, numbers) == runs
