"""What a figure of change measures when the noun it measures comes before it: "profit rose 12% to $3.4
billion", "Shares of Acme fell 4.5%", "Revenue was up 8%".

A number with no noun after it says what it counts through the verb before it: the change ("rose 12%") is a
move of the verb's subject, up or down, and the figure after "to" ("to $3.4 billion") is the level the subject
reached. Both take the subject's noun phrase as their anchor, read backwards from the verb: its words up to a
determiner, a function word or a clause's edge, and the noun before an "of", "at", "in", "for" or "during" it
follows ("Shares of Acme" is Acme's shares, as "Acme shares" is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedupe_cli.claims.lexicon import CALENDAR, CLAUSE_MARKS, REPORTING, STOP, lemma
from dedupe_cli.claims.naming import past_verb

__all__ = ["Move", "move_before"]

_UP = "rose rise rises jumped jump jumps climbed climb climbs increased increases grew grow grows gained gains"
_UP += " surged surge surges soared soar soars advanced advances rallied rallies"
_DOWN = "fell fall falls dropped drop drops declined decline declines decreased decreases slipped slips slid"
_DOWN += " slides plunged plunge plunges tumbled tumble tumbles sank sinks shrank shrinks"
#: Verbs of a move, by direction.
_DIRECTION = {**dict.fromkeys(_UP.split(), "up"), **dict.fromkeys(_DOWN.split(), "down")}
_VERBS = "|".join(sorted(_DIRECTION, key=len, reverse=True))
#: What may stand between a move's verb and its figure: "by", and the qualifiers the number rules read.
_BETWEEN = r"(?:\s+(?:by|about|nearly|almost|roughly|some|around|over|more\s+than|less\s+than|as\s+much\s+as))*"
#: Verbs after which "up" or "down" tells a move: "was up 8%", "will go up 2%", "closed up 0.9%", "ended down 1%".
_WITH_UP = "is|was|are|were|go|goes|going|went|closed|ended|finished|opened|traded|edged|inched|ticked"
#: A move told right before its figure: "rose 12%", "fell by more than 3%", "was up 8%", "will go up 2%".
_CHANGE = re.compile(rf"\b(?:(?P<verb>{_VERBS})|(?:{_WITH_UP})\s+(?P<dir>up|down)){_BETWEEN}\s+\Z", re.I)
#: A modal or "expected to" between a subject and its move's verb: "Property taxes will rise 2%".
_MODAL = re.compile(
    r"\s+(?:will|would|could|may|might|should|(?:is|are|was|were)\s+(?:expected|set|likely)\s+to)\s*\Z", re.I
)
#: A move told after the figure it moved, set off by a comma: "revenue of $21.5 billion, up 8%" (the subject is
#: the noun before the figure's verb or "of"; "2 percent of corporate profits go to charity, up 12%" tells none).
_AFTER_VALUE = re.compile(
    r"(?P<head>[^\W\d_]+)\s+(?:of|is|was|are|were|totaled|totalled|reached)\s+(?:about\s+|nearly\s+|some\s+)?"
    r"(?:US)?[$€£]?\d[^,;]{0,30},\s+(?P<dir>up|down)"
    rf"{_BETWEEN}\s+\Z",
    re.I,
)
#: The level a move reached, right before its figure: "rose to $3.4 billion", "rose 12% to $3.4 billion".
_LEVEL = re.compile(
    rf"\b(?P<verb>{_VERBS}){_BETWEEN}(?:\s+[\d.,]+\s?(?:%|percent|per\s+cent))?\s+to\s+(?:a\s+record\s+)?"
    r"(?:about\s+|nearly\s+|almost\s+|roughly\s+|some\s+|around\s+)?(?:US)?[$€£]?\Z",
    re.I,
)
#: How far before a figure a move's verb and its subject are read.
_REACH = 120
#: The words after whose noun phrase a second one only says which it is: "shares of Acme", "profit at the unit",
#: "profit in the third quarter", "demand for oil".
_OF = frozenset(["of", "at", "in", "for", "during"])
#: Words that start a noun phrase, read backwards past: the phrase ends there.
_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "that"])
#: A clause set off by commas that describes the subject right before its verb: ", which make up a third of the
#: index,".
_DESCRIBED = re.compile(r",\s+(?:which|who|whose)\b[^,;:()]{0,80},\s*\Z", re.I)
#: Most words of an anchor read from a subject.
_LONGEST = 2
#: A word of a subject: letters joined by "&" are one ("S&P").
_WORD = re.compile(r"[^\W_]+(?:[-'’&][^\W_]+)*")


@dataclass(frozen=True)
class Move:
    """A figure's move: its direction ("up", "down", or "" for the level reached) and its subject's lemmas."""

    direction: str
    subject: tuple[str, ...]


def move_before(text: str, start: int, changes: bool = True) -> Move | None:
    """The move the figure at ``text[start:]`` tells, when a move's verb right before it has a subject;
    ``changes``: whether the figure may be a change (else only a level reached)."""
    low = max(0, start - _REACH)
    level = _LEVEL.search(text, low, start)
    if level:
        modal = _MODAL.search(text, low, level.start())
        subject = _subject(text[low : modal.start() if modal else level.start()])
        return Move("", subject) if subject else None
    if not changes:
        return None
    change = _CHANGE.search(text, low, start)
    if change:
        modal = _MODAL.search(text, low, change.start())
        subject, verb = _subject(text[low : modal.start() if modal else change.start()]), change["verb"]
        direction = _DIRECTION[verb.lower()] if verb else change["dir"].lower()
    else:
        after = _AFTER_VALUE.search(text, low, start)
        if after is None:
            return None
        subject, direction = _subject(text[low : after.end("head")]), after["dir"].lower()
    return Move(direction, subject) if subject else None


def _subject(before: str) -> tuple[str, ...]:
    """The lemmas of the noun phrase that ends ``before`` (the text before a verb), or () when a pronoun, a
    function word or nothing stands there ("It rose", "which fell"); past a clause set off by commas that describes
    it ("Shelter costs, which make up a third of the index, rose 0.4%": shelter costs)."""
    described = _DESCRIBED.search(before)
    if described:
        before = before[: described.start()]
    edge = max((m.end() for m in CLAUSE_MARKS.finditer(before)), default=0)
    words = _WORD.findall(before[edge:])
    phrase = _phrase(words)
    if not phrase:
        return ()
    rest = words[: len(words) - len(phrase)]
    if len(rest) >= 2 and rest[-1].lower() in _DETERMINERS and rest[-2].lower() in _OF:
        rest = rest[:-1]  # "profit in the third quarter": past the article to the preposition
    if rest and rest[-1].lower() in _OF:
        owner = _phrase(rest[:-1])  # "Shares of Acme": the shares are what moved, Acme's
        if owner:
            return tuple(lemma(w) for w in [*phrase[-1:], *owner])[-_LONGEST:]
    return tuple(lemma(w) for w in phrase)[-_LONGEST:]


def _phrase(words: list[str]) -> list[str]:
    """The words that end ``words`` and make a noun phrase's body: none a function word, a determiner, a number
    or a verb ("Acme reported profit": profit)."""
    out: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        low = w.lower()
        if w.isdigit() and i and len(words[i - 1]) >= 2 and words[i - 1].isupper():
            out.append(w)  # a name in capitals numbered: "the S&P 500 fell", "the FTSE 100 rose"
            continue
        if low in STOP or low in _DETERMINERS or low in _OF or any(ch.isdigit() for ch in w):
            break
        if (w.islower() and (low in REPORTING or past_verb(low))) or low in CALENDAR:
            break  # "closed on Tuesday at $185.25": a day is no subject
        out.append(w)
    return out[::-1]
