"""Align claims across the articles of a story, one-to-one, and say which pairs agree or conflict.

Claims of one article that restate each other (the same number, the same quote) are
first merged into a group (:mod:`dedupe_cli.claims.restate`). Groups of one family (a
count never meets a year, a running total never meets a batch) are then aligned article
by article against the clusters built so far with
:func:`scipy.optimize.linear_sum_assignment`. A pair may join when its values are
compatible and the link is fair, or, with incompatible values, only when the link is
strong: weak evidence never makes a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from dedupe_cli.claims import blocking, circumstances, figures, numbers, ratings
from dedupe_cli.claims import dates as date_rules
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.harms import HARM_KINDS, nearest_harm
from dedupe_cli.claims.lexicon import STOP, lemma, tokens_around
from dedupe_cli.claims.linkage import NO_LINK, Link
from dedupe_cli.claims.linkage import context as _context
from dedupe_cli.claims.linkage import jaccard as _jaccard
from dedupe_cli.claims.named_links import age_link, relation_link, score_link
from dedupe_cli.claims.naming import describing
from dedupe_cli.claims.restate import Group, family, merge_article
from dedupe_cli.claims.said_links import attribution_link, quote_link
from dedupe_cli.claims.statements import StatementIndex, covers, statement_conflict
from dedupe_cli.options import ClaimsOptions

#: The weight in the alignment of two groups sharing the other numbers of their sentences: a tie-breaker.
_TIE = 0.01

#: Spans of time: their counts depend on when they are counted from, so they never conflict.
_DURATIONS = frozenset(
    ["second", "minute", "hour", "day", "week", "month", "year", "decade", "season", "round", "time"]
)


#: The anchor of "a two-time champion", "11 times": a count of occasions, whatever follows.
_TIMES = ("time",)
#: Heads that count anything: two counts of "people" are one claim only when told the same way.
_GENERIC = frozenset(["person", "time", "member", "other", "one", "thing", "case", "unit", "item"])
#: A modifier that carries a value of its own: "10-year" in "three 10-year sentences", "5,000-seat".
_VALUED = re.compile(r"\d[\d,.]*-[^\W\d_][\w-]*")


def _modifiers_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two counted phrases, each with a modifier before its noun, tell different kinds of the thing
    by a valued modifier: "three life sentences" and "three 10-year sentences" are two sets of sentences,
    "three sentences" may be either."""
    valued_a = {w for w in a[:-1] if _VALUED.fullmatch(w)}
    valued_b = {w for w in b[:-1] if _VALUED.fullmatch(w)}
    return len(a) > 1 and len(b) > 1 and valued_a != valued_b


#: Heads that count people of one kind; a generic count meets them when its sentence names the kind.
_PERSONS = frozenset(
    """
    troop soldier personnel worker employee officer student resident passenger patient protester demonstrator
    activist migrant refugee customer user spectator
    """.split()  # noqa: SIM905
)

#: What a layoff counts, told as jobs or as people, and the words (lemmas) that tell one ("cut" folds to decrease).
_LAID_OFF = frozenset(["job", "worker", "employee", "staff"])
_LAYOFF = frozenset(
    """
    layoff lay laid decrease cutting eliminate eliminating eliminated shed shedding slash slashing furlough
    """.split()  # noqa: SIM905
)

#: Compass points: "25 miles northwest of" and "25 miles east of" measure from different places or ways.
_POINTS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
_DIRECTIONS = frozenset(_POINTS) | {p.replace("th", "th-", 1) for p in _POINTS[4:]}


@dataclass
class Cluster:
    """Aligned groups, at most one per article."""

    family: str
    groups: list[Group] = field(default_factory=list)


def _near(claim: Claim) -> frozenset[str]:
    """Content lemmas around a claim's value in its sentence (what a generic count is of)."""
    return _near_span(claim.sentence.text, *claim.span)


