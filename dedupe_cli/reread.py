"""Reading again a file the scan state holds: the paragraphs an edit left alone keep their values.

A file whose size or time changed is read and segmented again, but an edit usually touches a few
of its paragraphs. A unit's word count, key and band keys depend on its text alone, so a unit whose
text the file's last reading had takes them from the state, and only the others are signed. The
units before and after the edit are found by comparing lengths, then the bytes of each such run at
once; the units between are looked up by text. Nothing is taken on trust: a unit is reused only
when its bytes equal the earlier unit's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from dedupe_cli.arrays import byte_view, run_positions
from dedupe_cli.articles import Block

#: Per unit, its word count, key, and the band keys of the units with ``min_words`` words.
Values = tuple[np.ndarray, np.ndarray, np.ndarray]


class Signatures(Protocol):
    """The values of some units (a :class:`dedupe_cli.workers.Signed`)."""

    word_counts: np.ndarray
    keys: np.ndarray
    bands: np.ndarray


class Held(Protocol):
    """Files the scan state holds (a :class:`dedupe_cli.state.Part`): their units' texts and values,
    and where each file's units and eligible units start."""

    block: Block
    signed: Signatures
    unit_bounds: np.ndarray
    elig_bounds: np.ndarray


#: Where the scan state holds a file's last reading (its part and its number there), or None.
Before = tuple[Held, int] | None


class ToRead(list[Path]):
    """Files to read, each with where the scan state holds its last reading (see :func:`reuse`)."""

    def __init__(self, files: Iterable[Path], before: Sequence[Before]) -> None:
        """``before``: per file, its last reading, or None."""
        super().__init__(files)
        if len(before) != len(self):
            raise ValueError("one earlier reading (or None) per file")
        self.before = list(before)


def reuse(
    block: Block, units: Sequence[int], before: Sequence[Before], min_words: int, sign: Callable[[list[int]], Values]
) -> Values:
    """The values of the block's units, read from ``units[i]`` units of file ``i``, those of a unit
    that file's last reading ``before[i]`` had taken from there; ``sign`` gives those of the units
    it is given the numbers of (in order)."""
    old = _Earlier(before, min_words)
    source = np.full(int(block.offsets.size - 1), -1, dtype=np.int64)  # per unit, the earlier unit it equals
    data = bytes(block.text) if not isinstance(block.text, bytes) else block.text
    offsets = block.offsets.tolist()
    at = 0
    for count, held in zip(units, before, strict=True):
        if held is not None:
            found = _matches(data, offsets[at : at + count + 1], *old.file(held))
            for first, last, base in found:
                source[at + first : at + last] = np.arange(base, base + last - first)
        at += count
    new = source < 0
    counts, keys, bands = sign(np.flatnonzero(new).tolist())
    kept = source[~new]
    word_counts = np.empty(source.size, dtype=np.int64)
    word_counts[new], word_counts[~new] = counts, old.counts[kept]
    all_keys = np.empty(source.size, dtype=np.uint64)
    all_keys[new], all_keys[~new] = keys, old.keys[kept]
    eligible = np.flatnonzero(word_counts >= min_words)
    out = np.empty((eligible.size, bands.shape[1]), dtype=np.uint64, order="F")
    signed_now = new[eligible]
    out[signed_now] = bands
    out[~signed_now] = old.bands[old.rows[source[eligible[~signed_now]]]]
    return word_counts, all_keys, out


