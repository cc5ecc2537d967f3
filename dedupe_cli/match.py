"""Find candidate pairs with LSH banding and verify them by exact Jaccard.

The batch scan buckets the band hashes itself with a numpy sort instead of inserting
every signature into a :class:`datasketch.MinHashLSH` (which inserts only ~11k
signatures a second at threshold 0.5 on one core). The bands and rows are the ones
MinHashLSH chooses for the same threshold and ``num_perm``, and
``tests/test_match.py`` proves the candidates are exactly those MinHashLSH yields.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from dedupe_cli.allpairs import RankedSets
from dedupe_cli.arrays import distinct, equal_runs, pairs_of_codes, run_positions
from dedupe_cli.procpool import cores
from dedupe_cli.sign import jaccard

_U64 = np.uint64
#: Threads of the candidate search, and the fewest rows worth starting them for.
_THREADS = min(2, cores())
_THREADED_ROWS = 200_000


def search_threads(rows: int, tasks: int) -> int:
    """How many threads to search ``rows`` rows in ``tasks`` independent parts (bands) on."""
    return min(_THREADS, tasks) if rows >= _THREADED_ROWS else 1


#: LSH buckets of more than this many rows are not listed pair by pair by the scan (a bucket of ``s``
#: rows lists ``s * (s - 1) / 2`` pairs): their pairs are found by prefix filtering instead
#: (:mod:`dedupe_cli.allpairs`), with the same result. A paragraph of news prose shares a bucket
#: with a handful of others at most; a page of results or prices made from one template puts
#: thousands of lines into one bucket of most bands.
CROWD = 64


#: MinHashLSH's choice for the default settings, so that a scan need not import datasketch
#: (0.6 s: it pulls in scipy); tests/test_match.py checks it against datasketch.
KNOWN_LSH_PARAMS = {(0.3, 128): (37, 3)}


@functools.lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) datasketch's MinHashLSH picks for ``threshold`` and ``num_perm``."""
    known = KNOWN_LSH_PARAMS.get((threshold, num_perm))
    if known is not None:
        return known
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (signature, band), shape (n, bands): equal band values give equal keys."""
    n = signatures.shape[0]
    keys = np.empty((n, bands), dtype=_U64, order="F")  # a band of every signature contiguous
    acc = keys.T  # (bands, n): all bands at once, row by row of the bands
    acc.fill(_U64(0xCBF29CE484222325))
    sig = signatures if signatures.dtype in (np.uint32, np.uint64) else signatures.astype(_U64)
    cols = sig[:, : bands * rows].reshape(n, bands, rows)
    shifted = np.empty_like(acc)
    for row in range(rows):
        acc ^= cols[:, :, row].T
        acc *= _U64(0x100000001B3)
        np.right_shift(acc, _U64(29), out=shifted)
        acc ^= shifted
    return keys


def _pairs_in_runs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """All pairs (as i * 2**32 + j, i < j) of items sharing a run of a sorted key array."""
    chunks = []
    for size in distinct(sizes).tolist():
        sel = starts[sizes == size]
        members = order[sel[:, None] + np.arange(size)[None, :]]
        members.sort(axis=1)
        iu, ju = np.triu_indices(size, k=1)
        a = members[:, iu].ravel().astype(_U64)
        b = members[:, ju].ravel().astype(_U64)
        chunks.append((a << _U64(32)) | b)
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=_U64)


def _shared_slots(slots: np.ndarray, bits: int) -> np.ndarray:
    """The positions of the ``slots`` (values below 2**bits) that occur more than once."""
    slot = slots.astype(np.intp)
    # a bool per slot is looked up several times faster than a count: more of it stays in the cache
    shared: np.ndarray = np.flatnonzero((np.bincount(slot, minlength=1 << bits) > 1)[slot])
    return shared


def candidate_pairs(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """Candidate pairs of rows that share at least one LSH band bucket.

    Returns an (m, 2) array of row numbers, each pair once, first < second, sorted.
    """
    n, num_perm = signatures.shape
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    return candidates_from_keys(band_keys(signatures, *lsh_params(threshold, num_perm)))


def candidates_from_keys(keys: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs from band keys (n, bands): rows sharing a key in some band.

    With ``rows``, only those rows of ``keys`` take part, numbered 0.. in that order.
    Two counting filters on slices of the key bits first drop the rows whose key no
    other row can share, so only the few rows left are sorted. Large inputs are
    searched band by band on two threads (numpy's counting and sorting let go of the
    GIL); the pairs are sorted at the end, so the result does not depend on it.
    """
    pairs, _ = uncrowded_candidates(keys, rows, 0)
    return pairs


