"""Candidate pairs and edges: reusing the last scan's pairs gives what a search from scratch gives."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli.edges import BandRows, Groups, KnownPairs, match_from_known, match_from_scratch
from dedupe_cli.match import band_keys, lsh_params
from dedupe_cli.options import ScanOptions
from dedupe_cli.workers import sign_units

_OPTIONS = ScanOptions()


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    """Paragraphs from a small vocabulary with planted near-copies and exact repeats."""
    vocab = [f"w{i}" for i in range(400)]
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.3:
            words = rng.choice(out).split()
            for _ in range(rng.randrange(0, 4)):  # a few edits: a near-duplicate, or an exact repeat
                words[rng.randrange(len(words))] = rng.choice(vocab)
            out.append(" ".join(words))
        else:
            out.append(" ".join(rng.choice(vocab) for _ in range(rng.randrange(5, 30))))
    return out


def _matched_state(texts: list[str]) -> tuple[Groups, np.ndarray]:
    """The groups of ``texts`` and the band keys of their eligible paragraphs."""
    entry = sign_units(texts, _OPTIONS)
    eligible = entry.word_counts >= _OPTIONS.match.min_words
    opts = _OPTIONS.match
    bands = band_keys(entry.signatures, *lsh_params(opts.lsh_threshold, opts.num_perm))
    return Groups(entry.keys, eligible), bands


def _rows(bands: np.ndarray) -> BandRows:
    return BandRows([(bands, 0, bands.shape[0])])


def _scattered(bands: np.ndarray, rng: random.Random) -> BandRows:
    """The same rows as ranges of two arrays that also hold rows not in use (copies of used
    rows, which would match if read), as the segments of a warm scan do."""
    cuts = sorted(rng.sample(range(1, bands.shape[0]), 3))
    pieces = np.split(bands, cuts)
    ranges = []
    stores: list[list[np.ndarray]] = [[], []]
    for n, piece in enumerate(pieces):
        store = stores[n % 2]
        store.append(piece[: rng.randrange(1, 4)])  # stale rows before the piece
        first = sum(p.shape[0] for p in store)
        store.append(piece)
        ranges.append((n % 2, first, first + piece.shape[0]))
    arrays = [np.asfortranarray(np.concatenate(store)) for store in stores]
    return BandRows([(arrays[k], first, end) for k, first, end in ranges])


def _texts_of(texts: list[str]) -> Callable[[Sequence[int]], list[str]]:
    return lambda units: [texts[u] for u in units]


@pytest.mark.parametrize("seed", range(6))
def test_reused_pairs_equal_a_search_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    before = _paragraphs(rng, 300)
    after = list(before)
    for _ in range(30):  # edit, remove and add paragraphs, some copying what is there
        roll = rng.random()
        i = rng.randrange(len(after))
        if roll < 0.3:
            del after[i]
        elif roll < 0.6:
            words = after[i].split()
            words[rng.randrange(len(words))] = "changed"
            after[i] = " ".join(words)
        else:
            after.insert(i, rng.choice(after) + " and a tail of new words here")
    after += _paragraphs(rng, 40)
    opts = _OPTIONS.match
    groups0, bands0 = _matched_state(before)
    known = match_from_scratch(_rows(bands0), groups0, _texts_of(before), opts).known(opts.threshold)
    groups, bands = _matched_state(after)
    scratch = match_from_scratch(_rows(bands), groups, _texts_of(after), opts)
    reused = match_from_known(_scattered(bands, rng), groups, _texts_of(after), opts, known)
    assert len(scratch.candidates) > 10 and len(scratch.edges()) > 10  # the corpus has matches to find
    assert reused.candidates.tolist() == scratch.candidates.tolist()
    assert reused.scores.tolist() == scratch.scores.tolist()
    assert reused.edges() == scratch.edges()


def test_known_pairs_round_trip_and_are_ignored_when_stale(tmp_path: Path) -> None:
    texts = _paragraphs(random.Random(1), 200)
    groups, bands = _matched_state(texts)
    known = match_from_scratch(_rows(bands), groups, _texts_of(texts), _OPTIONS.match).known(0.5)
    known.save(tmp_path, "gen-1")
    back = KnownPairs.load(tmp_path, "gen-1", 0.5)
    assert back is not None
    assert back.pairs.tolist() == known.pairs.tolist() and back.scores.tolist() == known.scores.tolist()
    assert back.keys.tolist() == known.keys.tolist()
    assert KnownPairs.load(tmp_path, "gen-2", 0.5) is None  # written for another state
    assert KnownPairs.load(tmp_path, "gen-1", 0.6) is None  # kept for another threshold
    (tmp_path / "pairs.npz").write_bytes(b"not a zip file")
    assert KnownPairs.load(tmp_path, "gen-1", 0.5) is None


def _reference_groups(keys: np.ndarray, eligible: np.ndarray) -> dict[str, list[int]]:
    """Groups as the first version built them, with np.unique and two more sorts."""
    rows = np.flatnonzero(eligible)
    uniq, first, inverse = np.unique(keys[rows], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    group_of = rank[inverse.ravel()]
    sizes = np.bincount(group_of, minlength=order.size)
    return {
        "first": first[order].tolist(),
        "group_of": group_of.tolist(),
        "sorted_keys": uniq.tolist(),
        "group_at": rank.tolist(),
        "members": rows[np.argsort(group_of, kind="stable")].tolist(),
        "sizes": sizes.tolist(),
        "ends": np.cumsum(sizes).tolist(),
    }


@pytest.mark.parametrize("seed", range(5))
def test_groups_number_equal_keys_by_first_appearance(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    keys = rng.integers(0, max(2, n // 3), size=n).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    eligible = rng.random(n) < 0.8
    groups = Groups(keys, eligible)
    expected = _reference_groups(keys, eligible)
    got = {name: getattr(groups, name).tolist() for name in expected}
    assert got == expected
    if groups.count:
        assert groups.units(0)[0] == int(np.flatnonzero(eligible)[0])
