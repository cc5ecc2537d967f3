"""Candidate pairs and edges: reusing the last scan's pairs gives what a search from scratch gives."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli import bandsearch, edges, match
from dedupe_cli import groups as groups_module
from dedupe_cli.arrays import lookup
from dedupe_cli.edges import BandRows, Groups, KnownPairs, match_from_known, match_from_scratch
from dedupe_cli.match import band_keys, lsh_params, pair_scores, verify
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


def _verified_pairs(known: KnownPairs) -> list[tuple[int, int, float]]:
    """The pairs at or above the threshold, in key space, sorted, with their Jaccard."""
    keep = known.scores >= 0
    pairs, scores = known.keys[known.pairs[keep]], known.scores[keep]
    low, high = pairs.min(axis=1).tolist(), pairs.max(axis=1).tolist()
    return sorted(zip(low, high, scores.tolist(), strict=True))


def _assert_reuse_equals_scratch(before: list[str], after: list[str], rng: random.Random) -> None:
    """Pairs found from the last scan's (``before``) equal those searched from scratch over ``after``:
    every candidate when every bucket is listed pair by pair; every edge, whichever buckets
    are crowded (``crowd`` 0, 3, and the default), and the last scan's crowd another one."""
    for crowd_before, crowd in ((0, 0), (3, 3), (0, 3), (match.CROWD, match.CROWD), (3, 0)):
        opts = _OPTIONS.match
        groups0, bands0 = _matched_state(before)
        known = match_from_scratch(_rows(bands0), groups0, _texts_of(before), opts, crowd_before).known(opts.threshold)
        groups, bands = _matched_state(after)
        scratch = match_from_scratch(_rows(bands), groups, _texts_of(after), opts, crowd)
        reused_groups, _ = _matched_state(after)
        reused = match_from_known(_scattered(bands, rng), reused_groups, _texts_of(after), opts, known, crowd)
        again = reused.known(opts.threshold)  # the next scan's pairs, before anything sorts the keys
        if crowd_before == crowd == 0:
            assert reused.candidates.tolist() == scratch.candidates.tolist()
            assert reused.scores.tolist() == scratch.scores.tolist()
        assert reused.edges() == scratch.edges()
        for name in ("first", "sizes", "ends", "group_of", "members", "sorted_keys", "group_at"):
            assert getattr(reused.groups, name).tolist() == getattr(scratch.groups, name).tolist(), name
        assert reused.sets.keys() <= scratch.sets.keys() | set(range(groups.count))
        expected = scratch.known(opts.threshold)  # whichever way the pairs were found
        for pairs in (again, reused.known(opts.threshold)):
            assert _verified_pairs(pairs) == _verified_pairs(expected)
            if crowd_before == crowd == 0:
                assert pairs.keys.tolist() == expected.keys.tolist()
                assert pairs.pairs.tolist() == expected.pairs.tolist()


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
    groups, bands = _matched_state(after)
    scratch = match_from_scratch(_rows(bands), groups, _texts_of(after), _OPTIONS.match)
    assert len(scratch.candidates) > 10 and len(scratch.edges()) > 10  # the corpus has matches to find
    _assert_reuse_equals_scratch(before, after, rng)


_UPDATE = "Update {}: this article was changed after publication to add a correction of its figures."


