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

import contextlib
import json
import mmap
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dedupe_cli.arrays import distinct, run_positions
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.groups import Groups
from dedupe_cli.match import candidates_from_keys, pair_scores, search_threads
from dedupe_cli.options import MatchOptions
from dedupe_cli.sign import shingle_batch

__all__ = [
    "PAIRS_FILE",
    "BandRange",
    "BandRows",
    "Groups",
    "KnownPairs",
    "Matched",
    "UnitTexts",
    "match_from_known",
    "match_from_scratch",
]

_U64 = np.uint64
#: Bits of the bit table that screens each band's values before the exact lookup.
_SCREEN_BITS = 20
#: The file in the scan state that holds the last scan's pairs (format 3: a header line, then the arrays).
PAIRS_FILE = "pairs.bin"
#: The first line of a pairs file; a file of another format is ignored (the next scan searches again).
_PAIRS_MAGIC = b"dedupe-pairs 3\n"
#: Every how many rows a loaded file's row keys are checked against its keys (a damaged file is ignored).
_ROW_CHECK = 61
#: The file an older version kept the pairs in; removed when the pairs are written.
_OLD_PAIRS_FILE = "pairs.npz"


@dataclass(frozen=True)
class KnownPairs:
    """A scan's candidate pairs in key space, to be reused by the next scan.

    Attributes:
        keys: the keys of every eligible unit of that scan, sorted and unique.
        pairs: (m, 2) candidate pairs, as positions in ``keys``.
        scores: per pair, its exact Jaccard, or -1.0 when the pair was screened out
            by size or fell below ``threshold``.
        threshold: the verification threshold the scores were kept for.
        row_keys: per band row (eligible unit) of that scan, in order, its key (empty: not kept).
        row_places: per band row, the position of its key in ``keys``.
    """

    keys: np.ndarray
    pairs: np.ndarray
    scores: np.ndarray
    threshold: float
    row_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, _U64))
    row_places: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def save(self, folder: Path, generation: str) -> None:
        """Write the pairs into the scan state (atomically), tied to the state's ``generation``.

        The arrays are written as they are after a one-line JSON header (no zip archive: its
        checksum and copies cost more than the write).
        """
        wide = self.keys.size >= 1 << 32
        place_type = np.int64 if wide else np.uint32
        pairs = np.ascontiguousarray(self.pairs, dtype=place_type)
        head = {"generation": generation, "threshold": self.threshold, "keys": int(self.keys.size)}
        head |= {"pairs": int(pairs.shape[0]), "rows": int(self.row_keys.size), "wide": wide}
        line = _PAIRS_MAGIC + json.dumps(head).encode() + b"\n"
        line += b" " * (-len(line) % 8)  # the arrays start 8-aligned
        keys, scores = np.ascontiguousarray(self.keys, _U64), np.ascontiguousarray(self.scores, np.float64)
        row_keys = np.ascontiguousarray(self.row_keys, _U64)
        places = np.ascontiguousarray(self.row_places, place_type)
        write_bytes_atomic(folder / PAIRS_FILE, [line, keys.data, pairs.data, scores.data, row_keys.data, places.data])
        with contextlib.suppress(OSError):
            (folder / _OLD_PAIRS_FILE).unlink(missing_ok=True)

    @staticmethod
    def load(folder: Path, generation: str, threshold: float) -> KnownPairs | None:
        """The pairs of the scan that wrote the state's ``generation``; None when absent, stale or damaged."""
        try:
            with open(folder / PAIRS_FILE, "rb") as handle:  # mapped: the row arrays are read once, in place
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            if data[: len(_PAIRS_MAGIC)] != _PAIRS_MAGIC:
                return None
            end = data.find(b"\n", len(_PAIRS_MAGIC))
            head = json.loads(data[len(_PAIRS_MAGIC) : end])
            if head["generation"] != generation or float(head["threshold"]) != threshold:
                return None
            n, m, r = int(head["keys"]), int(head["pairs"]), int(head["rows"])
            start = end + 1 + (-(end + 1) % 8)
            place_type = np.int64 if head["wide"] else np.uint32
            keys = np.frombuffer(data, _U64, n, start)
            start += keys.nbytes
            pairs = np.frombuffer(data, place_type, 2 * m, start).reshape(m, 2)
            start += pairs.nbytes
            scores = np.frombuffer(data, np.float64, m, start)
            start += scores.nbytes
            row_keys = np.frombuffer(data, _U64, r, start)
            start += row_keys.nbytes
            places = np.frombuffer(data, place_type, r, start)
            if start + places.nbytes != len(data):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        known = KnownPairs(keys, pairs.astype(np.int64), scores, threshold, row_keys, places)
        return known if known._consistent() else None

    def _consistent(self) -> bool:
        """Whether the pairs and rows stand for keys held (the row places checked on a sample)."""
        for places in (self.pairs, self.row_places):
            if places.size and not 0 <= int(places.min()) <= int(places.max()) < self.keys.size:
                return False
        sample = self.row_places[::_ROW_CHECK].astype(np.int64)
        return bool((self.keys[sample] == self.row_keys[::_ROW_CHECK]).all())


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
        keys, positions = self.groups.key_positions(self.candidates.ravel())
        rows = self.groups.row_keys, self.groups.row_positions()
        return KnownPairs(keys, positions.reshape(-1, 2), self.scores, threshold, *rows)


