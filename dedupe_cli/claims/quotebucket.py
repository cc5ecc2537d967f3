"""One speaker's quotes in one article, merged without trying every pair.

A quote restates an earlier one when either quote's words hold the other's (as text: a
shorter quote told again inside a longer one). :func:`dedupe_cli.claims.restate.merge_article`
puts each quote into the first group whose quote it restates. Tried group by group, an
article of thousands of quotes by one speaker cost millions of tests (4,000 quotes: 7.4
million, 13 s). Past :data:`INDEXED_FROM` groups, a :class:`QuoteBucket` looks the
candidates up by the 8-character pieces of their text and tries only those, in order, so
it finds the group the plain scan finds: a text that holds the new one holds each of its
pieces (the groups holding its rarest piece are tried), and a text the new one holds has
its key piece (the piece rarest when it was indexed) among the new one's pieces.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dedupe_cli.claims.extract import Claim
    from dedupe_cli.claims.restate import Group

#: Characters of the pieces of text the groups are looked up by.
GRAM = 8

#: Groups from which a bucket is looked up by its index rather than tried one by one (a few quotes
#: of a speaker, the usual article, cost less tried than indexed).
INDEXED_FROM = 32


class QuoteBucket:
    """The groups of one speaker's quotes, in order, and where each group's quote text stands.

    Args:
        same: whether a group's representative and a claim restate each other.
        text: a claim's quote text as ``same`` compares it (``same`` holds only when one text is in the other).
    """

    def __init__(self, same: Callable[[Claim, Claim], bool], text: Callable[[Claim], str]) -> None:
        self._same, self._text = same, text
        self.groups: list[Group] = []
        self._reps: list[Claim | None] = []  # per group, the representative it is indexed under
        self._texts: list[str] = []  # and that representative's text
        self._indexed = False
        self._grams: dict[str, list[int]] = {}  # a piece -> the groups whose text holds it, ascending
        self._keys: dict[str, list[int]] = {}  # a text's rarest piece when indexed -> its groups, ascending
        self._shorts: dict[str, list[int]] = {}  # a text shorter than a piece -> its groups, ascending
        self._short_lengths: set[int] = set()

    def _find(self, claim: Claim) -> int:
        """The number of the first group ``claim`` restates, or -1."""
        if not self._indexed:
            return next((n for n, g in enumerate(self.groups) if self._same(g.rep, claim)), -1)
        text = self._text(claim)
        grams = _grams(text)
        best = self._first_holding(claim, text, grams, len(self.groups))
        best = self._first_held(claim, text, grams, best)
        return best if best < len(self.groups) else -1

    def place(self, claim: Claim, new_group: Callable[[list[Claim]], Group]) -> Group | None:
        """Add ``claim`` to the first group it restates, or to a new group made by ``new_group`` (returned)."""
        n = self._find(claim)
        if n >= 0:
            self.groups[n].claims.append(claim)
            self._joined(n)
            return None
        group = new_group([claim])
        self._add(group)
        return group

    def _add(self, group: Group) -> None:
        """A new group, after every other."""
        self.groups.append(group)
        self._reps.append(None)
        self._texts.append("")
        if self._indexed:
            self._index(len(self.groups) - 1)
        elif len(self.groups) >= INDEXED_FROM:
            self._indexed = True
            for n in range(len(self.groups)):
                self._index(n)

    def _joined(self, n: int) -> None:
        """Group ``n`` took a claim: its representative may have changed (its first mentions were headings)."""
        if self._indexed and self._reps[n] is not self.groups[n].rep:
            self._index(n)

    def _index(self, n: int) -> None:
        """Index group ``n`` under its representative's text (the entries of an earlier one stay: every
        candidate is tried against the group as it is)."""
        rep = self.groups[n].rep
        text = self._text(rep)
        self._reps[n], self._texts[n] = rep, text
        if len(text) < GRAM:
            _insert(self._shorts.setdefault(text, []), n)
            self._short_lengths.add(len(text))
            return
        grams = _grams(text)
        # any piece would do (a text another holds has every piece in it): the rarest keeps the lists short
        # when a speaker's quotes begin or end alike
        _insert(self._keys.setdefault(min(grams, key=lambda g: (len(self._grams.get(g, ())), g)), []), n)
        for gram in grams:
            _insert(self._grams.setdefault(gram, []), n)

    def _first_holding(self, claim: Claim, text: str, grams: set[str], best: int) -> int:
        """The first group before ``best`` whose text holds ``text`` (its pieces ``grams``) and that ``claim``
        restates."""
        if not grams:  # shorter than a piece
            candidates: Iterable[int] = (n for n, held in enumerate(self._texts) if text in held)
        else:
            found: list[list[int]] = [self._grams[g] for g in grams if g in self._grams]
            if len(found) < len(grams):
                return best  # a piece of it is in no group's text: no text holds it
            shortest: list[int] = min(found, key=len)
            candidates = shortest
        return self._first(claim, candidates, best)

    def _first_held(self, claim: Claim, text: str, grams: set[str], best: int) -> int:
        """The first group before ``best`` whose text ``text`` (its pieces ``grams``) holds and that ``claim``
        restates."""
        for gram in grams:
            best = self._first(claim, self._keys.get(gram, ()), best)
        for length in self._short_lengths:
            for p in range(len(text) - length + 1):
                best = self._first(claim, self._shorts.get(text[p : p + length], ()), best)
        return best

    def _first(self, claim: Claim, candidates: Iterable[int], best: int) -> int:
        """The first of ``candidates`` (ascending) before ``best`` that ``claim`` restates, else ``best``."""
        for n in candidates:
            if n >= best:
                break
            if self._same(self.groups[n].rep, claim):
                return n
        return best


def _grams(text: str) -> set[str]:
    """The pieces of :data:`GRAM` characters of ``text`` (none when it is shorter)."""
    return {text[p : p + GRAM] for p in range(len(text) - GRAM + 1)}


def _insert(numbers: list[int], n: int) -> None:
    """Add ``n`` to the ascending ``numbers`` (at the end, but for a group indexed again)."""
    if not numbers or numbers[-1] < n:
        numbers.append(n)
        return
    at = bisect.bisect_left(numbers, n)
    if at == len(numbers) or numbers[at] != n:
        numbers.insert(at, n)