@lru_cache(maxsize=16384)
def _near_span(text: str, start: int, end: int) -> frozenset[str]:
    """Content lemmas of the words around ``text[start:end]`` (:func:`~dedupe_cli.claims.lexicon.tokens_around`;
    found once per value: a story's counts are compared pair by pair)."""
    before, after = tokens_around(text, start, end)
    return frozenset(lemma(w) for w in before + after if w.lower() not in STOP and not w.isdigit() and len(w) > 1)


def _told_alike(a: Group, b: Group) -> bool:
    """Whether two counts with a generic or a person head count the same thing: "100 people injured" and
    "a poll of 520 people" are different counts; "1000 people" beside "troops" counts troops, as "8,000 people"
    counts the "8,000 residents" of another article when words around both are the same."""
    shared = a.heads & b.heads
    if shared and not shared <= _GENERIC:
        return True
    near_a, near_b = _near(a.rep), _near(b.rep)
    if shared:
        return bool((near_a & near_b) - _GENERIC - shared)
    if a.heads | b.heads <= _LAID_OFF and near_a & _LAYOFF and near_b & _LAYOFF:
        return True  # "cut 1,200 jobs" and "lay off 1,500 workers" count the same people
    if bool(a.heads <= _GENERIC and b.heads & _PERSONS & near_a) or bool(
        b.heads <= _GENERIC and a.heads & _PERSONS & near_b
    ):
        return True
    # "about 8,000 residents" and "roughly 8,000 people": people of a kind and people, told with the same words
    # around them ("evacuation")
    return (a.heads | b.heads) <= _GENERIC | _PERSONS and bool((near_a & near_b) - _GENERIC - _PERSONS)


