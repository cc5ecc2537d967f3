"""The candidate pairs and verified edges of a scan: from scratch, or from the last scan's.

Paragraphs with equal normalised-text keys form one group; groups sharing an LSH band
bucket are candidate pairs, verified by exact Jaccard. Every value here depends on the
keys and texts alone, so a warm re-scan need not search the whole corpus again: the
last scan's candidate pairs (kept in key space, with their Jaccard) still hold for the
keys that are still there, and only pairs with a key the last scan did not have are
searched, by looking those keys' band values up in every band. ``tests/test_edges.py``
proves that both ways give the same candidates and edges.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.match import candidates_from_keys, verify
from dedupe_cli.options import MatchOptions
from dedupe_cli.sign import shingle_batch

_U64 = np.uint64
#: Bits of the bit table that screens each band's values before the exact lookup.
_SCREEN_BITS = 20
#: The file in the scan state that holds the last scan's pairs.
PAIRS_FILE = "pairs.npz"


class Groups:
    """Groups of eligible units with equal keys, numbered by first appearance.

    Args:
        keys: per unit, its normalised-text key.
        eligible: per unit, whether it is long enough to be matched (band rows are the
            eligible units, in order).
    """

    def __init__(self, keys: np.ndarray, eligible: np.ndarray) -> None:
        rows = np.flatnonzero(eligible)
        values = keys[rows]
        perm = np.argsort(values, kind="stable")  # the one sort: equal keys together, in row order
        ordered = values[perm]
        new_key = np.ones(rows.size, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=new_key[1:])
        starts = np.flatnonzero(new_key)
        key_of = np.cumsum(new_key) - 1  # per sorted position, its key's number in key order
        first_row = perm[starts]
        # groups are numbered by first appearance: count the first occurrences in row order
        is_first = np.zeros(rows.size, dtype=bool)
        is_first[first_row] = True
        rank = (np.cumsum(is_first) - 1)[first_row]
        sizes_by_key = np.diff(np.append(starts, rows.size))
        self.sizes = np.empty(starts.size, dtype=np.int64)
        self.sizes[rank] = sizes_by_key
        self.ends = np.cumsum(self.sizes)
        #: each group's first band row
        self.first = np.empty(starts.size, dtype=np.int64)
        self.first[rank] = first_row
        #: the keys present, sorted, and the group of each
        self.sorted_keys = ordered[starts]
        self.group_at = rank
        #: per band row (eligible unit), its group
        self.group_of = np.empty(rows.size, dtype=np.int64)
        self.group_of[perm] = rank[key_of]
        place = (self.ends - self.sizes)[rank[key_of]] + np.arange(rows.size) - starts[key_of]
        self.members = np.empty(rows.size, dtype=np.int64)
        self.members[place] = rows[perm]

    @property
    def count(self) -> int:
        """How many groups there are."""
        return int(self.first.size)

    def units(self, group: int) -> tuple[int, ...]:
        """The units of one group, in order."""
        end = int(self.ends[group])
        return tuple(self.members[end - int(self.sizes[group]) : end].tolist())

    def first_units(self, groups: np.ndarray) -> np.ndarray:
        """The first unit of each of ``groups``."""
        first: np.ndarray = self.members[self.ends[groups] - self.sizes[groups]]
        return first

    def keys_of(self, groups: np.ndarray) -> np.ndarray:
        """The key of each of ``groups``."""
        lookup = np.empty(self.count, dtype=_U64)
        lookup[self.group_at] = self.sorted_keys
        keys: np.ndarray = lookup[groups]
        return keys

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The group of each key, -1 where the key is not present."""
        if self.sorted_keys.size == 0:
            return np.full(keys.shape, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.sorted_keys, keys), self.sorted_keys.size - 1)
        return np.where(self.sorted_keys[pos] == keys, self.group_at[pos], -1)


