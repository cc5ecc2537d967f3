"""Findings as columns (:class:`Columns`), and the files of the scan state that keep them.

The columns file is a short header (plain values written with :mod:`marshal`: no code
runs when reading it) and the raw columns after it, each aligned to 8 bytes. The
findings' JSON stands in a blob file the header names, which later scans append to
(a finding kept from the last scan keeps its place there) until more than half of it
is no longer used, when it is written afresh. Both are read in place through memory
maps: the columns are numpy views of the file, and a finding's JSON is copied out only
when it is asked for.
"""

from __future__ import annotations

import marshal
import mmap
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from dedupe_cli.arrays import byte_view
from dedupe_cli.findings import KIND_ORDER
from dedupe_cli.model import FindingKind, Member, fast_frozen

_MAGIC = b"dedupe-findings\x00"
_FORMAT = 9  # 8: fingerprints count every copy (findings._fingerprinted); 9: members ordered by published date
_LENGTH = struct.Struct("<Q")
#: How a blob file is named (the header names one; nothing else is opened).
BLOB_NAME = re.compile(r"findings-[0-9a-f]{16}\.blob")

#: Member's fields, in the order kept findings without JSON hold them.
MEMBER_FIELDS = tuple(f.name for f in fields(Member))
#: Finding kinds by their code in :attr:`Columns.kinds`.
KINDS = tuple(FindingKind)

#: The columns after the header: name, dtype and whether there is one per finding (plus one) or per member.
_LAYOUT = (
    ("kinds", "u1", "finding"),
    ("sims", "<f8", "finding"),
    ("lines", "<i8", "finding"),
    ("bounds", "<i8", "finding+1"),
    ("f_start", "<i8", "finding"),
    ("f_end", "<i8", "finding"),
    ("m_path", "<i4", "member"),
    ("m_art", "<i4", "member"),
    ("m_first", "<i4", "member"),
    ("m_last", "<i4", "member"),
)


@dataclass
class Columns:
    """Findings as columns (``n`` findings, ``m`` members).

    Attributes:
        kinds: (n,) the code of each kind in :data:`KINDS`.
        sims: (n,) similarities.
        lines: (n,) the canonical member's first line.
        bounds: (n + 1,) where each finding's members start in the member columns.
        f_start, f_end: (n,) where each finding's JSON starts and ends in ``blob`` (empty: none, see
            ``values``).
        m_path: (m,) each member's file, as its index in ``paths``.
        m_art: (m,) the number of the member's article among its file's articles.
        m_first, m_last: (m,) the member's first and last paragraph in its article.
        blob: the findings' JSON.
        paths: shown paths.
        fingerprints: (n) fingerprints.
        lead_ids: (n) the canonical member's article id.
        values: the members' field values of findings kept without JSON, by finding.
        blob_name: the name of the blob file ``blob`` was read from ("": made in memory).
    """

    kinds: np.ndarray
    sims: np.ndarray
    lines: np.ndarray
    bounds: np.ndarray
    f_start: np.ndarray
    f_end: np.ndarray
    m_path: np.ndarray
    m_art: np.ndarray
    m_first: np.ndarray
    m_last: np.ndarray
    blob: np.ndarray | bytes
    paths: list[str]
    fingerprints: list[str]
    lead_ids: list[str]
    values: dict[int, tuple[tuple[Any, ...], ...]]
    blob_name: str = ""

    def __len__(self) -> int:
        return len(self.fingerprints)

    def fragment(self, n: int) -> bytes | None:
        """Finding ``n``'s JSON (None: kept as field values)."""
        view = self.fragment_view(n)
        return None if view is None else bytes(view)

    def fragment_view(self, n: int) -> memoryview | None:
        """Finding ``n``'s JSON where it stands in the blob, not copied (None: kept as field values)."""
        return self.fragment_views([n])[0]

    def fragment_views(self, chosen: Sequence[int] | np.ndarray) -> list[memoryview | None]:
        """:meth:`fragment_view` of findings ``chosen`` (numbers, best as an array), in one go."""
        view, values, at = byte_view(self.blob), self.values, np.asarray(chosen, dtype=np.int64)
        starts, ends = self.f_start[at].tolist(), self.f_end[at].tolist()
        if not values:  # every finding's JSON is in the blob
            return [view[a:b] for a, b in zip(starts, ends, strict=True)]
        return [None if n in values else view[a:b] for n, a, b in zip(at.tolist(), starts, ends, strict=True)]

    def lead(self, n: int) -> tuple[str, int, str, int]:
        """Where finding ``n``'s canonical member stands (see :meth:`Finding.lead`)."""
        first = int(self.bounds[n])
        return self.paths[self.m_path[first]], int(self.lines[n]), self.lead_ids[n], int(self.m_first[first])

    def members(self, n: int) -> tuple[Member, ...]:
        """Finding ``n``'s members, read back from its JSON (or field values)."""
        values = self.values.get(n)
        if values is not None:
            return tuple(fast_frozen(Member, **dict(zip(MEMBER_FIELDS, v, strict=True))) for v in values)
        fragment = self.fragment(n)
        assert fragment is not None
        start, stop = int(self.bounds[n]), int(self.bounds[n + 1])
        written = orjson.loads(fragment)["members"]
        return tuple(
            fast_frozen(
                Member,
                article_id=m["article_id"],
                path=m["path"],
                source=m["source"],
                line_start=m["line_start"],
                line_end=m["line_end"],
                text=m["text"],
                first_unit=first,
                last_unit=last,
                similarity=m["similarity"],
            )
            for m, first, last in zip(
                written, self.m_first[start:stop].tolist(), self.m_last[start:stop].tolist(), strict=True
            )
        )

    def report_key(self, n: int) -> tuple[int, str, int, str, int]:
        """Where finding ``n`` stands in the report (see :func:`dedupe_cli.findings.report_key`)."""
        return (KIND_ORDER[KINDS[self.kinds[n]]], *self.lead(n))


