"""Exclusive frames of two aligned sentences: who did it, who owns whom, what it cost, when the event is.

Each frame binds a value to a role of one subject: the agent of a passive ("created by
Hergé"), the owner in an ownership ("X is a subsidiary of Y" / "X owns Y"), the price of
a named thing ("X was sold for $9.4 billion"), the date of an event noun ("the vote is
slated for October 30"). Two sentences conflict when they bind different values to one
role of one subject, and the value one side gives is not bound to that role anywhere in
the other sentence. A value named elsewhere in the other sentence for another role does
not save it: that is the point of binding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lemminflect import getAllLemmas
from rapidfuzz import fuzz

from dedupe_cli.claims import figures, numbers
from dedupe_cli.claims.dates import DateMention, dates
from dedupe_cli.claims.dates import compatible as dates_compatible
from dedupe_cli.claims.lexicon import REPORTING, STOP
from dedupe_cli.claims.roles import lemmas

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+|de\s+)?[A-Z][\w'’.-]*)*"
_BY = re.compile(
    r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+(?:ed|en|wn|lt|ht))\s+by\s+(?P<rest>[^.;:()]+)"
)
_MAKER = re.compile(
    rf"(?P<agent>{_NAME})\s+(?:\w+ly\s+)?(?P<verb>founded|created|wrote|directed|invented|discovered|designed|"
    r"built|painted|composed|established|bought|acquired)\s+(?:the\s+)?[A-Z]"
)
_SUBSIDIARY = re.compile(
    rf"(?P<owned>{_NAME})(?:,|\s+(?:is|was|has\s+been|became))\s+(?:now\s+)?(?:a|an|the)\s+(?:\w+\s+){{0,2}}"
    r"(?:subsidiary|unit|division|affiliate|arm)\s+of\s+(?P<owner>[^.;()]+)"
)
_OWNS = re.compile(rf"(?P<owner>{_NAME})\s+(?:owns|owned|bought|acquired|took\s+over|controls)\s+(?P<owned>{_NAME})")
_PRICE = re.compile(
    rf"(?P<thing>{_NAME})(?:,\s+[^,.;]{{1,40}},)?\s+(?:(?:is|was|were|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:sold\s+for|bought\s+for|acquired\s+for|purchased\s+for|cost|costs|valued\s+at|worth|priced\s+at)\s+"
    r"(?P<money>(?:about\s+|some\s+|nearly\s+|around\s+)?(?:US\s?\$|\$|€|£)\s?[\d.,]+(?:\s*(?:billion|million|bn|m))?)"
)
#: Event nouns by family: a date bound to one of them dates that event.
_EVENTS = {
    w: family
    for family, words in {
        "election": "election elections vote voting ballot referendum poll polls runoff",
        "ceremony": "ceremony inauguration swearing-in coronation",
        "trial": "trial hearing sentencing",
        "meeting": "summit meeting talks conference",
        "wedding": "wedding funeral",
        "launch": "launch liftoff launched",
        "birth": "born",
        "death": "died",
        "founding": "founded established",
        "marriage": "married",
        "opening": "opened inaugurated",
        "signing": "signed",
        "release": "released",
        "arrest": "arrested",
        "appointment": "appointed",
    }.items()
    for w in words.split()
}
_WORD = re.compile(r"[\w'’-]+|[.;]")


def _names_in(text: str) -> set[str]:
    return {w.lower().strip(".") for m in re.finditer(_NAME, text) for w in m.group().split() if w[:1].isupper()}


def _meets(a: Iterable[str], b: Iterable[str]) -> bool:
    bs = list(b)
    return any(x == y or (len(x) >= 5 and fuzz.ratio(x, y) >= 85) for x in a for y in bs)


def agents(text: str) -> dict[str, set[str]]:
    """Passive verbs with the names of their agents ("were created by artists like Hergé and Morris"),
    and verbs of making and buying with the name before them ("Jobs founded Apple")."""
    out: dict[str, set[str]] = {}
    for m in _MAKER.finditer(text):
        for verb in sorted(lemmas(m.group("verb"))):
            out.setdefault(verb, set()).update(_names_in(m.group("agent")))
    for m in _BY.finditer(text):
        names = _names_in(m.group("rest"))
        if names:
            for verb in sorted(lemmas(m.group("verb"))):
                out.setdefault(verb, set()).update(names)
    return out


def _agent_swap(long: str, short: str, long_doc: set[str]) -> str:
    mine, theirs = agents(long), agents(short)
    for verb, names in theirs.items():
        if verb in mine and not _meets(names, mine[verb]) and not _meets(names, long_doc):
            return f"'{verb} by' {sorted(mine[verb])[0].title()} vs {sorted(names)[0].title()}"
    return ""


def ownership(text: str) -> set[tuple[str, str]]:
    """(owner word, owned word) pairs stated by a sentence, one per pair of name words."""
    out: set[tuple[str, str]] = set()
    for m in _SUBSIDIARY.finditer(text):
        out |= {(o, d) for o in _names_in(m.group("owner")) for d in _names_in(m.group("owned"))}
    for m in _OWNS.finditer(text):
        out |= {(o, d) for o in _names_in(m.group("owner")) for d in _names_in(m.group("owned"))}
    return out


def _reversed_ownership(long: str, short: str) -> str:
    mine = ownership(long)
    for owner, owned in ownership(short):
        if (owned, owner) in mine and (owner, owned) not in mine:
            return f"'{owned.title()}' owns '{owner.title()}' on one side, the reverse on the other"
    return ""


def prices(text: str) -> list[tuple[set[str], numbers.Quantity]]:
    """What named things are said to cost ("Acme was sold for $9.4 billion")."""
    out: list[tuple[set[str], numbers.Quantity]] = []
    for m in _PRICE.finditer(text):
        found = numbers.quantities(m.group("money"))
        if found and found[0].unit not in {"count", "percent"}:
            out.append((_names_in(m.group("thing")), found[0]))
    return out


def _price_differs(long: str, short: str) -> str:
    for thing, value in prices(short):
        told = [q for t, q in prices(long) if t & thing and q.unit == value.unit]
        if told and not any(figures.compatible(q, value)[0] for q in told):
            return f"price {numbers.describe(told[0])} vs {numbers.describe(value)}"
    return ""


def event_dates(text: str) -> dict[str, set[str]]:
    """Event families with the dates bound to them: an event noun (not a modifier, as in "election laws")
    within eight words before the date, in the same sentence part, with no reporting verb between ("the
    elections will have two parties, the agency reported September 26" dates the report)."""
    out: dict[str, set[str]] = {}
    for d in dates(text, None):
        if d.granularity == "weekday":
            continue
        words = _WORD.findall(text[: d.start])
        for k in range(len(words) - 1, max(-1, len(words) - 9), -1):
            w = words[k].lower()
            if w in {".", ";"} or w in REPORTING:
                break
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if w in _EVENTS and not (nxt and _modified(nxt)):
                out.setdefault(_EVENTS[w], set()).add(d.value)
                break
    return out


def _modified(word: str) -> bool:
    """Whether ``word`` (after an event noun) is the head noun it modifies ("election laws")."""
    plain = word[:1].islower() and word.isalpha() and word not in STOP
    pos = set(getAllLemmas(word)) if plain else set()
    return bool(pos) and pos <= {"NOUN", "ADJ"}


def _event_date_differs(long: str, short: str) -> str:
    mine = event_dates(long)
    for family, values in event_dates(short).items():
        bound = mine.get(family, set())
        if bound and not any(_same_day(v, w) for v in values for w in bound):
            return f"{family} on {sorted(bound)[0]} vs {sorted(values)[0]}"
    return ""


def _same_day(a: str, b: str) -> bool:
    return dates_compatible(DateMention(a, "day", 0, 0, a), DateMention(b, "day", 0, 0, b))


def frame_conflict(long: str, short: str, long_doc: Iterable[str] = ()) -> tuple[str, str] | None:
    """(subtype, reason) when two aligned sentences bind different values to one role, else None."""
    doc = {w.lower() for w in long_doc} | _names_in(long)
    reason = _agent_swap(long, short, doc) or _reversed_ownership(long, short)
    if reason:
        return "entity", reason
    reason = _price_differs(long, short)  # two ages of one person: claims of their own (:mod:`.ages`)
    if reason:
        return "numeric", reason
    reason = _event_date_differs(long, short)
    return ("date", reason) if reason else None


__all__ = ["agents", "event_dates", "frame_conflict", "ownership", "prices"]