@dataclass(frozen=True)
class KnownPairs:
    """A scan's candidate pairs in key space, to be reused by the next scan.

    Attributes:
        keys: the keys of every eligible unit of that scan, sorted and unique.
        pairs: (m, 2) candidate pairs of keys.
        scores: per pair, its exact Jaccard, or -1.0 when the pair was screened out
            by size or fell below ``threshold``.
        threshold: the verification threshold the scores were kept for.
    """

    keys: np.ndarray
    pairs: np.ndarray
    scores: np.ndarray
    threshold: float

    def save(self, folder: Path, generation: str) -> None:
        """Write the pairs into the scan state (atomically), tied to the state's ``generation``."""
        buffer = io.BytesIO()
        np.savez(
            buffer,
            keys=self.keys,
            pairs=self.pairs,
            scores=self.scores,
            threshold=np.array(self.threshold),
            generation=np.array(generation),
        )
        write_bytes_atomic(folder / PAIRS_FILE, buffer.getbuffer())

    @staticmethod
    def load(folder: Path, generation: str, threshold: float) -> KnownPairs | None:
        """The pairs of the scan that wrote the state's ``generation``; None when absent, stale or damaged."""
        try:
            with np.load(folder / PAIRS_FILE, allow_pickle=False) as data:
                if str(data["generation"]) != generation or float(data["threshold"]) != threshold:
                    return None
                known = KnownPairs(data["keys"], data["pairs"], data["scores"], threshold)
        except (OSError, ValueError, KeyError, EOFError):
            return None
        if known.pairs.ndim != 2 or known.pairs.shape[1:] != (2,) or known.scores.shape != known.pairs.shape[:1]:
            return None
        return known


@dataclass
class Matched:
    """The candidate pairs of a scan's groups and their exact Jaccard.

    Attributes:
        groups: the groups.
        candidates: (m, 2) group pairs, first < second, sorted.
        scores: per candidate, its Jaccard (-1.0: screened out or below the threshold).
        sets: the shingle sets computed on the way, by group.
    """

    groups: Groups
    candidates: np.ndarray
    scores: np.ndarray
    sets: dict[int, np.ndarray]

    def edges(self) -> list[tuple[int, int, float]]:
        """The verified pairs, (group, group, Jaccard), in candidate order."""
        kept = np.flatnonzero(self.scores >= 0)
        pairs = self.candidates[kept].tolist()
        return [(g, h, s) for (g, h), s in zip(pairs, self.scores[kept].tolist(), strict=True)]

    def known(self, threshold: float) -> KnownPairs:
        """These pairs in key space, for the next scan."""
        keys = self.groups.keys_of(self.candidates.ravel()).reshape(-1, 2)
        return KnownPairs(self.groups.sorted_keys, keys, self.scores, threshold)


#: Texts of global unit numbers.
UnitTexts = Callable[[Sequence[int]], list[str]]