def encode(columns: Columns, generation: str, params: str, blob_size: int) -> list[bytes]:
    """The columns file that keeps ``columns`` (their JSON in the blob file they name, of ``blob_size``
    bytes), in pieces."""
    header = marshal.dumps(
        (
            _FORMAT,
            generation,
            params,
            len(columns),
            int(columns.bounds[-1]),
            columns.blob_name,
            blob_size,
            columns.paths,
            columns.fingerprints,
            columns.lead_ids,
            columns.values,
        )
    )
    head = _MAGIC + _LENGTH.pack(len(header)) + header
    out = [head, b"\0" * (-len(head) % 8)]
    for name, dtype, _ in _LAYOUT:
        raw = np.ascontiguousarray(getattr(columns, name), dtype=dtype).tobytes()
        out.extend((raw, b"\0" * (-len(raw) % 8)))
    return out


def _mapped(path: Path) -> mmap.mmap:
    with open(path, "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def read(path: Path, generation: str, params: str) -> Columns | None:
    """The columns in the file ``path`` and their JSON in the blob file beside it (both read in place:
    only the header is copied), None when they are not as written.

    Raises OSError (a file that cannot be read), ValueError or struct.error (one too short).
    """
    data = _mapped(path)
    if data[: len(_MAGIC)] != _MAGIC:
        return None
    (size,) = _LENGTH.unpack_from(data, len(_MAGIC))
    at = len(_MAGIC) + _LENGTH.size
    header = marshal.loads(data[at : at + size])
    if type(header) is not tuple or len(header) != 11:
        return None
    fmt, written, settings, n, m, blob_name, blob_size, paths, fingerprints, lead_ids, values = header
    if fmt != _FORMAT or written != generation or settings != params:
        return None
    if not all(type(v) is int and v >= 0 for v in (n, m, blob_size)):
        return None
    if type(blob_name) is not str or not BLOB_NAME.fullmatch(blob_name):
        return None
    if not all(type(v) is list for v in (paths, fingerprints, lead_ids)) or type(values) is not dict:
        return None
    if (
        len(fingerprints) != n
        or len(lead_ids) != n
        or not all(type(s) is str for s in (*paths, *fingerprints, *lead_ids))
    ):
        return None
    at += size
    at += -at % 8
    count = {"finding": n, "finding+1": n + 1, "member": m}
    arrays: dict[str, np.ndarray] = {}
    for name, dtype, per in _LAYOUT:
        array = np.frombuffer(data, dtype=dtype, count=count[per], offset=at)
        arrays[name] = array
        at += array.nbytes + (-array.nbytes % 8)
    if at != len(data):
        return None
    blob = np.frombuffer(_mapped(path.parent / blob_name), dtype=np.uint8, count=blob_size) if blob_size else b""
    columns = Columns(
        **arrays,
        blob=blob,
        paths=paths,
        fingerprints=fingerprints,
        lead_ids=lead_ids,
        values=values,
        blob_name=blob_name,
    )
    return columns if consistent(columns, m) else None


def consistent(c: Columns, m: int) -> bool:
    """Whether columns read back hold together as :meth:`FindingMemo.save` writes them."""
    bounds, start, end = c.bounds, c.f_start, c.f_end
    if bounds[0] != 0 or bounds[-1] != m or (np.diff(bounds) < 1).any() or (c.kinds >= len(KINDS)).any():
        return False
    if (start < 0).any() or (end < start).any() or (end > len(c.blob)).any():
        return False
    if m and (c.m_path.min() < 0 or c.m_path.max() >= len(c.paths) or (c.m_art < 0).any()):
        return False
    if (c.m_first < 0).any() or (c.m_last < c.m_first).any():
        return False
    written = np.flatnonzero(end > start)
    if written.size and (np.asarray(c.blob)[start[written]] != ord("{")).any():
        return False
    width = len(MEMBER_FIELDS)
    if sorted(c.values) != np.flatnonzero(end == start).tolist():
        return False
    return all(
        type(v) is tuple
        and len(v) == bounds[k + 1] - bounds[k]
        and all(type(row) is tuple and len(row) == width for row in v)
        for k, v in c.values.items()
    )
