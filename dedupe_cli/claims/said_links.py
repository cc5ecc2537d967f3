"""Links of what speakers said: quotes and attributed statements. Two quotes meet when one speaker said them (or
when one quote is given to two speakers); two statements when one speaker made them."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from dedupe_cli.claims import numbers
from dedupe_cli.claims.contrast import Mismatch
from dedupe_cli.claims.extract import negated_words
from dedupe_cli.claims.linkage import NO_LINK, Link
from dedupe_cli.claims.linkage import jaccard as _jaccard
from dedupe_cli.claims.restate import Group, quote_words
from dedupe_cli.claims.statements import statement_conflict
from dedupe_cli.options import ClaimsOptions

__all__ = ["attribution_link", "quote_link"]


def quote_link(a: Group, b: Group) -> Link:
    """Two quotes of one speaker: one quote, or one told with other figures or negated (a conflict); or one quote
    given word for word to two speakers (:func:`_misattributed`)."""
    if a.rep.speaker and b.rep.speaker and a.rep.speaker != b.rep.speaker:
        return _misattributed(a, b)
    if not a.rep.speaker or a.rep.speaker != b.rep.speaker:
        return NO_LINK
    x, y = quote_words(a.rep.value), quote_words(b.rep.value)
    differ = set(re.findall(r"\d+", x)) != set(re.findall(r"\d+", y))
    differ = differ or bool(negated_words(a.rep.value)) != bool(negated_words(b.rep.value))
    if min(len(x.split()), len(y.split())) >= 5 and fuzz.token_sort_ratio(x, y) >= 80 and differ:
        return Link(0.8, True, False, strong=True)
    if x in y or y in x or fuzz.ratio(x, y) >= 90:
        return Link(1.0, True, True)
    return NO_LINK


#: Fewest words of a quote two sources may give to two speakers as a conflict: a short phrase ("not satisfied") may
#: be said by many.
_MISATTRIBUTED_WORDS = 6
#: Words of someone who speaks for another: a quote given to the body and to its speaker is one quote.
_SPOKESPERSON = re.compile(r"\b(?:spokes(?:man|woman|person)|representative|aide|on behalf of)\b", re.I)


def _misattributed(a: Group, b: Group) -> Link:
    """One quote, word for word, given to two speakers: "We cannot keep spending money we do not have," said by the
    mayor in one article and by the council president in another."""
    speakers = (a.rep.speaker or "", b.rep.speaker or "")
    if not all(s[:1].isupper() for s in speakers) or any(_SPOKESPERSON.search(g.rep.sentence.text) for g in (a, b)):
        return NO_LINK  # "police said" and "said police spokesman John Smith": a body and who speaks for it
    x, y = quote_words(a.rep.value), quote_words(b.rep.value)
    if min(len(x.split()), len(y.split())) >= _MISATTRIBUTED_WORDS and fuzz.ratio(x, y) >= 90:
        why = Mismatch("quote", f"the same words given to {a.rep.speaker} and to {b.rep.speaker}")
        return Link(0.9, True, False, strong=True, why=why)
    return NO_LINK


def attribution_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    """Two statements one speaker made: in conflict (:func:`~dedupe_cli.claims.statements.statement_conflict`), or
    one statement told alike, with the same figures."""
    if not a.rep.speaker or a.rep.speaker != b.rep.speaker:
        return NO_LINK
    overlap = _jaccard(a.words, b.words)
    found = statement_conflict(a.rep, b.rep, opts)
    if found:
        return Link(1.0, True, False, strong=True, why=found)
    told = a.numbers <= b.numbers or b.numbers <= a.numbers  # not "12 more people were arrested" / "30 people"
    if a.rep.polarity == b.rep.polarity and overlap >= 0.5 and told and _one_count(a, b):
        return Link(overlap, True, True)
    return NO_LINK


def _one_count(a: Group, b: Group) -> bool:
    """Whether the figures one statement tells, in digits or in words, are among the other's: not "No one was
    injured" and "Two workers were injured"."""
    said_a, said_b = _counts(a.rep.value), _counts(b.rep.value)
    return said_a <= said_b or said_b <= said_a


@lru_cache(maxsize=4096)
def _counts(text: str) -> frozenset[float]:
    """The values of the figures ``text`` tells, in digits or in words ("Two workers", "No one")."""
    return frozenset(q.value for q in numbers.quantities(text))