class _Earlier:
    """The units of the earlier readings, one after the other: word counts, keys, the band keys of the
    eligible ones and, per unit, its row there; and where each file's units are."""

    def __init__(self, before: Sequence[Before], min_words: int) -> None:
        by_part: dict[int, tuple[Held, list[int]]] = {}
        for held in before:
            if held is not None:
                by_part.setdefault(id(held[0]), (held[0], []))[1].append(held[1])
        self.places: dict[tuple[int, int], tuple[int, int, int]] = {}  # (part, file): (first unit there, units, base)
        counts, keys, bands, rows = [], [], [], []
        base = elig_base = 0
        for key, (part, numbers) in by_part.items():
            at = np.array(numbers, dtype=np.int64)
            first, sizes = part.unit_bounds[at], part.unit_bounds[at + 1] - part.unit_bounds[at]
            starts = np.zeros(at.size + 1, dtype=np.int64)
            np.cumsum(sizes, out=starts[1:])
            for n, u, size, start in zip(numbers, first.tolist(), sizes.tolist(), starts.tolist(), strict=False):
                self.places[key, n] = (u, size, base + start)
            units = run_positions(first, sizes)
            counts.append(part.signed.word_counts[units])
            keys.append(part.signed.keys[units])
            eligible = counts[-1] >= min_words
            ranks = np.zeros(units.size + 1, dtype=np.int64)
            np.cumsum(eligible, out=ranks[1:])
            # a unit's row in the part's bands: its file's first row, plus the eligible units before it there
            row = np.repeat(part.elig_bounds[at] - ranks[starts[:-1]], sizes) + ranks[:-1]
            bands.append(part.signed.bands[row[eligible]])
            rows.append(np.where(eligible, ranks[:-1] + elig_base, -1))
            base += units.size
            elig_base += int(ranks[-1])
        self.counts, self.keys = np.concatenate(counts), np.concatenate(keys)
        self.bands, self.rows = np.concatenate(bands), np.concatenate(rows)

    def file(self, held: tuple[Held, int]) -> tuple[memoryview, list[int], int]:
        """A file's earlier reading: its part's text, its units' offsets there, and its first unit's number here."""
        part, number = held
        first, size, base = self.places[id(part), number]
        return byte_view(part.block.text), part.block.offsets[first : first + size + 1].tolist(), base


def _matches(new: bytes, at: list[int], old: memoryview, was: list[int], base: int) -> list[tuple[int, int, int]]:
    """Runs of a file's units equal to units of its earlier reading, as (first, last, earlier number).

    ``new`` and ``at``: the text now and where its units start (and the end); ``old`` and ``was``
    the same of the earlier reading, whose first unit has number ``base``.
    """
    n, m = len(at) - 1, len(was) - 1
    head = _run(new, at, old, was, zip(range(n), range(m), strict=False))
    tail = _run(new, at, old, was, zip(range(n - 1, head - 1, -1), range(m - 1, head - 1, -1), strict=False))
    runs = [(0, head, base), (n - tail, n, base + m - tail)]
    if head + tail < n and head + tail < m:  # units between: looked up by text
        earlier = {bytes(old[was[j] : was[j + 1]]): j for j in range(head, m - tail)}
        for i in range(head, n - tail):
            j = earlier.get(new[at[i] : at[i + 1]], -1)
            if j >= 0:
                runs.append((i, i + 1, base + j))
    return runs


def _run(new: bytes, at: list[int], old: memoryview, was: list[int], pairs: Iterable[tuple[int, int]]) -> int:
    """How many of the consecutive ``pairs`` of units (now, earlier), in order, are equal."""
    equal: list[tuple[int, int]] = []
    for i, j in pairs:
        if at[i + 1] - at[i] != was[j + 1] - was[j]:
            break
        equal.append((i, j))
    if not equal:
        return 0
    (i0, j0), (i1, j1) = equal[0], equal[-1]
    if new[at[min(i0, i1)] : at[max(i0, i1) + 1]] == bytes(old[was[min(j0, j1)] : was[max(j0, j1) + 1]]):
        return len(equal)  # usually: one comparison for the whole run
    for k, (i, j) in enumerate(equal):
        if new[at[i] : at[i + 1]] != bytes(old[was[j] : was[j + 1]]):
            return k
    return len(equal)  # pragma: no cover - the run differed as a whole, so one unit does
