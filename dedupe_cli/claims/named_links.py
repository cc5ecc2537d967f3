"""Links of claims about one named holder: where a company is based or a person was born (a relation), a person's
age, a game's score. Two claims meet when they are of one holder; their values then agree or conflict."""

from __future__ import annotations

from rapidfuzz import fuzz

from dedupe_cli.claims import circumstances, scores
from dedupe_cli.claims.linkage import NO_LINK, Link
from dedupe_cli.claims.linkage import context as _context
from dedupe_cli.claims.restate import Group
from dedupe_cli.options import ClaimsOptions

__all__ = ["age_link", "relation_link", "score_link"]


def relation_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    """Two relations of one kind ("based", "born"), of one holder where both name it right before."""
    if a.rep.anchor != b.rep.anchor or not (a.names & b.names):
        return NO_LINK
    held = bool(a.rep.extra) and a.rep.extra == b.rep.extra  # "Initech, based in Austin" / "Initech, ... in Dallas"
    if a.rep.extra and b.rep.extra and not held:
        return NO_LINK  # two holders
    ctx = _context(a, b)
    if a.rep.value == b.rep.value:
        return Link(0.5 + 0.5 * ctx, True, True)
    if _named_in(a.rep.value, b.rep.doc_names) or _named_in(b.rep.value, a.rep.doc_names):
        return NO_LINK
    strong = (held or ctx >= opts.conflict_context) and not (a.rep.hedge or b.rep.hedge)
    return Link(max(ctx, 0.5) if held else ctx, strong, False, strong=strong)


def age_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    """Two ages of one person: the same surname, and the same first name where both give one."""
    if a.rep.anchor != b.rep.anchor or (a.rep.extra and b.rep.extra and a.rep.extra != b.rep.extra):
        return NO_LINK
    ctx = _context(a, b)
    if a.rep.value == b.rep.value:
        return Link(0.5 + 0.5 * ctx, True, True)
    # a person named in full by both, or told of alike: "Kimani Gray, 16" and "17-year-old Kimani Gray"; ages
    # years apart may be told years apart (a story of two fights: "32-year-old Klitschko", "Klitschko, 36,")
    named = bool(a.rep.extra) and a.rep.extra == b.rep.extra and abs(int(a.rep.value) - int(b.rep.value)) <= 1
    strong = named or ctx >= opts.conflict_context
    strong = strong and not (a.rep.hedge or b.rep.hedge)
    return Link(max(ctx, 0.5), strong, False, strong=strong)


def score_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    """Two scores of one game: the sides one names are among the other's."""
    linked, named = scores.one_game(a.rep.anchor, b.rep.anchor)
    if not linked:
        return NO_LINK
    ctx = _context(a, b)
    if scores.one_tally(a.rep.value, b.rep.value):  # a score with no side named: of the game told alike
        sided = bool(a.rep.anchor) and bool(b.rep.anchor)
        return Link(0.5 + 0.5 * ctx if sided else ctx, sided or ctx >= opts.conflict_context, True)
    strong = (named or ctx >= opts.conflict_context) and not (a.rep.hedge or b.rep.hedge)
    # "Last year the council approved it by a vote of 11-2": another vote than this year's 9-4
    strong = strong and circumstances.another_time(a.rep) == circumstances.another_time(b.rep)
    return Link(max(ctx, 0.5), strong, False, strong=strong)


def _named_in(value: str, names: frozenset[str]) -> bool:
    """Whether the other article names ``value`` too, allowing for a misspelling or a longer form."""
    words = [(n, w) for n in names for w in [n, *n.split()]]
    return any(value in n or (abs(len(value) - len(w)) <= 1 and fuzz.ratio(value, w) >= 80) for n, w in words)