@pytest.mark.parametrize(("copies", "threaded"), [(3, False), (80, False), (80, True)])
def test_many_near_identical_new_paragraphs(copies: int, threaded: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """New paragraphs differing by a number share most bands (every pair a candidate and an edge);
    some repeat exactly, some old keys vanish and some old ones gain a copy."""
    if threaded:  # the band search on two threads, as on a large corpus
        monkeypatch.setattr(match, "_THREADED_ROWS", 0)
    rng = random.Random(copies)
    before = _paragraphs(rng, 200)
    after = before[20:]  # the first ones vanish (some of their keys live on in copies)
    for n in range(copies):
        after.insert(rng.randrange(len(after)), _UPDATE.format(n))
    after += [_UPDATE.format(1), _UPDATE.format(2), before[30], before[0]]  # repeated new and old keys
    _assert_reuse_equals_scratch(before, after, rng)


def test_reuse_with_nothing_new_or_everything_new() -> None:
    rng = random.Random(7)
    before = _paragraphs(rng, 150)
    _assert_reuse_equals_scratch(before, list(before), rng)
    _assert_reuse_equals_scratch(before, before[::-1], rng)  # same keys, every row moved
    _assert_reuse_equals_scratch(before, _paragraphs(random.Random(8), 120), rng)
    _assert_reuse_equals_scratch([], before, rng)


def _band_pairs_reference(values: np.ndarray) -> set[tuple[int, int]]:
    """Rows sharing a value in some column, by brute force."""
    n = values.shape[0]
    return {(i, j) for i in range(n) for j in range(i + 1, n) if (values[i] == values[j]).any()}


@pytest.mark.parametrize("near", [0.0, 0.5, 0.95])
def test_pairs_among_new_keys_by_table_or_by_band(near: float) -> None:
    """Pairs among the new keys are those sharing a band value, whether the table of shared runs
    (many near-copies) or the band-by-band listing (few) finds them."""
    rng = np.random.default_rng(int(near * 100))
    base = rng.integers(0, 2**63, size=(1, 12), dtype=np.uint64)
    values = rng.integers(0, 2**63, size=(60, 12), dtype=np.uint64)
    same = rng.random(values.shape) < near
    values[same] = np.broadcast_to(base, values.shape)[same]
    values[5] = values[9]  # an exact repeat
    query = np.arange(100, 160)
    codes, crowded = bandsearch._among(values, query)
    assert crowded.size == 0  # none is too many unless asked
    found = {(int(c >> np.uint64(32)) - 100, int(c & np.uint64(0xFFFFFFFF)) - 100) for c in codes}
    assert len(codes) == len(found)
    assert found == _band_pairs_reference(values)


def test_lookup_finds_each_key_or_none() -> None:
    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(0, 2**64 - 1, size=5000, dtype=np.uint64))
    keys = np.unique(np.concatenate((np.array([0, 2**64 - 1], dtype=np.uint64), keys)))
    values = np.concatenate((keys[rng.integers(0, keys.size, 3000)], rng.integers(0, 2**64 - 1, 300, np.uint64)))
    pos = np.searchsorted(keys, values)
    expected = np.where(keys[np.minimum(pos, keys.size - 1)] == values, pos, -1)
    assert lookup(keys, values).tolist() == expected.tolist()
    assert lookup(keys[:1], values[:5]).tolist() == [0 if v == 0 else -1 for v in values[:5].tolist()]
    assert lookup(np.empty(0, np.uint64), values).tolist() == [-1] * values.size


@pytest.mark.parametrize("way", ["bit rows", "ranks", "one by one"])
def test_pair_scores_equal_verify(way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if way != "bit rows":  # beyond the bounds of the bit rows
        monkeypatch.setattr(match, "_FLAT_SHINGLES", 0)
    if way == "one by one":  # and few pairs a set
        monkeypatch.setattr(match, "_RANKED_PAIRS_PER_SET", 10**9)
    rng = np.random.default_rng(5)
    pool = rng.integers(0, 2**64 - 1, size=50, dtype=np.uint64)
    sets = [np.unique(rng.choice(pool, size=int(rng.integers(0, 40)))) for _ in range(70)]
    sets += [np.empty(0, np.uint64), np.empty(0, np.uint64), sets[3].copy()]
    pairs = np.array([(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))], dtype=np.int64)
    scores = pair_scores(pairs, sets, 0.3)
    kept = {(i, j): s for i, j, s in verify(pairs, sets, 0.3)}
    assert len(kept) > 20
    assert scores.tolist() == [kept.get((i, j), -1.0) for i, j in pairs.tolist()]


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
    KnownPairs(known.keys, known.pairs + known.keys.size, known.scores, 0.5).save(tmp_path, "gen-3")
    assert KnownPairs.load(tmp_path, "gen-3", 0.5) is None  # pairs of keys it does not hold
    known.save(tmp_path, "gen-1")
    whole = (tmp_path / edges.PAIRS_FILE).read_bytes()
    for damaged in (b"not a pairs file", whole[:-8], whole + b"\0" * 8, whole.replace(b'"keys"', b'"kays"')):
        (tmp_path / edges.PAIRS_FILE).write_bytes(damaged)
        assert KnownPairs.load(tmp_path, "gen-1", 0.5) is None
    (tmp_path / edges.PAIRS_FILE).unlink()
    assert KnownPairs.load(tmp_path, "gen-1", 0.5) is None
    (tmp_path / "pairs.npz").write_bytes(b"the pairs as an older version kept them")
    known.save(tmp_path, "gen-1")  # replaces them
    assert not (tmp_path / "pairs.npz").exists()
    nothing = KnownPairs(np.zeros(0, np.uint64), np.zeros((0, 2), np.int64), np.zeros(0), 0.5)
    nothing.save(tmp_path, "gen-4")
    back = KnownPairs.load(tmp_path, "gen-4", 0.5)
    assert back is not None and back.keys.size == back.pairs.size == 0


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


