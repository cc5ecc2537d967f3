"""The candidate pairs and verified edges of a scan: from scratch, or from the last scan's.

Paragraphs with equal normalised-text keys form one group; groups sharing an LSH band
bucket are candidate pairs, verified by exact Jaccard (in a bucket of more than
:data:`~dedupe_cli.match.CROWD` groups, only the pairs prefix filtering keeps: the same verified
pairs, see :mod:`dedupe_cli.allpairs`). Every value here depends on the
keys and texts alone, so a warm re-scan need not search the whole corpus again: the
last scan's candidate pairs (kept in key space, with their Jaccard) still hold for the
keys that are still there, and only pairs with a key the last scan did not have are
searched, by looking those keys' band values up in every band. ``tests/test_edges.py``
proves that both ways give the same edges (and the same candidates where no bucket is crowded).
"""

from __future__ import annotations

import contextlib
import json
import mmap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dedupe_cli.allpairs import RankedSets
from dedupe_cli.arrays import pair_codes, pairs_of_codes
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.bandsearch import BandRange, BandRows, NewKeySearch
from dedupe_cli.groups import Groups
from dedupe_cli.match import CROWD, pair_scores, share_a_band, uncrowded_candidates
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


def _verified(
    candidates: np.ndarray, groups: Groups, texts: UnitTexts, opts: MatchOptions, crowded: _Crowded | None = None
) -> Matched:
    """The candidates (group pairs, sorted) with their Jaccard (-1.0 when below the threshold) and
    the shingle sets of their groups; with ``crowded``, the candidates the crowded buckets' groups
    make among themselves are found by prefix filtering and added."""
    mark = np.zeros(groups.count, dtype=bool)  # a pass over the groups, no sort of every candidate
    mark[candidates.ravel()] = True
    if crowded is not None:
        mark[crowded.groups] = True
    involved = np.flatnonzero(mark)
    batch = shingle_batch(texts(groups.first_units(involved).tolist()), opts.k, opts.shingle)
    found = batch.shingle_sets()
    scores = pair_scores(np.searchsorted(involved, candidates), found, opts.threshold)
    if crowded is not None:
        candidates, scores = crowded.add(candidates, scores, involved, found, opts.threshold)
    return Matched(groups, candidates, scores, dict(zip(involved.tolist(), found, strict=True)))


@dataclass(frozen=True)
class _Crowded:
    """The groups of the LSH buckets too crowded to list pair by pair (:data:`CROWD`).

    Attributes:
        groups: the crowded buckets' groups, sorted, once.
        keys: per group of ``groups``, its band keys (len(groups), bands).
        new: per group of ``groups``, whether a pair with it is wanted (None: all are): a warm
            scan wants only the pairs with a new key, the last scan kept the others.
    """

    groups: np.ndarray
    keys: np.ndarray
    new: np.ndarray | None = None

    def add(
        self, listed: np.ndarray, scores: np.ndarray, involved: np.ndarray, sets: list[np.ndarray], threshold: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """``listed`` candidates and their ``scores`` (sorted) with the pairs of crowded groups that share a
        band and whose prefixes share a shingle (among them every pair that reaches ``threshold``),
        verified, all sorted."""
        crowd_sets = [sets[i] for i in np.searchsorted(involved, self.groups).tolist()]
        local = pairs_of_codes(RankedSets(crowd_sets).prefix_pairs(threshold))
        wanted = share_a_band(self.keys, local)
        if self.new is not None:
            wanted &= self.new[local].any(axis=1)
        pairs = self.groups[local]
        listed_codes, codes = pair_codes(listed[:, 0], listed[:, 1]), pair_codes(pairs[:, 0], pairs[:, 1])
        if listed_codes.size:
            at = np.minimum(np.searchsorted(listed_codes, codes), listed_codes.size - 1)
            wanted &= listed_codes[at] != codes
        local, pairs, codes = local[wanted], pairs[wanted], codes[wanted]
        extra = pair_scores(local, crowd_sets, threshold)
        order = np.argsort(np.concatenate((listed_codes, codes)), kind="stable")
        return np.concatenate((listed, pairs))[order], np.concatenate((scores, extra))[order]


def match_from_scratch(
    bands: BandRows, groups: Groups, texts: UnitTexts, opts: MatchOptions, crowd: int = CROWD
) -> Matched:
    """Search and verify the candidate pairs of all groups (``crowd``: see :data:`CROWD`; 0: list every
    bucket's pairs)."""
    if groups.count < 2:
        return _verified(np.empty((0, 2), np.int64), groups, texts, opts)
    candidates, crowded = uncrowded_candidates(bands, groups.first, crowd)
    in_crowds = _Crowded(crowded, bands.take(groups.first[crowded])) if crowded.size else None
    return _verified(candidates, groups, texts, opts, in_crowds)


def match_from_known(
    bands: BandRows, groups: Groups, texts: UnitTexts, opts: MatchOptions, known: KnownPairs, crowd: int = CROWD
) -> Matched:
    """The candidates of ``known`` whose keys are both still present, and the new ones searched
    (``crowd``: see :data:`CROWD`; 0: list every bucket's pairs)."""
    rows = known.row_keys, known.row_places
    search = NewKeySearch(bands, *groups.new_key_rows(known.keys, rows), crowd)  # on threads while grouping
    group_of_key, _ = groups.known_groups(known.keys, rows)
    old = group_of_key[known.pairs] if known.pairs.size else np.empty((0, 2), np.int64)
    still = (old >= 0).all(axis=1)
    old, old_scores = np.sort(old[still], axis=1), known.scores[still]
    new_codes, crowded = search.codes(groups.group_of)
    found = pairs_of_codes(new_codes)
    in_crowds = None
    if crowded.groups.size:
        in_crowds = _Crowded(crowded.groups, bands.take(groups.first[crowded.groups]), crowded.new)
    matched = _verified(found, groups, texts, opts, in_crowds)
    if in_crowds is not None:  # the crowds' pairs were added
        found = matched.candidates
        new_codes = pair_codes(found[:, 0], found[:, 1])
    codes = np.concatenate((pair_codes(old[:, 0], old[:, 1]), new_codes))
    order = np.argsort(codes, kind="stable")  # the old pairs are nearly in order already
    matched.candidates = np.concatenate((old, found))[order]
    matched.scores = np.concatenate((old_scores, matched.scores))[order]
    return matched
