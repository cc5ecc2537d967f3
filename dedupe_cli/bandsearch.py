"""The band search of a warm re-scan: which groups share an LSH band value with a new key's group.

Every row in use is read, band by band, and screened by its value's top bits against
the new keys' values; the few rows left are looked up exactly. The search needs only
which rows have new keys, not the groups, so it runs on threads while the groups are laid
out (:class:`NewKeySearch`), and its rows become groups once they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

import numpy as np

from dedupe_cli.arrays import distinct, pair_codes, run_positions
from dedupe_cli.match import CROWD, search_threads, uncrowded_candidates

__all__ = ["BandRange", "BandRows", "Crowd", "NewKeySearch"]

_U64 = np.uint64
#: Bits of the bit table that screens each band's values before the exact lookup.
_SCREEN_BITS = 18
#: Rows of a band column screened at once (their top bits, 2 MB, stay in the cache).
_SCREEN_SLICE = 1 << 18
#: Per band: the rows sharing a value with a new key's row, and which of those rows (its place in the query).
_Hits = list[tuple[np.ndarray, np.ndarray]]
#: Per distinct array of the band rows: its ranges' first rows (sorted), end rows, first rows in unit order.
_Spans = list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


class _Found(NamedTuple):
    """What the band search found: the pairs listed (:data:`_Hits`), and the rows of the values too
    crowded to list, not new (band rows) and new (places in the query)."""

    hits: _Hits
    old_rows: list[np.ndarray]
    new_rows: list[np.ndarray]


class Crowd(NamedTuple):
    """The groups of the band values too crowded to list pair by pair, for prefix filtering.

    Attributes:
        groups: the groups, sorted, once.
        new: per group, whether its key is new.
    """

    groups: np.ndarray
    new: np.ndarray

    @staticmethod
    def none() -> Crowd:
        """No crowd."""
        empty = np.empty(0, dtype=np.int64)
        return Crowd(empty, np.empty(0, dtype=bool))

    @staticmethod
    def of(group_of: np.ndarray, old_rows: np.ndarray | None, query: np.ndarray, new_places: np.ndarray) -> Crowd:
        """The crowd of band rows ``old_rows`` and query places ``new_places`` (``query``: their groups)."""
        new_groups = query[new_places]
        old_groups = group_of[old_rows] if old_rows is not None else np.empty(0, dtype=np.int64)
        groups = distinct(np.concatenate((old_groups, new_groups)).astype(np.int64))
        new = np.zeros(groups.size, dtype=bool)
        new[np.searchsorted(groups, new_groups)] = True
        return Crowd(groups, new)


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

    def column(self, band: int) -> np.ndarray:
        """One band's keys of every row in use, in order.

        A band at a time: all rows in one (rows, bands) array would be a copy of every key
        (296 MB at a million rows, 1.2 s to lay out from a cold scan's 735 chunks).
        """
        if len(self.ranges) == 1:
            array, first, end = self.ranges[0]
            return array[first:end, band]
        return np.concatenate([a[s:e, band] for a, s, e in self.ranges])

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The band keys of ``rows`` (unit order), shape (len(rows), width)."""
        where = np.searchsorted(self.starts, rows, side="right") - 1
        values = np.empty((rows.size, self.width), dtype=_U64)
        for n in distinct(where).tolist():
            sel = where == n
            array, first, _ = self.ranges[n]
            values[sel] = array[rows[sel] - self.starts[n] + first]
        return values

    def by_array(self) -> _Spans:
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


class NewKeySearch:
    """The rows sharing a band value with a new key's row, searched (on threads when the rows are many)
    from the moment this is made; :meth:`pairs` waits for it and makes the pairs of groups.

    Args:
        bands: the band rows.
        query_rows: the first row of each new key, in row order.
        new_row: per band row, whether its key is new (pairs among new keys are found apart).
    """

    def __init__(self, bands: BandRows, query_rows: np.ndarray, new_row: np.ndarray, crowd: int = CROWD) -> None:
        self.values = bands.take(query_rows)
        self._query_rows = query_rows
        self._crowd = crowd
        self._found = _Found([], [], [])
        self._parts: list[Future[_Found]] = []
        if not query_rows.size:
            return
        spans, band_list = bands.by_array(), list(range(bands.width))
        threads = search_threads(int(bands.starts[-1]), bands.width)
        if threads == 1:
            self._found = _band_hits(spans, self.values, new_row, band_list, crowd)
            return
        pool = ThreadPoolExecutor(threads, thread_name_prefix="dedupe-band-search")
        for t in range(threads):
            self._parts.append(pool.submit(_band_hits, spans, self.values, new_row, band_list[t::threads], crowd))
        pool.shutdown(wait=False)  # its threads end with their share

    def codes(self, group_of: np.ndarray) -> tuple[np.ndarray, Crowd]:
        """The pairs of groups (as :func:`~dedupe_cli.arrays.pair_codes`, sorted, once) sharing a band value
        with a new key's group, ``group_of`` giving each row's group, except those of buckets of more
        than ``crowd`` rows; and those buckets' groups and rows (see :class:`Crowd`)."""
        if not self._query_rows.size:
            return np.empty(0, _U64), Crowd.none()
        query = group_of[self._query_rows]
        parts = [self._found, *(part.result() for part in self._parts)]
        among, crowded_new = _among(self.values, query, self._crowd)
        found = [among] + [pair_codes(group_of[rows], query[picked]) for part in parts for rows, picked in part.hits]
        old_rows = [rows for part in parts for rows in part.old_rows]
        new_rows = [crowded_new] + [picked for part in parts for picked in part.new_rows]
        crowd = Crowd.of(group_of, np.concatenate(old_rows) if old_rows else None, query, np.concatenate(new_rows))
        return distinct(np.concatenate(found)), crowd


def _among(values: np.ndarray, query: np.ndarray, crowd: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of ``query`` groups sharing a band value among themselves, as codes (see :func:`pair_codes`),
    except those of a band value more than ``crowd`` of them share (0: none is too many); and
    the rows of ``values`` with such a value (sorted, once).

    Many near-copies among the new keys share most bands, so that listing each band's
    pairs would list every pair dozens of times: then one table of which rows share
    any band is cheaper.
    """
    rows, width = values.shape
    none = np.empty(0, dtype=np.int64)
    if rows < 2:
        return np.empty(0, dtype=_U64), none
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
        return np.empty(0, dtype=_U64), none
    sharing = np.flatnonzero((size[label] > 1).any(axis=1))
    if sharing.size**2 * width > 8 * listed or sharing.size > 4096:  # crowded values left out only here
        pairs, crowded = uncrowded_candidates(values, None, crowd)
        return pair_codes(query[pairs[:, 0]], query[pairs[:, 1]]), crowded
    # a band's labels contiguous and narrow (the runs are numbered from 0), one buffer for every band
    shared = np.ascontiguousarray(label[sharing].T, dtype=np.int32 if size.size < 2**31 else np.int64)
    same = np.zeros((sharing.size, sharing.size), dtype=bool)
    equal = np.empty_like(same)
    for band in shared:
        np.equal(band[:, None], band[None, :], out=equal)
        same |= equal
    i, j = np.nonzero(np.triu(same, 1))
    return pair_codes(query[sharing[i]], query[sharing[j]]), none


def _band_hits(
    spans: _Spans, values: np.ndarray, new_row: np.ndarray, band_list: Sequence[int], crowd: int = 0
) -> _Found:
    """Per band of ``band_list``, the rows of a key not new sharing a value with a row of ``values``, and
    which row of ``values`` each time: every row in use (``spans``: :meth:`BandRows.by_array`) is screened
    by its value's top bits, the few left are looked up. A value more than ``crowd`` rows share
    (0: none is too many) is not listed: its rows and rows of ``values`` are returned apart."""
    screen = _Screen()
    found = _Found([], [], [])
    for band in band_list:
        column = values[:, band]
        order = np.argsort(column, kind="stable")
        sorted_values = column[order]
        screen.set(column)
        band_rows, band_lo, band_many = [], [], []
        for array, firsts, ends, at in spans:
            col = array[:, band]
            hit = screen.hits(col)
            span = np.searchsorted(firsts, hit, side="right") - 1
            inside = (span >= 0) & (hit < ends[np.maximum(span, 0)])  # rows of files still scanned
            hit, span = hit[inside], span[inside]
            vals = col[hit]
            lo = np.searchsorted(sorted_values, vals, side="left")
            many = np.searchsorted(sorted_values, vals, side="right") - lo
            rows = hit - firsts[span] + at[span]
            other = ~new_row[rows] & (many > 0)  # pairs among the new keys are found by _among
            band_rows.append(rows[other])
            band_lo.append(lo[other])
            band_many.append(many[other])
        rows, lo, many = (np.concatenate(parts) for parts in (band_rows, band_lo, band_many))
        if not rows.size:
            continue
        if crowd:
            crowded = np.bincount(lo, minlength=column.size)[lo] + many > crowd  # the value's rows, old and new
            if crowded.any():
                found.old_rows.append(rows[crowded])
                values_lo, first = np.unique(lo[crowded], return_index=True)
                found.new_rows.append(order[run_positions(values_lo, many[crowded][first])])
                rows, lo, many = rows[~crowded], lo[~crowded], many[~crowded]
        found.hits.append((np.repeat(rows, many), order[run_positions(lo, many)]))
    return found


class _Screen:
    """Which rows of a band column may hold one of some values: a table of the values' top bits.

    The table and the buffers are made once and reused for every band, and a column is
    screened a slice at a time, so that the slice's top bits and hits stay in the cache
    (a fresh column-sized buffer costs page faults and a pass through memory).
    """

    def __init__(self) -> None:
        self.shift = _U64(64 - _SCREEN_BITS)
        self.table = np.zeros(1 << _SCREEN_BITS, dtype=bool)
        self.top = np.empty(_SCREEN_SLICE, dtype=np.intp)
        self.hit = np.empty(_SCREEN_SLICE, dtype=bool)

    def set(self, values: np.ndarray) -> None:
        """Screen for ``values`` from now on."""
        self.table.fill(False)
        self.table[(values >> self.shift).astype(np.intp)] = True

    def hits(self, column: np.ndarray) -> np.ndarray:
        """The rows of ``column`` whose top bits are those of a value screened for."""
        found = []
        for start in range(0, column.size, _SCREEN_SLICE):
            part = column[start : start + _SCREEN_SLICE]
            top, hit = self.top[: part.size], self.hit[: part.size]
            np.right_shift(part, self.shift, out=top.view(_U64), casting="unsafe")
            self.table.take(top, out=hit)
            found.append(np.flatnonzero(hit) + start)
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)