@pytest.mark.parametrize("seed", range(4))
def test_groups_from_the_last_keys_equal_groups_by_sorting(seed: int) -> None:
    """Numbering equal keys by looking them up among the last scan's keys gives the same groups."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 500))
    pool = rng.integers(0, 2**64 - 1, size=max(2, n // 2), dtype=np.uint64)
    keys = rng.choice(pool, size=n)
    eligible = rng.random(n) < 0.8
    last = np.unique(np.concatenate((rng.choice(pool, size=n // 2), rng.integers(0, 2**64 - 1, 20, np.uint64))))
    sorted_groups = Groups(keys, eligible)
    expected = {name: getattr(sorted_groups, name).tolist() for name in _reference_groups(keys, eligible)}
    warm = Groups(keys, eligible)
    group_of_key, new = warm.known_groups(last)
    assert {name: getattr(warm, name).tolist() for name in expected} == expected
    assert warm.key_index().tolist() == sorted_groups.key_index().tolist()
    present = warm.find(last)
    assert group_of_key.tolist() == present.tolist()
    assert new.tolist() == np.flatnonzero(~np.isin(warm.keys_of(np.arange(warm.count)), last)).tolist()


@pytest.mark.parametrize(("seed", "sliced"), [(0, True), (1, True), (2, False), (3, False)])
def test_key_positions_from_the_changes_equal_the_sorted_keys(
    seed: int, sliced: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys present and their groups' places, found from the keys gone and new (slice by slice, or
    by one delete and insert when they are many), equal those of the sorted keys."""
    if not sliced:
        monkeypatch.setattr(groups_module, "_SLICED_CHANGES", 0)
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**64 - 1, size=300, dtype=np.uint64)
    last = np.unique(rng.choice(pool, size=200))
    keys = np.concatenate((rng.choice(pool, size=250), pool[:3], [pool[-1]], [last[0], last[-1]]))
    eligible = rng.random(keys.size) < 0.9
    eligible[-6:] = True  # the first and last of the keys and of the known ones take part
    warm = Groups(keys, eligible)
    warm.known_groups(last)
    wanted = rng.integers(0, warm.count, size=50)
    found_keys, positions = warm.key_positions(wanted)
    assert found_keys.tolist() == Groups(keys, eligible).sorted_keys.tolist() == warm.sorted_keys.tolist()
    assert positions.tolist() == warm.key_index()[wanted].tolist()


@pytest.mark.parametrize(("seed", "how"), [(0, "rows"), (1, "rows"), (2, "keys"), (3, "built")])
def test_new_key_rows_are_the_first_rows_of_the_new_groups(seed: int, how: str) -> None:
    """The rows a warm search starts from before the groups are laid out (each new key's first row, and
    which rows have a new key) are those of the new groups :meth:`Groups.known_groups` gives after."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**64 - 1, size=200, dtype=np.uint64)
    last_rows = rng.choice(pool[:150], size=300)
    last = np.unique(last_rows)
    keys = np.concatenate((last_rows[:100], rng.choice(pool, size=60), last_rows[140:], pool[150:155]))
    eligible = rng.random(keys.size) < 0.9
    rows = (last_rows, np.searchsorted(last, last_rows)) if how == "rows" else None
    warm = Groups(keys, eligible)
    if how == "built":
        assert warm.count  # laid out by sorting first
    query_rows, new_row = warm.new_key_rows(last, rows)
    _, new_groups = warm.known_groups(last, rows)
    assert new_groups.size and query_rows.tolist() == warm.first[new_groups].tolist()
    assert new_row.tolist() == np.isin(warm.group_of, new_groups).tolist()
    assert new_row.tolist() == (~np.isin(warm.row_keys, last)).tolist()
