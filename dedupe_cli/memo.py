"""The last scan's findings, kept in the scan state for the next scan to reuse.

Each finding is kept as its kind, similarity and fingerprint, where its members stand
(path, article id, first and last paragraph) and the JSON the report writes for it
(:func:`dedupe_cli.format.json.finding_fragment`). A finding taken back is a
:class:`KeptFinding`: the JSON report copies its text as it is, and its members are
read back from that text only when something asks for them, so a warm re-scan that
writes JSON builds no object for the findings it did not change.

The findings are kept with :mod:`marshal` (plain values only, no code is run when
reading them), tied to the state's generation and the match settings; anything else
found there is ignored.
"""

from __future__ import annotations

import marshal
import mmap
import operator
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import orjson

from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.model import Finding, FindingKind, Member, fast_frozen
from dedupe_cli.options import MatchOptions

#: The file in the scan state that holds the last scan's findings.
FINDINGS_FILE = "findings.marshal"
_FORMAT = 5

#: Member's fields, in the order kept findings without JSON hold them.
_MEMBER_FIELDS = tuple(f.name for f in fields(Member))
_FIELDS_OF = operator.itemgetter(*_MEMBER_FIELDS)
_KINDS = {kind.value: kind for kind in FindingKind}

#: Where a member stands: shown path, article id, first and last paragraph.
Place = tuple[str, str, int, int]

#: A kept finding: kind, similarity, fingerprint, its members' places, the canonical member's
#: first line, its JSON (None where only the standard library writes it as the report does)
#: and, only then, its members' field values.
Entry = tuple[str, float, str, tuple[Place, ...], int, bytes | None, tuple[tuple[Any, ...], ...] | None]


class KeptFinding(Finding):
    """A finding of the last scan, its members read from its JSON when first asked for.

    It equals a :class:`Finding` of the same values.
    """

    @staticmethod
    def of(entry: Entry, new_id: str = "") -> KeptFinding:
        """The finding an entry of the scan state keeps."""
        kept = object.__new__(KeptFinding)
        kept.__dict__.update(
            id=new_id, kind=_KINDS[entry[0]], similarity=entry[1], fingerprint=entry[2], fragment=entry[5]
        )
        kept.__dict__["_entry"] = entry
        return kept

    @property
    def members(self) -> tuple[Member, ...]:
        """The members, read back from the kept JSON (or field values) once."""
        members: tuple[Member, ...] | None = self.__dict__.get("_members")
        if members is None:
            members = self.__dict__["_members"] = _members(self.__dict__["_entry"])
        return members

    @property
    def entry(self) -> Entry:
        """The scan state's entry for this finding."""
        entry: Entry = self.__dict__["_entry"]
        return entry

    def lead(self) -> tuple[str, int, str, int]:
        """Where the canonical member stands, from the kept places (see :meth:`Finding.lead`)."""
        path, article, first, _ = self.entry[3][0]
        return path, self.entry[4], article, first

    def renumbered(self, new_id: str) -> Finding:
        """This finding under another id, its members still unread."""
        again = object.__new__(KeptFinding)
        again.__dict__.update(self.__dict__)
        again.__dict__["id"] = new_id
        return again

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return _compared(self) == _compared(other)

    __hash__ = Finding.__hash__


def _compared(finding: Finding) -> tuple[Any, ...]:
    return finding.id, finding.kind, finding.similarity, finding.members, finding.fingerprint


def _members(entry: Entry) -> tuple[Member, ...]:
    places, fragment, values = entry[3], entry[5], entry[6]
    if values is not None:
        return tuple(fast_frozen(Member, **dict(zip(_MEMBER_FIELDS, v, strict=True))) for v in values)
    assert fragment is not None
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
            first_unit=place[2],
            last_unit=place[3],
            similarity=m["similarity"],
        )
        for m, place in zip(written, places, strict=True)
    )


def _entry(finding: Finding) -> Entry:
    if isinstance(finding, KeptFinding):
        return finding.entry
    members = finding.members
    places = tuple((m.path, m.article_id, m.first_unit, m.last_unit) for m in members)
    values = None if finding.fragment is not None else tuple(_FIELDS_OF(m.__dict__) for m in members)
    kind = finding.kind.value
    return kind, finding.similarity, finding.fingerprint, places, members[0].line_start, finding.fragment, values


def with_fragments(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings, each with its JSON fragment (kept in the scan state with it)."""
    from dedupe_cli.format.json import finding_fragment  # the JSON report's own writer: no copy of its layout

    return tuple(
        f if f.fragment is not None or isinstance(f, KeptFinding) else replace(f, fragment=finding_fragment(f))
        for f in findings
    )


def _valid(entry: Any, width: int) -> bool:
    """Whether an entry read back has the shape :func:`_entry` gives."""
    if type(entry) is not tuple or len(entry) != 7 or entry[0] not in _KINDS or not entry[3]:
        return False
    if any(type(p) is not tuple or len(p) != 4 for p in entry[3]) or type(entry[4]) is not int:
        return False
    fragment, values = entry[5], entry[6]
    if fragment is None:
        return type(values) is tuple and len(values) == len(entry[3]) and all(len(v) == width for v in values)
    return type(fragment) is bytes and values is None


class FindingMemo:
    """The last scan's findings, as kept entries (the order of its files is the scan state's).

    Args:
        findings: the entries (see :data:`Entry`).
    """

    def __init__(self, findings: Sequence[Entry]) -> None:
        """Raises ValueError when ``findings`` are not as :meth:`save` writes them."""
        width = len(_MEMBER_FIELDS)
        if not all(_valid(entry, width) for entry in findings):
            raise ValueError("a finding of another shape")
        self.findings = findings

    @staticmethod
    def save(folder: Path, generation: str, options: MatchOptions, findings: Sequence[Finding]) -> None:
        """Write the findings into the scan state, atomically, tied to ``generation`` and the settings."""
        data = marshal.dumps((_FORMAT, generation, repr(options.as_params()), [_entry(f) for f in findings]))
        write_bytes_atomic(folder / FINDINGS_FILE, data)

    @staticmethod
    def load(folder: Path, generation: str, options: MatchOptions) -> FindingMemo | None:
        """The findings of the scan that wrote ``generation`` with these settings; None when absent or damaged."""
        try:
            with (
                open(folder / FINDINGS_FILE, "rb") as handle,
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
            ):
                # read through the page cache: no private copy of the file (tens of MB at a million paragraphs)
                fmt, written, params, plain = marshal.loads(data)
            if fmt != _FORMAT or written != generation or params != repr(options.as_params()):
                return None
            if type(plain) is not list:
                return None
            return FindingMemo(plain)
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            return None
