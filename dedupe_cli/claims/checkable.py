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
from dedupe_cli.claims.coverage import Shown, Singles, where
from dedupe_cli.claims.dates import DateMention
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.lexicon import LEADING_PREPOSITION, STOP, SpanWords, content_lemmas, lemma, tokens
from dedupe_cli.claims.numbers import Quantity
from dedupe_cli.model import Verdict, VerdictKind

#: Words before a number that make it a reference to things already known, not a count asserted.
_REFERENCE = frozenset(["the", "these", "those", "both", "its", "their", "his", "her", "our", "all", "such"])
#: Spans of time: "24 hours" alone does not say what lasted them.
_SPANS = frozenset(["second", "minute", "hour", "day", "week", "month", "year", "decade", "time"])
#: A span of time that places an event rather than lasting ("two years ago", "three days later", "two years
#: before,"); "two years after the death of Niyazov" tells a span between two events, and stays.
_RELATIVE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:ago|earlier|later)\b|\s+(?:[\w-]+\s+){0,2}?(?:before|after)(?=\s*(?:[,.;:!?)]|\Z))",
    re.I,
)
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


def _word_before(text: str, at: int) -> list[str]:
    """``text[:at].lower().split()[-1:]``, read from the end of ``text[:at]`` only as far as that word begins
    (a sentence of thousands of figures lowered and split its start once per figure).

    Lowering keeps every character's being a space or not, and no space is case-ignorable (the context of a
    final sigma ends at a space): the last word of a longer piece of ``text[:at]`` lowers and splits alike
    once a space stands before it (a test checks both over every code point).
    """
    if not 0 <= at <= len(text):
        return text[:at].lower().split()[-1:]
    width = 64
    while True:
        low = max(0, at - width)
        piece = text[low:at]
        words = piece.lower().split()
        if low == 0 or len(words) >= 2 or (words and piece[0].isspace()):
            return words[-1:]
        width *= 2


def _quantity_checkable(claim: Claim, q: Quantity, single: bool) -> bool:
    text = claim.sentence.text
    if q.unit != "count":
        return True
    if not claim.anchor:
        return False  # a bare number ("Reid, 33,")
    if claim.anchor[-1] in _SPANS and _RELATIVE.match(text, q.end):
        return False  # "two years ago", "four days later", "two years before,": when, not how long
    if single and len(claim.anchor) == 1 and claim.anchor[0] in _SPANS:
        return False  # a span of time one source gives, with nothing said to last it
    raw = text[q.start : q.end].strip()
    if raw.isdigit() and len(raw) == 4 and 1800 <= q.value <= 2100:
        return False  # a year read as a count ("her 1999 role")
    before = _word_before(text, q.start)
    return q.ordinal or not (before and before[0] in _REFERENCE)


def _date_word(word: str) -> str | None:
    """The lemma a word adds to what a sentence says besides its date (see :func:`_date_checkable`), if any."""
    if word.lower() in STOP or len(word) <= 1:
        return None
    w = lemma(word)
    return None if any(ch.isdigit() for ch in w) or w in _STAMP else w


