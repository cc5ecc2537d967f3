"""Which claim of a sentence already tells another: the span rules :func:`dedupe_cli.claims.checkable.prune`
applies, and indexes that apply them to all the claims of one sentence at once.

:func:`covered` and :func:`subsumed` state the rules for one pair; :class:`Shown` and :class:`Singles` give
the same answers for one claim against all the reported (or single-source) claims of its sentence through
sorted spans and date values, so that a sentence of thousands of figures is not compared pair by pair
(``tests/test_claims_dates_linear.py`` compares both ways).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, pairwise

from dedupe_cli.claims.dates import DateMention
from dedupe_cli.claims.extract import Claim


def span(claim: Claim) -> tuple[int, int]:
    """Where the claim stands in its sentence: its own span, or where its words are (quotes, statements)."""
    if claim.span != (0, 0):
        return claim.span
    at = claim.sentence.text.find(claim.value)
    return (at, at + len(claim.value)) if at >= 0 else (0, len(claim.sentence.text))


def where(claim: Claim) -> tuple[int, int, int]:
    """The sentence a claim stands in: (article, paragraph, start)."""
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
    if where(claim) != where(other) or claim is other:
        return False
    if _date_within(claim, other):
        return True
    mine, theirs = span(claim), span(other)
    if not _overlap(mine, theirs):
        return False
    return theirs[1] - theirs[0] > mine[1] - mine[0] or (theirs == mine and id(other) < id(claim))


class _Spans:
    """Spans sorted by start, with the furthest end each run of them from the first reaches."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def contain(self, span: tuple[int, int]) -> bool:
        """Whether one of them starts at or before ``span`` and ends at or after it."""
        k = bisect_right(self.starts, span[0])  # those that start at or before it
        return k > 0 and self.reach[k - 1] >= span[1]

    def overlap(self, span: tuple[int, int]) -> bool:
        """Whether one of them overlaps ``span`` (:func:`_overlap`)."""
        k = bisect_left(self.starts, span[1])  # those that start before it ends
        return k > 0 and self.reach[k - 1] > span[0]


class Shown:
    """The reported claims of one sentence: whether one of them covers a claim (:func:`_covered`)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        spans = [(c.kind == "polarity", span(c)) for c in claims]
        self.every = _Spans(s for _, s in spans)
        self.plain = _Spans(s for polarity, s in spans if not polarity)
        self.framing = _Spans(s for polarity, s in spans if polarity)

    def covers(self, claim: Claim) -> bool:
        mine = span(claim)
        if claim.kind in {"attribution", "statement"}:  # a framing covers them when it overlaps them
            return self.plain.contain(mine) or self.framing.overlap(mine)
        return self.every.contain(mine)


class Singles:
    """The single-source claims of one sentence: whether one of them subsumes a claim (:func:`subsumed`).

    A longer overlapping claim is found through a sweep from the longest span down (a Fenwick tree of the
    furthest end per start); an equal span through the least id() per span; a date whose value the claim's
    begins through the sorted values; a date the gap rule of :func:`_date_within` binds through the dates'
    order (they do not overlap: only those within three characters of the claim's are tried), or, for dates
    that overlap or stand outside their sentence (never found by :func:`dates`), by trying every one.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = claims
        distinct = list({id(c): c for c in claims}.values())
        spans = {id(c): span(c) for c in distinct}
        self.longer = _overlapped_by_longer(spans)
        self.least: dict[tuple[int, int], int] = {}
        for c in distinct:
            sp = spans[id(c)]
            self.least[sp] = min(self.least.get(sp, id(c)), id(c))
        dated = sorted((c for c in distinct if isinstance(c.data, DateMention)), key=_start_of)
        mentions = [c.data for c in dated if isinstance(c.data, DateMention)]
        self.values = sorted({d.value for d in mentions})
        self.dated = {id(c) for c in dated}
        self.ordered = dated
        self.starts = [d.start for d in mentions]
        self.ends = [d.end for d in mentions]
        texts = {c.sentence.text for c in dated}
        self.apart = (
            len(texts) <= 1
            and all(0 <= d.start < d.end <= len(c.sentence.text) for c, d in zip(dated, mentions, strict=True))
            and all(a.end <= b.start for a, b in pairwise(mentions))
        )

    def subsume(self, claim: Claim) -> bool:
        """Whether another single-source claim of the sentence says all ``claim`` says."""
        mine = span(claim)
        if id(claim) in self.longer or (mine[0] < mine[1] and self.least.get(mine, id(claim)) < id(claim)):
            return True
        d = claim.data
        if not isinstance(d, DateMention):
            return False
        after = bisect_right(self.values, d.value)  # the values that begin with it follow it
        if after < len(self.values) and self.values[after].startswith(d.value):
            return True
        if not (self.apart and id(claim) in self.dated):
            return any(_date_within(claim, other) for other in self.claims if other is not claim)
        near: list[Claim] = []
        k = bisect_left(self.starts, d.start) - 1
        while k >= 0 and self.ends[k] >= d.start - 3:  # ends are in order too: the dates do not overlap
            near.append(self.ordered[k])
            k -= 1
        k = bisect_right(self.starts, d.start)
        while k < len(self.starts) and self.starts[k] <= d.end + 3:
            near.append(self.ordered[k])
            k += 1
        return any(_date_within(claim, other) for other in near)


def _start_of(claim: Claim) -> int:
    return claim.data.start if isinstance(claim.data, DateMention) else 0


def _overlapped_by_longer(spans: dict[int, tuple[int, int]]) -> set[int]:
    """The keys whose span a longer span of ``spans`` overlaps: longest first, each span asks whether one of
    the longer ones seen so far starts before it ends and ends after it starts."""
    starts = sorted({a for a, _ in spans.values()})
    low = min((min(a, b) for a, b in spans.values()), default=0) - 1  # below every start: "none seen"
    reach = [low] * (len(starts) + 1)  # a Fenwick tree: the furthest end of the spans seen, per start
    order = sorted(spans, key=lambda k: spans[k][1] - spans[k][0], reverse=True)
    found: set[int] = set()
    i = 0
    while i < len(order):
        length = spans[order[i]][1] - spans[order[i]][0]
        j = i
        while j < len(order) and spans[order[j]][1] - spans[order[j]][0] == length:
            j += 1
        for key in order[i:j]:
            a, b = spans[key]
            best, k = low, bisect_left(starts, b)  # the spans seen that start before b
            while k > 0:
                best = max(best, reach[k])
                k -= k & -k
            if best > a:
                found.add(key)
        for key in order[i:j]:
            a, b = spans[key]
            k = bisect_left(starts, a) + 1
            while k < len(reach):
                reach[k] = max(reach[k], b)
                k += k & -k
        i = j
    return found


def covered(claim: Claim, reported: Claim) -> bool:
    """Whether a reported claim of the same sentence already tells ``claim``: it spans it, or it is the
    framing a statement of the sentence restates."""
    if where(claim) != where(reported):
        return False
    mine, theirs = span(claim), span(reported)
    if reported.kind == "polarity" and claim.kind in {"attribution", "statement"}:
        return _overlap(mine, theirs)
    return theirs[0] <= mine[0] and mine[1] <= theirs[1]


__all__ = ["Shown", "Singles", "covered", "span", "subsumed", "where"]
