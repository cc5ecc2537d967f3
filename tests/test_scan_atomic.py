"""Atomic report writes (dedupe_cli.atomic): every piece written in order, even after short writes."""

from __future__ import annotations

import array
import os
from pathlib import Path

import pytest

from dedupe_cli.atomic import write_all, write_bytes_atomic


def _pieces() -> list[bytes | memoryview]:
    pieces: list[bytes | memoryview] = [f"piece {n};".encode() for n in range(3000)]  # more than one batch
    pieces[10] = b""
    pieces[20] = memoryview(b"0123456789")[3:7]
    pieces[30] = memoryview(array.array("i", [1, 2, 3]))  # not a byte view: written as its 12 bytes
    pieces[40] = memoryview(array.array("i"))
    return pieces


def _expected(pieces: list[bytes | memoryview]) -> bytes:
    return b"".join(bytes(memoryview(p).cast("B")) for p in pieces)


def test_pieces_are_written_in_order(tmp_path: Path) -> None:
    pieces = _pieces()
    write_bytes_atomic(tmp_path / "r.json", pieces)
    assert (tmp_path / "r.json").read_bytes() == _expected(pieces)


def test_short_writes_go_on_where_they_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.writev
    calls = []

    def short(fd: int, buffers: list[bytes | memoryview]) -> int:
        calls.append(len(buffers))
        limit = 7 + len(calls) % 13  # stops inside a piece, at its end, or after several
        joined = b"".join(bytes(memoryview(b).cast("B")) for b in buffers)[:limit]
        return real(fd, [joined])

    monkeypatch.setattr(os, "writev", short)
    pieces = _pieces()
    out = tmp_path / "r.json"
    with out.open("wb") as handle:
        write_all(handle.fileno(), pieces)
    assert out.read_bytes() == _expected(pieces)
    assert max(calls) <= 1024


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.json"
    out.write_bytes(b"old")

    def broken(fd: int, buffers: list[bytes]) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "writev", broken)
    with pytest.raises(OSError):
        write_bytes_atomic(out, [b"new", b"er"], durable=True)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_durable_writes_are_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bytes] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.pread(fd, 100, 0))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_bytes_atomic(tmp_path / "a", [b"ab", b"cd"], durable=True)
    write_bytes_atomic(tmp_path / "b", b"cache")
    assert synced == [b"abcd"]