def _verified(
    candidates: np.ndarray, groups: Groups, texts: UnitTexts, opts: MatchOptions, involved: np.ndarray | None = None
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """The Jaccard of each candidate (-1.0 when below the threshold) and the shingle sets of ``involved``
    (default: the candidates' groups, which it must include)."""
    involved = np.unique(candidates) if involved is None else involved
    batch = shingle_batch(texts(groups.first_units(involved).tolist()), opts.k, opts.shingle)
    sets = dict(zip(involved.tolist(), batch.shingle_sets(), strict=True))
    scores = np.full(len(candidates), -1.0)
    if len(candidates):
        codes = (candidates[:, 0] << 32) | candidates[:, 1]
        for g, h, score in verify(candidates, sets, opts.threshold):
            scores[np.searchsorted(codes, (g << 32) | h)] = score
    return scores, sets


#: Band rows: an array of band keys and the first and end row in use.
BandRange = tuple[np.ndarray, int, int]


class BandRows:
    """The LSH band keys of the eligible units, in order, as row ranges of a few arrays.

    A warm scan's units come from stored segments with the rows of changed files left
    out, so the rows in use are many ranges of the same few arrays; a search reads each
    array's band column once rather than once per range.

    Args:
        ranges: (array, first row, end row) in unit order.
    """

    def __init__(self, ranges: Sequence[BandRange]) -> None:
        self.ranges = [(a, s, e) for a, s, e in ranges if e > s] or [(ranges[0][0], 0, 0)]
        sizes = [e - s for _, s, e in self.ranges]
        #: each range's first row in unit order
        self.starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        self.width = int(self.ranges[0][0].shape[1])

    def concatenated(self) -> np.ndarray:
        """All rows in one array, a band's keys contiguous."""
        if len(self.ranges) == 1:
            array, first, end = self.ranges[0]
            return array[first:end]
        out = np.empty((int(self.starts[-1]), self.width), dtype=_U64, order="F")
        np.concatenate([a[s:e] for a, s, e in self.ranges], out=out)
        return out

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The band keys of ``rows`` (unit order), shape (len(rows), width)."""
        where = np.searchsorted(self.starts, rows, side="right") - 1
        values = np.empty((rows.size, self.width), dtype=_U64)
        for n in np.unique(where).tolist():
            sel = where == n
            array, first, _ = self.ranges[n]
            values[sel] = array[rows[sel] - self.starts[n] + first]
        return values

    def by_array(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Per distinct array: its ranges' first rows (sorted), end rows, and first rows in unit order."""
        grouped: dict[int, tuple[np.ndarray, list[tuple[int, int, int]]]] = {}
        for n, (array, first, end) in enumerate(self.ranges):
            grouped.setdefault(id(array), (array, []))[1].append((first, end, int(self.starts[n])))
        out = []
        for array, spans in grouped.values():
            spans.sort()
            firsts, ends, at = (np.array(col, dtype=np.int64) for col in zip(*spans, strict=True))
            out.append((array, firsts, ends, at))
        return out


def match_from_scratch(bands: BandRows, groups: Groups, texts: UnitTexts, opts: MatchOptions) -> Matched:
    """Search and verify the candidate pairs of all groups."""
    many = groups.count > 1
    candidates = candidates_from_keys(bands.concatenated(), groups.first) if many else np.empty((0, 2), np.int64)
    scores, sets = _verified(candidates, groups, texts, opts)
    return Matched(groups, candidates, scores, sets)


def match_from_known(
    bands: BandRows, groups: Groups, texts: UnitTexts, opts: MatchOptions, known: KnownPairs
) -> Matched:
    """The candidates of ``known`` whose keys are both still present, and the new ones searched."""
    old = groups.find(known.pairs.reshape(-1)).reshape(-1, 2) if known.pairs.size else np.empty((0, 2), np.int64)
    still = (old >= 0).all(axis=1)
    old, old_scores = np.sort(old[still], axis=1), known.scores[still]
    new_groups = groups.group_at[~_present(groups.sorted_keys, known.keys)]
    found = _pairs_with(bands, groups, new_groups) if new_groups.size else np.empty((0, 2), np.int64)
    candidates = np.concatenate((old, found)).astype(np.int64)
    scores, sets = _verified(found, groups, texts, opts)
    all_scores = np.concatenate((old_scores, scores))
    order = np.lexsort((candidates[:, 1], candidates[:, 0]))
    return Matched(groups, candidates[order], all_scores[order], sets)


def _present(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Whether each of ``keys`` is among ``sorted_keys`` (sorted, unique)."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    found: np.ndarray = sorted_keys[np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)] == keys
    return found


def _pairs_with(bands: BandRows, groups: Groups, query: np.ndarray) -> np.ndarray:
    """Group pairs (first < second, sorted, once) sharing a band value with one of the ``query`` groups."""
    values = bands.take(groups.first[query])
    arrays = bands.by_array()
    mask = np.uint32((1 << _SCREEN_BITS) - 1)
    found = []
    for band in range(bands.width):
        column = values[:, band]
        order = np.argsort(column, kind="stable")
        sorted_values = column[order]
        screen = np.zeros(1 << _SCREEN_BITS, dtype=bool)
        screen[_low(column) & mask] = True
        for array, firsts, ends, at in arrays:
            col = array[:, band]
            hit = np.flatnonzero(screen[_low(col) & mask])
            span = np.searchsorted(firsts, hit, side="right") - 1
            inside = (span >= 0) & (hit < ends[np.maximum(span, 0)])  # rows of files still scanned
            hit, span = hit[inside], span[inside]
            vals = col[hit]
            lo = np.searchsorted(sorted_values, vals, side="left")
            many = np.searchsorted(sorted_values, vals, side="right") - lo
            if not many.any():
                continue
            rows = np.repeat(hit - firsts[span] + at[span], many)
            step = np.arange(rows.size) - np.repeat(np.cumsum(many) - many, many)
            picked = order[np.repeat(lo, many) + step]
            found.append(_codes(groups.group_of[rows], query[picked]))
    if not found:
        return np.empty((0, 2), np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack(((codes >> _U64(32)).astype(np.int64), (codes & _U64(0xFFFFFFFF)).astype(np.int64)), axis=1)


def _low(values: np.ndarray) -> np.ndarray:
    """The low 32 bits of 64-bit values, without a copy where the values are contiguous."""
    if values.flags.c_contiguous and values.dtype == _U64 and values.dtype.byteorder in "=<" and _LITTLE:
        low: np.ndarray = values.view(np.uint32)[::2]
        return low
    return (values & _U64(0xFFFFFFFF)).astype(np.uint32)


_LITTLE = np.little_endian


def _codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs of distinct groups as (low << 32) | high."""
    keep = a != b
    a, b = a[keep], b[keep]
    low, high = np.minimum(a, b).astype(_U64), np.maximum(a, b).astype(_U64)
    codes: np.ndarray = (low << _U64(32)) | high
    return codes
