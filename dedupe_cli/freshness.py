"""Which files the scan state still holds and which must be read again.

A file is taken from the state when its size and modification time are what they were
when it was read, or, when only the time changed, its content digest is the same.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dedupe_cli.cache import content_hash
from dedupe_cli.discover import FileList
from dedupe_cli.state import Part, Stored
from dedupe_cli.workers import display_path, where_of

__all__ = ["Planned", "plan_files"]


#: Where a file is taken from: a stored part and its file number there (with the file's
#: size and mtime now), or None and its number among the files read in this run.
Planned = tuple[Part | None, int, int, int]


def plan_files(files: Sequence[Path], stored: Stored | None) -> tuple[list[Planned], list[Path]]:
    """Which files the state still holds (same size and time, or same content) and which must be read.

    One ``stat`` per file and no other system call; for a :class:`FileList`
    (what discovery gives) no :class:`~pathlib.Path` either but for the files to read.
    """
    if stored is None:
        return [(None, n, 0, 0) for n in range(len(files))], list(files)
    groups = _groups(files, os.getcwd())
    order = stored.order
    parts = [stored.parts[name] for name in stored.segments]
    # one-by-one reads of the columns through memoryviews: no list of them to allocate
    sizes, mtimes, segments, numbers = (column.data for column in order.numbers)
    plan: list[Planned] = []
    fresh: list[Path] = []
    stat = os.stat
    where = (prefix + name for _, prefix, names in groups for name in names)
    for i, (row, name) in enumerate(zip(order.rows([(s, n) for s, _, n in groups]), where, strict=True)):
        if row >= 0:
            try:
                st = stat(name)
            except OSError:
                pass  # read again: the loader says what is wrong
            else:
                size, mtime = st.st_size, st.st_mtime_ns
                if size == sizes[row] and (mtime == mtimes[row] or _same_content(files[i], order.digests[row])):
                    plan.append((parts[segments[row]], numbers[row], size, mtime))
                    continue
        plan.append((None, len(fresh), 0, 0))
        fresh.append(files[i])
    return plan, fresh


def _groups(files: Sequence[Path], cwd: str) -> list[tuple[str, str, list[str]]]:
    """The files folder by folder: the folder's prefix as reports show it and as the system
    takes it, and the names of its files (for a :class:`FileList`, its own folders)."""
    folders = files.groups if isinstance(files, FileList) else [(path.parent, [path.name]) for path in files]
    out = []
    for folder, names in folders:
        probe = folder / "-"  # a name in the folder: what precedes it is the folder's prefix
        out.append((display_path(probe, cwd)[:-1], os.fspath(probe)[:-1], names))
    return out


def _same_content(path: Path, digest: str) -> bool:
    """Whether the file's content digest is ``digest`` (not when there is none or it cannot be read)."""
    if not digest:
        return False
    try:
        return content_hash(path.read_bytes(), where_of(path)) == digest
    except OSError:
        return False
