"""Small numpy helpers the pipeline shares: distinct values by a sort, runs of items made into positions."""

from __future__ import annotations

import numpy as np


def run_positions(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[i]``, ``starts[i] + 1``, ... (``sizes[i]`` of them) of every run, run after run."""
    sizes = np.asarray(sizes, dtype=np.int64)
    offsets = np.cumsum(sizes) - sizes  # each run's first place among all the runs' items
    positions: np.ndarray = np.repeat(np.asarray(starts, dtype=np.int64) - offsets, sizes) + np.arange(
        int(sizes.sum()), dtype=np.int64
    )
    return positions


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted and flat: ``np.unique`` by a sort (numpy 2's hash-table
    ``np.unique`` of integers takes several times as long)."""
    ordered = np.sort(values, axis=None)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    kept: np.ndarray = ordered[keep]
    return kept
