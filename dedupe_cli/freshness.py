"""Which files the scan state still holds and which must be read again.

A file is taken from the state when its size and modification time are what they were
when it was read, or, when only the time changed, its content digest is the same.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import numpy as np

from dedupe_cli.arrays import file_runs
from dedupe_cli.bandsearch import BandRange
from dedupe_cli.cache import content_hash
from dedupe_cli.discover import FileList
from dedupe_cli.early import Stats, stat_here
from dedupe_cli.filetable import FileColumns
from dedupe_cli.model import Problem, Severity
from dedupe_cli.reread import Before, ToRead
from dedupe_cli.state import FileRows, Part, Piece, Stored
from dedupe_cli.workers import display_path, where_of

__all__ = ["Assembled", "Plan", "Planned", "assemble", "plan_files", "runs", "stat_files"]


#: Where a file is taken from: a stored part and its file number there (with the file's
#: size and mtime now), or None and its number among the files read in this run.
Planned = tuple[Part | None, int, int, int]


@dataclass(eq=False)
class Plan(Sequence[Planned]):
    """Where each file is taken from, as columns (as a sequence: one :data:`Planned` per file).

    Attributes:
        parts: the stored segments, in the state's order.
        segments: per file, its segment's number in ``parts``, -1 when it is read in this run.
        numbers: per file, its number in its segment, or among the files read in this run.
        sizes, mtimes: per file taken from the state, its size and mtime_ns now (0 for the others).
        paths: per file, its shown path.
        digests: per file taken from the state, its content digest ("" for the others).
        fresh: the numbers of the files read in this run, in order.
    """

    parts: list[Part]
    segments: np.ndarray
    numbers: np.ndarray
    sizes: np.ndarray
    mtimes: np.ndarray
    paths: list[str]
    digests: Sequence[str]
    fresh: np.ndarray

    def __len__(self) -> int:
        return int(self.segments.size)

    @overload
    def __getitem__(self, index: int) -> Planned: ...

    @overload
    def __getitem__(self, index: slice) -> list[Planned]: ...

    def __getitem__(self, index: int | slice) -> Planned | list[Planned]:
        return self._rows[index]

    def __iter__(self) -> Iterator[Planned]:
        return iter(self._rows)

    @functools.cached_property
    def _rows(self) -> list[Planned]:
        source: list[Part | None] = [self.parts[g] if g >= 0 else None for g in self.segments.tolist()]
        rows = zip(source, self.numbers.tolist(), self.sizes.tolist(), self.mtimes.tolist(), strict=True)
        return list(rows)


def plan_files(files: Sequence[Path], stored: Stored | None) -> tuple[Plan, list[Path]]:
    """Which files the state still holds (same size and time, or same content) and which must be read.

    One ``stat`` per file and no other system call (made by the child process that found the
    files, when the command began discovery early: :mod:`dedupe_cli.early`); for a :class:`FileList`
    (what discovery gives) no :class:`~pathlib.Path` either but for the files to read.
    The sizes and times are compared with the state's as arrays. The files to read are a
    :class:`ToRead` that tells where the state holds each one's last reading.
    """
    cwd = os.getcwd()
    listed, groups = _groups(files, cwd)
    if stored is None:
        listed.early_stats(wanted=False)
        paths = [shown + name for shown, _, names in groups for name in names]
        count = len(paths)
        zeros, every = np.zeros(count, dtype=np.int64), np.arange(count)
        return Plan([], np.full(count, -1), every, zeros, zeros, paths, [""] * count, every), list(files)
    order = stored.order
    found = order.rows([(shown, names) for shown, _, names in groups])
    # the state's files in its order: their shown paths are the state's (no string is built again)
    paths = order.paths if isinstance(found, range) else [shown + name for shown, _, names in groups for name in names]
    rows = np.arange(len(order)) if isinstance(found, range) else np.array(found, dtype=np.int64)
    begun = listed.early_stats()
    if begun is not None and len(begun[0]) == len(rows):
        sizes, mtimes, failed = _arrays(begun)
    else:
        sizes, mtimes, failed = stat_files([prefix + name for _, prefix, names in groups for name in names])
    known = rows >= 0
    at = np.where(known, rows, 0)
    columns = order.numbers if len(order) else np.zeros((4, 1), dtype=np.int64)  # an empty table: none known
    sizes_then, mtimes_then, segments, numbers = (column[at] for column in columns)
    same = known & (sizes == sizes_then)
    same[failed] = False  # read again: the loader says what is wrong
    for i in np.flatnonzero(same & (mtimes != mtimes_then)).tolist():
        same[i] = _same_content(files[i], order.digests[rows[i]], cwd, paths[i])
    fresh = np.flatnonzero(~same)
    parts = [stored.parts[name] for name in stored.segments]
    before: list[Before] = [
        (parts[g], n) if ok else None
        for ok, g, n in zip(known[fresh].tolist(), segments[fresh].tolist(), numbers[fresh].tolist(), strict=True)
    ]
    segments[fresh] = -1
    numbers[fresh] = np.arange(fresh.size)
    sizes[fresh] = 0
    mtimes[fresh] = 0
    digests = order.digests if isinstance(found, range) else [order.digests[r] if r >= 0 else "" for r in found]
    if fresh.size:
        digests = list(digests)
        for i in fresh.tolist():
            digests[i] = ""
    plan = Plan(parts, segments, numbers, sizes, mtimes, paths, digests, fresh)
    return plan, ToRead([files[i] for i in fresh.tolist()], before)


@dataclass
class Assembled:
    """All files' pieces in order, with what the scan state and the report need of them.

    Attributes:
        pieces: the blocks, signatures and infos of the files, runs of one part at a time.
        ranges: where each piece's band keys are.
        order: the files as the state's file table keeps them.
        problems: the files' load problems in file order, each with whether its file was taken from the state.
    """

    pieces: list[Piece]
    ranges: list[BandRange]
    order: FileRows
    problems: list[tuple[Problem, bool]]


def assemble(plan: Plan, chunks: Sequence[Part]) -> Assembled:
    """The pieces of all files in order (``chunks``: the parts read in this run, holding the
    plan's fresh files in order), the state's file order and the files' problems."""
    fresh = plan.fresh
    starts = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([len(c.infos) for c in chunks], out=starts[1:])
    if starts[-1] != fresh.size:
        raise ValueError("the chunks do not hold the files to read")
    k = np.arange(fresh.size)
    chunk_of = np.searchsorted(starts, k, side="right") - 1
    segments, numbers = plan.segments.copy(), plan.numbers.copy()
    segments[fresh] = len(plan.parts) + chunk_of
    numbers[fresh] = k - starts[chunk_of]
    sources = [*plan.parts, *chunks]
    pieces, ranges = runs(sources, segments, numbers)
    read = FileColumns.join([c.infos for c in chunks])
    sizes, mtimes, paths, digests = plan.sizes.copy(), plan.mtimes.copy(), plan.paths, plan.digests
    if fresh.size:
        sizes[fresh], mtimes[fresh] = read.sizes, read.mtimes
        paths, digests = list(paths), list(digests)
        for i, path, digest in zip(fresh.tolist(), read.paths, read.digests, strict=True):
            paths[i], digests[i] = path, digest
    names = [part.name for part in plan.parts]
    kept = [names[g] if g >= 0 else "" for g in plan.segments.tolist()]
    order = FileRows(paths, sizes, mtimes, kept, plan.numbers, digests)
    return Assembled(pieces, ranges, order, _problems(sources, segments, numbers, len(plan.parts)))


def runs(sources: Sequence[Part], segments: np.ndarray, numbers: np.ndarray) -> tuple[list[Piece], list[BandRange]]:
    """The pieces of files given by their part (a number in ``sources``) and file number there, runs of
    consecutive files of one part taken at once, and where their band keys are."""
    pieces: list[Piece] = []
    ranges: list[BandRange] = []
    for g, first, length in file_runs(segments, numbers):
        part, last = sources[g], first + length
        block, signed = part.take(first, last)
        pieces.append((block, signed, part.infos[first:last]))
        ranges.append((part.signed.bands, int(part.elig_bounds[first]), int(part.elig_bounds[last])))
    return pieces, ranges


def _problems(
    sources: Sequence[Part], segments: np.ndarray, numbers: np.ndarray, stored: int
) -> list[tuple[Problem, bool]]:
    """The load problems of the files in order (the few files that have some are looked up), each with
    whether it comes from one of the first ``stored`` sources (the state)."""
    found: list[tuple[int, Problem, bool]] = []
    for g, part in enumerate(sources):
        listed = part.infos.problems()  # by number in the part
        if not listed:
            continue
        at = np.flatnonzero(segments == g)
        wanted = np.isin(numbers[at], np.fromiter(listed, dtype=np.int64, count=len(listed)))
        for i in at[wanted].tolist():
            n = int(numbers[i])
            path, from_state = part.infos.columns.paths[part.infos.start + n], g < stored
            found.extend((i, Problem(path, m, line, Severity(sev)), from_state) for m, line, sev in listed[n])
    found.sort(key=lambda item: item[0])
    return [(problem, from_state) for _, problem, from_state in found]


def stat_files(names: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Per file, its size and mtime_ns (0 when it cannot be stat'ed), and the numbers of those that
    cannot; in this process (see :func:`dedupe_cli.early.stat_names` for why)."""
    return _arrays(stat_here(names))


def _arrays(stats: Stats) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """:data:`Stats` with numpy arrays (which share the stats' memory)."""
    sizes, mtimes, failed = stats
    return np.frombuffer(sizes, dtype=np.int64), np.frombuffer(mtimes, dtype=np.int64), failed


def _groups(files: Sequence[Path], cwd: str) -> tuple[FileList, list[tuple[str, str, list[str]]]]:
    """The files as a :class:`FileList` (for one, itself) and folder by folder: the folder's prefix as
    reports show it and as the system takes it, and the names of its files."""
    listed = files if isinstance(files, FileList) else FileList([(path.parent, [path.name]) for path in files])
    return listed, [
        (display_path(folder / "-", cwd)[:-1], prefix, names)
        for prefix, (folder, names) in zip(listed.prefixes(), listed.groups, strict=True)
    ]


def _same_content(path: Path, digest: str, cwd: str, display: str) -> bool:
    """Whether the file's content digest is ``digest`` (not when there is none or it cannot be read);
    ``cwd`` and ``display``: the working directory and the file's shown path."""
    if not digest:
        return False
    try:
        return content_hash(path.read_bytes(), where_of(path, cwd, display)) == digest
    except OSError:
        return False
