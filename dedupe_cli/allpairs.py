"""The pairs of a crowd of shingle sets that may reach a Jaccard threshold, by prefix filtering.

An LSH bucket that many texts share lists every pair of them as a candidate: a page of
sports results or market prices ("Team 12 scored 88 points in the match ...") puts
thousands of lines, any two a third alike, into the same bucket of most bands, and
listing and verifying all their pairs costs memory and time quadratic in the lines.

Prefix filtering (the AllPairs set-similarity join) finds, among those, every pair that
can reach the threshold without listing the rest. Order all shingles from rarest to
most common; a set's *prefix* is its rarest ``|x| - ceil(t * |x|) + 1`` shingles. Two
sets with Jaccard ``>= t`` share at least ``ceil(t * max(|x|, |y|))`` shingles, so their
prefixes share one (Chaudhuri, Ganti and Kaushik 2006; Bayardo, Ma and Srikant 2007).
The pairs of sets sharing a prefix shingle are therefore a superset of the pairs at or
above the threshold, and, the shingles of a template's fixed words being the common
ones, they are few. :meth:`RankedSets.overlaps` then counts the shared shingles of many pairs at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dedupe_cli.arrays import distinct, equal_runs, pair_codes, run_pairs, run_positions, weighted_chunks

__all__ = ["RankedSets", "prefix_lengths"]

#: Elements looked up at once by :meth:`RankedSets.overlaps` (bounds its temporary arrays to some tens of MB).
_LOOKUP_CHUNK = 1 << 21
#: Pairs listed at once from the shingles prefixes share (bounds the temporary arrays of
#: :meth:`RankedSets.prefix_pairs`).
_PAIR_CHUNK = 1 << 22


def prefix_lengths(sizes: np.ndarray, threshold: float) -> np.ndarray:
    """How many of its rarest shingles make each set's prefix at ``threshold`` (0 for an empty set).

    ``ceil(t * |x|)`` is taken on ``t * |x|`` made smaller by a relative 1e-12, so that float
    rounding (of the product, or of the Jaccard compared with ``t``) can only make a
    prefix longer, never drop a pair the verification would keep.
    """
    needed = np.ceil(threshold * sizes * (1.0 - 1e-12)).astype(np.int64)
    return np.where(sizes > 0, sizes - np.maximum(needed, 1) + 1, 0)


class RankedSets:
    """Shingle sets with every shingle replaced by its rank among all of theirs, rarest first.

    Args:
        sets: sorted, unique shingle hashes per set.
    """

    def __init__(self, sets: Sequence[np.ndarray]) -> None:
        self.count = len(sets)
        #: per set, how many shingles it has
        self.sizes = np.fromiter((s.size for s in sets), dtype=np.int64, count=len(sets))
        #: per set and one more, where its ranks start in :attr:`ranks`
        self.starts = np.concatenate(([0], np.cumsum(self.sizes))).astype(np.int64)
        flat = np.concatenate(sets) if len(sets) else np.empty(0, dtype=np.uint64)
        _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
        rank_of = np.empty(counts.size, dtype=np.int64)
        rank_of[np.lexsort((np.arange(counts.size), counts))] = np.arange(counts.size)  # rarest first, ties by value
        #: ranks run over 0..span-1
        self.span = max(1, int(counts.size))
        owner = np.repeat(np.arange(len(sets), dtype=np.int64), self.sizes)
        #: every set's ranks, sorted, set after set, each offset by its set's number times :attr:`span`
        #: (so that the whole array is sorted)
        self.placed = np.sort(owner * self.span + rank_of[inverse.ravel()])
        #: every set's ranks, sorted, set after set
        self.ranks = self.placed - owner * self.span

    def prefix_pairs(self, threshold: float) -> np.ndarray:
        """The pairs of sets whose prefixes at ``threshold`` (``0 < threshold <= 1``) share a shingle, as
        :func:`~dedupe_cli.arrays.pair_codes` of their numbers, sorted, each once: every pair with
        Jaccard ``>= threshold`` is among them."""
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        lengths = prefix_lengths(self.sizes, threshold)
        owners = np.repeat(np.arange(self.count, dtype=np.int64), lengths)
        tokens = self.ranks[run_positions(self.starts[:-1], lengths)]
        order = np.argsort(tokens, kind="stable")  # the sets of one shingle together, in set order
        tokens, owners = tokens[order], owners[order]
        run_starts, run_sizes = equal_runs(tokens)
        shared = run_sizes > 1
        run_starts, run_sizes = run_starts[shared], run_sizes[shared]
        found: list[np.ndarray] = []
        # a chunk of runs at a time; a pair met under several shingles kept once
        for lo, hi in weighted_chunks(run_sizes * (run_sizes - 1) // 2, _PAIR_CHUNK):
            left, right = run_pairs(run_starts[lo:hi], run_sizes[lo:hi])
            found.append(distinct(pair_codes(owners[left], owners[right])))
        return distinct(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)

    def overlaps(self, pairs: np.ndarray) -> np.ndarray:
        """How many shingles each pair (rows of ``pairs``: set numbers) shares, all pairs at once.

        Every shingle of a pair's smaller set is looked up among the larger set's in
        :attr:`placed`, a chunk of pairs at a time.
        """
        inter = np.zeros(len(pairs), dtype=np.int64)
        if not len(pairs):
            return inter
        a, b = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
        first_smaller = self.sizes[a] <= self.sizes[b]
        small, large = np.where(first_smaller, a, b), np.where(first_smaller, b, a)
        counts = self.sizes[small]
        for lo, hi in weighted_chunks(counts, _LOOKUP_CHUNK):
            part_counts = counts[lo:hi]
            wanted = self.ranks[run_positions(self.starts[small[lo:hi]], part_counts)]
            wanted += np.repeat(large[lo:hi] * self.span, part_counts)
            at = np.minimum(np.searchsorted(self.placed, wanted), max(0, self.placed.size - 1))
            hit = self.placed[at] == wanted if self.placed.size else np.zeros(wanted.size, dtype=bool)
            owner = np.repeat(np.arange(hi - lo), part_counts)
            inter[lo:hi] = np.bincount(owner, weights=hit, minlength=hi - lo).astype(np.int64)
        return inter
