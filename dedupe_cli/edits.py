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

from dedupe_cli.arrays import run_positions
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
    k = 0
    for part in parts:
        paths = part.infos.paths()
        for number, path in enumerate(paths):
            held = before[k] if k < len(before) else None
            k += 1
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
    old_counts, new_counts = old.block.units[a0:a1], new.block.units[b0:b1]
    common = np.minimum(old_counts, new_counts)
    old_first = int(old.unit_bounds[was]) + np.cumsum(old_counts) - old_counts  # each article's first unit
    new_first = int(new.unit_bounds[now]) + np.cumsum(new_counts) - new_counts
    then = run_positions(old_first, common)  # the units at the same places in both readings
    here = run_positions(new_first, common)
    flags = np.zeros(int(new_counts.sum()), dtype=bool)
    if not here.size:
        return flags
    sizes_then = old.block.offsets[then + 1] - old.block.offsets[then]
    sizes_now = new.block.offsets[here + 1] - new.block.offsets[here]
    alike = (
        (sizes_then == sizes_now)
        & (old.block.kinds[then] == new.block.kinds[here])
        & (old.block.lines[then] == new.block.lines[here]).all(axis=1)
    )
    candidates = np.flatnonzero(alike)
    texts_then, texts_now = _bytes(old.block), _bytes(new.block)
    start_then, start_now = old.block.offsets[then].tolist(), new.block.offsets[here].tolist()
    sizes = sizes_now.tolist()
    same = [c for c in candidates.tolist() if _equal(texts_then, start_then[c], texts_now, start_now[c], sizes[c])]
    flags[here[same] - int(new.unit_bounds[now])] = True
    return flags


def _bytes(block: Block) -> memoryview:
    """The block's unit texts as bytes, without a copy."""
    text = block.text
    return memoryview(text) if isinstance(text, bytes) else np.ascontiguousarray(text).data.cast("B")


def _equal(a: memoryview, at: int, b: memoryview, bt: int, size: int) -> bool:
    return a[at : at + size] == b[bt : bt + size]
