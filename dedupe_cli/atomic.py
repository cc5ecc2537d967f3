"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


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
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (bytes, memoryview)):
                handle.write(data)
            else:
                handle.writelines(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
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
