"""How two groups of claims relate (:class:`Link`), and the likeness of two groups' wording that every kind of
link reads."""

from __future__ import annotations

from dataclasses import dataclass

from dedupe_cli.claims.contrast import Mismatch
from dedupe_cli.claims.restate import Group

__all__ = ["NO_LINK", "Link", "context", "jaccard"]


@dataclass(frozen=True)
class Link:
    """How two groups relate: the alignment score, whether their values agree, and how."""

    score: float
    allowed: bool
    compatible: bool
    approximate: bool = False
    strong: bool = False
    why: Mismatch | None = None


NO_LINK = Link(0.0, False, True)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard similarity of two sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def context(a: Group, b: Group) -> float:
    """How alike two sentences are told: Jaccard of content lemmas, or 0.8 x the containment of the
    shorter in the longer when one is a short restatement (numbers left out: they are the values)."""
    x, y = a.wording, b.wording
    if not x or not y:
        return 0.0
    small = min(len(x), len(y))
    shared = len(x & y)
    contained = shared / small if small >= 2 else 0.0
    return max(shared / len(x | y), 0.8 * contained)