def _quantity_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    qa, qb = a.rep.data, b.rep.data
    assert isinstance(qa, numbers.Quantity) and isinstance(qb, numbers.Quantity)
    ways_a, ways_b = _near(a.rep) & _DIRECTIONS, _near(b.rep) & _DIRECTIONS
    if ways_a and ways_b and not ways_a & ways_b:
        return NO_LINK
    harmed_a, harmed_b = _harmed(a), _harmed(b)
    if qa.value != qb.value and harmed_a != harmed_b:
        return NO_LINK  # "at least 60 migrants drowned" and "a boat carrying some 110 migrants": two counts
    if harmed_a and harmed_b and not _harms(a) & _harms(b):
        return NO_LINK  # "three people were killed" and "18 people were injured": the dead and the hurt
    alike = _told_alike(a, b) if a.heads and b.heads else False
    alike = alike or (harmed_a and harmed_b and (_harm_of_harmed(a, b) or _harm_of_harmed(b, a)))
    heads = bool(a.heads & b.heads) or alike or _term_and_span(qa.anchor, qb.anchor)
    counts = not (qa.ordinal or qb.ordinal)  # an ordinal numbers its first noun: "the 11th-round knockout"
    if counts and (qa.anchor[:1] == _TIMES) != (qb.anchor[:1] == _TIMES):
        return NO_LINK  # "a two-time heavyweight champion" counts times, "the two best heavyweights" heavyweights
    if counts and (_modifiers_differ(qa.anchor, qb.anchor) or _terms_apart(qa.anchor, qb.anchor)):
        return NO_LINK
    if counts and circumstances.sampled(a.rep) != circumstances.sampled(b.rep):
        return NO_LINK  # "a poll of 1,000 people" and "a crowd of about 1,000 people"
    if counts and a.heads and b.heads and not heads:
        shared = a.words & b.words
        if not shared - _DURATIONS - _GENERIC:
            return (
                NO_LINK  # "3 years" and "a 3-year deal", "3 times" and "a 3-time MVP": a span is not what it measures
            )
        if all(describing(w) for w in shared - _DURATIONS - _GENERIC):
            return NO_LINK  # "two best heavyweights" and "the two best shots": only a describing word is shared
    anchor = max(_jaccard(a.words, b.words), 0.6 if heads else 0.0)
    ctx = _context(a, b)
    # two counts of the harmed where neither sentence names anyone ("No one was injured", "Two workers were injured"):
    # the names say nothing either way
    names = 1.0 if harmed_a and harmed_b and not (a.names or b.names) else _jaccard(a.names, b.names)
    score = 0.5 * anchor + 0.3 * ctx + 0.2 * names
    ok, approx = figures.compatible(qa, qb)
    if ok and (not figures.close(qa, qb) or (qa.value != qb.value and (a.heads | b.heads) & _DURATIONS)):
        return Link(score, False, True)  # both may hold, but two figures ("3-plus seasons", "15 seasons"; spans:
        # "more than 20 years" and "23 years" are told from different moments)
    if ok and _several(a) and _several(b) and circumstances.crossed(a.rep, b.rep):
        return Link(score, False, True)  # "five in Arkansas" and "five in Oklahoma": one sentence's figures by place
    if ok:
        bonus = 0.25 if qa.value == qb.value else 0.0
        named = anchor > 0 or _one_sum(qa, qb, a, b, ctx >= opts.conflict_context)
        return Link(score + bonus, score + bonus >= opts.align_threshold and named, True, approx)
    # a rating of the story's event ("a magnitude 6.8 earthquake") is compared however differently it is told
    rated = qa.anchor == qb.anchor and ratings.one_event(qa.anchor, _near(a.rep), _near(b.rep))
    told = ctx >= opts.conflict_context or rated
    strong = alike and anchor >= 0.6 and told and score >= opts.conflict_threshold
    strong = (
        strong
        and circumstances.scope(a.rep) == circumstances.scope(b.rep)
        and not circumstances.other_moments(a.rep, b.rep)
    )
    strong = strong and not (circumstances.increment(a.rep) or circumstances.increment(b.rep))
    strong = strong and not (qa.hedge or qb.hedge) and not (a.heads | b.heads) & _DURATIONS
    strong = strong and not (a.rep.sentence.heading or b.rep.sentence.heading)
    # "44C in southern Spain, while Paris recorded 38C": a sentence of two such figures pairs them by their places
    strong = strong and not ((_several(a) or _several(b)) and circumstances.apart(a.rep, b.rep))
    # an article that tells the other's figure elsewhere may give it in other words; not where both sentences pair
    # their figures by place and these two are of one ("five in Arkansas" beside "two in Arkansas, five in Oklahoma")
    strong = strong and (
        (not _told_in(qa, a.heads, b.rep.doc_values) and not _told_in(qb, b.heads, a.rep.doc_values))
        or (_several(a) and _several(b) and circumstances.one_place(a.rep, b.rep))
    )
    return Link(score, strong, False, strong=strong)


def _several(group: Group) -> bool:
    """Whether a figure's sentence tells another figure of its head and unit ("44C ... 38C")."""
    q = group.rep.data
    assert isinstance(q, numbers.Quantity)
    return _told_of(group.rep.sentence.text).get((q.anchor[-1:], q.unit), 0) > 1


@lru_cache(maxsize=4096)
def _told_of(text: str) -> dict[tuple[tuple[str, ...], str], int]:
    """How many figures a sentence tells of each head and unit."""
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for q in numbers.quantities(text):
        counts[q.anchor[-1:], q.unit] = counts.get((q.anchor[-1:], q.unit), 0) + 1
    return counts


def _one_sum(qa: numbers.Quantity, qb: numbers.Quantity, a: Group, b: Group, told: bool) -> bool:
    """Whether two equal sums or shares, one of which names nothing it counts, are one figure: their sentences are
    told alike (``told``): "offered $23 billion for Wiz in 2024" and "a $23 billion offer from Google"."""
    return told and qa.unit == qb.unit != "count" and qa.value == qb.value and not (a.heads and b.heads)


def _harm_words(group: Group) -> frozenset[str]:
    """The words of harm a count is told with, in what it counts or around it."""
    return (_near(group.rep) | set(group.rep.anchor)) & HARM_KINDS.keys()


