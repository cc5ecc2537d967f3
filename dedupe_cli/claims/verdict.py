"""Verdicts of aligned claim clusters: agree, conflict (with a subtype) or single source.

A cluster agrees when at least two independent sources stand behind compatible
values, conflicts when a strongly aligned pair has incompatible values, and is
single-source otherwise (copies of one text count as one source). Sentence-level
statement claims only ever report conflicts: their agreements restate the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from itertools import combinations

from dedupe_cli.claims import figures, numbers
from dedupe_cli.claims.align import Cluster, link
from dedupe_cli.claims.checkable import prune
from dedupe_cli.claims.contrast import Mismatch
from dedupe_cli.claims.dates import DateMention
from dedupe_cli.claims.dates import compatible as date_compatible
from dedupe_cli.claims.restate import Group
from dedupe_cli.model import ClaimMember, ScanResult, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.published import published_date

SUBTYPES = {
    "quantity": "numeric",
    "total": "numeric",
    "ordinal": "numeric",
    "date": "date",
    "relation": "entity",
    "age": "numeric",
    "score": "numeric",
    "quote": "quote",
    "polarity": "polarity",
    "statement": "polarity",
    "attribution": "polarity",
}
#: Anchors of counts that grow as news comes in (a larger later figure is likely an update).
_GROWING = frozenset(["death", "injury", "case", "victim", "person", "arrest", "missing", "evacuee", "total", "toll"])
_ORDER = {VerdictKind.CONFLICT: 0, VerdictKind.AGREE: 1, VerdictKind.SINGLE_SOURCE: 2}


def member(result: ScanResult, group: Group) -> ClaimMember:
    """The evidence of one group: its representative's place, sentence and value."""
    claim = group.rep
    s = claim.sentence
    article = result.articles[s.article]
    value = claim.value
    if claim.kind == "quote":
        value = f"{claim.speaker or '?'}: \u201c{claim.value}\u201d"
    elif claim.kind == "attribution" and claim.speaker:  # who said it, as for a quote
        value = f"{claim.speaker}: {claim.value}"
    span = (s.start + claim.span[0], s.start + claim.span[1]) if claim.span != (0, 0) else (s.start, s.end)
    return ClaimMember(article.id, article.path, article.source, s.line, s.text, value, span)


def _fingerprint(kind: str, verdict: VerdictKind, members: Sequence[ClaimMember], anchor: str) -> str:
    parts = sorted(f"{m.path}\x1f{m.value}" for m in members)
    text = "\x1e".join([verdict.value, kind, anchor, *parts])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _published(result: ScanResult, group: Group) -> tuple[dt.date, int]:
    when = published_date(result.articles[group.article].published) or dt.date.min
    return when, group.article


def _possible_update(result: ScanResult, a: Group, b: Group) -> bool:
    qa, qb = a.rep.data, b.rep.data
    if not isinstance(qa, numbers.Quantity) or not isinstance(qb, numbers.Quantity):
        return False
    if not (qa.total or set(a.rep.anchor) & _GROWING or set(b.rep.anchor) & _GROWING):
        return False
    earlier, later = sorted((a, b), key=lambda g: _published(result, g))
    ql, qe = later.rep.data, earlier.rep.data
    return isinstance(ql, numbers.Quantity) and isinstance(qe, numbers.Quantity) and ql.value > qe.value


