"""Groups from the last scan's rows: rows that kept their key take its place; the same groups as by sorting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli import alignment, edges
from dedupe_cli.alignment import aligned
from dedupe_cli.edges import KnownPairs
from dedupe_cli.groups import Groups

_LAYOUT = ("first", "sizes", "ends", "group_of", "members")

Change = Callable[[list[np.ndarray], np.random.Generator], list[np.ndarray]]


def _edit(files: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """Some files get a paragraph changed and one appended (as the benchmark's change does)."""
    out = [f.copy() for f in files]
    for n in rng.choice(len(out), size=len(out) // 5, replace=False).tolist():
        if out[n].size:
            out[n][rng.integers(out[n].size)] = rng.integers(0, 2**64 - 1, dtype=np.uint64)
        out[n] = np.append(out[n], rng.integers(0, 2**64 - 1, dtype=np.uint64))
    return out


def _delete(files: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    gone = set(rng.choice(len(files), size=len(files) // 4, replace=False).tolist())
    return [f for n, f in enumerate(files) if n not in gone]


def _rename(files: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A few files move elsewhere in the order (a renamed file sorts elsewhere)."""
    out = list(files)
    for _ in range(3):
        out.insert(int(rng.integers(len(out))), out.pop(int(rng.integers(len(out)))))
    return out


def _copy(files: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    out = list(files)
    for _ in range(4):
        out.insert(int(rng.integers(len(out))), files[int(rng.integers(len(files)))])
    return out


def _reverse(files: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    return files[::-1]


def _corpus(rng: np.random.Generator) -> list[np.ndarray]:
    """Files of keys, some repeated across files (boilerplate and copies)."""
    pool = rng.integers(0, 2**64 - 1, size=40, dtype=np.uint64)
    files = []
    for _ in range(int(rng.integers(20, 60))):
        keys = rng.integers(0, 2**64 - 1, size=int(rng.integers(0, 40)), dtype=np.uint64)
        common = rng.random(keys.size) < 0.15
        keys[common] = rng.choice(pool, size=int(common.sum()))
        files.append(keys)
    return files


def _joined(files: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(files) if files else np.zeros(0, np.uint64)


def _known(groups: Groups) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """The keys and rows a scan keeps for the next (through the pairs file's arrays)."""
    return groups.sorted_keys, (groups.row_keys, groups.row_positions())


def _assert_same(warm: Groups, cold: Groups) -> None:
    for name in _LAYOUT:
        assert getattr(warm, name).tolist() == getattr(cold, name).tolist(), name
    assert warm.row_positions().tolist() == cold.row_positions().tolist()
    assert warm.row_keys.tolist() == cold.row_keys.tolist()


@pytest.mark.parametrize("change", [_edit, _delete, _rename, _copy, _reverse])
@pytest.mark.parametrize("seed", range(3))
def test_groups_from_the_last_rows_equal_groups_by_sorting(change: Change, seed: int) -> None:
    """Over three scans (each from the one before), every layout array, the known keys' groups and the
    rows' key places equal those found by sorting, whatever changed."""
    rng = np.random.default_rng(seed)
    files = _corpus(rng)
    keys = _joined(files)
    last = Groups(keys, rng.random(keys.size) < 0.9)
    for _ in range(2):
        known_keys, rows = _known(last)
        files = change(files, rng)
        keys = _joined(files)
        eligible = rng.random(keys.size) < 0.9
        warm, cold = Groups(keys, eligible), Groups(keys, eligible)
        group_of_key, new = warm.known_groups(known_keys, rows)
        plain = Groups(keys, eligible)
        expected_of_key, expected_new = plain.known_groups(known_keys)
        _assert_same(warm, cold)
        assert group_of_key.tolist() == expected_of_key.tolist() and new.tolist() == expected_new.tolist()
        assert warm.sorted_keys.tolist() == cold.sorted_keys.tolist()
        last = warm


@pytest.mark.parametrize("first_step", [16, None])
def test_rows_that_kept_their_key_are_not_looked_up(first_step: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row inserted or left out costs only itself: the rows around it are taken from the last ones
    (whether the walk's steps are small and grow, or start at the default)."""
    if first_step is not None:
        monkeypatch.setattr(alignment, "_FIRST_STEP", first_step)
    rng = np.random.default_rng(7)
    last_keys = rng.integers(0, 2**64 - 1, size=5000, dtype=np.uint64)
    places = np.arange(last_keys.size, dtype=np.int64) * 3
    inserted = rng.integers(0, 2**64 - 1, size=10, dtype=np.uint64)
    cuts = np.sort(rng.choice(last_keys.size, size=10, replace=False))
    values = np.insert(np.delete(last_keys, cuts[::2]), cuts, inserted)
    out = np.empty(values.size, dtype=np.int64)
    aligned(values, last_keys, places, out)
    missed = np.flatnonzero(out < 0)
    assert np.isin(values[missed], inserted).all() and missed.size == inserted.size
    found = np.flatnonzero(out >= 0)
    assert (last_keys[out[found] // 3] == values[found]).all()


def test_rows_with_no_agreement_are_all_looked_up() -> None:
    rng = np.random.default_rng(8)
    last_keys = rng.integers(0, 2**64 - 1, size=300, dtype=np.uint64)
    values = rng.integers(0, 2**64 - 1, size=200, dtype=np.uint64)
    out = np.zeros(values.size, dtype=np.int64)
    aligned(values, last_keys, np.arange(300, dtype=np.int64), out)
    assert (out == -1).all()
    aligned(values[:0], last_keys, np.arange(300, dtype=np.int64), out[:0])
    aligned(values, last_keys[:0], np.arange(0, dtype=np.int64), out)
    assert (out == -1).all()


def _saved(tmp_path: Path) -> tuple[KnownPairs, bytes]:
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 2**64 - 1, size=400, dtype=np.uint64)
    groups = Groups(keys, np.ones(keys.size, dtype=bool))
    pairs = np.array([[0, 1], [2, 5]], dtype=np.int64)
    known = KnownPairs(groups.sorted_keys, pairs, np.array([0.7, -1.0]), 0.5, groups.row_keys, groups.row_positions())
    known.save(tmp_path, "gen")
    return known, (tmp_path / edges.PAIRS_FILE).read_bytes()


def test_pairs_file_keeps_the_rows_and_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    known, whole = _saved(tmp_path)
    back = KnownPairs.load(tmp_path, "gen", 0.5)
    assert back is not None
    assert back.row_keys.tolist() == known.row_keys.tolist()
    assert back.row_places.tolist() == known.row_places.tolist()
    rows = known.row_keys.size
    places_at = len(whole) - 4 * rows
    swapped = bytearray(whole)  # two rows' places exchanged: their keys no longer stand there
    swapped[places_at : places_at + 4], swapped[places_at + 4 : places_at + 8] = (
        whole[places_at + 4 : places_at + 8],
        whole[places_at : places_at + 4],
    )
    too_far = bytearray(whole)
    too_far[-4:] = (10**6).to_bytes(4, "little")
    old = whole.replace(b"dedupe-pairs 3", b"dedupe-pairs 2", 1)
    for damaged in (bytes(swapped), bytes(too_far), old, whole[:-4], b""):
        (tmp_path / edges.PAIRS_FILE).write_bytes(damaged)
        assert KnownPairs.load(tmp_path, "gen", 0.5) is None
    known.save(tmp_path, "gen")  # an old or damaged file is replaced
    assert (tmp_path / edges.PAIRS_FILE).read_bytes() == whole
