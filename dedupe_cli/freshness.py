"""Which files the scan state still holds and which must be read again.

A file is taken from the state when its size and modification time are what they were
when it was read, or, when only the time changed, its content digest is the same.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dedupe_cli.cache import content_hash
from dedupe_cli.state import Part, Stored
from dedupe_cli.workers import display_path, where_of

__all__ = ["Planned", "plan_files"]


#: Where a file is taken from: a stored part and its file number there (with the file's
#: size and mtime now), or None and its number among the files read in this run.
Planned = tuple[Part | None, int, int, int]


def plan_files(files: Sequence[Path], stored: Stored | None) -> tuple[list[Planned], list[Path]]:
    """Which files the state still holds (same size and time, or same content) and which must be read."""
    plan: list[Planned] = []
    fresh: list[Path] = []
    cwd = os.getcwd()
    for path in files:
        known = stored.files.get(display_path(path, cwd)) if stored is not None else None
        if known is not None and stored is not None:
            try:
                st = os.stat(path)
                now = (st.st_size, st.st_mtime_ns)
                if now == known[:2] or (now[0] == known[0] and known[4] and _digest(path) == known[4]):
                    plan.append((stored.parts[known[2]], known[3], *now))
                    continue
            except OSError:
                pass  # read again: the loader says what is wrong
        plan.append((None, len(fresh), 0, 0))
        fresh.append(path)
    return plan, fresh


def _digest(path: Path) -> str:
    return content_hash(path.read_bytes(), where_of(path))
