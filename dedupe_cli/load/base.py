"""What every loader returns, and the byte-level reading they share."""

from __future__ import annotations

import codecs
import functools
import gzip
import io
import os
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dedupe_cli.model import Problem
from dedupe_cli.sizes import format_size


class LoadError(Exception):
    """A file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Document:
    """An article's text and metadata before segmentation.

    Attributes:
        body: the article text, lines separated by ``\\n``.
        body_line: the 1-based file line on which ``body`` starts.
        fixed_line: when set, every paragraph is located at this line (a JSON record).
        locate_in: raw file text in which paragraphs are looked up to find their line
            (HTML, where the extracted text does not keep the file's lines).
    """

    id: str
    path: str
    source: str
    title: str = ""
    published: str = ""
    url: str = ""
    body: str = ""
    body_line: int = 1
    fixed_line: int | None = None
    locate_in: str | None = None


@dataclass
class Loaded:
    """The documents read from one file and the problems met."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


#: The byte-order marks of the wide encodings read, UTF-32's first (its little-endian mark begins with UTF-16's).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_file(path: Path, limit: int = 0) -> bytes:
    """The bytes of the regular file ``path``, when there are at most ``limit`` of them (0: no limit).

    Raises:
        LoadError: it cannot be read, or is not a regular file: a pipe or a device (``/dev/zero``
            behind a link) would make the run wait for ever or read without end; or it is larger
            than ``limit``, told by its size before any of it is read (or, for a file that grows
            while it is read, once more than ``limit`` bytes came).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise LoadError("not a regular file (a pipe, socket or device), skipped")
        if limit and st.st_size > limit:
            raise LoadError(too_large(st.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = read_bounded(handle.read, st.st_size, limit)
        if limit and len(data) > limit:  # it grew past the limit while read
            raise LoadError(too_large(len(data), limit))
        return data
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


#: Bytes asked for at a time where a read may go on past the size known (a growing file, a gzip stream).
CHUNK = 1 << 20


def read_bounded(read: Callable[[int], bytes], size: int, limit: int = 0) -> bytes:
    """What ``read`` (a file's ``read(n)`` or ``os.read`` on it) gives to the end of the file, ``size`` (its size)
    expected, stopping once more than ``limit`` bytes came (0: no limit; the caller tells a file too large by the
    length). A regular file gives all of it at once; the one byte more asked tells whether it grew, and a
    short read (Linux gives at most 2 GiB at once) or a grown file is read on a piece at a time."""
    data = read(size + 1)
    if len(data) == size:
        return data
    parts = [data]
    got = len(data)
    while parts[-1] and not (limit and got > limit):
        parts.append(read(CHUNK))
        got += len(parts[-1])
    return b"".join(parts)


def too_large(size: int, limit: int) -> str:
    """The warning for a file of ``size`` bytes, over ``limit``."""
    return f"file too large: {format_size(size)}, over the {format_size(limit)} limit, skipped {_RAISE}"


#: How a skipped file is read after all.
_RAISE = "(raise --max-file-size to read it; 0: no limit)"


def gunzip(data: bytes, limit: int = 0) -> bytes | bytearray:
    """The decompressed content of the gzip file ``data`` (all its members), a piece at a time, stopping
    once it passes ``limit`` bytes (0: no limit): a small file that would expand to gigabytes never does.

    Raises:
        LoadError: not a valid gzip file, or its content is larger than ``limit``.
    """
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while part := stream.read(CHUNK):
                out += part
                if limit and len(out) > limit:
                    raise LoadError(
                        f"file too large: its text passes the {format_size(limit)} limit once decompressed"
                        f" (from {format_size(len(data), exact=False)} of gzip), skipped {_RAISE}"
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise LoadError(f"not a valid gzip file: {exc}") from exc
    return out


def read_text(path: Path, display: str, problems: list[Problem], data: bytes | None = None, limit: int = 0) -> str:
    """Read ``path`` (gunzipping ``.gz``) as UTF-8 text, or UTF-16/32 when it begins with their byte-order
    mark (as Windows tools write them); ``data``, when given, is its content already read.

    Invalid UTF-8 is replaced and warned about; a binary file (a NUL byte in its
    first 8 KiB, without such a mark) or an unreadable one raises :class:`LoadError`, as does
    a file larger than ``limit`` bytes (0: no limit), or a ``.gz`` file whose content is: it is
    decompressed only until it passes the limit.
    """
    if data is None:
        data = read_file(path, limit)
    elif limit and len(data) > limit:  # read by a caller that did not stop at the limit
        raise LoadError(too_large(len(data), limit))
    content: bytes | bytearray = data
    if path.name.lower().endswith(".gz"):
        content = gunzip(data, limit)
    wide = next((codec for bom, codec in _WIDE_BOMS if content.startswith(bom)), None)
    if wide is None and content.find(b"\x00", 0, 8192) >= 0:
        raise LoadError(
            "binary file (NUL bytes; text in UTF-16 or UTF-32 is read only with its byte-order mark), skipped"
        )
    codec = wide or "utf-8-sig"
    try:
        text = content.decode(codec)
    except UnicodeDecodeError as exc:
        line = content[: exc.start].decode(codec, errors="replace").count("\n") + 1
        name = "UTF-8" if wide is None else wide.upper()
        problems.append(Problem(display, f"invalid {name}, undecodable bytes replaced", line=line))
        text = content.decode(codec, errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def format_of(path: Path) -> str:
    """The lower-case format ending of ``path`` without ``.gz`` (``html`` for ``a.html.gz``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def folder_source(path: Path) -> str:
    """The source an article falls back to: the name of the folder it sits in."""
    name = os.fspath(path)
    if os.path.islink(name):
        return path.resolve().parent.name or "unknown"
    folder = os.path.dirname(name)
    return _resolved_name(folder, "" if os.path.isabs(folder) else os.getcwd())


@functools.lru_cache(maxsize=4096)
def _resolved_name(folder: str, cwd: str) -> str:
    # a file that is not a link sits in its folder's resolved path: one resolve per folder
    return Path(os.path.normpath(os.path.join(cwd, folder))).resolve().name or "unknown"
