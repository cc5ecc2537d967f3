"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
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
    the cache's files need not survive a crash, only never be seen half written. A symbolic
    link is followed (the link stays, the file it names gets the text); the file keeps its mode,
    and a new one gets the mode the umask gives (as the shell's ``>`` does). A path that names
    no regular file (``/dev/null``, a pipe) is written straight through: it cannot be replaced.

    Raises:
        OSError: the file cannot be written (a directory, a folder that cannot be made).
    """
    pieces = [data] if isinstance(data, (bytes, memoryview)) else data
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", os.fspath(path))
    if status is not None and not stat.S_ISREG(status.st_mode):
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            write_all(fd, pieces)
        finally:
            os.close(fd)
        return
    target = Path(os.path.realpath(path))
    directory = target.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask())
            write_all(fd, pieces)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process's umask (read from ``/proc`` where it can be: setting it to read it races with threads)."""
    try:
        with open("/proc/self/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_problem(path: str | Path) -> str | None:
    """Why a report could not be written to ``path`` (checked before the work that makes it), or None.

    Only what can be told without writing: a directory where the file should be, a file or an
    unwritable folder where a folder is needed (the write itself may still fail, e.g. on a full disk).
    """
    if os.path.isdir(path):
        return f"{path}: is a directory"
    if os.path.exists(path) and not os.path.isfile(path):  # a device or a pipe, written straight through
        return None if os.access(path, os.W_OK) else f"{path}: not writable"
    folder = Path(os.path.realpath(path)).parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{path}: {folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{path}: cannot write in {folder}"
    return None


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically and durably (see :func:`write_bytes_atomic`).

    A lone surrogate (from a file name that is not UTF-8) is written as its escape
    ``\\udcXX``, which JSON reads back as the same character.
    """
    write_bytes_atomic(path, text.encode(encoding, "backslashreplace"), durable=True)
