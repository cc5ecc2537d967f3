"""Which units of a file read again stand as they were: the same text, kind and lines at the same place.

A warm re-scan builds again only the findings an edit can change (:mod:`dedupe_cli.reuse`).
An edit usually leaves most of a file alone (a correction of one paragraph, an update
appended), and a finding whose members in the file cover only units that stand as they
were reports them exactly as before. So per file read again whose articles are those of
its last reading (as many, with the same metadata), this tells, per unit, whether the unit
at its place in its article has the same text, kind and lines as the unit the last reading
had there. A file whose articles differ is left out: everything in it counts as changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dedupe_cli.arrays import byte_view
from dedupe_cli.articles import Block
from dedupe_cli.reread import Before
from dedupe_cli.state import Part


def same_units(before: Sequence[Before], parts: Sequence[Part]) -> dict[str, np.ndarray]:
    """Per file read in this run whose articles are those of its last reading, by shown path: per unit of
    it (in order), whether it stands as the unit at its place did.

    ``parts`` hold the files read in this run, in order; ``before`` per such file its last
    reading in the scan state, or None.
    """
    out: dict[str, np.ndarray] = {}
    files = ((part, number, path) for part in parts for number, path in enumerate(part.infos.paths()))
    for (part, number, path), held in zip(files, before, strict=True):
        if held is not None and isinstance(held[0], Part):
            flags = _compare(held[0], held[1], part, number)
            if flags is not None:
                out[path] = flags
    return out


def _compare(old: Part, was: int, new: Part, now: int) -> np.ndarray | None:
    """Per unit of file ``now`` of ``new``, whether it equals the unit at its place in file ``was`` of
    ``old`` (None: the files' articles differ)."""
    a0, a1 = int(old.art_bounds[was]), int(old.art_bounds[was + 1])
    b0, b1 = int(new.art_bounds[now]), int(new.art_bounds[now + 1])
    if a1 - a0 != b1 - b0 or old.block.meta[a0:a1] != new.block.meta[b0:b1]:
        return None
    then, here = int(old.unit_bounds[was]), int(new.unit_bounds[now])
    flags = np.zeros(int(new.unit_bounds[now + 1]) - here, dtype=bool)
    at = 0
    old_view, new_view = byte_view(old.block.text), byte_view(new.block.text)
    for count_then, count_now in zip(old.block.units[a0:a1].tolist(), new.block.units[b0:b1].tolist(), strict=True):
        common = min(count_then, count_now)
        if common:
            flags[at : at + common] = _same_run(old.block, old_view, then, new.block, new_view, here, common)
        then, here, at = then + count_then, here + count_now, at + count_now
    return flags


def _same_run(
    old: Block, old_view: memoryview, then: int, new: Block, new_view: memoryview, here: int, count: int
) -> np.ndarray:
    """Per unit of ``count`` from unit ``here`` of ``new``, whether it equals the unit as many places on
    from unit ``then`` of ``old``: the same bytes, kind and lines."""
    starts_then = old.offsets[then : then + count + 1]
    starts_now = new.offsets[here : here + count + 1]
    sizes = np.diff(starts_now)
    alike: np.ndarray = (
        (np.diff(starts_then) == sizes)
        & (old.kinds[then : then + count] == new.kinds[here : here + count])
        & (old.lines[then : then + count] == new.lines[here : here + count]).all(axis=1)
    )
    t0, t1, n0, n1 = int(starts_then[0]), int(starts_then[-1]), int(starts_now[0]), int(starts_now[-1])
    if alike.all() and old_view[t0:t1] == new_view[n0:n1]:
        return alike  # usually: one comparison for the whole article
    offsets_then, offsets_now, lengths = starts_then.tolist(), starts_now.tolist(), sizes.tolist()
    for k in np.flatnonzero(alike).tolist():
        a, b = offsets_then[k], offsets_now[k]
        alike[k] = old_view[a : a + lengths[k]] == new_view[b : b + lengths[k]]
    return alike
