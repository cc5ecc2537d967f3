"""Findings of the last scan, reused for places in files that did not change.

Building a finding (its members' texts, exact similarities and fingerprint) is most
of the cost of grouping, and a warm re-scan after a small change would rebuild tens of
thousands of identical findings. A finding depends only on its kind, its places (the
article and paragraph span of each member) and the text of those articles, so when a
new finding has the same kind and places as one of the last scan, all in files taken
unchanged from the scan state, and its members still sort in the same canonical order,
the old finding is the new one. ``tests/test_scan_state.py`` checks that a warm scan
reports exactly what a cold one does.

The findings are kept in the scan state with :mod:`marshal` (plain values only, no
code is run when reading them), tied to the state's generation and the match settings.
"""

from __future__ import annotations

import marshal
import operator
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.findings import FindingBuilder, _Span
from dedupe_cli.model import Finding, FindingKind, Member, fast_frozen
from dedupe_cli.options import MatchOptions

#: The file in the scan state that holds the last scan's findings.
FINDINGS_FILE = "findings.marshal"
_FORMAT = 1

#: Where a member stands: path, article id, first and last unit.
Place = tuple[str, str, int, int]


#: Member's fields, in the order the kept findings hold them.
_MEMBER_FIELDS = tuple(f.name for f in fields(Member))


def _member(values: Sequence[Any]) -> Member:
    return fast_frozen(Member, **dict(zip(_MEMBER_FIELDS, values, strict=True)))


def _values(member: Member) -> tuple[Any, ...]:
    """A member's fields, in order."""
    values: tuple[Any, ...] = _FIELDS_OF(member.__dict__)
    return values


_FIELDS_OF = operator.itemgetter(*_MEMBER_FIELDS)


class FindingMemo:
    """The last scan's findings by kind and places.

    Args:
        findings: the findings as plain values (see :meth:`save`).
        unchanged: the shown paths of the files whose content is the same as then.
    """

    def __init__(self, findings: Sequence[Sequence[Any]], unchanged: set[str]) -> None:
        """Raises ValueError when ``findings`` are not as :meth:`save` writes them."""
        self._unchanged = unchanged
        self._by_places: dict[tuple[str, tuple[Place, ...]], Sequence[Any]] = {}
        width = len(_MEMBER_FIELDS)
        for entry in findings:
            if len(entry) != 4 or not entry[3] or any(len(m) != width for m in entry[3]):
                raise ValueError("a finding of another shape")
            places = tuple((m[1], m[0], m[6], m[7]) for m in entry[3])
            self._by_places[(entry[0], tuple(sorted(places)))] = entry

    def get(self, kind: FindingKind, places: Sequence[Place]) -> Finding | None:
        """The old finding of this kind at these places (given in canonical order), if it still holds."""
        if not all(p[0] in self._unchanged for p in places):
            return None
        entry = self._by_places.get((kind.value, tuple(sorted(places))))
        if entry is None or tuple((m[1], m[0], m[6], m[7]) for m in entry[3]) != tuple(places):
            return None
        return Finding("", kind, entry[1], tuple(_member(m) for m in entry[3]), entry[2])

    @staticmethod
    def save(folder: Path, generation: str, options: MatchOptions, findings: Sequence[Finding]) -> None:
        """Write the findings into the scan state, atomically, tied to ``generation`` and the settings."""
        plain = [(f.kind.value, f.similarity, f.fingerprint, tuple(_values(m) for m in f.members)) for f in findings]
        data = marshal.dumps((_FORMAT, generation, repr(options.as_params()), plain))
        write_bytes_atomic(folder / FINDINGS_FILE, data)

    @staticmethod
    def load(folder: Path, generation: str, options: MatchOptions, unchanged: set[str]) -> FindingMemo | None:
        """The findings of the scan that wrote ``generation`` with these settings; None when absent or damaged."""
        try:
            fmt, written, params, plain = marshal.loads((folder / FINDINGS_FILE).read_bytes())
            if fmt != _FORMAT or written != generation or params != repr(options.as_params()):
                return None
            return FindingMemo(plain, unchanged)
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            return None


class ReusingFindingBuilder(FindingBuilder):
    """A :class:`FindingBuilder` that takes a finding from ``memo`` when the last scan made the same one."""

    def __init__(self, memo: FindingMemo, *args: Any, **kwargs: Any) -> None:
        """``memo``, then the arguments of :class:`FindingBuilder`."""
        super().__init__(*args, **kwargs)
        self._memo = memo
        #: how many findings were taken from the memo
        self.reused = 0

    def _findings(self, found: list[tuple[FindingKind, list[_Span]]]) -> list[Finding]:
        out: list[Finding | None] = []
        todo: list[tuple[FindingKind, list[_Span]]] = []
        meta_of = self._table.meta_of
        for kind, spans in found:
            places = []
            for span in self._canonical_order(spans):
                meta = meta_of(span.article)
                places.append((meta[1], meta[0], span.first, span.last))
            reused = self._memo.get(kind, places)
            out.append(reused)
            if reused is None:
                todo.append((kind, spans))
        self.reused += len(found) - len(todo)
        built = iter(super()._findings(todo) if todo else [])
        return [f if f is not None else next(built) for f in out]