def _harmed(group: Group) -> bool:
    """Whether a count is told with a word of harm."""
    return bool(_harm_words(group))


def _harms(group: Group) -> frozenset[str]:
    """The harms a count is told with ("death", "injury")."""
    return frozenset(kind for w in _harm_words(group) for kind in HARM_KINDS[w])


def _harm_of_harmed(harm: Group, harmed: Group) -> bool:
    """Whether a count of a harm ("27 deaths") and a count of people the word of harm nearest them tells of ("killed
    24 people and injured 15": death) count the same."""
    if len(harm.heads) != 1 or not harm.heads <= {"death", "injury"}:
        return False
    return (
        bool(harmed.heads)
        and harmed.heads <= _GENERIC | _PERSONS
        and nearest_harm(harmed.rep.sentence.text, *harmed.rep.span) in harm.heads
    )


def _terms_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two prison terms are told in different units ("18 month sentence", "1.5 year sentence"): their
    numbers are not comparable as they stand."""
    return a[-1:] == b[-1:] == ("sentence",) and a[0] != b[0] and {a[0], b[0]} <= {"year", "month", "week", "day"}


def _term_and_span(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one anchor is a prison term and the other the same unit alone ("a sentence of 485 years", "plus 485
    years"): one figure may be told both ways (as spans of time they agree only on one number)."""
    return {a, b} in ({("year",), ("year", "sentence")}, {("month",), ("month", "sentence")})


#: Heads of a figure another article may give in other words: people, something generic, nothing named.
_SAME_KIND = _GENERIC | _PERSONS | {""}


def _told_in(q: numbers.Quantity, heads: frozenset[str], told: frozenset[tuple[float, str, str]]) -> bool:
    """Whether an article tells ``q``'s value in its unit, as a count of what ``heads`` count, of people or something
    generic, or of nothing named: then it may give the figure in other words ("37 operatives", "37 members", "four
    residents"). A figure it tells of another thing ("three deaths" beside "a Category 3 storm") or in another
    currency ("1.2 billion euros ($1.3 billion)") does not."""
    return any((q.value, head, q.unit) in told for head in heads | _SAME_KIND)


def _date_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    da, db = a.rep.data, b.rep.data
    assert isinstance(da, date_rules.DateMention) and isinstance(db, date_rules.DateMention)
    window = _jaccard(a.words, b.words)
    ctx = _context(a, b)
    names = _jaccard(a.names, b.names)
    score = 0.6 * window + 0.2 * ctx + 0.2 * names
    if date_rules.compatible(da, db):
        bonus = 0.3 if da.value == db.value else 0.0
        return Link(score + bonus, score + bonus >= opts.align_threshold and window > 0, True)
    strong = window >= 0.4 and ctx >= opts.conflict_context and names > 0 and score >= opts.conflict_threshold
    strong = strong and "weekday" not in {da.granularity, db.granularity}
    strong = strong and not (a.rep.sentence.heading or b.rep.sentence.heading)
    strong = strong and covers(a.rep, b.rep, opts.statement_overlap)
    strong = strong and da.value not in b.rep.doc_dates and db.value not in a.rep.doc_dates
    return Link(score, strong, False, strong=strong)


def _polarity_link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    if a.rep.anchor != b.rep.anchor:
        return NO_LINK
    names, ctx = _jaccard(a.names, b.names), _jaccard(a.context, b.context)
    score = 0.5 + 0.25 * names + 0.25 * ctx
    if a.rep.polarity == b.rep.polarity:
        return Link(score, True, True)
    strong = (names > 0 or ctx >= 0.2) and not (a.rep.hedge or b.rep.hedge)
    return Link(score, strong, False, strong=strong)