class _DateRest(SpanWords):
    """The words of one sentence as :func:`_date_checkable` counts them, read once for all its dates.

    ``text[:start] + " " + text[end:]`` has the words of ``text[:start]`` and of ``text[end:]`` (the space
    joins none): the sentence's words less those the date's span touches, and the pieces of the words its
    ends cut (:class:`~dedupe_cli.claims.lexicon.SpanWords`; a word of one character counts for nothing).
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.lemmas = [_date_word(w) for w in self.words]
        self.count: dict[str, int] = {}
        for w in self.lemmas:
            if w is not None:
                self.count[w] = self.count.get(w, 0) + 1
        #: per word, how many words before it start lower-case (then the count of them all)
        self.lower = [0]
        for w in self.words:
            self.lower.append(self.lower[-1] + w[0].islower())

    def enough(self, start: int, end: int) -> bool:
        """Whether two different lemmas stay once the span is taken out, one of a word in lower case (a
        dateline -- "WASHINGTON, DC, April 28, 2009" -- has only names beside its date)."""
        first, last = self.touched(start, end)
        left, right = self.cut(start, end)
        lower = self.lower[first] + self.lower[-1] - self.lower[last]
        if not lower and not any(piece[0].islower() for piece in left + right):
            return False
        change: dict[str, int] = {}
        for w in self.lemmas[first:last]:
            if w is not None:
                change[w] = change.get(w, 0) - 1
        for piece in left + right:
            w = _date_word(piece)
            if w is not None:
                change[w] = change.get(w, 0) + 1
        distinct = len(self.count)
        for w, n in change.items():
            before = self.count.get(w, 0)
            distinct += (before + n > 0) - (before > 0)
        return distinct >= 2


def _date_checkable(claim: Claim, d: DateMention, rests: dict[str, _DateRest] | None = None) -> bool:
    """Whether the sentence says two things besides its date and stamp words (``rests``: the sentences read)."""
    text = claim.sentence.text
    if not 0 <= d.start <= d.end <= len(text):
        rest = text[: d.start] + " " + text[d.end :]
        words = {w for w in content_lemmas(rest) if not any(ch.isdigit() for ch in w)} - _STAMP
        return len(words) >= 2 and any(w[0].islower() for w in tokens(rest) if len(w) > 1)
    if rests is None:
        return _DateRest(text).enough(d.start, d.end)
    found = rests.get(text)
    if found is None:
        found = rests[text] = _DateRest(text)
    return found.enough(d.start, d.end)


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
    # "in a statement to Access": a fragment; "After the first iPhones shipped, people began ..." is a statement
    fragment = LEADING_PREPOSITION.match(claim.value) and "," not in claim.value
    return not fragment and len(content_lemmas(claim.value)) >= 2


def checkable(claim: Claim, single: bool = True, rests: dict[str, _DateRest] | None = None) -> bool:
    """Whether a claim asserts something a reader could check, rather than merely mention it.

    A bare span of time ("24 hours") passes only when sources agree on it (``single`` False):
    then the aligner has matched what it measures. ``rests``: sentences already read for their dates
    (:func:`prune` reads a sentence of many dates once, not once per date).
    """
    data = claim.data
    if isinstance(data, Quantity):
        return _quantity_checkable(claim, data, single)
    if isinstance(data, DateMention):
        return _date_checkable(claim, data, rests)
    if claim.kind == "relation":
        return _relation_checkable(claim)
    if claim.kind == "attribution":
        return _attribution_checkable(claim)
    if claim.kind == "quote":
        return bool(claim.speaker)
    return True


def prune(judged: Sequence[tuple[Cluster, Verdict]]) -> list[Verdict]:
    """The verdicts worth reporting, in the given order.

    Conflicts always stay. An agreement stays when one of its claims is checkable, a
    single-source claim when it is checkable and no claim of its sentence already
    reported (a conflict, an agreement, or a longer single-source claim) covers it.
    """
    rests: dict[str, _DateRest] = {}
    kept = [
        (cluster, verdict)
        for cluster, verdict in judged
        if verdict.verdict == VerdictKind.CONFLICT
        or (
            verdict.verdict == VerdictKind.AGREE
            and any(checkable(c, False, rests) for g in cluster.groups for c in g.claims)
        )
        or (verdict.verdict == VerdictKind.SINGLE_SOURCE and checkable(cluster.groups[0].rep, True, rests))
    ]
    # the tests below hold only within one sentence (one article for restated claims): each claim is
    # compared with those of its own, not with every claim of the story (an article of 1,500 figures
    # made 7.5 million comparisons), and within a sentence through its claims' spans and date values, not
    # with every claim of the sentence (a sentence of 4,000 figures made 743,000)
    shown: dict[tuple[int, int, int], list[Claim]] = {}
    single: dict[tuple[int, int, int], list[Claim]] = {}
    for cluster, v in kept:
        if v.verdict != VerdictKind.SINGLE_SOURCE:
            for c in (c for g in cluster.groups for c in g.claims):
                shown.setdefault(where(c), []).append(c)
        else:
            single.setdefault(where(cluster.groups[0].rep), []).append(cluster.groups[0].rep)
    covering: dict[tuple[int, int, int], Shown] = {}
    subsuming: dict[tuple[int, int, int], Singles] = {}
    out: list[Verdict] = []
    said: dict[tuple[int, str], list[Claim]] = {}  # what each speaker of an article said (see _restated)
    for cluster, verdict in kept:
        if verdict.verdict == VerdictKind.SINGLE_SOURCE:
            rep = cluster.groups[0].rep
            here = where(rep)
            if here in shown:
                if here not in covering:
                    covering[here] = Shown(shown[here])
                if covering[here].covers(rep):
                    continue
            if here not in subsuming:
                subsuming[here] = Singles(single[here])
            if subsuming[here].subsume(rep):
                continue
            if rep.kind in _SAYING and rep.speaker:
                earlier = said.setdefault((rep.sentence.article, rep.speaker), [])
                if any(_restated(rep, e) for e in earlier):
                    continue
                earlier.append(rep)
        out.append(verdict)
    return out


_SAYING = frozenset(["attribution", "quote"])


def _restated(claim: Claim, earlier: Claim) -> bool:
    """Whether an article repeats what one speaker said ("will not seek the death penalty" twice)."""
    if claim.kind not in {"attribution", "quote"} or earlier.kind not in {"attribution", "quote"}:
        return False
    if claim.sentence.article != earlier.sentence.article or not claim.speaker or claim.speaker != earlier.speaker:
        return False
    mine, theirs = set(claim.anchor), set(earlier.anchor)
    small = min(len(mine), len(theirs))
    return small >= 3 and len(mine & theirs) / small >= 0.6


__all__ = ["checkable", "prune"]
