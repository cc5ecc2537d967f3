"""A game's score or a vote's tally as a sentence tells it: "Arsenal beat Chelsea 3-1", "a 2-0 win over Leeds",
"the court ruled 5-4".

A score is a claim about one game: two sources that give the same game two scores disagree ("beat Chelsea 3-1" and
"defeated Chelsea 3-2"). The game is known by the sides named with the score; a score is written winner first or
either way round ("lost 1-3", "lost 3-1"), so its value puts the larger number first. A record ("improved to 52-3")
is no score: only a score a win, a loss, a draw or a vote tells is read.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from dedupe_cli.claims.entities import names
from dedupe_cli.claims.lexicon import CALENDAR

_SCORE = r"(?P<high>\d{1,3})\s?[-–]\s?(?P<low>\d{1,3})(?![\d–-])"
#: A tennis match's sets after its first, a tie-break's points between ("won 2-6, 6-3, 7-5", "7-6 (5), 7-6 (7)"),
#: and what makes a score no game's result ("a 50-32 record", "a 2-0 lead in the series"): no score.
_SETS = (
    r"(?!\s*(?:\(\d+\)\s*)?,?\s*\d{1,2}\s?[-–]\s?\d)"
    r"(?!\s+(?:record|mark|start|season|campaign|lead|series|advantage|edge|deficit|halftime|half-time)\b)"
)
#: The set before a score: "Kyrgios' 6-4, 6-4 win" (the last set is no score of the match).
_SET_BEFORE = re.compile(r"\d\s?[-–]\s?\d{1,2}(?:\s*\(\d+\))?,?\s*\Z")
#: A side's possessive right before the score it won or lost: "the Wild's 4-1 win", "the Owls' 88-72 win".
_POSSESSIVE = re.compile(r"['’]s?\Z")
#: The side named after a score: "won 112-104 against Boston", "a 3-1 win over Chelsea".
_OPPONENT = r"(?P<after>\s+(?:over|against|to|with|for)\s+[^.;:!?]{0,60})?"
#: Words many teams' names share ("Leeds United", "Manchester City"): no word that tells a side.
_TEAM_WORDS = frozenset(["united", "city", "town", "county", "fc", "afc", "club", "athletic", "rovers", "the"])
#: A verb of a result, a side, and the score after it: "beat Chelsea 3-1", "won 2-0 at Leeds", "drew 1-1 with",
#: "lead Golden State past Sacramento 128-119".
_VERB_FIRST = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeats|defeating|edged|edges|routed|thrashed|downed|topped|stunned|"
    r"crushed|blanked|won|wins|winning|lost|loses|losing|fell|falls|drew|draws|tied|ties|voted|ruled|approved|"
    r"passed|rejected|confirmed|backed|endorsed|adopted|past)\b"
    r"(?P<between>[^.;:!?\d]{0,60}?)\s" + _SCORE + _SETS + _OPPONENT,
    re.I,
)
#: The score before what it was: "a 3-1 win over Chelsea", "their 2-0 defeat to Leeds", "a 5-4 ruling".
_SCORE_FIRST = re.compile(
    r"(?<![\w.,-])" + _SCORE + _SETS + r"\s+(?:home\s+|away\s+|road\s+|league\s+|cup\s+)?"
    r"(?:win|victory|triumph|defeat|loss|draw|tie|vote|decision|ruling|verdict)\b" + _OPPONENT,
    re.I,
)
#: A tally after "vote of": "by a vote of 9-4", "on a vote of 52-48".
_VOTE_OF = re.compile(r"\b(?:vote\s+of|(?:vote|tally)\s+(?:was|is|stood\s+at))\s+" + _SCORE + _SETS, re.I)
#: A vote or a ruling told unanimous: "voted unanimously", "unanimously approved", "a unanimous decision", "The
#: decision was unanimous". Its tally is every vote for one side ("9-0").
_UNANIMOUS = re.compile(
    r"\bunanimously\b|\b(?:in|by|with|reached|returned|issued|delivered|won|scored)\s+a\s+unanimous\s+"
    r"(?:vote|decision|ruling|verdict)\b|\b(?:vote|decision|ruling|verdict)\s+was\s+unanimous\b",
    re.I,
)
#: What makes a unanimous vote none that was cast: a failure, a rule, a modal or a denial before it ("the jury
#: failed to reach a unanimous decision", "requires a unanimous decision", "could not unanimously agree").
_NOT_CAST = re.compile(
    r"\b(?:fail(?:ed|s|ing)?\s+to|requires?|required|requiring|needs?|needed|without|not|never|no|must|would|could|"
    r"should|unless|if)\b[^.;]{0,25}\Z",
    re.I,
)
#: The value of a unanimous tally.
UNANIMOUS = "unanimous"
#: A possessive's ending, dropped from a side's words ("Arsenal's").
_OWNER = re.compile(r"'s?\Z")
#: How far before a result's verb the side that won or lost is looked for.
_REACH = 60


class Score(NamedTuple):
    """A score in a sentence: its value (the larger number first), the sides named with it (as written), and the
    span of the score's text."""

    value: str
    sides: frozenset[str]
    start: int
    end: int


