"""Counts told by ellipsis: "Seven people died in Texas, five in Arkansas" counts five people in Arkansas.

A bare number names nothing it counts, so it is no claim. Where it follows a count of the same
sentence in a list ("..., five in Arkansas", "... and 3 in the West Bank") and both are told of a
place, it counts what that count counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from dedupe_cli.claims.lexicon import CALENDAR

if TYPE_CHECKING:
    from dedupe_cli.claims.numbers import Quantity

__all__ = ["elided"]

#: A place after a figure: "in Texas", "in the West Bank", "at Heathrow", "from Gaza".
_PLACE = re.compile(r"\s+(?:in|at|from)\s+(?:the\s+)?([A-Z]\w*)")
#: Between the two figures the list goes on, in one clause ("... died in Texas, five", "Gaza and 3"): at most
#: :data:`_GAP_MOST` characters, no stop or digit, and a comma or "and" last.
_GAP_STOP = re.compile(r"[.;:!?\d]")
_LIST_END = re.compile(r"(?:,|\sand)\s+\Z")
_GAP_MOST = 80
#: The farthest the first figure's place stands after it (characters): "people died in Texas" is 21.
_PLACE_REACH = 40


def _place(found: re.Match[str] | None) -> bool:
    """Whether a place was found ("in May" is a month)."""
    return found is not None and found.group(1).lower() not in CALENDAR


def elided(text: str, found: Sequence[Quantity]) -> list[Quantity]:
    """``found`` (in order) with each bare count that goes on a list of places after a count of a place given
    what that count counts."""
    out: list[Quantity] = []
    for q in found:
        last = out[-1] if out else None
        if (
            last is not None
            and not q.anchor
            and q.unit == last.unit == "count"
            and last.anchor
            and not (q.ordinal or last.ordinal)
            and _place(_PLACE.match(text, q.end))
            and _place(_PLACE.search(text[last.end : min(q.start, last.end + _PLACE_REACH)]))
            and q.start - last.end <= _GAP_MOST
            and not _GAP_STOP.search(text, last.end, q.start)
            and _LIST_END.search(text, last.end, q.start)
        ):
            q = replace(q, anchor=last.anchor)
        out.append(q)
    return out