def judge(result: ScanResult, story_id: str, cluster: Cluster, opts: ClaimsOptions) -> Verdict | None:
    """The verdict of one cluster (None for a statement cluster without conflict)."""
    groups = cluster.groups
    kind = groups[0].rep.kind
    conflicting: list[tuple[Group, Group]] = []
    why: list[Mismatch] = []
    approximate = False
    for a, b in combinations(groups, 2):
        ln = link(a, b, opts)
        if ln.allowed and not ln.compatible and ln.strong:
            conflicting.append((a, b))
            why.extend([ln.why] if ln.why else [])
        approximate = approximate or (ln.allowed and ln.compatible and ln.approximate)
    keys = {g.rep.sentence.source_key for g in groups}
    anchor = " ".join(groups[0].rep.anchor)
    if conflicting and len(keys) > 1:
        verdict, subtype = VerdictKind.CONFLICT, why[0].subtype if why else SUBTYPES.get(kind, kind)
        a, b = conflicting[0]
        update = subtype == "numeric" and _possible_update(result, a, b)
        reason = f"{_label(kind, anchor)}: " + (why[0].reason if why else f"{a.rep.value!s} vs {b.rep.value!s}")
        if update:
            reason += " (the later article has the larger figure: possibly an update)"
    elif kind == "statement":
        return None
    elif len(groups) > 1 and len(keys) > 1:
        verdict, subtype, update = VerdictKind.AGREE, "", False
        values = dict.fromkeys(g.rep.value for g in groups)
        reason = f"{_label(kind, anchor)}: {len(keys)} sources give " + " / ".join(values)
        reason += " (approximately)" if approximate else ""
    else:
        verdict, subtype, update = VerdictKind.SINGLE_SOURCE, "", False
        reason = f"{_label(kind, anchor)}: {groups[0].rep.value} (one source only)"
    members = tuple(member(result, g) for g in groups)
    fingerprint = _fingerprint(kind, verdict, members, anchor)
    return Verdict(
        id="",
        story_id=story_id,
        verdict=verdict,
        kind=kind,
        subtype=subtype,
        reason=reason,
        independent_sources=len(keys),
        members=members,
        fingerprint=fingerprint,
        approximate=approximate and verdict == VerdictKind.AGREE,
        possible_update=update,
    )


def _label(kind: str, anchor: str) -> str:
    names = {"quantity": "number", "total": "running total", "ordinal": "sequence", "date": "date", "quote": "quote"}
    names |= {"polarity": "framing", "relation": "relation", "statement": "statement", "attribution": "statement"}
    label = names.get(kind, kind)
    return f"{label} ({anchor})" if anchor and kind not in {"quote", "date", "attribution"} else label


def verdicts(result: ScanResult, story_id: str, clusters: Sequence[Cluster], opts: ClaimsOptions) -> list[Verdict]:
    """The verdicts of a story's clusters worth reporting (:func:`checkable.prune`): conflicts first,
    then agreements, then single-source claims."""
    judged: list[tuple[Cluster, Verdict]] = []
    for cluster in clusters:
        verdict = judge(result, story_id, cluster, opts)
        if verdict is not None and verdict.verdict == VerdictKind.AGREE and _chained(cluster):
            parts = [(part, judge(result, story_id, part, opts)) for part in _figures(cluster, opts)]
            judged.extend((part, v) for part, v in parts if v is not None)
        elif verdict is not None:
            judged.append((cluster, verdict))
    found = prune(judged)
    position = {id(v): i for i, v in enumerate(found)}
    found.sort(key=lambda v: (_ORDER[v.verdict], position[id(v)]))
    return found


def _one_figure(a: Group, b: Group) -> bool:
    """Whether two groups' values can be one figure or one date told two ways."""
    x, y = a.rep.data, b.rep.data
    if isinstance(x, numbers.Quantity) and isinstance(y, numbers.Quantity):
        return figures.compatible(x, y)[0] and figures.close(x, y)
    if isinstance(x, DateMention) and isinstance(y, DateMention):
        return date_compatible(x, y)
    return True


def _chained(cluster: Cluster) -> bool:
    """Whether an agreeing cluster holds two values that cannot be one: a cluster grows by a link to any one
    member, so "30 hours", "more than 30 hours" and "40 hours" chain into one."""
    groups = cluster.groups
    return len(groups) > 2 and not all(_one_figure(a, b) for a, b in combinations(groups, 2))


def _figures(cluster: Cluster, opts: ClaimsOptions) -> list[Cluster]:
    """A chained cluster (:func:`_chained`) split into parts whose values are one figure: exact values
    first, then bounds and estimates, each joining, of the parts all of whose values it can be one figure
    with, the one it links best to (a new part when there is none); the groups keep their order."""
    groups = cluster.groups
    place = {id(g): i for i, g in enumerate(groups)}
    exact = [getattr(g.rep.data, "qualifier", "exact") == "exact" for g in groups]
    parts: list[list[Group]] = []
    for g in sorted(groups, key=lambda g: not exact[place[id(g)]]):  # stable: in order within each kind
        fits = [p for p in parts if all(_one_figure(g, h) for h in p)]
        if not fits:
            parts.append([g])
            continue
        max(fits, key=lambda p: max(link(g, h, opts).score for h in p)).append(g)
    return [Cluster(cluster.family, sorted(p, key=lambda g: place[id(g)])) for p in parts]
