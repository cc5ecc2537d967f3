"""One article's restatements merged: the claims that tell one thing again become one :class:`Group`.

An article often tells a figure or a quote more than once (in the heading, the lead and
the body). Before claims are aligned across articles (:mod:`dedupe_cli.claims.align`),
each claim joins the first group of its article it restates (:func:`merge_article`), so
that a story's articles meet claim for claim rather than mention for mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from dedupe_cli.claims import numbers
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.lexicon import tokens
from dedupe_cli.claims.quotebucket import QuoteBucket
from dedupe_cli.claims.statements import numbers_told


@dataclass
class Group:
    """One article's mentions of one claim (the first is the representative).

    Its sets of words are found when first read, once: :func:`merge_article` adds the
    mentions before anything reads them (alignment reads them for every pair of groups).
    """

    claims: list[Claim]

    @property
    def rep(self) -> Claim:
        """The first mention told in a full sentence with what it counts ("36 KOs", not "Rahman, 36,"), else
        the first in a full sentence (headings only when nothing else)."""
        first = None
        for claim in self.claims:  # a loop, not next() over a generator: read a million times in a large story
            if not claim.sentence.heading:
                if claim.anchor or not isinstance(claim.data, numbers.Quantity):
                    return claim
                first = first or claim
        return first or self.claims[0]

    @property
    def article(self) -> int:
        """The article the mentions come from."""
        return self.rep.sentence.article

    @cached_property
    def words(self) -> frozenset[str]:
        """Anchor lemmas of every mention."""
        return frozenset(w for c in self.claims for w in c.anchor)

    @cached_property
    def heads(self) -> frozenset[str]:
        """The head (last) anchor lemma of every mention."""
        return frozenset(c.anchor[-1] for c in self.claims if c.anchor)

    @cached_property
    def context(self) -> frozenset[str]:
        """Content lemmas of the sentences of every mention."""
        return frozenset(w for c in self.claims for w in c.context)

    @cached_property
    def wording(self) -> frozenset[str]:
        """:attr:`context` less its numbers (the values two mentions are compared by)."""
        return frozenset(w for w in self.context if not w.isdigit())

    @cached_property
    def names(self) -> frozenset[str]:
        """Canonical names of the sentences of every mention."""
        return frozenset(n for c in self.claims for n in c.names)

    @cached_property
    def numbers(self) -> frozenset[str]:
        """The numbers the representative's sentence tells besides its own value (a district, a year)."""
        text, (start, end) = self.rep.sentence.text, self.rep.span
        return numbers_told(text[:start] + " " + text[end:])


def family(claim: Claim) -> str:
    """Claims of different families are never aligned: counts, parts of a whole, totals, ordinals, money,
    percentages, dates..."""
    if isinstance(claim.data, numbers.Quantity):
        part = ":part" if claim.data.part and claim.data.unit == "count" else ""  # "8 of their last 10 games"
        move = ":move" if claim.data.move else ""  # a change is no level; a rise and a fall of one thing conflict
        return f"{claim.kind}:{claim.data.unit}{part}{move}"
    return claim.kind


def _same(a: Claim, b: Claim) -> bool:
    """Whether two claims of one article restate each other."""
    if a.kind != b.kind or family(a) != family(b):
        return False
    if isinstance(a.data, numbers.Quantity) and isinstance(b.data, numbers.Quantity):
        if a.data.value != b.data.value or a.data.move != b.data.move:
            return False
        heads = bool(a.anchor and b.anchor and a.anchor[-1] == b.anchor[-1])
        return heads or a.data.value >= 10 or a.data.unit != "count" or not (a.anchor and b.anchor)
    if a.kind == "date":
        return a.value == b.value
    if a.kind == "quote":
        x, y = quote_words(a.value), quote_words(b.value)
        return a.speaker == b.speaker and (x in y or y in x)
    if a.kind == "polarity":  # one cause told asserted or denied in other words: "independent of U.S. pressure"
        return a.anchor == b.anchor and a.polarity == b.polarity
    if a.kind == "relation":
        return a.anchor == b.anchor and a.value == b.value
    if a.kind == "age":  # one person: the same first name too, where written
        return a.anchor == b.anchor and a.value == b.value and a.extra == b.extra
    if a.kind == "score":
        return a.anchor == b.anchor and a.value == b.value
    return False


def _bucket(claim: Claim) -> tuple[object, ...] | None:
    """What two claims :func:`_same` can match share: kind, family and, where it must be equal, the value or
    (quotes) the speaker; None for a claim that restates none (a statement, an attribution: :func:`_same` never
    holds for them)."""
    if isinstance(claim.data, numbers.Quantity):
        return (claim.kind, family(claim), claim.data.value, claim.data.move)
    if claim.kind == "date":
        return (claim.kind, claim.value)
    if claim.kind == "polarity":
        return (claim.kind, claim.anchor, claim.polarity)
    if claim.kind in {"relation", "age", "score"}:
        return (claim.kind, claim.anchor, claim.value)
    if claim.kind == "quote":
        return (claim.kind, family(claim), claim.speaker)
    return None


def merge_article(claims: Sequence[Claim]) -> list[Group]:
    """Merge the restatements among one article's claims: each joins the first group it restates.

    Only groups of its bucket are tried (claims of other buckets never restate it), so an
    article with thousands of numbers costs no quadratic work; one speaker's many quotes are
    looked up by their text (:class:`~dedupe_cli.claims.quotebucket.QuoteBucket`).
    """
    groups: list[Group] = []
    buckets: dict[tuple[object, ...], list[Group]] = {}
    quotes: dict[tuple[object, ...], QuoteBucket] = {}
    for claim in claims:
        key = _bucket(claim)
        if key is None:  # it joins no group: not tried against every statement of the article before it
            groups.append(Group([claim]))
            continue
        if claim.kind == "quote":
            said = quotes.get(key)
            if said is None:  # _same looked up when called: tests count its calls
                said = quotes[key] = QuoteBucket(lambda a, b: _same(a, b), _quote_text)
            new = said.place(claim, Group)
            if new is not None:
                groups.append(new)
            continue
        bucket = buckets.setdefault(key, [])
        for group in bucket:
            if _same(group.rep, claim):
                group.claims.append(claim)
                break
        else:
            group = Group([claim])
            bucket.append(group)
            groups.append(group)
    return groups


def _quote_text(claim: Claim) -> str:
    return quote_words(claim.value)  # as _same compares quotes


@lru_cache(maxsize=16384)
def quote_words(text: str) -> str:
    """A quote's words, lower case, one space apart (once per quote: a speaker's quotes are compared many times)."""
    return " ".join(w.lower() for w in tokens(text))
