"""Crowded LSH buckets: prefix filtering finds every pair that listing the bucket would verify, with
bounded work on templated text, in a scan from scratch and in a warm one."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from dedupe_cli import bandsearch, match
from dedupe_cli.allpairs import RankedSets, prefix_lengths
from dedupe_cli.edges import BandRows, Groups, match_from_known, match_from_scratch
from dedupe_cli.match import band_keys, lsh_params, uncrowded_candidates
from dedupe_cli.options import ScanOptions
from dedupe_cli.sign import jaccard, overlap
from dedupe_cli.workers import sign_units

_OPTIONS = ScanOptions()


def _random_sets(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    """Sets of a small vocabulary, a third of them copies of an earlier one, most with an element changed."""
    vocab = int(rng.integers(5, 60))
    sets: list[np.ndarray] = []
    for _ in range(n):
        if sets and rng.random() < 0.3:
            base = sets[int(rng.integers(len(sets)))].copy()
            if base.size and rng.random() < 0.7:
                base[int(rng.integers(base.size))] = rng.integers(0, vocab)
            sets.append(np.unique(base))
        else:
            sets.append(np.unique(rng.integers(0, vocab, int(rng.integers(0, 16))).astype(np.uint64)))
    return sets


@pytest.mark.parametrize("threshold", [0.1, 0.3, 1 / 3, 0.5, 0.7, 0.9, 1.0])
def test_prefix_pairs_hold_every_pair_at_the_threshold(threshold: float) -> None:
    rng = np.random.default_rng(int(threshold * 1000))
    reached = listed = possible = 0
    for _ in range(60):
        sets = _random_sets(rng, int(rng.integers(2, 40)))
        possible += len(sets) * (len(sets) - 1) // 2
        ranked = RankedSets(sets)
        codes = ranked.prefix_pairs(threshold)
        assert codes.tolist() == sorted(set(codes.tolist()))  # sorted, each once
        found = set(codes.tolist())
        for i, j in itertools.combinations(range(len(sets)), 2):
            if sets[i].size and sets[j].size and jaccard(sets[i], sets[j]) >= threshold:
                reached += 1
                assert (i << 32 | j) in found, (i, j)
        listed += len(found)
    assert reached > 50
    if threshold >= 0.5:  # the filter leaves pairs out (it does not list everything)
        assert listed < 0.5 * possible


def test_prefix_lengths_round_down_the_shingles_needed() -> None:
    sizes = np.array([0, 1, 2, 7, 10, 11, 100])
    assert prefix_lengths(sizes, 0.5).tolist() == [0, 1, 2, 4, 6, 6, 51]
    # 0.3 * 10 is 3.0000000000000004 in floats: three shared shingles are enough, the prefix is 8
    assert prefix_lengths(np.array([10]), 0.3).tolist() == [8]
    with pytest.raises(ValueError, match="threshold"):
        RankedSets([np.arange(3, dtype=np.uint64)] * 2).prefix_pairs(0.0)


def test_overlaps_count_the_shared_shingles() -> None:
    rng = np.random.default_rng(11)
    sets = [*_random_sets(rng, 50), np.empty(0, np.uint64)]
    pairs = np.array(list(itertools.combinations(range(len(sets)), 2)), dtype=np.int64)
    ranked = RankedSets(sets)
    expected = [overlap(sets[i], sets[j]) for i, j in pairs.tolist()]
    assert ranked.overlaps(pairs).tolist() == expected
    assert ranked.overlaps(pairs[:, ::-1]).tolist() == expected


def _template(rng: random.Random, n: int, start: int = 0) -> list[str]:
    """Lines of a results table: any two a third alike, those of one score over a half."""
    return [f"Team {i} scored {rng.randint(1, 12)} points in the match on the field." for i in range(start, n)]


def _state(texts: list[str]) -> tuple[Groups, np.ndarray]:
    entry = sign_units(texts, _OPTIONS)
    opts = _OPTIONS.match
    bands = band_keys(entry.signatures, *lsh_params(opts.lsh_threshold, opts.num_perm))
    return Groups(entry.keys, entry.word_counts >= opts.min_words), bands


def _rows(bands: np.ndarray) -> BandRows:
    return BandRows([(bands, 0, bands.shape[0])])


def test_a_templated_page_is_matched_by_prefix_with_the_edges_of_listing_it() -> None:
    rng = random.Random(3)
    texts = _template(rng, 600) + [f"Prose paragraph {i} with words of its own about a match report." for i in range(5)]
    opts = _OPTIONS.match
    groups, bands = _state(texts)
    listed_pairs, crowded = uncrowded_candidates(bands, groups.first, match.CROWD)
    assert crowded.size > 500  # the page's lines share crowded buckets
    everything = match_from_scratch(_rows(bands), groups, lambda u: [texts[i] for i in u], opts, 0)
    crowded_way = match_from_scratch(_rows(bands), groups, lambda u: [texts[i] for i in u], opts)
    assert crowded_way.edges() == everything.edges()
    assert len(everything.edges()) > 5_000
    # the work: pairs verified; listing every bucket verifies most pairs of the page
    assert len(crowded_way.candidates) < 0.5 * len(everything.candidates)
    assert len(everything.candidates) > 0.3 * 600 * 599 / 2
    assert len(listed_pairs) < len(crowded_way.candidates)


@pytest.mark.parametrize("threaded", [False, True])
def test_a_warm_scan_adding_template_lines_finds_the_edges_of_a_cold_one(
    threaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New lines of the template land in buckets crowded with old ones (band search) and with
    each other (among the new keys)."""
    if threaded:
        monkeypatch.setattr(match, "_THREADED_ROWS", 0)
    rng = random.Random(5)
    before = _template(rng, 300)
    after = before[10:] + _template(rng, 500, start=300) + before[:3]
    opts = _OPTIONS.match
    groups0, bands0 = _state(before)
    known = match_from_scratch(_rows(bands0), groups0, lambda u: [before[i] for i in u], opts).known(opts.threshold)
    groups, bands = _state(after)
    cold = match_from_scratch(_rows(bands), groups, lambda u: [after[i] for i in u], opts, 0)
    calls: list[int] = []
    real = bandsearch.Crowd.of

    def counted(*args: np.ndarray) -> bandsearch.Crowd:
        crowd = real(*args)
        calls.append(int(crowd.groups.size))
        return crowd

    monkeypatch.setattr(bandsearch.Crowd, "of", staticmethod(counted))
    warm_groups, _ = _state(after)
    warm = match_from_known(_rows(bands), warm_groups, lambda u: [after[i] for i in u], opts, known)
    assert calls and calls[0] > 400  # old and new lines were crowded
    assert warm.edges() == cold.edges()
    assert len(warm.candidates) < 0.5 * len(cold.candidates)


