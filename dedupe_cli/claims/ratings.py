"""Ratings told as numbers: a storm's category and an earthquake's magnitude.

A rating is no count: "a Category 3 hurricane" is one storm, "a magnitude 6.8 earthquake" one quake. Read as a
rating, two sources that tell it apart ("Category 3" and "Category 4", "6.8" and "7.1") conflict.
"""

from __future__ import annotations

import re

#: A storm's category right before its number ("a Category 3 hurricane").
_CATEGORY = re.compile(r"\bCategory\s+\Z")
#: The highest storm category (Saffir-Simpson): "Category 1,500" rates nothing.
_TOP_CATEGORY = 5.0
#: An earthquake's magnitude and its number, either way round: "a magnitude 6.8 earthquake", "a magnitude of 7.1",
#: "a 6.8-magnitude quake", "magnitude-7.1", "measured 6.8 on the Richter scale".
_MAGNITUDE = re.compile(
    r"\bmagnitude(?:\s+of)?[\s-]+(?P<after>\d{1,2}(?:\.\d+)?)(?!\d|[.,]\d)"
    r"|(?<![\w.,-])(?P<before>\d{1,2}(?:\.\d+)?)(?:[\s-]+magnitude\b|\s+on\s+the\s+Richter\b)",
    re.I,
)
#: The largest magnitude any scale gives an earthquake: "a magnitude 12" is no quake's.
_TOP_MAGNITUDE = 10.0
#: The anchors of ratings: each rates the story's one event, so two ratings of a story need no more alike a
#: sentence around them to be compared.
RATED = frozenset([("category",), ("magnitude",)])
#: Lesser quakes of one story, rated apart from the main one: "a 5.9 aftershock".
_LESSER = frozenset(["aftershock", "foreshock"])


def category(sentence: str, start: int, value: float) -> bool:
    """Whether the number ``value`` at ``sentence[start:]`` is a storm's category ("Category 3")."""
    return value <= _TOP_CATEGORY and _CATEGORY.search(sentence, max(0, start - 10), start) is not None


def magnitudes(sentence: str) -> list[tuple[int, int, float]]:
    """The earthquake magnitudes in ``sentence``: the span of each one's number and its value."""
    found = []
    for m in _MAGNITUDE.finditer(sentence):
        group = "after" if m.group("after") else "before"
        value = float(m.group(group))
        if value <= _TOP_MAGNITUDE:
            found.append((m.start(group), m.end(group), value))
    return found


def one_event(anchor: tuple[str, ...], near_a: frozenset[str], near_b: frozenset[str]) -> bool:
    """Whether two figures of ``anchor``, with the words ``near_a`` and ``near_b`` around them, rate one event: a
    rating whose words around name no aftershock, or name one on both sides."""
    return anchor in RATED and not (near_a & _LESSER) ^ (near_b & _LESSER)