def scores(sentence: str) -> list[Score]:
    """The scores ``sentence`` tells, in order."""
    if not any(dash in sentence for dash in "-–") and "nanimous" not in sentence:  # a dash, or "(U|u)nanimous"
        return []
    found = []
    for m in _VERB_FIRST.finditer(sentence):
        if m.group("between").rstrip().lower().endswith(" to") or _set_before(sentence, m.start("high")):
            continue  # "fell to 36-3": a record reached
        between = names(m.group("between"))
        if not between and m.group().lower().startswith("past"):
            continue  # "past" tells a result only before the side it passed: "in the past 12-18 months" tells none
        before = names(sentence[max(0, m.start() - _REACH) : m.start()])
        named = between + names(m.group("after") or "")[:1]
        found.append(_score(m, [n.text for n in before[-1:] + named]))
    taken = {score.start for score in found}
    found += [_score(m, []) for m in _VOTE_OF.finditer(sentence) if m.start("high") not in taken]
    if not found:  # "The Senate unanimously confirmed her": the body that voted, named before
        for m in _UNANIMOUS.finditer(sentence):
            if _NOT_CAST.search(sentence, max(0, m.start() - 40), m.start()):
                continue
            named = names(sentence[max(0, m.start() - _REACH) : m.start()])
            before = [n for n in named if n.text.lower() not in CALENDAR]  # "on Monday unanimously": no side
            found.append(Score(UNANIMOUS, frozenset(n.text for n in before[-1:]), m.start(), m.end()))
    taken = {score.start for score in found}
    for m in _SCORE_FIRST.finditer(sentence):
        if m.start("high") in taken or _set_before(sentence, m.start("high")):
            continue
        sides = [n.text for n in names(m.group("after") or "")[:1]]
        low = max(0, m.start() - _REACH)
        before = names(sentence[low : m.start()])
        if before and _POSSESSIVE.search(before[-1].text) and not sentence[low + before[-1].end : m.start()].strip():
            sides.append(before[-1].canonical)  # "the Wild's 4-1 win over the Sabres"
        found.append(_score(m, sides))
    return sorted(found, key=lambda s: s.start)


def _set_before(sentence: str, start: int) -> bool:
    return _SET_BEFORE.search(sentence, max(0, start - 16), start) is not None


def one_tally(a: str, b: str) -> bool:
    """Whether two scores are one tally: equal, or a unanimous vote and a tally with no vote against ("9-0")."""
    return a == b or (a == UNANIMOUS and b.endswith("-0")) or (b == UNANIMOUS and a.endswith("-0"))


def one_game(a: Collection[str], b: Collection[str]) -> tuple[bool, bool]:
    """Whether scores told with the sides ``a`` and with the sides ``b`` may be of one game, and whether both name
    the same two sides: every side one names is among the other's ("beat Chelsea 3-1" and "Arsenal defeated
    Chelsea 3-2"), sides known by the words that tell them apart ("Leeds" is "Leeds United")."""
    words_a, words_b = [_side_words(side) for side in a], [_side_words(side) for side in b]
    linked = _among(words_a, words_b) or _among(words_b, words_a)
    return linked, linked and len(words_a) == len(words_b) == 2


def _among(sides: list[frozenset[str]], others: list[frozenset[str]]) -> bool:
    return all(any(side & other for other in others) for side in sides)


def _side_words(side: str) -> frozenset[str]:
    """The words of a side's name that tell it from others: "Leeds United" is "leeds"."""
    words = (_OWNER.sub("", w) for w in side.lower().replace("’", "'").split())
    return frozenset(w for w in words if w not in _TEAM_WORDS)


def _score(m: re.Match[str], sides: list[str]) -> Score:
    high, low = sorted((int(m.group("high")), int(m.group("low"))), reverse=True)
    return Score(f"{high}-{low}", frozenset(s.strip(" .,'’") for s in sides), m.start("high"), m.end("low"))