def test_crowded_rows_of_the_band_search_hold_old_and_new() -> None:
    rng = random.Random(9)
    texts = _template(rng, 200)
    _, bands = _state(texts)
    new_row = np.zeros(bands.shape[0], dtype=bool)
    new_row[150:] = True
    query_rows = np.arange(150, 200)
    search = bandsearch.NewKeySearch(_rows(bands), query_rows, new_row, crowd=20)
    codes, crowd = search.codes(np.arange(bands.shape[0]))
    assert crowd.groups.size > 100
    assert crowd.new.sum() == np.isin(crowd.groups, query_rows).sum() > 20
    everything = bandsearch.NewKeySearch(_rows(bands), query_rows, new_row, crowd=0).codes(np.arange(200))
    assert everything[1].groups.size == 0
    assert set(codes.tolist()) < set(everything[0].tolist())


def test_pairs_among_new_keys_leave_a_crowded_value_to_prefix_filtering() -> None:
    rng = np.random.default_rng(2)
    values = rng.integers(0, 2**63, size=(60, 12), dtype=np.uint64)
    values[:10, 0] = values[0, 0]  # ten rows share one value of one band: a crowd of more than 5
    values[20, 3] = values[21, 3]  # two share another
    query = np.arange(100, 160)
    codes, crowded = bandsearch._among(values, query, crowd=5)
    assert crowded.tolist() == list(range(10))
    assert codes.tolist() == [120 << 32 | 121]
    everything, none = bandsearch._among(values, query)
    assert none.size == 0 and len(everything) == 45 + 1