class KeyColumns(Protocol):
    """Band keys read a band at a time (as :class:`~dedupe_cli.bandsearch.BandRows` holds them)."""

    width: int

    def column(self, band: int) -> np.ndarray:
        """One band's keys of every row, in order."""


class _ArrayColumns:
    """The columns of a (rows, bands) array of keys."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys, self.width = keys, int(keys.shape[1])

    def column(self, band: int) -> np.ndarray:
        column: np.ndarray = self.keys[:, band]
        return column


def uncrowded_candidates(
    keys: np.ndarray | KeyColumns, rows: np.ndarray | None, crowd: int
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs of :func:`candidates_from_keys`, except those only a bucket of more than
    ``crowd`` rows holds (0: no limit), and the rows of such buckets (sorted, once).

    A bucket of ``s`` rows lists ``s * (s - 1) / 2`` pairs: templated text puts thousands of
    rows into one bucket of most bands. Its pairs are left to :mod:`dedupe_cli.allpairs`.
    ``keys`` may be read a band at a time (:class:`KeyColumns`).
    """
    keys = _ArrayColumns(keys) if isinstance(keys, np.ndarray) else keys
    n = rows.size if rows is not None else keys.column(0).size
    bands = list(range(keys.width))
    threads = search_threads(n, len(bands))
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(
                pool.map(
                    lambda share: _band_pairs(keys, rows, n, share, crowd), [bands[t::threads] for t in range(threads)]
                )
            )
    else:
        parts = [_band_pairs(keys, rows, n, bands, crowd)]
    found = [pairs for part, _ in parts for pairs in part]
    crowds = [members for _, part in parts for members in part]
    crowded = distinct(np.concatenate(crowds)) if crowds else np.empty(0, dtype=np.int64)
    if not found:
        return np.empty((0, 2), dtype=np.int64), crowded
    return pairs_of_codes(distinct(np.concatenate(found))), crowded


