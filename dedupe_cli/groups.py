"""Groups of paragraphs with equal normalised-text keys, numbered by first appearance.

A scan from scratch finds them with one sort of the keys. A warm re-scan knows the last
scan's keys (sorted, in the scan state): looking each key up among them (a bucket table
on the keys' top bits, since keys are uniform hashes) numbers the equal keys without
sorting a million keys again, and only the keys that repeat are sorted. When the last scan's
rows are known too (each row's key and its key's place), rows that kept their key take its
place from there (a key's place depends on its value alone), walking both in runs; only the
other rows are looked up.
"""

from __future__ import annotations

import numpy as np

from dedupe_cli.alignment import aligned
from dedupe_cli.arrays import lookup

_U64 = np.uint64


class _Built:
    """An array of the groups' layout, which is found on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = "_" + name

    def __get__(self, groups: Groups, owner: type | None = None) -> np.ndarray:
        groups._build()
        value: np.ndarray = getattr(groups, self.name)
        return value


class Groups:
    """Groups of eligible units with equal keys, numbered by first appearance.

    The groups are found on first use, by sorting the keys, unless
    :meth:`known_groups` found them first from the last scan's keys.

    Args:
        keys: per unit, its normalised-text key.
        eligible: per unit, whether it is long enough to be matched (band rows are the
            eligible units, in order).
    """

    def __init__(self, keys: np.ndarray, eligible: np.ndarray) -> None:
        self._keys = keys
        self._eligible = eligible
        self._built = False
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None
        self._known: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # known keys, new keys, group ids
        self._group_of_known: np.ndarray | None = None  # per known key, its group (-1: gone); read-only
        self._values: np.ndarray | None = None  # per band row, its key
        self._row_ids: np.ndarray | None = None  # per band row, its known key's place (new keys after them)
        self._row_places: np.ndarray | None = None
        self._id_shift: np.ndarray | None = None  # per key id, its position in sorted_keys less the id
        self._changed: tuple[np.ndarray, np.ndarray] | None = None  # known keys gone, new keys' places
        self._ends: np.ndarray | None = None
        # before the layout: the known keys, and their ids, new keys and new keys' first rows (new_key_rows)
        self._ids: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    #: per group, how many units it has
    sizes = _Built()
    #: per group, the end of its units in :attr:`members` (cumulative sizes)
    ends = _Built()
    #: per group, its first band row
    first = _Built()
    #: per band row (eligible unit), its group
    group_of = _Built()
    #: the units of every group, group after group, each group's in order
    members = _Built()

    @property
    def sorted_keys(self) -> np.ndarray:
        """The keys present, sorted."""
        return self._key_order()[0]

    @property
    def group_at(self) -> np.ndarray:
        """The group of each of :attr:`sorted_keys`."""
        return self._key_order()[1]

    @property
    def row_keys(self) -> np.ndarray:
        """Per band row (eligible unit, in order), its key."""
        if self._values is None:
            self._values = self._keys[self._eligible]
        return self._values

    def row_positions(self) -> np.ndarray:
        """Per band row, the position of its key in :attr:`sorted_keys` (found once, read-only).

        After a build from the known keys, a known key's position is moved by the keys gone
        and new before it: one pass over a table of those moves, no search.
        """
        if self._row_places is None:
            if self._known is None or self._row_ids is None:
                places = self.key_index()[self.group_of]
            else:
                places = self._id_places().take(self._row_ids)
                places += self._row_ids
            places.flags.writeable = False
            self._row_places = places
        return self._row_places

    def _id_places(self) -> np.ndarray:
        """After a build from the known keys: per key id (the known keys', then the new ones'), its
        position in :attr:`sorted_keys` less the id (found once).

        A known key's position is moved by the keys gone and new before it: one pass over a
        table of those moves, no search.
        """
        if self._id_shift is None:
            assert self._known is not None
            gone, ins = self._changes()
            known, new_keys = self._known[0].size, self._known[1].size
            shift = np.zeros(known + new_keys + 1, dtype=np.int64)
            np.add.at(shift, ins, 1)  # a known key moves up past each new key at or before it
            np.add.at(shift, gone + 1, -1)  # and down past each key gone before it
            np.cumsum(shift[:known], out=shift[:known])
            shift[known:-1] = ins - np.searchsorted(gone, ins) - known  # new key f: its place less its id
            self._id_shift = shift
        return self._id_shift

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
        key_of_group = np.empty(self.count, dtype=_U64)
        key_of_group[self.group_at] = self.sorted_keys
        keys: np.ndarray = key_of_group[groups]
        return keys

    def key_index(self) -> np.ndarray:
        """Per group, the position of its key in :attr:`sorted_keys`."""
        index = np.empty(self.count, dtype=np.int64)
        index[self.group_at] = np.arange(self.count)
        return index

    def key_positions(self, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`sorted_keys`, and the position there of the key of each of ``groups``.

        After a build from the known keys, both come from what changed: the keys present are
        the known ones less those gone plus the new ones (copied between the changes), and a
        key's position is its known one moved by the changes before it, so nothing is
        scattered or inserted over all the groups.
        """
        if self._known is None or self._sorted is not None:
            return self.sorted_keys, self.key_index()[groups]
        known_keys, new_keys, ids = self._known
        gone, ins = self._changes()
        wanted = ids[groups]
        return _merged(known_keys, gone, ins, new_keys), self._id_places().take(wanted) + wanted

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The group of each key, -1 where the key is not present."""
        sorted_keys = self.sorted_keys
        if sorted_keys.size == 0:
            return np.full(keys.shape, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
        return np.where(sorted_keys[pos] == keys, self.group_at[pos], -1)

    def known_groups(
        self, known_keys: np.ndarray, rows: tuple[np.ndarray, np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per key of ``known_keys`` (sorted, unique) its group (-1: gone), and the groups whose key is
        not among them; found from them without a sort when the groups are not known yet.

        ``rows``: the last scan's band rows, each one's key and that key's position in
        ``known_keys`` (the rows of this scan that kept a last row's key take its position).
        """
        if not self._built:
            self._build_from_known(known_keys, rows)
            assert self._known is not None
            ids = self._known[2]
            group_of_key = self._group_of_known_keys()
        else:
            ids = lookup(known_keys, self.keys_of(np.arange(self.count)))
            group_of_key = _group_of_key(ids, known_keys.size)
        return group_of_key, np.flatnonzero(_outside(ids, known_keys.size))

    def _group_of_known_keys(self) -> np.ndarray:
        """Per known key, its group (-1: gone), after a build from the known keys (found once, read-only)."""
        if self._group_of_known is None:
            assert self._known is not None
            found = _group_of_key(self._known[2], self._known[0].size)
            found.flags.writeable = False
            self._group_of_known = found
        return self._group_of_known

    def _changes(self) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the known keys gone, and of the known key each new key goes before (found once)."""
        if self._changed is None:
            assert self._known is not None
            gone = np.flatnonzero(self._group_of_known_keys() < 0)
            self._changed = gone, np.searchsorted(self._known[0], self._known[1])
        return self._changed

    def _build(self) -> None:
        if not self._built:
            self._build_sorted()

    def _set(
        self, first: np.ndarray, sizes: np.ndarray, ends: np.ndarray, group_of: np.ndarray, place: np.ndarray
    ) -> None:
        """Keep the layout: each group's first band row, size and end in :attr:`members`, each band
        row's group and place there (``place`` may be overwritten)."""
        rows = np.flatnonzero(self._eligible)
        self._first, self._sizes, self._ends, self._group_of = first, sizes, ends, group_of
        self._members = np.empty(rows.size, dtype=np.int64)
        self._members[place] = rows
        self._built = True

    def _build_sorted(self) -> None:
        values = self.row_keys
        perm = np.argsort(values, kind="stable")  # the one sort: equal keys together, in row order
        ordered = values[perm]
        new_key = np.ones(values.size, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=new_key[1:])
        starts = np.flatnonzero(new_key)
        key_of = np.cumsum(new_key) - 1  # per sorted position, its key's number in key order
        first_row = perm[starts]
        # groups are numbered by first appearance: count the first occurrences in row order
        is_first = np.zeros(values.size, dtype=bool)
        is_first[first_row] = True
        rank = (np.cumsum(is_first) - 1)[first_row]
        sizes = np.empty(starts.size, dtype=np.int64)
        sizes[rank] = np.diff(np.append(starts, values.size))
        first = np.empty(starts.size, dtype=np.int64)
        first[rank] = first_row
        group_of = np.empty(values.size, dtype=np.int64)
        group_of[perm] = rank[key_of]
        ends = np.cumsum(sizes)
        place = np.empty(values.size, dtype=np.int64)
        place[perm] = (ends - sizes)[rank[key_of]] + np.arange(values.size) - starts[key_of]
        self._set(first, sizes, ends, group_of, place)
        self._sorted = (ordered[starts], rank)

    def new_key_rows(
        self, known_keys: np.ndarray, rows: tuple[np.ndarray, np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The first band row of each key not among ``known_keys`` (in row order: those of the groups
        :meth:`known_groups` gives as new, in order), and per band row whether its key is new.

        Found before the groups when they are not known yet (the keys' ids alone), so that a
        search for the new keys can go on while :meth:`known_groups` lays the groups out; from the
        groups when a caller laid them out first.
        """
        if self._built:
            _, new_groups = self.known_groups(known_keys, rows)
            asked = np.zeros(self.count, dtype=bool)
            asked[new_groups] = True
            return self.first[new_groups], asked[self.group_of]
        ids, _, first_rows = self._ids_for(known_keys, rows)
        return first_rows, _outside(ids, known_keys.size)

    def _ids_for(
        self, known_keys: np.ndarray, rows: tuple[np.ndarray, np.ndarray] | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_key_ids` of ``known_keys``, found once for both the new keys' search and the build."""
        if self._ids is None or self._ids[0] is not known_keys:
            self._ids = (known_keys, *self._key_ids(known_keys, rows))
        return self._ids[1], self._ids[2], self._ids[3]

    def _key_ids(
        self, known_keys: np.ndarray, rows: tuple[np.ndarray, np.ndarray] | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per band row its key's id (its place in ``known_keys``, or a new key's place among the new
        ones after them), the new keys (sorted), and the first row of each new key, in row order."""
        values = self.row_keys
        if rows is None or not rows[0].size:
            ids = lookup(known_keys, values)
        else:
            ids = np.empty(values.size, dtype=np.int64)
            aligned(values, rows[0], rows[1], ids)
            missed = np.flatnonzero(ids < 0)
            ids[missed] = lookup(known_keys, values[missed])
        fresh = np.flatnonzero(ids < 0)
        new_keys, first, inverse = np.unique(values[fresh], return_index=True, return_inverse=True)
        ids[fresh] = known_keys.size + inverse.ravel()  # a new key: numbered after the known ones
        return ids, new_keys, np.sort(fresh[first])

    def _build_from_known(self, known_keys: np.ndarray, rows: tuple[np.ndarray, np.ndarray] | None) -> None:
        values = self.row_keys
        ids, new_keys, _ = self._ids_for(known_keys, rows)
        self._ids = None
        repeated = np.bincount(ids, minlength=known_keys.size + new_keys.size) > 1
        dup = np.flatnonzero(repeated[ids])  # rows whose key repeats: only these are sorted
        order = np.argsort(ids[dup], kind="stable")
        sorted_ids = ids[dup][order]
        run_start = np.ones(dup.size, dtype=bool)
        np.not_equal(sorted_ids[1:], sorted_ids[:-1], out=run_start[1:])
        starts = np.flatnonzero(run_start)
        run = np.cumsum(run_start) - 1
        occurrence = np.empty(dup.size, dtype=np.int64)
        occurrence[order] = np.arange(dup.size) - starts[run]
        lead_row = np.empty(dup.size, dtype=np.int64)
        lead_row[order] = dup[order[starts]][run]  # per repeated row, the first row of its key
        later = occurrence > 0
        is_first = np.ones(values.size, dtype=bool)
        is_first[dup[later]] = False
        group_of = np.cumsum(is_first)
        group_of -= 1  # in place: each new array of a million rows costs page faults
        group_of[dup[later]] = group_of[lead_row[later]]
        first = np.flatnonzero(is_first)
        del is_first
        sizes = np.ones(first.size, dtype=np.int64)
        sizes[group_of[dup[order[starts]]]] = np.diff(np.append(starts, dup.size))
        ends = np.cumsum(sizes)
        # a row's place in members: its group's end less one (one row), or its group's start and occurrence
        place = ends.take(group_of)
        place -= 1
        place[dup] += occurrence + 1 - sizes[group_of[dup]]
        self._set(first, sizes, ends, group_of, place)
        self._known = (known_keys, new_keys, ids[first])
        self._row_ids = ids

    def _key_order(self) -> tuple[np.ndarray, np.ndarray]:
        """The keys present, sorted, and the group of each."""
        if self._sorted is None:
            if self._known is None:
                self._build_sorted()  # the layout and the sorted keys from one sort
            else:
                self._sorted = self._merged_keys()
        assert self._sorted is not None
        return self._sorted

    def _merged_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """The known keys still present merged with the new ones, and their groups (after a build from
        the known keys)."""
        assert self._known is not None
        known_keys, new_keys, ids = self._known
        new_groups = np.empty(new_keys.size, dtype=np.int64)
        fresh = np.flatnonzero(ids >= known_keys.size)
        new_groups[ids[fresh] - known_keys.size] = fresh  # a new key's id is its place among the new keys
        gone, ins = self._changes()
        return _merged(known_keys, gone, ins, new_keys), _merged(self._group_of_known_keys(), gone, ins, new_groups)


#: Most changes (keys gone or new) for which merged keys are copied slice by slice.
_SLICED_CHANGES = 4096


def _merged(keys: np.ndarray, gone: np.ndarray, ins: np.ndarray, new_keys: np.ndarray) -> np.ndarray:
    """The sorted ``keys`` without those at ``gone`` (sorted positions) and with ``new_keys`` (sorted, none
    among them) inserted, ``ins`` giving each one's place in ``keys``."""
    if gone.size + new_keys.size > _SLICED_CHANGES:
        kept = np.delete(keys, gone)
        return np.insert(kept, ins - np.searchsorted(gone, ins), new_keys)
    out = np.empty(keys.size - gone.size + new_keys.size, dtype=keys.dtype)
    # the changes in order of place, a new key before a gone one at the same place
    events = sorted([(p, 0, j) for j, p in enumerate(ins.tolist())] + [(p, 1, 0) for p in gone.tolist()])
    src = dst = 0
    for place, kind, j in events:
        out[dst : dst + place - src] = keys[src:place]
        dst += place - src
        src = place
        if kind:
            src += 1  # a key gone
        else:
            out[dst] = new_keys[j]
            dst += 1
    out[dst:] = keys[src:]
    return out


def _group_of_key(ids: np.ndarray, known: int) -> np.ndarray:
    """Per known key, the group whose id it is (-1: none), from each group's id (new keys' ids are ``known`` on)."""
    if ids.size and int(ids.min()) >= 0:  # every group has an id: one scatter, the new keys' places dropped after
        every = np.full(max(known, int(ids.max()) + 1), -1, dtype=np.int64)
        every[ids] = np.arange(ids.size)
        return every[:known]
    group_of_key = np.full(known, -1, dtype=np.int64)
    old = np.flatnonzero(ids.view(_U64) < _U64(known))  # (negative ids, as unsigned, are above)
    group_of_key[ids[old]] = old
    return group_of_key


def _outside(ids: np.ndarray, known: int) -> np.ndarray:
    """Per id, whether it is not that of a known key (negative, or ``known`` on): one comparison of the
    ids as unsigned, so no further arrays of a million rows are made."""
    outside: np.ndarray = ids.view(_U64) >= _U64(known)
    return outside
