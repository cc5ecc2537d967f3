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

from dedupe_cli.arrays import byte_view, run_positions
from dedupe_cli.articles import Block
from dedupe_cli.reread import Before
from dedupe_cli.state import Part


def same_units(before: Sequence[Before], parts: Sequence[Part]) -> dict[str, np.ndarray]:
    """Per file read in this run whose articles are those of its last reading, by shown path: per unit of
    it (in order), whether it stands as the unit at its place did.

    ``parts`` hold the files read in this run, in order; ``before`` per such file its last
    reading in the scan state, or None. The units of all files are compared at once, per pair
    of arrays they come from (numpy calls per file cost more than the comparisons).
    """
    out: dict[str, np.ndarray] = {}
    runs: dict[tuple[int, int], _Runs] = {}
    files = ((part, number, path) for part in parts for number, path in enumerate(part.infos.paths()))
    for (part, number, path), held in zip(files, before, strict=True):
        if held is not None and isinstance(held[0], Part):
            flags = _runs_of(held[0], held[1], part, number, runs)
            if flags is not None:
                out[path] = flags
    for found in runs.values():
        found.compare()
    return out


class _Runs:
    """The runs of units to compare between one old and one new array of units: per run, its first
    unit in each, its length, and the flags it fills."""

    def __init__(self, old: Block, new: Block) -> None:
        self.old, self.new = old, new
        self.then: list[int] = []
        self.here: list[int] = []
        self.count: list[int] = []
        self.flags: list[np.ndarray] = []

    def compare(self) -> None:
        """Fill every run's flags: the same bytes, kind and lines."""
        old, new = self.old, self.new
        then = np.array(self.then, dtype=np.int64)
        here = np.array(self.here, dtype=np.int64)
        count = np.array(self.count, dtype=np.int64)
        at_then, at_now = run_positions(then, count), run_positions(here, count)
        sizes = new.offsets[at_now + 1] - new.offsets[at_now]
        alike: np.ndarray = (
            (old.offsets[at_then + 1] - old.offsets[at_then] == sizes)
            & (old.kinds[at_then] == new.kinds[at_now])
            & (old.lines[at_then] == new.lines[at_now]).all(axis=1)
        )
        old_view, new_view = byte_view(old.text), byte_view(new.text)
        ends = np.cumsum(count).tolist()
        starts_then, starts_now = old.offsets[then].tolist(), new.offsets[here].tolist()
        stops_then = old.offsets[then + count].tolist()
        for k, flags in enumerate(self.flags):
            run = alike[ends[k] - flags.size : ends[k]]
            # compared as bytes: memoryviews compare byte by byte in Python's own loop (40x slower at 8 KB)
            if run.all() and _same_bytes(old_view, starts_then[k], stops_then[k], new_view, starts_now[k]):
                flags[:] = True  # usually: one comparison for the whole run
                continue
            a, b = int(self.then[k]), int(self.here[k])
            for j in np.flatnonzero(run).tolist():
                t0, t1 = int(old.offsets[a + j]), int(old.offsets[a + j + 1])
                run[j] = _same_bytes(old_view, t0, t1, new_view, int(new.offsets[b + j]))
            flags[:] = run


def _runs_of(old: Part, was: int, new: Part, now: int, runs: dict[tuple[int, int], _Runs]) -> np.ndarray | None:
    """The flags of file ``now`` of ``new`` (False until compared), its runs of units at their places
    in file ``was`` of ``old`` added to ``runs``; None when the files' articles differ."""
    a0, a1 = int(old.art_bounds[was]), int(old.art_bounds[was + 1])
    b0, b1 = int(new.art_bounds[now]), int(new.art_bounds[now + 1])
    if a1 - a0 != b1 - b0 or old.block.meta[a0:a1] != new.block.meta[b0:b1]:
        return None
    then, here = int(old.unit_bounds[was]), int(new.unit_bounds[now])
    flags = np.zeros(int(new.unit_bounds[now + 1]) - here, dtype=bool)
    found = runs.get((id(old.block), id(new.block)))
    if found is None:
        found = runs[(id(old.block), id(new.block))] = _Runs(old.block, new.block)
    at = 0
    for count_then, count_now in zip(old.block.units[a0:a1].tolist(), new.block.units[b0:b1].tolist(), strict=True):
        common = min(count_then, count_now)
        if common:
            found.then.append(then)
            found.here.append(here)
            found.count.append(common)
            found.flags.append(flags[at : at + common])
        then, here, at = then + count_then, here + count_now, at + count_now
    return flags


def _same_bytes(old: memoryview, start: int, stop: int, new: memoryview, at: int) -> bool:
    """Whether ``old[start:stop]`` equals as many bytes of ``new`` from ``at``."""
    return old[start:stop].tobytes() == new[at : at + stop - start].tobytes()
