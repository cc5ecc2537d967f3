"""Findings as columns (:class:`Columns`), and the file of the scan state that keeps them.

The file is a short header (plain values written with :mod:`marshal`: no code runs when
reading it) and the raw columns after it, each aligned to 8 bytes. It is read in place
through a memory map: the columns are numpy views of the file, and a finding's JSON is
copied out only when it is asked for.
"""

from __future__ import annotations

import marshal
import mmap
import struct
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import orjson

from dedupe_cli.findings import KIND_ORDER
from dedupe_cli.model import FindingKind, Member, fast_frozen

_MAGIC = b"dedupe-findings\x00"
_FORMAT = 6
_LENGTH = struct.Struct("<Q")

#: Member's fields, in the order kept findings without JSON hold them.
MEMBER_FIELDS = tuple(f.name for f in fields(Member))
#: Finding kinds by their code in :attr:`Columns.kinds`.
KINDS = tuple(FindingKind)

#: The columns after the header: name, dtype and whether there is one per finding (plus one), per member or per byte.
_LAYOUT = (
    ("kinds", "u1", "finding"),
    ("sims", "<f8", "finding"),
    ("lines", "<i8", "finding"),
    ("bounds", "<i8", "finding+1"),
    ("frags", "<i8", "finding+1"),
    ("m_path", "<i4", "member"),
    ("m_art", "<i4", "member"),
    ("m_first", "<i4", "member"),
    ("m_last", "<i4", "member"),
    ("blob", "u1", "byte"),
)


@dataclass
class Columns:
    """Findings as columns (``n`` findings, ``m`` members).

    Attributes:
        kinds: (n,) the code of each kind in :data:`KINDS`.
        sims: (n,) similarities.
        lines: (n,) the canonical member's first line.
        bounds: (n + 1,) where each finding's members start in the member columns.
        frags: (n + 1,) where each finding's JSON starts in ``blob`` (empty: none, see ``values``).
        m_path: (m,) each member's file, as its index in ``paths``.
        m_art: (m,) the number of the member's article among its file's articles.
        m_first, m_last: (m,) the member's first and last paragraph in its article.
        blob: the findings' JSON, one after the other.
        paths: shown paths.
        fingerprints: (n) fingerprints.
        lead_ids: (n) the canonical member's article id.
        values: the members' field values of findings kept without JSON, by finding.
    """

    kinds: np.ndarray
    sims: np.ndarray
    lines: np.ndarray
    bounds: np.ndarray
    frags: np.ndarray
    m_path: np.ndarray
    m_art: np.ndarray
    m_first: np.ndarray
    m_last: np.ndarray
    blob: np.ndarray | bytes
    paths: list[str]
    fingerprints: list[str]
    lead_ids: list[str]
    values: dict[int, tuple[tuple[Any, ...], ...]]

    def __len__(self) -> int:
        return len(self.fingerprints)

    def fragment(self, n: int) -> bytes | None:
        """Finding ``n``'s JSON (None: kept as field values)."""
        if n in self.values:
            return None
        start, stop = int(self.frags[n]), int(self.frags[n + 1])
        return bytes(self.blob[start:stop])

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


def encode(
    columns: Columns, pieces: Sequence[bytes | memoryview], generation: str, params: str
) -> list[bytes | memoryview]:
    """The file that keeps ``columns`` (their JSON blob given as ``pieces``), in pieces."""
    header = marshal.dumps(
        (
            _FORMAT,
            generation,
            params,
            len(columns),
            int(columns.bounds[-1]),
            int(columns.frags[-1]),
            columns.paths,
            columns.fingerprints,
            columns.lead_ids,
            columns.values,
        )
    )
    head = _MAGIC + _LENGTH.pack(len(header)) + header
    out: list[bytes | memoryview] = [head, b"\0" * (-len(head) % 8)]
    for name, dtype, _ in _LAYOUT[:-1]:
        raw = np.ascontiguousarray(getattr(columns, name), dtype=dtype).tobytes()
        out.extend((raw, b"\0" * (-len(raw) % 8)))
    return out + list(pieces)


def read(data: mmap.mmap, generation: str, params: str) -> Columns | None:
    """The columns in ``data`` (read in place: only the header is copied), None when they are not as written."""
    if data[: len(_MAGIC)] != _MAGIC:
        return None
    (size,) = _LENGTH.unpack_from(data, len(_MAGIC))
    at = len(_MAGIC) + _LENGTH.size
    header = marshal.loads(data[at : at + size])
    if type(header) is not tuple or len(header) != 10:
        return None
    fmt, written, settings, n, m, blob_size, paths, fingerprints, lead_ids, values = header
    if fmt != _FORMAT or written != generation or settings != params:
        return None
    if not all(type(v) is int and v >= 0 for v in (n, m, blob_size)):
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
    count = {"finding": n, "finding+1": n + 1, "member": m, "byte": blob_size}
    arrays: dict[str, np.ndarray] = {}
    for name, dtype, per in _LAYOUT:
        array = np.frombuffer(data, dtype=dtype, count=count[per], offset=at)
        arrays[name] = array
        at += array.nbytes + (-array.nbytes % 8 if per != "byte" else 0)
    if at != len(data):
        return None
    columns = Columns(**arrays, paths=paths, fingerprints=fingerprints, lead_ids=lead_ids, values=values)
    return columns if consistent(columns, m, blob_size) else None


def consistent(c: Columns, m: int, blob_size: int) -> bool:
    """Whether columns read back hold together as :meth:`FindingMemo.save` writes them."""
    bounds, frags = c.bounds, c.frags
    if bounds[0] != 0 or bounds[-1] != m or (np.diff(bounds) < 1).any():
        return False
    if frags[0] != 0 or frags[-1] != blob_size or (np.diff(frags) < 0).any() or (c.kinds >= len(KINDS)).any():
        return False
    if m and (c.m_path.min() < 0 or c.m_path.max() >= len(c.paths) or (c.m_art < 0).any()):
        return False
    if (c.m_first < 0).any() or (c.m_last < c.m_first).any():
        return False
    lengths = np.diff(frags)
    written = np.flatnonzero(lengths)
    if written.size and (np.asarray(c.blob)[frags[written]] != ord("{")).any():
        return False
    width = len(MEMBER_FIELDS)
    without = np.flatnonzero(lengths == 0).tolist()
    if sorted(c.values) != without:
        return False
    return all(
        type(v) is tuple
        and len(v) == bounds[k + 1] - bounds[k]
        and all(type(row) is tuple and len(row) == width for row in v)
        for k, v in c.values.items()
    )