def link(a: Group, b: Group, opts: ClaimsOptions) -> Link:
    """The link between two groups of one family from different articles."""
    kind = a.rep.kind
    if kind in {"quantity", "total", "ordinal"}:
        return _quantity_link(a, b, opts)
    if kind == "date":
        return _date_link(a, b, opts)
    if kind == "quote":
        return quote_link(a, b)
    if kind == "polarity":
        return _polarity_link(a, b, opts)
    if kind == "relation":
        return relation_link(a, b, opts)
    if kind == "age":
        return age_link(a, b, opts)
    if kind == "score":
        return score_link(a, b, opts)
    if kind == "attribution":
        return attribution_link(a, b, opts)
    found = statement_conflict(a.rep, b.rep, opts) if kind == "statement" else None
    if found:
        return Link(1.0, True, False, strong=True, why=found)
    return NO_LINK


def align(claims: Sequence[Claim], articles: Sequence[int], opts: ClaimsOptions) -> list[Cluster]:
    """Cluster a story's claims: one-to-one per article against the clusters built so far.

    Statements link only where they conflict, so they are tested only against the statements
    that may (:class:`~dedupe_cli.claims.statements.StatementIndex`), not pair by pair.
    """
    by_article: dict[int, list[Claim]] = {a: [] for a in articles}
    for claim in claims:
        by_article.setdefault(claim.sentence.article, []).append(claim)
    clusters: list[Cluster] = []
    statements = StatementIndex()
    for a in articles:
        groups = merge_article(by_article[a])
        for fam in dict.fromkeys(family(g.rep) for g in groups):
            mine = [g for g in groups if family(g.rep) == fam]
            open_ = [c for c in clusters if c.family == fam]
            if fam == "statement":
                scores = statements.scores([g.rep for g in mine], len(open_), opts)
            else:
                scores = _scores(mine, open_, opts)
            placed = [-1] * len(mine)  # per group, its cluster's position among open_ (then the new ones)
            if open_ and mine:
                rows, cols = _assignment(scores)
                for i, j in zip(rows, cols, strict=True):
                    if scores[i, j] >= 0:
                        open_[j].groups.append(mine[i])
                        placed[i] = int(j)
            for i, g in enumerate(mine):
                if placed[i] < 0:
                    placed[i] = len(open_)
                    open_.append(Cluster(fam, [g]))
                    clusters.append(open_[-1])
                if fam == "statement":
                    statements.add(placed[i], g.rep)
    return clusters


def prepare() -> None:
    """Import what judging a story needs (scipy's assignment: 0.4 s), as a story is first judged or, before
    stories are judged in forked processes, once for them all."""
    import scipy.optimize  # noqa: F401


def _assignment(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows and columns of the one-to-one assignment of most total score (scipy's, imported only when
    a story is judged: a re-run whose stories' verdicts were all kept does not pay for it)."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-scores)
    return rows, cols


def _scores(mine: Sequence[Group], open_: Sequence[Cluster], opts: ClaimsOptions) -> np.ndarray:
    """Per group and open cluster, the best allowed link's score (plus 0.5 when strong), or -1 (past
    :data:`~dedupe_cli.claims.blocking.BUDGET` pairs, only groups sharing a rare word are linked)."""
    scores = np.full((len(mine), len(open_)), -1.0)
    placed = [(j, h) for j, cluster in enumerate(open_) for h in cluster.groups]
    if len(mine) * len(placed) <= blocking.BUDGET:
        near: Sequence[Sequence[int]] = [range(len(placed))] * len(mine)
    else:
        near = blocking.sharing_rare([blocking.words(g) for g in mine], [blocking.words(h) for _, h in placed])
    for i, g in enumerate(mine):
        best: dict[int, float] = {}
        for k in near[i]:
            j, h = placed[k]
            if (x := link(g, h, opts)).allowed:
                # sharing the other numbers of their sentences breaks ties: lines of one template told
                # alike but for their numbers pair with the same district's, not with the first one's
                score = x.score + (0.5 if x.strong else 0.0) + _TIE * _jaccard(g.numbers, h.numbers)
                best[j] = max(best.get(j, -np.inf), score)
        for j, score in best.items():
            scores[i, j] = score
    return scores
