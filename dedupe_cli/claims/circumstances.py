"""What a count was told with, that two counts of one number need alike to be one figure: the period it is
limited to ("in the third round"), the record or score beside it (a moment of a tally), whether it is an increment
to another count ("an additional 162 animals"), whether it is a survey's sample ("a poll of 1,000 people") and
whether its sentence tells of an earlier time ("Last year the council approved ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from dedupe_cli.claims.entities import names
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.lexicon import CALENDAR, lemma, tokens

__all__ = ["another_time", "apart", "increment", "other_moments", "sampled", "scope"]

#: Periods a count may be limited to: a count in one round is not a count of the whole fight.
_SCOPES = frozenset(["round", "quarter", "inning", "period", "lap", "stage", "leg", "session", "half", "set"])
#: Adjectives of a period, as its noun: "quarterly".
_PERIODIC = {"quarterly": "quarter"}
#: Trading outside a market's hours or at a moment of the day: a share's move then is not its move in the day's
#: trading ("rose 1% in premarket trading" or "rose 2% in morning trading" against "fell 3% on the news").
_TRADING = {
    "premarket": re.compile(r"\bpre-?market\b|\bbefore\s+the\s+(?:opening\s+)?bell\b", re.I),
    "intraday": re.compile(r"\b(?:morning|early|midday|afternoon|late)\s+trading\b|\bintraday\b", re.I),
    "after-hours": re.compile(
        r"\bafter[-\s]hours\b|\bextended\s+trading\b|\bafter\s+the\s+(?:closing\s+)?bell\b", re.I
    ),
}


def scope(claim: Claim) -> frozenset[str]:
    """The periods a count's sentence names (see ``_SCOPES``), and trading outside a market's hours."""
    return _scopes_in(claim.sentence.text)


@lru_cache(maxsize=16384)
def _scopes_in(text: str) -> frozenset[str]:
    # a period joined to its number is one too: "third-quarter profit" names the quarter "profit in the third
    # quarter" and "quarterly profit" do
    words = (lemma(part) for w in tokens(text) for part in w.split("-"))
    found = frozenset(_PERIODIC.get(w, w) for w in words) & _SCOPES
    return found | {name for name, pattern in _TRADING.items() if pattern.search(text)}


#: A win-loss record or a score ("52-3", "45-7-2", "2-1"): a sentence that tells one tells a moment of a tally.
_RECORD = re.compile(r"(?<![\w.-])\d{1,3}-\d{1,3}(?:-\d{1,3})?(?![\w-])")


@lru_cache(maxsize=16384)
def _records(text: str) -> frozenset[str]:
    return frozenset(_RECORD.findall(text))


#: Words that make a count an increment to another ("an additional 162 animals [and 146 plants]", "another 5",
#: "12 more people").
_MORE_BEFORE = re.compile(r"\b(?:additional|another|further|extra)\s+(?:[\d,.]+\s+\w+(?:\s+\w+)?\s+and\s+)?\Z", re.I)
_MORE_AFTER = re.compile(r"\s+more\b", re.I)


#: A count that is a survey's sample ("a poll of 1,000 people", "500 voters surveyed"): how many were asked.
_SAMPLE_BEFORE = re.compile(
    r"\b(?:poll|polls|survey|surveys|sample|samples|study|questionnaire)\s+of\s+(?:about\s+|some\s+|nearly\s+|"
    r"more\s+than\s+|over\s+|around\s+)?\Z",
    re.I,
)
_SAMPLE_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:surveyed|polled|questioned|sampled)\b", re.I)


def _told_around(claim: Claim, before: re.Pattern[str], after: re.Pattern[str]) -> bool:
    """Whether ``before`` ends in the 60 characters before a count's value, or ``after`` starts right after it."""
    text, (start, end) = claim.sentence.text, claim.span
    return bool(before.search(text, max(0, start - 60), start) or after.match(text, end))


def sampled(claim: Claim) -> bool:
    """Whether a count is the sample of a poll or survey: it never meets a count of those who did something."""
    return _told_around(claim, _SAMPLE_BEFORE, _SAMPLE_AFTER)


def increment(claim: Claim) -> bool:
    """Whether a count is an increment to some other count: never the same figure as a whole."""
    return _told_around(claim, _MORE_BEFORE, _MORE_AFTER)


def other_moments(a: Claim, b: Claim) -> bool:
    """Whether two sentences tell different records or scores ("record to 52-3 with 46 wins by knockout",
    "improves to 58-3 with 51 wins"), or different periods of one kind ("In the third quarter" and "in the
    October-December quarter"): their counts are of two moments, not a conflict."""
    ra, rb = _records(a.sentence.text), _records(b.sentence.text)
    if ra and rb and not ra & rb:
        return True
    pa, pb = _numbered_periods(a.sentence.text), _numbered_periods(b.sentence.text)
    return any(pa[kind].isdisjoint(pb[kind]) for kind in pa.keys() & pb.keys())


