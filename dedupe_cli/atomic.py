"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Pieces given to one ``writev`` call (Linux's IOV_MAX).
_BATCH = 1024


def _bytes_view(piece: Any) -> memoryview:
    """``piece`` as a flat view of bytes, whose ``len`` is its size."""
    view = memoryview(piece)
    return view if view.ndim == 1 and view.itemsize == 1 else view.cast("B") if view.nbytes else memoryview(b"")


def write_all(fd: int, pieces: Sequence[Any]) -> None:
    """Write the buffers ``pieces`` to ``fd``, one after the other, a batch per system call.

    A report comes in many small pieces: one ``writev`` for each batch of them costs a
    tenth of writing them through a buffered file. A short write goes on where it stopped.
    """
    views = [p if p.__class__ is bytes else _bytes_view(p) for p in pieces]
    if not hasattr(os, "writev"):
        for view in views:
            rest = memoryview(view)
            while rest:
                rest = rest[os.write(fd, rest) :]
        return
    start, count = 0, len(views)
    while start < count:
        batch = views[start : start + _BATCH]
        written = os.writev(fd, batch)
        if written == sum(map(len, batch)):
            start += len(batch)
            continue
        while written:
            size = len(views[start])
            if written >= size:
                written -= size
                start += 1
            else:
                views[start] = memoryview(views[start])[written:]
                written = 0


def write_bytes_atomic(
    path: str | Path, data: bytes | memoryview | Sequence[bytes | memoryview], durable: bool = False
) -> None:
    """Write ``data`` (or its pieces, one after the other) to ``path`` through a temporary file in the
    same directory and a rename.

    ``durable`` also flushes the file to disk before the rename (reports and baselines);
    the cache's files need not survive a crash, only never be seen half written.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            write_all(fd, [data] if isinstance(data, (bytes, memoryview)) else data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically and durably (see :func:`write_bytes_atomic`).

    A lone surrogate (from a file name that is not UTF-8) is written as its escape
    ``\\udcXX``, which JSON reads back as the same character.
    """
    write_bytes_atomic(path, text.encode(encoding, "backslashreplace"), durable=True)
