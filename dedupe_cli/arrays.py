"""Small numpy helpers the pipeline shares: distinct values by a sort, runs of items made into positions,
uniform keys looked up among sorted ones."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def byte_view(data: bytes | np.ndarray) -> memoryview:
    """``data`` (bytes, or an array of uint8) as a flat memoryview of bytes: slicing one copies nothing."""
    return memoryview(data) if isinstance(data, bytes) else np.ascontiguousarray(data).data.cast("B")


def run_positions(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[i]``, ``starts[i] + 1``, ... (``sizes[i]`` of them) of every run, run after run."""
    sizes = np.asarray(sizes, dtype=np.int64)
    offsets = np.cumsum(sizes) - sizes  # each run's first place among all the runs' items
    positions: np.ndarray = np.repeat(np.asarray(starts, dtype=np.int64) - offsets, sizes) + np.arange(
        int(sizes.sum()), dtype=np.int64
    )
    return positions


def equal_runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The runs of equal neighbours in ``values`` (sorted or grouped): each run's start and length."""
    if not values.size:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    starts = np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1)).astype(np.int64)
    return starts, np.diff(np.concatenate((starts, [values.size]))).astype(np.int64)


def weighted_chunks(weights: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges ``[lo, hi)`` of items whose ``weights`` add up to at most about ``budget``
    (one item at least each): how work on many items is cut to bound its temporary arrays."""
    ends = np.cumsum(weights)
    lo = 0
    while lo < weights.size:
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - weights[lo] + budget, side="right")))
        yield lo, hi
        lo = hi


def run_pairs(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions ``(p, q)``, ``p < q``, within each run (``starts``, ``sizes``): run after run,
    each position with those after it."""
    sizes = np.asarray(sizes, dtype=np.int64)
    positions = run_positions(starts, sizes)
    after = np.repeat(np.asarray(starts, dtype=np.int64) + sizes, sizes) - positions - 1
    return np.repeat(positions, after), run_positions(positions + 1, after)


def file_runs(parts: np.ndarray, numbers: np.ndarray) -> list[tuple[int, int, int]]:
    """Runs of consecutive files of one part, for files given by their part and number there, in order:
    each run's part, first file number and length."""
    if not parts.size:
        return []
    breaks = np.flatnonzero((parts[1:] != parts[:-1]) | (numbers[1:] != numbers[:-1] + 1)) + 1
    firsts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((firsts, [parts.size])))
    return list(zip(parts[firsts].tolist(), numbers[firsts].tolist(), lengths.tolist(), strict=True))


def pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs of distinct groups as (low << 32) | high (pairs of a group with itself left out)."""
    keep = a != b
    a, b = a[keep], b[keep]
    low, high = np.minimum(a, b).astype(np.uint64), np.maximum(a, b).astype(np.uint64)
    codes: np.ndarray = (low << np.uint64(32)) | high
    return codes


def pairs_of_codes(codes: np.ndarray) -> np.ndarray:
    """The (n, 2) pairs of :func:`pair_codes`'s codes."""
    low = (codes >> np.uint64(32)).astype(np.int64)
    return np.stack((low, (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)), axis=1)


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


def lookup(sorted_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The position of each of ``values`` in ``sorted_keys`` (sorted, unique, uniform hashes), -1 where absent.

    Keys are uniform, so a table of where each value of the top bits starts puts every
    value within a step or two of its place: a few passes over the values, no sort and
    no binary search of a million random values.
    """
    if sorted_keys.size == 0 or values.size == 0:
        return np.full(values.size, -1, dtype=np.int64)
    if values.size * 64 < sorted_keys.size:  # a few values: searched, no table of the keys
        pos = np.minimum(np.searchsorted(sorted_keys, values), sorted_keys.size - 1)
        found: np.ndarray = np.where(sorted_keys[pos] == values, pos, -1)
        return found
    bits = max(1, min(24, int(sorted_keys.size).bit_length()))
    shift = np.uint64(64 - bits)
    starts = np.zeros((1 << bits) + 1, dtype=np.int64)
    # (the shifted values are below 2**63: their bits are the same as signed positions, no cast)
    np.cumsum(np.bincount((sorted_keys >> shift).view(np.intp), minlength=1 << bits), out=starts[1:])
    pos = starts.take(np.right_shift(values, shift).view(np.intp))  # each value's bucket start
    rows = np.flatnonzero(sorted_keys.take(pos, mode="clip") != values)
    out: np.ndarray = pos  # the bucket start is the place of a value found there (most are)
    pos, want = out[rows], values[rows]
    out[rows] = -1
    last = sorted_keys.size - 1
    while rows.size:  # the value is further on in its bucket (keys in a bucket are sorted), or absent
        more = (sorted_keys.take(pos, mode="clip") < want) & (pos < last)
        rows, pos, want = rows[more], pos[more] + 1, want[more]
        hit = sorted_keys.take(pos) == want
        out[rows[hit]] = pos[hit]
        rows, pos, want = rows[~hit], pos[~hit], want[~hit]
    return out
