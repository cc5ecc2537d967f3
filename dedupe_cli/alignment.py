"""The rows of a re-scan lined up with the last scan's rows by their keys."""

from __future__ import annotations

import numpy as np

#: Rows compared at once when the rows walk on unchanged (grows while they stay unchanged): comparing a
#: few thousand keys costs less than a turn of the loop, so a change is found in one or two turns.
_FIRST_STEP = 4096
#: Widest stretch of rows searched for where both sequences agree again after a change.
_WIDEST = 1 << 16


def aligned(values: np.ndarray, last_keys: np.ndarray, last_places: np.ndarray, out: np.ndarray) -> None:
    """Write into ``out``, per one of ``values``, the place in ``last_places`` of a row of ``last_keys``
    with the same key, -1 where none was found.

    The rows of a re-scan are mostly the last ones in order, with some inserted or left out:
    both are walked in runs of equal keys; after a change, the nearest rows where they agree
    again are searched in widening stretches. Every place taken is of an equal key, so a
    poor alignment (moved files, repeated keys) only leaves more rows to look up.
    """
    rows, last = values.size, last_keys.size
    i = j = 0
    step, changes, most = _FIRST_STEP, 0, max(64, rows >> 8)
    while j < rows and i < last:
        k = min(rows - j, last - i, step)
        same = values[j : j + k] == last_keys[i : i + k]
        bad = int(same.argmin())
        if same[bad]:  # all k agree
            bad, step = k, min(step * 4, _WIDEST)
        out[j : j + bad] = last_places[i : i + bad]
        i, j = i + bad, j + bad
        if bad == k:
            continue
        step, changes = _FIRST_STEP, changes + 1
        skip = _agree_again(values, j, last_keys, i) if changes <= most else None
        if skip is None:  # too many changes, or no agreement near: the rest is looked up
            break
        out[j : j + skip[0]] = -1
        j, i = j + skip[0], i + skip[1]
    out[j:] = -1


def _agree_again(values: np.ndarray, j: int, last_keys: np.ndarray, i: int) -> tuple[int, int] | None:
    """The nearest (b, a) with ``values[j + b] == last_keys[i + a]`` (least b + a), None if none near."""
    width = 16
    while width <= _WIDEST:
        here, there = values[j : j + width], last_keys[i : i + width]
        if width <= 64:
            b, a = np.nonzero(here[:, None] == there[None, :])
        else:
            _, b, a = np.intersect1d(here, there, return_indices=True)
        if b.size:
            best = int(np.argmin(b + a))
            return int(b[best]), int(a[best])
        if j + width >= values.size and i + width >= last_keys.size:
            return None
        width *= 4
    return None
