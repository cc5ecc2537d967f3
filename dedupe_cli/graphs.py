"""Connected components of a graph given as an array of edges (numpy, no Python loop per node)."""

from __future__ import annotations

import numpy as np


def components(count: int, edges: np.ndarray) -> np.ndarray:
    """Per node of ``count``, the smallest node of its connected component over ``edges`` ((m, 2) pairs)."""
    label = np.arange(count, dtype=np.int64)
    if edges.size == 0:
        return label
    a, b = edges[:, 0], edges[:, 1]
    while True:  # propagate the minimum along edges, then jump pointers, until nothing moves
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new
