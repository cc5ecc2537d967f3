"""What a figure of time counts when its words say more than a span: a prison term ("sentenced to eight years",
"eight years in prison"; not "spent 27 years in prison", time served) or the span another figure is spread over
("a 40% raise over four years" is four years, not more than four).
"""

from __future__ import annotations

import re

from dedupe_cli.claims.lexicon import NUMBER_WORD

__all__ = ["SPANS", "prison_term", "spread_over"]

#: A prison term's words right before its years or months: "sentenced Tuesday to eight years", "jailed for 18
#: months".
_SENTENCED = re.compile(
    r"\b(?:sentenced\s+(?:[^,;.]{1,25}?\s+)?to|jailed\s+for|imprisoned\s+for|sentence\s+of"
    r"|(?:prison|jail)\s+term\s+of)\s+"
    r"(?:about\s+|nearly\s+|more\s+than\s+|up\s+to\s+|at\s+least\s+)?\Z",
    re.I,
)
#: A prison term's words right after its number: "to eight years in prison", "10 years behind bars" (the words
#: before it may name whom the term is for at any length: "sentenced former Cleveland Mayor Frank Jackson to").
_IN_PRISON = re.compile(
    r"[\s-]+(?:years?|months?)\s+(?:in\s+(?:a\s+)?(?:federal\s+|state\s+)?(?:prison|jail)|behind\s+bars)\b", re.I
)
#: Time served, told before a number of years in prison: "spent 27 years in prison" is no term given.
_SERVED = re.compile(r"\b(?:spent|spend|spends|spending|served|serve|serves|serving|after)\b[^,;.]{0,30}\Z", re.I)
#: A figure shortly before "over" in its clause: "a 40% raise over four years", "killed 30 people over two days".
_SPREAD_OVER = re.compile(rf"(?:\d|\b{NUMBER_WORD}\b)[^,;:!?]{{0,40}}?\s+over\s+\Z", re.I)
#: What "over" spreads a figure across when it follows one.
SPANS = frozenset(["minute", "hour", "day", "week", "month", "quarter", "season", "year", "decade"])


def prison_term(text: str, start: int, end: int) -> bool:
    """Whether the years or months numbered at ``text[start:end]`` are a prison term."""
    if _SENTENCED.search(text, max(0, start - 40), start):
        return True
    return _IN_PRISON.match(text, end) is not None and not _SERVED.search(text, max(0, start - 40), start)


def spread_over(text: str, start: int) -> bool:
    """Whether the span numbered at ``text[start:]`` follows another figure and "over": what it is spread over."""
    return _SPREAD_OVER.search(text, max(0, start - 60), start) is not None