def _band_pairs(
    keys: KeyColumns, rows: np.ndarray | None, n: int, bands: Sequence[int], crowd: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The pairs (as i * 2**32 + j) of rows sharing a key in each of ``bands``, and the rows of the
    buckets of more than ``crowd`` rows (0: none is too many), whose pairs are not listed."""
    found, crowds = [], []
    bits = max(16, min(22, int(n).bit_length() + 1))
    mask = _U64((1 << bits) - 1)
    for band in bands:
        column = keys.column(band) if rows is None else keys.column(band)[rows]  # one column, then a 1-D take
        shared = _shared_slots(column & mask, bits)  # the rows whose key another row may share
        for shift in (bits, 2 * bits):
            if shared.size < 2:
                break
            shared = shared[_shared_slots((column[shared] >> _U64(shift)) & mask, bits)]
        if shared.size < 2:
            continue
        sub = column[shared]
        order = np.argsort(sub, kind="stable")
        members = shared[order]
        starts, sizes = equal_runs(sub[order])
        multi = sizes > 1
        if crowd and (sizes > crowd).any():
            many = sizes > crowd
            crowds.append(members[run_positions(starts[many], sizes[many])])
            multi &= ~many
        if multi.any():
            found.append(_pairs_in_runs(members, starts[multi], sizes[multi]))
    return found, crowds


def verify(
    pairs: np.ndarray, sets: Mapping[int, np.ndarray] | Sequence[np.ndarray], threshold: float
) -> list[tuple[int, int, float]]:
    """Keep the candidate pairs whose exact shingle Jaccard is at least ``threshold``."""
    return [(i, j, score) for _, i, j, score in _one_by_one(pairs, sets, threshold)]


def _one_by_one(
    pairs: np.ndarray, sets: Mapping[int, np.ndarray] | Sequence[np.ndarray], threshold: float
) -> Iterator[tuple[int, int, int, float]]:
    """(row, i, j, Jaccard) of each row of ``pairs`` whose Jaccard is at least ``threshold``."""
    for n, (i, j) in enumerate(pairs.tolist()):
        a, b = sets[i], sets[j]
        small, large = (a.size, b.size) if a.size <= b.size else (b.size, a.size)
        if large == 0 or small / large < threshold:
            continue  # Jaccard cannot exceed the size ratio
        score = jaccard(a, b)
        if score >= threshold:
            yield n, i, j, score


#: Bounds of the vectorised verification: the most shingles of the sets involved, and the most
#: 64-bit words of their bit rows (beyond them, pairs are verified one by one).
_FLAT_SHINGLES = 400_000
_BIT_WORDS = 1 << 22
#: Pairs per set beyond which pairs the bit rows cannot take are counted as ranks, not one by one.
_RANKED_PAIRS_PER_SET = 4


def pair_scores(pairs: np.ndarray, sets: Sequence[np.ndarray], threshold: float) -> np.ndarray:
    """The Jaccard of each candidate pair of ``sets`` (rows of ``pairs`` index ``sets``), -1.0 where
    below ``threshold``: the scores :func:`verify` keeps, for all pairs at once.

    Only the shingles that several sets share can be shared by a pair: each set becomes a
    row of bits over those, and a pair's overlap is the popcount of its rows' AND.
    That pays off when the pairs are many for their sets (many near-copies of a few texts,
    as a warm scan's new keys may be). Beyond the bounds above, pairs still many for their
    sets (a crowded bucket's) have their shingles looked up among each other's as ranks
    (:meth:`~dedupe_cli.allpairs.RankedSets.overlaps`); a few pairs per set (a cold scan)
    are verified one by one.
    """
    scores = np.full(len(pairs), -1.0)
    if not len(pairs):
        return scores
    sizes = np.fromiter((s.size for s in sets), dtype=np.int64, count=len(sets))
    total = int(sizes.sum())
    # the bit rows cost a sort of all shingles; pair by pair costs some microseconds a pair
    inter = _bit_overlaps(sets, sizes, pairs) if total <= min(_FLAT_SHINGLES, 16 * len(pairs)) else None
    if inter is None and len(pairs) > _RANKED_PAIRS_PER_SET * len(sets):
        inter = RankedSets(sets).overlaps(pairs)
    if inter is None:
        for n, _, _, score in _one_by_one(pairs, sets, threshold):
            scores[n] = score
        return scores
    return _jaccard_scores(inter, sizes[pairs[:, 0]], sizes[pairs[:, 1]], threshold)


def _jaccard_scores(inter: np.ndarray, sizes_a: np.ndarray, sizes_b: np.ndarray, threshold: float) -> np.ndarray:
    """Per pair of sets of ``sizes_a`` and ``sizes_b`` sharing ``inter`` shingles, its Jaccard, or -1.0
    where below ``threshold`` or both sets are empty (as :func:`verify` keeps them)."""
    union = sizes_a + sizes_b - inter
    jac = inter / np.maximum(union, 1)  # as sign.jaccard: exact ints, one correctly rounded division
    keep = (jac >= threshold) & (np.maximum(sizes_a, sizes_b) > 0)
    scores: np.ndarray = np.where(keep, jac, -1.0)
    return scores


def share_a_band(keys: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Per pair of ``pairs`` (rows of ``keys``, band keys (n, bands)), whether the two share a key in
    some band: whether :func:`candidates_from_keys` lists it. Band by band, each band looking
    only at the pairs no band before it joined (near-copies share the first bands they meet)."""
    out = np.zeros(len(pairs), dtype=bool)
    open_ = np.arange(len(pairs))
    for band in range(keys.shape[1] if keys.ndim == 2 else 0):
        if not open_.size:
            break
        column = keys[:, band]
        hit = column[pairs[open_, 0]] == column[pairs[open_, 1]]
        out[open_[hit]] = True
        open_ = open_[~hit]
    return out


def _bit_overlaps(sets: Sequence[np.ndarray], sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray | None:
    """How many shingles each pair of ``sets`` (``sizes``: theirs) shares, by the popcount of bit rows
    over the shingles several sets hold; None when the rows would be too large (or numpy < 2)."""
    if not hasattr(np, "bitwise_count"):  # numpy < 2
        return None
    flat = np.concatenate(sets) if len(sets) else np.empty(0, dtype=_U64)
    _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    shared = counts > 1
    column = np.cumsum(shared) - 1
    inverse = inverse.ravel()
    keep = shared[inverse]
    cols = column[inverse[keep]]
    owners = np.repeat(np.arange(len(sets)), sizes)[keep]
    words = max(1, (int(shared.sum()) + 63) // 64)
    if len(sets) * words > _BIT_WORDS:
        return None
    bits = np.zeros(len(sets) * words, dtype=_U64)
    # a set holds a shingle once: adding its distinct bits is or-ing them
    np.add.at(bits, owners * words + (cols >> 6), np.left_shift(_U64(1), (cols & 63).astype(_U64)))
    rows = bits.reshape(len(sets), words)
    inter = np.empty(len(pairs), dtype=np.int64)
    step = max(1, _BIT_WORDS // (4 * words))
    for lo in range(0, len(pairs), step):
        part = pairs[lo : lo + step]
        inter[lo : lo + step] = np.bitwise_count(rows[part[:, 0]] & rows[part[:, 1]]).sum(axis=1)
    return inter