#: Texts of global unit numbers.
UnitTexts = Callable[[Sequence[int]], list[str]]


def _verified(candidates: np.ndarray, groups: Groups, texts: UnitTexts, opts: MatchOptions) -> Matched:
    """The candidates (group pairs, sorted) with their Jaccard (-1.0 when below the threshold) and
    the shingle sets of their groups."""
    involved = distinct(candidates)
    batch = shingle_batch(texts(groups.first_units(involved).tolist()), opts.k, opts.shingle)
    found = batch.shingle_sets()
    scores = pair_scores(np.searchsorted(involved, candidates), found, opts.threshold)
    return Matched(groups, candidates, scores, dict(zip(involved.tolist(), found, strict=True)))


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
    return _verified(candidates, groups, texts, opts)


def match_from_known(
    bands: BandRows, groups: Groups, texts: UnitTexts, opts: MatchOptions, known: KnownPairs
) -> Matched:
    """The candidates of ``known`` whose keys are both still present, and the new ones searched."""
    group_of_key, new_groups = groups.known_groups(known.keys, (known.row_keys, known.row_places))
    old = group_of_key[known.pairs] if known.pairs.size else np.empty((0, 2), np.int64)
    still = (old >= 0).all(axis=1)
    old, old_scores = np.sort(old[still], axis=1), known.scores[still]
    found = _pairs_with(bands, groups, new_groups) if new_groups.size else np.empty((0, 2), np.int64)
    matched = _verified(found, groups, texts, opts)
    codes = np.concatenate((_codes(old[:, 0], old[:, 1]), _codes(found[:, 0], found[:, 1])))
    order = np.argsort(codes, kind="stable")  # the old pairs are nearly in order already
    matched.candidates = np.concatenate((old, found))[order]
    matched.scores = np.concatenate((old_scores, matched.scores))[order]
    return matched


def _pairs_with(bands: BandRows, groups: Groups, query: np.ndarray) -> np.ndarray:
    """Group pairs (first < second, sorted, once) sharing a band value with one of the ``query`` groups."""
    values = bands.take(groups.first[query])
    found = [_among(values, query)]
    asked = np.zeros(groups.count, dtype=bool)
    asked[query] = True
    band_list = list(range(bands.width))
    threads = search_threads(int(bands.starts[-1]), bands.width)
    arrays = bands.by_array()  # once for all threads
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = pool.map(
                lambda share: _band_hits(arrays, groups, query, values, asked, share),
                [band_list[t::threads] for t in range(threads)],
            )
            found += [codes for part in parts for codes in part]
    else:
        found += _band_hits(arrays, groups, query, values, asked, band_list)
    codes = distinct(np.concatenate(found))
    return np.stack(((codes >> _U64(32)).astype(np.int64), (codes & _U64(0xFFFFFFFF)).astype(np.int64)), axis=1)


