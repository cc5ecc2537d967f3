"""Findings of the last scan, reused where nothing they depend on changed.

Building findings means walking every matched group of the corpus, and a warm re-scan
after a small change would walk tens of thousands of groups to rebuild identical
findings. What a finding depends on is local:

- a repeat inside an article depends only on that article's paragraphs and on the
  verified pairs among them, which are functions of their texts alone. So the repeats
  of every file taken unchanged from the scan state are the last scan's;
- a copy across articles is a connected component of groups joined by verified pairs,
  merged with the components that follow it paragraph by paragraph in the same
  articles (the same set of articles). A component that has no paragraph in a changed
  file, and took no part in a finding that had one, is the same component as before;
  so is everything merged with it, unless a component that changed has its set of
  articles.

So only the components reached from the changed files are built again: those holding a
paragraph of a changed file or of a last finding that touched one, closed under "has
the set of articles of a finding or component already taken". Every other finding is
the last scan's, provided the files taken from the state stand in the same relative
order (article order decides the members' order); otherwise everything is built.
``tests/test_scan_state.py`` and ``tests/test_scan_reuse.py`` check that a warm scan reports
exactly what a cold one does.

The last findings come from the scan state (:mod:`dedupe_cli.memo`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from dedupe_cli.articles import ArticleTable
from dedupe_cli.collector import collector_paused
from dedupe_cli.findings import FindingBuilder, components, number_findings
from dedupe_cli.memo import Entry, FindingMemo, KeptFinding, Place
from dedupe_cli.model import Finding, FindingKind, MatchGraph
from dedupe_cli.options import MatchOptions

_REPEAT = FindingKind.INTERNAL_REPEAT.value


class Located(NamedTuple):
    """Where a scan's match graph stands, as arrays.

    Attributes:
        kept: per graph group, its number among all groups of equal texts.
        group_of_unit: per unit, its graph group (-1: in none).
        pairs: (m, 2) the graph's edges, as graph group numbers.
    """

    kept: np.ndarray
    group_of_unit: np.ndarray
    pairs: np.ndarray


def _spans_units(bases: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The units of (article, first, last) rows, and the row of each."""
    if spans.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = bases[spans[:, 0]] + spans[:, 1]
    sizes = spans[:, 2] - spans[:, 1] + 1
    row = np.repeat(np.arange(spans.shape[0]), sizes)
    at = np.arange(row.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return first[row] + at, row


def same_relative_order(before: Sequence[str], after: Sequence[str], unchanged: set[str]) -> bool:
    """Whether the files taken unchanged (shown paths) stand in the same relative order in both scans' files:
    article order decides the order of a finding's members, so only then do the last findings hold."""
    return [p for p in before if p in unchanged] == [p for p in after if p in unchanged]


def refind(
    memo: FindingMemo,
    unchanged: set[str],
    table: ArticleTable,
    graph: MatchGraph,
    located: Located,
    eligible: np.ndarray,
    options: MatchOptions,
    known_sets: dict[int, np.ndarray],
) -> tuple[Finding, ...]:
    """The findings of a scan, the last scan's taken where they still hold (see the module's docstring).

    ``eligible`` per unit whether it is long enough to match; ``known_sets`` shingle sets by
    unit; ``unchanged`` the shown paths of the files taken from the state (they must stand in
    the same relative order as in the last scan: :func:`same_relative_order`).
    """
    with collector_paused():
        return _Refind(memo, unchanged, table, graph, located).findings(eligible, options, known_sets)


#: A finding's set of articles, as (shown path, article id).
ArticleSet = frozenset[tuple[str, str]]


class _Refind:
    """The work of :func:`refind`: which last findings stand, and which components to build again."""

    def __init__(
        self, memo: FindingMemo, unchanged: set[str], table: ArticleTable, graph: MatchGraph, located: Located
    ) -> None:
        self.table, self.graph, self.located = table, graph, located
        self.bases = table.article_bases()
        self.number: dict[tuple[str, str], int] = {}
        self.place: list[tuple[str, str]] = []  # per article, (shown path, id)
        self.dirty: list[int] = []
        for n, (meta, _) in enumerate(table.meta()):
            self.number[(meta[1], meta[0])] = n
            self.place.append((meta[1], meta[0]))
            if meta[1] not in unchanged:
                self.dirty.append(n)
        self.label = components(len(graph.groups), located.pairs)
        self.taken = np.zeros(0, dtype=np.int64)  # the components to build again
        self.kept: list[Entry] = []
        self._grow(memo, unchanged)

    def _labels_of(self, units: np.ndarray) -> np.ndarray:
        """The component of each unit (-1: in no group of the graph)."""
        groups = self.located.group_of_unit[units]
        if self.label.size == 0:
            return np.full(groups.shape, -1, dtype=np.int64)
        out: np.ndarray = np.where(groups >= 0, self.label[np.maximum(groups, 0)], -1)
        return out

    def _spans(self, places: Sequence[Place]) -> list[tuple[int, int, int]]:
        """(article number, first, last) of the places that are in this scan."""
        number = self.number
        return [(number[(p, a)], first, last) for p, a, first, last in places if (p, a) in number]

    def _grow(self, memo: FindingMemo, unchanged: set[str]) -> None:
        """Sort the last findings into kept and dropped, growing the components to build from the dropped."""
        sets: set[ArticleSet] = set()
        clean: list[tuple[ArticleSet, Entry]] = []
        bases = self.bases
        seeds = [(a, 0, int(bases[a + 1] - bases[a]) - 1) for a in self.dirty if bases[a + 1] > bases[a]]
        for entry in memo.findings:
            places = entry[3]
            if entry[0] == _REPEAT:
                if places[0][0] in unchanged:
                    self.kept.append(entry)
                continue
            articles = frozenset((p[0], p[1]) for p in places)
            if all(p[0] in unchanged for p in places):
                clean.append((articles, entry))
            else:
                sets.add(articles)
                seeds.extend(s for s in self._spans(places) if self.place[s[0]][0] in unchanged)
        spans = np.array([s for _, entry in clean for s in self._spans(entry[3])], dtype=np.int64).reshape(-1, 3)
        owner = np.repeat(np.arange(len(clean)), [len(entry[3]) for _, entry in clean]).astype(np.int64)
        clean_units, row = _spans_units(bases, spans)
        clean_labels, clean_of_unit = self._labels_of(clean_units), owner[row]
        pending = np.array(seeds, dtype=np.int64).reshape(-1, 3)
        alive = np.ones(len(clean), dtype=bool)
        while True:
            labels = self._labels_of(_spans_units(bases, pending)[0])
            self.taken = np.union1d(self.taken, labels[labels >= 0])
            sets |= self._article_sets()
            drop = np.zeros(len(clean), dtype=bool)
            drop[clean_of_unit[np.isin(clean_labels, self.taken)]] = True
            drop |= np.array([articles in sets for articles, _ in clean], dtype=bool)
            drop &= alive
            if not drop.any():
                break
            alive &= ~drop
            dropped = np.flatnonzero(drop).tolist()
            sets.update(clean[n][0] for n in dropped)
            pending = np.array([s for n in dropped for s in self._spans(clean[n][1][3])], dtype=np.int64)
            pending = pending.reshape(-1, 3)
        self.kept.extend(clean[n][1] for n in np.flatnonzero(alive).tolist())

    def _groups(self) -> list[int]:
        """The graph groups of the components taken, in order."""
        inside: list[int] = np.flatnonzero(np.isin(self.label, self.taken)).tolist()
        return inside

    def _article_sets(self) -> set[ArticleSet]:
        """The sets of articles of the components taken so far."""
        groups = self.graph.groups
        inside = self._groups()
        units = np.fromiter((u for g in inside for u in groups[g]), dtype=np.int64)
        owner = np.repeat(self.label[inside], [len(groups[g]) for g in inside])
        articles = np.searchsorted(self.bases, units, side="right") - 1
        by_component: dict[int, set[int]] = {}
        for label, article in zip(owner.tolist(), articles.tolist(), strict=True):
            by_component.setdefault(label, set()).add(article)
        place = self.place
        return {frozenset(place[a] for a in arts) for arts in by_component.values()}

    def findings(
        self, eligible: np.ndarray, options: MatchOptions, known_sets: dict[int, np.ndarray]
    ) -> tuple[Finding, ...]:
        """The kept findings and those built again, numbered in report order."""
        inside = self._groups()
        groups = self.graph.groups
        args = (eligible.tolist(), options, known_sets, self.bases.tolist())
        copies = FindingBuilder(self.table, self._subgraph({g: groups[g] for g in inside}), *args).copies()
        # a changed article's repeats come from its own paragraphs alone
        own = np.zeros(eligible.size, dtype=bool)
        for a in self.dirty:
            own[self.bases[a] : self.bases[a + 1]] = True
        parts = {g: kept for g in inside if (kept := tuple(u for u in groups[g] if own[u]))}
        repeats = FindingBuilder(self.table, self._subgraph(parts), *args).internal_repeats()
        return number_findings([KeptFinding.of(entry) for entry in self.kept] + repeats + copies)

    def _subgraph(self, parts: dict[int, tuple[int, ...]]) -> MatchGraph:
        """The graph of some groups (in order), each cut to the units given, and the edges among them
        (found at C speed: most edges of a corpus are elsewhere)."""
        chosen = np.fromiter(parts, dtype=np.int64, count=len(parts))
        pairs = self.located.pairs
        near = np.flatnonzero(np.isin(pairs[:, 0], chosen) & np.isin(pairs[:, 1], chosen))
        order = np.argsort(chosen, kind="stable")
        renumbered = order[np.searchsorted(chosen, pairs[near], sorter=order)]
        edges = self.graph.edges
        kept = tuple(
            zip(renumbered[:, 0].tolist(), renumbered[:, 1].tolist(), [edges[n][2] for n in near.tolist()], strict=True)
        )
        return MatchGraph(self.graph.units, tuple(parts.values()), kept)
