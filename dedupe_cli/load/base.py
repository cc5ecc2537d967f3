"""What every loader returns, and the byte-level reading they share."""

from __future__ import annotations

import codecs
import functools
import gzip
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from dedupe_cli.model import Problem


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


def read_file(path: Path) -> bytes:
    """The bytes of the regular file ``path``.

    Raises:
        LoadError: it cannot be read, or is not a regular file: a pipe or a device (``/dev/zero``
            behind a link) would make the run wait for ever or read without end.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadError("not a regular file (a pipe, socket or device), skipped")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def read_text(path: Path, display: str, problems: list[Problem], data: bytes | None = None) -> str:
    """Read ``path`` (gunzipping ``.gz``) as UTF-8 text, or UTF-16/32 when it begins with their byte-order
    mark (as Windows tools write them); ``data``, when given, is its content already read.

    Invalid UTF-8 is replaced and warned about; a binary file (a NUL byte in its
    first 8 KiB, without such a mark) or an unreadable one raises :class:`LoadError`.
    """
    if data is None:
        data = read_file(path)
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise LoadError(f"not a valid gzip file: {exc}") from exc
    wide = next((codec for bom, codec in _WIDE_BOMS if data.startswith(bom)), None)
    if wide is None and data.find(b"\x00", 0, 8192) >= 0:
        raise LoadError("binary file (NUL bytes), skipped")
    codec = wide or "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        name = "UTF-8" if wide is None else wide.upper()
        problems.append(Problem(display, f"invalid {name}, undecodable bytes replaced", line=line))
        text = data.decode(codec, errors="replace")
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