def _among(values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Pairs of ``query`` groups sharing a band value among themselves, as codes (see :func:`_codes`).

    Many near-copies among the new keys share most bands, so that listing each band's
    pairs would list every pair dozens of times: then one table of which rows share
    any band is cheaper.
    """
    rows, width = values.shape
    if rows < 2:
        return np.empty(0, dtype=_U64)
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    new_run = np.ones(values.shape, dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new_run[1:])
    run = np.cumsum(new_run.T).reshape(width, rows).T  # runs numbered across all bands
    label = np.empty_like(run)
    np.put_along_axis(label, order, run, axis=0)
    size = np.bincount(run.ravel())
    listed = int((size * (size - 1) // 2).sum())  # the pairs listed band by band
    if not listed:
        return np.empty(0, dtype=_U64)
    sharing = np.flatnonzero((size[label] > 1).any(axis=1))
    if sharing.size**2 * width > 8 * listed or sharing.size > 4096:
        pairs = candidates_from_keys(values)
        return _codes(query[pairs[:, 0]], query[pairs[:, 1]])
    shared = label[sharing]
    same = np.zeros((sharing.size, sharing.size), dtype=bool)
    for band in range(width):
        same |= shared[:, band, None] == shared[None, :, band]
    i, j = np.nonzero(np.triu(same, 1))
    return _codes(query[sharing[i]], query[sharing[j]])


def _band_hits(
    arrays: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    groups: Groups,
    query: np.ndarray,
    values: np.ndarray,
    asked: np.ndarray,
    band_list: list[int],
) -> list[np.ndarray]:
    """Per band of ``band_list``, the pairs (as codes) of a ``query`` group and a group not asked that
    share its value: every row in use (``arrays``: :meth:`BandRows.by_array`) is screened by its value's
    top bits, the few left are looked up."""
    screen = _Screen()
    found = []
    for band in band_list:
        column = values[:, band]
        order = np.argsort(column, kind="stable")
        sorted_values = column[order]
        screen.set(column)
        for array, firsts, ends, at in arrays:
            col = array[:, band]
            hit = screen.hits(col)
            span = np.searchsorted(firsts, hit, side="right") - 1
            inside = (span >= 0) & (hit < ends[np.maximum(span, 0)])  # rows of files still scanned
            hit, span = hit[inside], span[inside]
            vals = col[hit]
            lo = np.searchsorted(sorted_values, vals, side="left")
            many = np.searchsorted(sorted_values, vals, side="right") - lo
            rows = hit - firsts[span] + at[span]
            other = ~asked[groups.group_of[rows]]  # pairs among the asked groups are found by _among
            rows, lo, many = rows[other], lo[other], many[other]
            if not many.any():
                continue
            rows = np.repeat(rows, many)
            picked = order[run_positions(lo, many)]
            found.append(_codes(groups.group_of[rows], query[picked]))
    return found


class _Screen:
    """Which rows of a band column may hold one of some values: a table of the values' top bits.

    The table and the buffer of a column's top bits are made once and reused for every
    band (a fresh megabyte per band costs page faults).
    """

    def __init__(self) -> None:
        self.shift = _U64(64 - _SCREEN_BITS)
        self.table = np.zeros(1 << _SCREEN_BITS, dtype=bool)
        self.top = np.empty(0, dtype=np.intp)

    def set(self, values: np.ndarray) -> None:
        """Screen for ``values`` from now on."""
        self.table.fill(False)
        self.table[(values >> self.shift).astype(np.intp)] = True

    def hits(self, column: np.ndarray) -> np.ndarray:
        """The rows of ``column`` whose top bits are those of a value screened for."""
        if self.top.size < column.size:
            self.top = np.empty(column.size, dtype=np.intp)
        top = self.top[: column.size]
        np.right_shift(column, self.shift, out=top.view(_U64), casting="unsafe")
        return np.flatnonzero(self.table.take(top))


def _codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs of distinct groups as (low << 32) | high."""
    keep = a != b
    a, b = a[keep], b[keep]
    low, high = np.minimum(a, b).astype(_U64), np.maximum(a, b).astype(_U64)
    codes: np.ndarray = (low << _U64(32)) | high
    return codes
