"""A warm re-scan's findings in report order, those kept from the last scan left as columns.

A warm re-scan after a small change keeps tens of thousands of the last scan's findings
and builds a handful. Making each kept finding an object costs a microsecond or two, and
each pass of the report and the scan state over the objects as much again; the JSON
report and the state need only the kept findings' numbers in the last columns, their
kinds and their JSON, which the columns hold. So :class:`FindingList` holds the kept
findings as those numbers and makes their objects (:class:`KeptFinding`)
only when something reads them as findings; the report's counts, ids and JSON and the
state's columns come from the arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, overload

import numpy as np

from dedupe_cli.columns import KINDS, Columns
from dedupe_cli.findings import finding_id
from dedupe_cli.model import Finding, FindingKind, Member

__all__ = ["FindingList", "KeptFinding", "kept_findings", "kept_numbers", "views_and_ids", "with_fragments"]


class KeptFinding(Finding):
    """A finding of the last scan (finding ``_n`` of the columns ``_memo``), its JSON and members
    read from the memory-mapped state when first asked for.

    It equals a :class:`Finding` of the same values.
    """

    @property
    def members(self) -> tuple[Member, ...]:
        """The members, read back from the kept JSON (or field values) once."""
        members: tuple[Member, ...] | None = self.__dict__.get("_members")
        if members is None:
            members = self.__dict__["_members"] = self.__dict__["_memo"].members(self.__dict__["_n"])
        return members

    @property
    def fragment(self) -> bytes | None:
        """The kept JSON (see :class:`Finding`)."""
        columns: Columns = self.__dict__["_memo"]
        return columns.fragment(self.__dict__["_n"])

    def fragment_view(self) -> memoryview | None:
        """The kept JSON where it stands in the scan state, not copied."""
        view: memoryview | None = self.__dict__["_view"]
        return view

    def lead(self) -> tuple[str, int, str, int]:
        """Where the canonical member stands, from the kept columns (see :meth:`Finding.lead`)."""
        columns: Columns = self.__dict__["_memo"]
        return columns.lead(self.__dict__["_n"])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return _compared(self) == _compared(other)

    __hash__ = Finding.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return Finding, (self.id, self.kind, self.similarity, self.members, self.fingerprint, self.fragment)


def _compared(finding: Finding) -> tuple[Any, ...]:
    return finding.id, finding.kind, finding.similarity, finding.members, finding.fingerprint


def kept_findings(columns: Columns, chosen: np.ndarray, positions: np.ndarray) -> list[Finding]:
    """Findings ``chosen`` (numbers) as :class:`KeptFinding`, numbered by their ``positions`` in the report."""
    kinds, sims, fingerprints = (
        [KINDS[k] for k in columns.kinds[chosen].tolist()],
        columns.sims[chosen].tolist(),
        columns.fingerprints,
    )
    numbers, views = chosen.tolist(), columns.fragment_views(chosen)
    out: list[Finding] = []
    for n, kind, sim, p, view in zip(numbers, kinds, sims, positions.tolist(), views, strict=True):
        kept = object.__new__(KeptFinding)
        kept.__dict__.update(
            id=finding_id(p), kind=kind, similarity=sim, fingerprint=fingerprints[n], _memo=columns, _n=n, _view=view
        )
        out.append(kept)
    return out


class FindingList(Sequence[Finding]):
    """Findings in report order, numbered by their place (``F1``..), those kept from the last scan's
    columns made objects only when read (see the module's docstring).

    It is a read-only sequence of :class:`~dedupe_cli.model.Finding` and equals any sequence of
    equal findings.

    Args:
        columns: the last scan's findings.
        kept: the numbers in ``columns`` of the findings kept, in report order.
        kept_at: the place of each in the report.
        built: the findings built in this scan, in report order, numbered by their place.
        built_at: the place of each in the report (``kept_at`` and ``built_at`` together: every
            place once).
    """

    def __init__(
        self,
        columns: Columns,
        kept: np.ndarray,
        kept_at: np.ndarray,
        built: Sequence[Finding],
        built_at: np.ndarray,
    ) -> None:
        self._columns, self._kept, self._kept_at = columns, kept, kept_at
        self._built, self._built_at = list(built), built_at
        self._size = kept.size + len(self._built)
        self._items: list[Finding] | None = None

    def _all(self) -> list[Finding]:
        """Every finding as an object, in order (made once)."""
        if self._items is None:
            self._items = self._in_order(kept_findings(self._columns, self._kept, self._kept_at), self._built)
        return self._items

    def _in_order(self, kept: Sequence[Any], built: Sequence[Any]) -> list[Any]:
        """Values of the kept findings and of the built ones (each in their order) in report order."""
        out: list[Any] = [None] * self._size
        for at, value in zip(self._kept_at.tolist(), kept, strict=True):
            out[at] = value
        for at, value in zip(self._built_at.tolist(), built, strict=True):
            out[at] = value
        return out

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...

    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            return tuple(self._all()[index])
        if self._items is not None:
            return self._items[index]
        at = range(self._size)[index]  # an IndexError as a tuple's, negative places counted from the end
        built = int(np.searchsorted(self._built_at, at))
        if built < len(self._built) and int(self._built_at[built]) == at:
            return self._built[built]
        kept = int(np.searchsorted(self._kept_at, at))
        return kept_findings(self._columns, self._kept[kept : kept + 1], self._kept_at[kept : kept + 1])[0]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(other) == self._size and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # as a list's: equal to tuples it cannot hash as

    def __repr__(self) -> str:
        return f"FindingList({self._kept.size} kept, {len(self._built)} built)"

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)

    def kind_count(self, kind: FindingKind) -> int:
        """How many findings are of ``kind`` (the kept ones counted in their column)."""
        kept = int(np.count_nonzero(self._columns.kinds[self._kept] == KINDS.index(kind)))
        return kept + sum(f.kind is kind for f in self._built)

    def ids(self) -> list[str]:
        """Each finding's id, in order."""
        return [finding_id(n) for n in range(self._size)]

    def fragment_views(self) -> list[bytes | memoryview | None]:
        """Each finding's JSON (see :meth:`Finding.fragment_view`), in order, the kept ones' where they
        stand in the scan state."""
        kept = self._columns.fragment_views(self._kept)
        return self._in_order(kept, [f.fragment_view() for f in self._built])

    def numbers_in(self, columns: Columns | None) -> np.ndarray:
        """Per finding, its number in ``columns`` when it is kept from them, else -1."""
        numbers = np.full(self._size, -1, dtype=np.int64)
        if columns is self._columns:
            numbers[self._kept_at] = self._kept
        return numbers

    def with_built(self, change: Callable[[Finding], Finding]) -> FindingList:
        """The same findings, each built one replaced by ``change`` of it (as it was numbered)."""
        return FindingList(self._columns, self._kept, self._kept_at, [change(f) for f in self._built], self._built_at)


def views_and_ids(findings: Sequence[Finding]) -> tuple[list[bytes | memoryview | None], list[str]]:
    """Each finding's JSON (see :meth:`Finding.fragment_view`) and id, in order: a :class:`FindingList`'s
    without making an object per kept finding."""
    if isinstance(findings, FindingList):
        return findings.fragment_views(), findings.ids()
    return [f.fragment_view() for f in findings], [f.id for f in findings]


def kept_numbers(findings: Sequence[Finding], columns: Columns | None) -> np.ndarray:
    """Per finding, its number in ``columns`` when it is kept from them (a :class:`KeptFinding` of them),
    else -1."""
    if isinstance(findings, FindingList):  # the numbers are at hand: no object made
        return findings.numbers_in(columns)
    return np.fromiter(
        (f.__dict__["_n"] if type(f) is KeptFinding and f.__dict__["_memo"] is columns else -1 for f in findings),
        dtype=np.int64,
        count=len(findings),
    )


def with_fragments(findings: Sequence[Finding]) -> Sequence[Finding]:
    """The findings, each with its JSON fragment (kept in the scan state with it)."""
    from dedupe_cli.format.json import finding_fragment  # the JSON report's own writer: no copy of its layout

    def written(f: Finding) -> Finding:
        return f if isinstance(f, KeptFinding) or f.fragment is not None else replace(f, fragment=finding_fragment(f))

    if isinstance(findings, FindingList):
        return findings.with_built(written)
    return tuple(map(written, findings))
