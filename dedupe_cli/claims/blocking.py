"""Which pairs of claims are compared when an article brings more than can be compared pair by pair.

Claims are aligned across a story's articles by scoring every pair of one article's groups
with the groups of the story so far, and statements are tested for conflicts pair by pair:
two results pages of a thousand lines each made 1.9 million links and 500,000 conflict
tests (52 s; 4,000 lines did not end in 5 minutes). Past :data:`BUDGET` pairs of groups
(:data:`STATEMENTS` of statements), only pairs that share a rare word are compared: a
number, a name, a word few of the claims use, such as the district or the team a results
line is about. A story of news articles stays far below both budgets and is compared pair
by pair as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

#: Pairs of groups (one article's of a family x the story's so far) beyond which only pairs sharing a rare word
#: are linked (a link costs about 16 us here). The largest of ecb-dev's 16 stories makes 1,125.
BUDGET = 250_000

#: Pairs of statements beyond which only pairs sharing a rare word are tested for a conflict (a test costs
#: 0.1-0.3 ms here: 50,000 take 5-15 s). The largest of ecb-dev's stories makes 11,050. In a story much larger,
#: two sentences that share only its common words (its topic's) are no longer tested.
STATEMENTS = 50_000

#: A word that at most this many of the claims compared (of both sides) use is rare enough to pair them by.
RARE = 8


class Worded(Protocol):
    """A claim, or a group of one article's claims."""

    @property
    def context(self) -> frozenset[str]:
        """The content lemmas of its sentences."""

    @property
    def names(self) -> frozenset[str]:
        """The canonical names in its sentences."""


def words(item: Worded) -> frozenset[str]:
    """The words a claim or a group is paired by: its sentences' content lemmas and names."""
    return item.context | item.names


def sharing_rare(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]], rare: int = RARE) -> list[list[int]]:
    """Per item of ``left`` (its words), the items of ``right`` (ascending) sharing with it a word that at most
    ``rare`` items of both sides hold."""
    held: Counter[str] = Counter()
    for words in (*left, *right):
        held.update(words)
    where: dict[str, list[int]] = {}
    for j, words in enumerate(right):
        for word in words:
            if held[word] <= rare:
                where.setdefault(word, []).append(j)
    out: list[list[int]] = []
    for words in left:
        found: set[int] = set()
        for word in words:
            if held[word] <= rare:
                found.update(where.get(word, ()))
        out.append(sorted(found))
    return out
