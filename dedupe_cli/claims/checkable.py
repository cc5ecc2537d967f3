"""Which claims are worth reporting: the noise filter and the merge of claims one sentence makes twice.

Extraction is generous on purpose (the aligner needs every number and name to tell a
count from a year), but a reader needs claims that assert something checkable: a
value with what it counts, a dated event, a quote with its speaker, a framing, a
relation bound to a subject. Pure mentions ("the two neighboring nations", a bare
"33", a dateline, "the governor of California" with nobody named) are not claims.
Conflicts are never filtered: their precision is measured on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedupe_cli.claims.align import Cluster
from dedupe_cli.claims.dates import DateMention
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.lexicon import content_lemmas
from dedupe_cli.claims.numbers import Quantity
from dedupe_cli.model import Verdict, VerdictKind

#: Words before a number that make it a reference to things already known, not a count asserted.
_REFERENCE = frozenset(["the", "these", "those", "both", "its", "their", "his", "her", "our", "all", "such"])
#: Spans of time: "24 hours" alone does not say what lasted them.
_SPANS = frozenset(["second", "minute", "hour", "day", "week", "month", "year", "decade", "time"])
#: Words of a dateline or byline: a sentence of nothing else dates the article, not an event.
_STAMP = frozenset(
    [
        "published", "updated", "posted", "first", "last", "modified", "edt", "est", "pdt", "pst", "cdt", "cst", "gmt",
        "utc", "bst", "et", "am", "pm", "a.m", "p.m", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "at", "on", "by",
    ]
)  # fmt: skip
#: Relations that are titles: they assert something only when bound to a named holder.
_TITLES = frozenset(["president", "prime minister", "mayor", "governor", "ceo", "chairman", "capital"])
_MONTH_OR_DAY = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*$|^\w+day$",
    re.I,
)
#: "Ed Snider, the chairman of" / "Markey (D-Mass.), chairman of": a holder named right before a title.
_HOLDER = re.compile(r"[A-Z][\w.'’-]+(?:\s+\([^)]*\))?,\s+(?:(?:the|a|an|former|current|then)\s+)*$")
_QUOTE_MARKS = frozenset('"“”«»')
_PREPOSITION = re.compile(r"^(?:to|in|on|at|for|with|by|during|after|before|from|of)\b", re.I)


def _quantity_checkable(claim: Claim, q: Quantity, single: bool) -> bool:
    text = claim.sentence.text
    if q.unit != "count":
        return True
    if not claim.anchor or "ago" in claim.anchor:
        return False  # a bare number ("Reid, 33,"), a relative time
    if single and len(claim.anchor) == 1 and claim.anchor[0] in _SPANS:
        return False  # a span of time one source gives, with nothing said to last it
    raw = text[q.start : q.end].strip()
    if raw.isdigit() and len(raw) == 4 and 1800 <= q.value <= 2100:
        return False  # a year read as a count ("her 1999 role")
    before = text[: q.start].lower().split()[-1:]
    return q.ordinal or not (before and before[0] in _REFERENCE)


def _date_checkable(claim: Claim, d: DateMention) -> bool:
    text = claim.sentence.text
    rest = text[: d.start] + " " + text[d.end :]
    words = {w for w in content_lemmas(rest) if not any(ch.isdigit() for ch in w)} - _STAMP
    return len(words) >= 2


def _relation_checkable(claim: Claim) -> bool:
    value = claim.value.strip()
    if len(value) < 2 or _MONTH_OR_DAY.match(value):
        return False
    rel = " ".join(claim.anchor)
    if rel not in _TITLES:
        return True
    start = claim.span[0]
    return bool(_HOLDER.search(claim.sentence.text[:start]))


def _attribution_checkable(claim: Claim) -> bool:
    text = claim.sentence.text
    if any(ch in _QUOTE_MARKS for ch in text):
        return False  # the quote of the sentence is the claim
    return not _PREPOSITION.match(claim.value) and len(content_lemmas(claim.value)) >= 2


def checkable(claim: Claim, single: bool = True) -> bool:
    """Whether a claim asserts something a reader could check, rather than merely mention it.

    A bare span of time ("24 hours") passes only when sources agree on it (``single`` False):
    then the aligner has matched what it measures.
    """
    data = claim.data
    if isinstance(data, Quantity):
        return _quantity_checkable(claim, data, single)
    if isinstance(data, DateMention):
        return _date_checkable(claim, data)
    if claim.kind == "relation":
        return _relation_checkable(claim)
    if claim.kind == "attribution":
        return _attribution_checkable(claim)
    if claim.kind == "quote":
        return bool(claim.speaker)
    return True


def span(claim: Claim) -> tuple[int, int]:
    """Where the claim stands in its sentence: its own span, or where its words are (quotes, statements)."""
    if claim.span != (0, 0):
        return claim.span
    at = claim.sentence.text.find(claim.value)
    return (at, at + len(claim.value)) if at >= 0 else (0, len(claim.sentence.text))


def _where(claim: Claim) -> tuple[int, int, int]:
    s = claim.sentence
    return (s.article, s.paragraph, s.start)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _date_within(small: Claim, big: Claim) -> bool:
    """A weekday or a bare year beside the full date it belongs to ("Tuesday, December 9, 2008")."""
    ds, db = small.data, big.data
    if not isinstance(ds, DateMention) or not isinstance(db, DateMention) or ds.value == db.value:
        return False
    if db.value.startswith(ds.value):
        return True
    first, second = sorted((ds, db), key=lambda d: d.start)
    gap = small.sentence.text[first.end : second.start]
    return len(gap) <= 3 and not gap.strip(" ,") and len(ds.text) < len(db.text)


def subsumed(claim: Claim, other: Claim) -> bool:
    """Whether ``other``, from the same sentence, says all ``claim`` says (a number inside a quote,
    a statement that restates a framing, a weekday beside its date)."""
    if _where(claim) != _where(other) or claim is other:
        return False
    if _date_within(claim, other):
        return True
    mine, theirs = span(claim), span(other)
    if not _overlap(mine, theirs):
        return False
    return theirs[1] - theirs[0] > mine[1] - mine[0] or (theirs == mine and id(other) < id(claim))


def prune(judged: Sequence[tuple[Cluster, Verdict]]) -> list[Verdict]:
    """The verdicts worth reporting, in the given order.

    Conflicts always stay. An agreement stays when one of its claims is checkable, a
    single-source claim when it is checkable and no claim of its sentence already
    reported (a conflict, an agreement, or a longer single-source claim) covers it.
    """
    kept = [
        (cluster, verdict)
        for cluster, verdict in judged
        if verdict.verdict == VerdictKind.CONFLICT
        or (verdict.verdict == VerdictKind.AGREE and any(checkable(c, False) for g in cluster.groups for c in g.claims))
        or (verdict.verdict == VerdictKind.SINGLE_SOURCE and checkable(cluster.groups[0].rep))
    ]
    # the tests below hold only within one sentence (one article for restated claims): each claim is
    # compared with those of its own, not with every claim of the story (an article of 1,500 figures
    # made 7.5 million comparisons)
    shown: dict[tuple[int, int, int], list[Claim]] = {}
    single: dict[tuple[int, int, int], list[Claim]] = {}
    for cluster, v in kept:
        if v.verdict != VerdictKind.SINGLE_SOURCE:
            for c in (c for g in cluster.groups for c in g.claims):
                shown.setdefault(_where(c), []).append(c)
        else:
            single.setdefault(_where(cluster.groups[0].rep), []).append(cluster.groups[0].rep)
    out: list[Verdict] = []
    said: dict[int, list[Claim]] = {}
    for cluster, verdict in kept:
        if verdict.verdict == VerdictKind.SINGLE_SOURCE:
            rep = cluster.groups[0].rep
            here = _where(rep)
            if any(_covered(rep, c) for c in shown.get(here, ())) or any(
                subsumed(rep, other) for other in single.get(here, ())
            ):
                continue
            if any(_restated(rep, earlier) for earlier in said.get(rep.sentence.article, ())):
                continue
            said.setdefault(rep.sentence.article, []).append(rep)
        out.append(verdict)
    return out


def _covered(claim: Claim, reported: Claim) -> bool:
    """Whether a reported claim of the same sentence already tells ``claim``: it spans it, or it is the
    framing a statement of the sentence restates."""
    if _where(claim) != _where(reported):
        return False
    mine, theirs = span(claim), span(reported)
    if reported.kind == "polarity" and claim.kind in {"attribution", "statement"}:
        return _overlap(mine, theirs)
    return theirs[0] <= mine[0] and mine[1] <= theirs[1]


def _restated(claim: Claim, earlier: Claim) -> bool:
    """Whether an article repeats what one speaker said ("will not seek the death penalty" twice)."""
    if claim.kind not in {"attribution", "quote"} or earlier.kind not in {"attribution", "quote"}:
        return False
    if claim.sentence.article != earlier.sentence.article or not claim.speaker or claim.speaker != earlier.speaker:
        return False
    mine, theirs = set(claim.anchor), set(earlier.anchor)
    small = min(len(mine), len(theirs))
    return small >= 3 and len(mine & theirs) / small >= 0.6


__all__ = ["checkable", "prune", "span", "subsumed"]
