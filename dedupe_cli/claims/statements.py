"""Whole-sentence conflicts: when two sentences of a story cannot both be true, and which pairs of a
story's sentences need that test at all.

A story's statements are compared pair by pair, so the test's first, per-sentence conditions
(no heading, three content words, no hedge) and its test of names (sentences naming disjoint
actors never conflict) are applied by :class:`StatementIndex` before any pair is formed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

import numpy as np

from dedupe_cli.claims import blocking, contrast, frames, sides
from dedupe_cli.claims.contrast import Mismatch
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.lexicon import tokens
from dedupe_cli.options import ClaimsOptions

__all__ = ["CONFLICT_SCORE", "StatementIndex", "comparable", "covers", "numbers_told", "statement_conflict"]

#: The alignment score of two statements that conflict (a strong link: 1.0, plus 0.5 for its strength).
CONFLICT_SCORE = 1.5


def _shorter_first(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    """The two claims, the one with fewer content lemmas first (on a tie, the earlier article's; then ``a``)."""
    if (len(b.context), b.sentence.article) < (len(a.context), a.sentence.article):
        return b, a
    return a, b


def covers(a: Claim, b: Claim, share: float) -> bool:
    """Whether the longer of two sentences tells at least ``share`` of the shorter's content words
    (numbers aside: they are the values compared)."""
    short, long_ = _shorter_first(a, b)
    return _Read(short).covered_by(_Read(long_), share)


@lru_cache(maxsize=16384)
def _without_numbers(text: str) -> str:
    """A sentence's tokens but those with a digit, joined by spaces (found once per sentence: a
    story's sentences are compared pair by pair)."""
    return " ".join(w for w in tokens(text) if not any(ch.isdigit() for ch in w))


@lru_cache(maxsize=16384)
def numbers_told(text: str) -> frozenset[str]:
    """The tokens of a text that are numbers (found once per sentence)."""
    return frozenset(w for w in tokens(text) if w.isdigit())


@lru_cache(maxsize=16384)
def _words(names: frozenset[str]) -> frozenset[str]:
    """The words of an article's names (found once per article)."""
    return frozenset(w for n in names for w in n.split())


def comparable(claim: Claim) -> bool:
    """Whether a sentence may conflict with any other: not a heading, three content words or more, and
    not hedged ("allegedly")."""
    sentence = claim.sentence
    return not sentence.heading and len(claim.context) >= 3 and not sides.hedged(sentence.text)


def statement_conflict(a: Claim, b: Claim, opts: ClaimsOptions) -> Mismatch | None:
    """Why two strongly aligned sentences cannot both be true (a negation or a pair of antonyms), or None.

    The shorter sentence must be covered by the longer (``statement_overlap`` of its content words, names
    also found anywhere in the longer's article); sentences naming disjoint actors never conflict.
    """
    # every test must pass: the cheapest first
    if a.sentence.heading or b.sentence.heading or min(len(a.context), len(b.context)) < 3:
        return None
    if a.names and b.names and a.names.isdisjoint(b.names):
        return None
    if sides.hedged(a.sentence.text) or sides.hedged(b.sentence.text):
        return None
    if _told_as_before(a.sentence.text) != _told_as_before(b.sentence.text):
        return None  # "Previously, agencies were required to ..." and "the rule does not require ...": a change
    return _Read(a).conflict(_Read(b), opts)


#: Words that tell how things were before a change ("Previously, agencies were required to consult").
_BEFORE = re.compile(r"\b(?:previously|formerly|used\s+to|until\s+(?:now|recently|then)|in\s+the\s+past)\b", re.I)


def _told_as_before(text: str) -> bool:
    """Whether a sentence tells how things were before a change (see ``_BEFORE``)."""
    return _BEFORE.search(text) is not None


class _Read:
    """A statement with what the pair tests read of it, each found once when first asked for: its sentence
    as the longer of two (its text) and as the shorter (without its numbers), and its article's name words."""

    def __init__(self, claim: Claim) -> None:
        self.claim = claim

    @cached_property
    def as_long(self) -> sides.Side:
        """The sentence as the longer of two."""
        return sides.side(self.claim.sentence.text)

    @cached_property
    def as_short(self) -> sides.Side:
        """The sentence as the shorter of two: without its numbers (they are the values compared)."""
        return sides.side(_without_numbers(self.claim.sentence.text))

    @cached_property
    def doc_words(self) -> frozenset[str]:
        """The words of its article's names."""
        return _words(self.claim.doc_names)

    def covered_by(self, long_: _Read, share: float) -> bool:
        """Whether ``long_`` tells at least ``share`` of this (the shorter) sentence's content words."""
        return contrast.covers_side(self.as_short, long_.as_long, long_.doc_words, share)

    @cached_property
    def numbers(self) -> frozenset[str]:
        """The numbers the sentence tells."""
        return numbers_told(self.claim.sentence.text)

    def conflict(self, other: _Read, opts: ClaimsOptions) -> Mismatch | None:
        """:func:`statement_conflict` of two statements, past its tests of each sentence and of names.

        Two sentences that both tell numbers, none of them the same, are about two things (two districts,
        two years): they never conflict in words (a denial, an antonym, another name), only in the numbers
        or dates a frame binds ("was sold for $2.2 billion" against "cost $4.1 billion")."""
        short, long_ = (self, other) if _shorter_first(self.claim, other.claim)[0] is self.claim else (other, self)
        if not short.covered_by(long_, opts.statement_overlap):
            return None
        a, b = long_.claim.sentence.text, short.claim.sentence.text
        if self.numbers and other.numbers and self.numbers.isdisjoint(other.numbers):
            framed = frames.frame_conflict(a, b, long_.doc_words)
            return Mismatch(*framed) if framed else None
        return contrast.mismatch(a, b, long_.doc_words, short.doc_words, long_.claim.person, short.claim.person)


class StatementIndex:
    """The statements of a story's clusters so far that may conflict with another (:func:`comparable`),
    found by name: a statement naming someone is tested only against those naming one of its names
    or none, since two sentences naming disjoint actors never conflict.

    Statements are added with the position of their cluster among the story's statement
    clusters; :meth:`scores` gives the alignment scores of a new article's statements against
    those clusters, equal to testing every pair.
    """

    def __init__(self) -> None:
        self._entries: list[tuple[int, _Read]] = []  # (cluster position, representative)
        self._named: dict[str, list[int]] = {}  # per name, the entries naming it
        self._unnamed: list[int] = []  # the entries naming no one

    def add(self, cluster: int, claim: Claim) -> None:
        """Index a statement (a group's representative) of the cluster at position ``cluster``."""
        if not comparable(claim):
            return
        entry = len(self._entries)
        self._entries.append((cluster, _Read(claim)))
        for name in claim.names:
            self._named.setdefault(name, []).append(entry)
        if not claim.names:
            self._unnamed.append(entry)

    def _named_alike(self, claim: Claim, entries: Sequence[int]) -> list[int]:
        """Those of ``entries`` that :meth:`_candidates` would give (naming one of its names, or no one)."""
        named = [(e, self._entries[e][1].claim.names) for e in entries]
        return [e for e, names in named if not claim.names or not names or claim.names & names]

    def _candidates(self, claim: Claim) -> Sequence[int]:
        """The entries a statement must be tested against, in the order they were added."""
        if not claim.names:
            return range(len(self._entries))
        found = set(self._unnamed)
        for name in claim.names:
            found.update(self._named.get(name, ()))
        return sorted(found)

    def scores(self, statements: Sequence[Claim], clusters: int, opts: ClaimsOptions) -> np.ndarray:
        """Per statement (one article's groups' representatives) and cluster position (``clusters`` of
        them), :data:`CONFLICT_SCORE` where the statement conflicts with one of the cluster's, else -1."""
        scores = np.full((len(statements), clusters), -1.0)
        near = None
        if len(statements) * len(self._entries) > blocking.STATEMENTS:  # only statements sharing a rare word
            words = [blocking.words(r.claim) for _, r in self._entries]
            near = blocking.sharing_rare([blocking.words(c) for c in statements], words)
        for i, claim in enumerate(statements):
            if not comparable(claim):
                continue
            row, read = scores[i], _Read(claim)
            for entry in self._candidates(claim) if near is None else self._named_alike(claim, near[i]):
                cluster, other = self._entries[entry]
                if row[cluster] < 0 and read.conflict(other, opts) is not None:
                    row[cluster] = CONFLICT_SCORE
        return scores