#: The numbers of periods told by their ordinals.
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
#: A numbered period: "the third quarter", "fourth-quarter", "the second half", "Q3".
_NUMBERED_PERIOD = re.compile(
    r"\b(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?P<kind>quarter|half)\b|\bQ(?P<q>[1-4])\b", re.I
)
#: A quarter told by its months: "the October-December quarter", "the July to September quarter".
_QUARTER_MONTHS = re.compile(r"\b(?P<first>january|april|july|october)\s*(?:-|–|to|through)\s*\w+\s+quarter\b", re.I)
#: Each quarter's number by its first month.
_FIRST_MONTHS = {"january": 1, "april": 2, "july": 3, "october": 4}


@lru_cache(maxsize=16384)
def _numbered_periods(text: str) -> dict[str, frozenset[int]]:
    """Per kind of period ("quarter", "half"), the numbers of those a sentence names."""
    found: dict[str, set[int]] = {}
    for m in _NUMBERED_PERIOD.finditer(text):
        if m.group("q"):
            found.setdefault("quarter", set()).add(int(m.group("q")))
        else:
            found.setdefault(m.group("kind").lower(), set()).add(_ORDINAL_WORDS[m.group("nth").lower()])
    for m in _QUARTER_MONTHS.finditer(text):
        found.setdefault("quarter", set()).add(_FIRST_MONTHS[m.group("first").lower()])
    return {kind: frozenset(numbers) for kind, numbers in found.items()}


#: Words that tell of a time before the news: "last year", "the previous season", "two years ago", "previously".
_ANOTHER_TIME = re.compile(
    r"\b(?:last|previous|prior)\s+(?:year|season|month|week|election|vote|time)\b"
    r"|\b(?:a|one|two|three|four|five|\d{1,2})\s+(?:years?|seasons?)\s+ago\b|\bpreviously\b",
    re.I,
)


def another_time(claim: Claim) -> bool:
    """Whether a claim's sentence tells of a time before the news: its figure may be that time's."""
    return _ANOTHER_TIME.search(claim.sentence.text) is not None


#: Where a figure's clause ends, either way: a comma, a semicolon, or a word that joins another clause ("44C in
#: Spain, while Paris recorded 38C").
_CLAUSE_EDGE = re.compile(r"[,;:]|\s(?:while|whereas|and|but)\s", re.I)


def apart(a: Claim, b: Claim) -> bool:
    """Whether two figures' clauses name places, people or days and share none: "44C in southern Spain on Tuesday"
    and "Paris reached 37.6C" are of two places, "38C" on Tuesday and "46C" on Saturday of two days."""
    (names_a, days_a), (names_b, days_b) = _clause_names(a), _clause_names(b)
    return _disjoint(names_a, names_b) or bool(days_a and days_b and days_a != days_b)


def crossed(a: Claim, b: Claim) -> bool:
    """Whether two figures' clauses name different places or people, each of which the other sentence names too:
    "five in Arkansas and four in Oklahoma" and "two in Arkansas and five in Oklahoma" pair by place ("The Sixers won
    18" and "Philadelphia won 18" do not: neither sentence names the other's team)."""
    (names_a, _), (names_b, _) = _clause_names(a), _clause_names(b)
    return _disjoint(names_a, names_b) and names_a <= b.names and names_b <= a.names


def one_place(a: Claim, b: Claim) -> bool:
    """Whether two figures' clauses name a place or person in common, and no other ("five in Arkansas", "two in
    Arkansas")."""
    (names_a, _), (names_b, _) = _clause_names(a), _clause_names(b)
    return bool(names_a) and names_a == names_b


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets both hold something and share nothing."""
    return bool(a and b and a.isdisjoint(b))


def _clause_names(claim: Claim) -> tuple[frozenset[str], frozenset[str]]:
    """The names (canonical) and the days the clause of a claim's figure names."""
    return _names_around(claim.sentence.text, *claim.span)


@lru_cache(maxsize=16384)
def _names_around(text: str, start: int, end: int) -> tuple[frozenset[str], frozenset[str]]:
    low = max((m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)), default=0)
    edge = _CLAUSE_EDGE.search(text, end)
    high = edge.start() if edge else len(text)
    found = [n.canonical for n in names(text[low:high])]
    days = frozenset(n.lower() for n in found if n.lower() in CALENDAR)
    return frozenset(n for n in found if n.lower() not in CALENDAR), days
