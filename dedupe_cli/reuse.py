"""Findings of the last scan, reused where nothing they depend on changed.

Building findings means walking every matched group of the corpus, and a warm re-scan
after a small change would walk tens of thousands of groups to rebuild identical
findings. What a finding depends on is local:

- a repeat inside an article depends only on that article's paragraphs and on the
  verified pairs among them, which are functions of their texts alone. So the repeats
  of every file taken unchanged from the scan state are the last scan's;
- a copy across articles is a connected component of groups joined by verified pairs,
  merged with the components that follow it paragraph by paragraph in the same
  articles (the same set of articles). A component that has no changed paragraph, and
  took no part in a finding that had one, is the same component as before; so is
  everything merged with it, unless a component that changed has its set of articles,
  or a changed paragraph outside the graph stands between two of its paragraphs and
  the next (it may join or part them).

A changed paragraph is one of a file read again that does not stand as the paragraph at
its place did (same text, kind and lines: :mod:`dedupe_cli.edits`); every paragraph of a
file whose articles changed is one. So only the components reached from the changed
paragraphs are built again: those holding one, one on either side of one outside the
graph, or a paragraph of a last finding that touched one, closed under "has the set of
articles of a finding or component already taken". Every other finding is the last
scan's, provided the files taken from the state and those edited stand in the same
relative order (article order decides the members' order); otherwise everything is
built. The repeats inside a changed article are built again from its own paragraphs.
``tests/test_scan_state.py`` and ``tests/test_scan_reuse.py`` check that a warm scan reports
exactly what a cold one does.

All of this runs on whole columns (:mod:`dedupe_cli.memo` keeps the last findings so):
a set of articles is compared by a 64-bit sum of its articles' hashes, where two sets
that differ but hash alike only make more findings be built again, never fewer.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import orjson

from dedupe_cli.arrays import distinct, run_positions
from dedupe_cli.articles import ArticleTable
from dedupe_cli.collector import collector_paused
from dedupe_cli.columns import KINDS, Columns
from dedupe_cli.findinglist import FindingList
from dedupe_cli.findings import FindingBuilder, finding_id, report_key
from dedupe_cli.graphs import components
from dedupe_cli.model import Finding, FindingKind, LazyMatchGraph, MatchGraph
from dedupe_cli.options import MatchOptions

_REPEAT = KINDS.index(FindingKind.INTERNAL_REPEAT)


class Located(NamedTuple):
    """Where a scan's match graph stands, as arrays.

    Attributes:
        kept: per graph group, its number among all groups of equal texts.
        group_of_unit: per unit, its graph group (-1: in none).
        pairs: (m, 2) the graph's edges, as graph group numbers.
        scores: per edge, its exact Jaccard.
        members: the units of every graph group, group after group.
        starts: per graph group and one more, where its units start in ``members``.
    """

    kept: np.ndarray
    group_of_unit: np.ndarray
    pairs: np.ndarray
    scores: np.ndarray
    members: np.ndarray
    starts: np.ndarray


class ArticleIndex:
    """Where each file's articles stand in a scan (a file's articles are consecutive).

    Args:
        table: the scan's articles.
    """

    def __init__(self, table: ArticleTable) -> None:
        self.table = table
        #: per article, its shown path.
        self.paths: list[str] = [m[1] for block in table.blocks for m in block.meta]
        #: by shown path, the number of the file's first article.
        self.first: dict[str, int] = dict(zip(reversed(self.paths), range(len(self.paths) - 1, -1, -1), strict=True))

    def articles_of(self, path: str) -> slice:
        """The numbers of a file's articles in this scan (none when it has none)."""
        first = self.first.get(path)
        if first is None:
            return slice(0, 0)
        end, paths = first + 1, self.paths
        while end < len(paths) and paths[end] == path:
            end += 1
        return slice(first, end)

    def in_file(self, path: str, article_id: str, line: int) -> int:
        """The number of an article of this scan among its file's articles: the one with ``article_id``
        (of several with that id in one file, as records may repeat one, the one holding ``line``)."""
        first = self.first[path]
        paths = self.paths
        if first + 1 == len(paths) or paths[first + 1] != path:
            return 0  # the file's only article (most files hold one)
        numbers = range(first, self.articles_of(path).stop)
        named = [n for n in numbers if self.table.meta_of(n)[0] == article_id]
        if len(named) > 1:  # an id repeated in the file: told apart by the line
            for n in named:
                if any(p.line_start <= line <= p.line_end for p in self.table[n].paragraphs):
                    return n - first
        return named[0] - first


def same_relative_order(before: Sequence[str], after: Sequence[str], unchanged: set[str]) -> bool:
    """Whether the files taken unchanged (shown paths) stand in the same relative order in both scans' files:
    article order decides the order of a finding's members, so only then do the last findings hold."""
    return [p for p in before if p in unchanged] == [p for p in after if p in unchanged]


def _spans_units(
    bases: np.ndarray, articles: np.ndarray, firsts: np.ndarray, lasts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The units of (article, first, last) spans, and the span of each."""
    sizes = lasts - firsts + 1
    return run_positions(bases[articles] + firsts, sizes), np.repeat(np.arange(sizes.size, dtype=np.int64), sizes)


def _mixed(values: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each value (splitmix64's finaliser)."""
    z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    out: np.ndarray = z ^ (z >> np.uint64(31))
    return out


def _set_hashes(owner: np.ndarray, articles: np.ndarray, count: int, articles_count: int) -> np.ndarray:
    """Per owner of ``count``, the sum of the hashes of its distinct articles (0: none)."""
    keys = distinct(owner * max(articles_count, 1) + articles)
    sums = np.zeros(count, dtype=np.uint64)
    np.add.at(sums, keys // max(articles_count, 1), _mixed(keys % max(articles_count, 1)))
    return sums


def _pairs_among(pairs: np.ndarray, chosen: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Which ``pairs`` (of graph groups, ``groups`` of them) join two groups of ``chosen`` (sorted), and those
    pairs as places in ``chosen``: looked up in a table of the groups (a search per group of every pair cost
    11 ms for the 110,000 pairs of a warm re-scan's crowded groups)."""
    table = np.full(groups, -1, dtype=np.int32)
    table[chosen] = np.arange(chosen.size)
    places = table[pairs]
    near = np.flatnonzero((places[:, 0] >= 0) & (places[:, 1] >= 0))
    return near, places[near].astype(np.int64)


def refind(
    memo: Columns,
    changed: Iterable[str],
    index: ArticleIndex,
    graph: MatchGraph,
    located: Located,
    eligible: np.ndarray,
    options: MatchOptions,
    known_sets: Mapping[int, np.ndarray],
    edits: Mapping[str, np.ndarray],
) -> FindingList:
    """The findings of a scan, numbered in report order, the last scan's taken where they still hold
    (see the module's docstring).

    ``eligible`` per unit whether it is long enough to match; ``known_sets`` shingle sets by
    unit; ``changed`` the shown paths of the files not taken from the state; ``edits`` per file
    read again whose articles are its last reading's, which of its units stand as they were
    (:func:`dedupe_cli.edits.same_units`). The files of both must stand in the same relative order as
    in the last scan (:func:`same_relative_order`).
    """
    with collector_paused():
        return _Refind(memo, changed, index, located, edits).findings(graph, eligible, options, known_sets)


#: A finding builder's arguments after its graph: eligible, options, known sets, bases, known spans.
_Args = tuple[
    Sequence[bool] | np.ndarray,
    MatchOptions,
    Mapping[int, np.ndarray],
    Sequence[int],
    Mapping[tuple[int, int, int], tuple[str, int, int]],
]


class _Refind:
    """The work of :func:`refind`: which last findings stand, and which components to build again."""

    def __init__(
        self,
        memo: Columns,
        changed: Iterable[str],
        index: ArticleIndex,
        located: Located,
        edits: Mapping[str, np.ndarray],
    ) -> None:
        self.memo, self.index, self.located = memo, index, located
        self.bases = bases = index.table.article_bases()
        articles = bases.size - 1
        dirty = np.zeros(articles, dtype=bool)
        for path in changed:
            dirty[index.articles_of(path)] = True
        self.dirty = np.flatnonzero(dirty)
        self.label = components(located.starts.size - 1, located.pairs)
        self.dirty_units = run_positions(bases[self.dirty], bases[self.dirty + 1] - bases[self.dirty])
        same = self._same_units(edits, int(bases[-1]) if bases.size else 0)
        first = index.first
        known = len(memo.paths)
        file_first = np.fromiter(map(first.get, memo.paths, itertools.repeat(-1, known)), dtype=np.int64, count=known)
        here_now = file_first >= 0
        kept_file = here_now & ~dirty[np.where(here_now, file_first, 0)] if articles else here_now
        edited = here_now & np.isin(file_first, [first[p] for p in edits if p in first])
        file_first[~(kept_file | edited)] = -1
        base = file_first[memo.m_path]
        placed = base >= 0  # the member's article is known here (its file taken from the state, or edited)
        self.article = np.where(placed, base + memo.m_art, -1)
        # a member in an edited file stands when its units all do
        last = np.where(placed, np.minimum(memo.m_last, bases[self.article + 1] - bases[self.article] - 1), -1)
        here = placed & (last == memo.m_last)
        checked = np.flatnonzero(here & edited[memo.m_path])
        if checked.size:
            sizes = memo.m_last[checked] - memo.m_first[checked] + 1
            units = _spans_units(bases, self.article[checked], memo.m_first[checked], memo.m_last[checked])[0]
            here[checked] = ~np.logical_or.reduceat(~same[units], np.cumsum(sizes) - sizes)
        count = len(memo)
        owner = np.repeat(np.arange(count, dtype=np.int64), np.diff(memo.bounds))
        if count:
            broken = np.logical_or.reduceat(~here, memo.bounds[:-1])
            in_changed_file = np.logical_or.reduceat(~kept_file[memo.m_path], memo.bounds[:-1])
        else:
            broken = in_changed_file = np.zeros(0, dtype=bool)
        repeat = memo.kinds == _REPEAT
        self.keep = repeat & ~in_changed_file  # a changed article's repeats are built from its own paragraphs
        clean = ~repeat & ~broken
        # the components to build again start from every changed unit (and, for one not in the graph, the
        # units of the graph around it: it may join or part the copies on either side) and from every unit
        # of a last finding that touched one
        seeds = placed & (last >= memo.m_first) & (~repeat & broken)[owner]
        touched = _spans_units(bases, self.article[seeds], memo.m_first[seeds], last[seeds])[0]
        pending = np.concatenate((self._changed(same), touched))
        chosen = clean[owner]
        units, row = _spans_units(bases, self.article[chosen], memo.m_first[chosen], memo.m_last[chosen])
        self.entry_units, self.entry_of_unit = units, owner[chosen][row]
        entry_sets = _set_hashes(owner[chosen], self.article[chosen], count, articles)
        self.taken = self._close(pending, clean, entry_sets)
        self.here = here

    def _same_units(self, edits: Mapping[str, np.ndarray], units: int) -> np.ndarray:
        """Per unit of the scan, whether it stands as in the last scan: every unit of a file taken from the
        state, and the units ``edits`` marks in the files read again."""
        same = np.ones(units, dtype=bool)
        same[self.dirty_units] = False
        for path, flags in edits.items():
            at = self.index.first.get(path)
            if at is not None:
                start = int(self.bases[at])
                same[start : start + flags.size] = flags
        return same

    def _changed(self, same: np.ndarray) -> np.ndarray:
        """The changed units of the changed articles, and for each one not in the graph that stands between
        two units of its article that are, those two (the copies either side may now join, or part)."""
        units = self.dirty_units
        in_graph = self.located.group_of_unit[units] >= 0
        changed = ~same[units]
        linked = units[in_graph]
        alone = units[changed & ~in_graph]
        at = np.searchsorted(linked, alone)
        inner = (at > 0) & (at < linked.size)
        before, after = linked[at[inner] - 1], linked[at[inner]]
        article = np.searchsorted(self.bases, np.stack((before, after, alone[inner])), side="right")
        between = (article[0] == article[2]) & (article[1] == article[2])
        return np.concatenate((units[changed & in_graph], before[between], after[between]))

    def _known_spans(self) -> dict[tuple[int, int, int], tuple[str, int, int]]:
        """The text and lines of the members, in files taken unchanged, of the last findings built again:
        read back from their JSON, they need not be read from the articles again."""
        memo = self.memo
        dropped = np.flatnonzero((memo.kinds != _REPEAT) & ~self.keep).tolist()
        known: dict[tuple[int, int, int], tuple[str, int, int]] = {}
        for n, body in zip(dropped, memo.fragment_views(dropped), strict=True):
            if body is None:
                continue
            start, stop = int(memo.bounds[n]), int(memo.bounds[n + 1])
            written = orjson.loads(body)["members"]
            places = zip(
                self.here[start:stop].tolist(),
                self.article[start:stop].tolist(),
                memo.m_first[start:stop].tolist(),
                memo.m_last[start:stop].tolist(),
                written,
                strict=True,
            )
            for here, article, first, last, m in places:
                if here:
                    known[(article, first, last)] = (m["text"], m["line_start"], m["line_end"])
        return known

    def _labels_of(self, units: np.ndarray) -> np.ndarray:
        """The component of each unit (-1: in no group of the graph)."""
        groups = self.located.group_of_unit[units]
        if self.label.size == 0:
            return np.full(groups.shape, -1, dtype=np.int64)
        out: np.ndarray = np.where(groups >= 0, self.label[np.maximum(groups, 0)], -1)
        return out

    def _component_sets(self, labels: np.ndarray) -> np.ndarray:
        """The hashes of the sets of articles of components ``labels``."""
        inside = np.flatnonzero(np.isin(self.label, labels))
        units = self.located.members[run_positions(self.located.starts[inside], np.diff(self.located.starts)[inside])]
        owner = np.repeat(self.label[inside], np.diff(self.located.starts)[inside])
        articles = np.searchsorted(self.bases, units, side="right") - 1
        at = np.searchsorted(labels, owner)
        return _set_hashes(at, articles, labels.size, self.bases.size - 1)

    def _close(self, pending: np.ndarray, alive: np.ndarray, entry_sets: np.ndarray) -> np.ndarray:
        """The components to build again, grown from the units ``pending`` until no last finding still
        ``alive`` shares a component or a set of articles with them (``alive`` is updated)."""
        taken = np.zeros(0, dtype=np.int64)
        sets = np.zeros(0, dtype=np.uint64)
        while True:
            labels = self._labels_of(pending)
            new = np.setdiff1d(distinct(labels[labels >= 0]), taken, assume_unique=True)
            taken = distinct(np.concatenate((taken, new)))
            if new.size:
                sets = distinct(np.concatenate((sets, self._component_sets(new))))
            drop = np.zeros(alive.size, dtype=bool)
            drop[self.entry_of_unit[np.isin(self._labels_of(self.entry_units), taken)]] = True
            drop |= np.isin(entry_sets, sets)
            drop &= alive
            if not drop.any():
                self.keep |= alive
                return taken
            alive &= ~drop
            sets = distinct(np.concatenate((sets, entry_sets[drop])))
            pending = self.entry_units[drop[self.entry_of_unit]]

    def findings(
        self, graph: MatchGraph, eligible: np.ndarray, options: MatchOptions, known_sets: Mapping[int, np.ndarray]
    ) -> FindingList:
        """The kept findings and those built again, numbered in report order."""
        inside = np.flatnonzero(np.isin(self.label, self.taken))
        # eligibility is looked up for few units here: the array serves, not a list of a million
        args: _Args = (eligible, options, known_sets, self.bases.tolist(), self._known_spans())
        groups = self._groups(inside, np.ones(self.bases[-1] if self.bases.size else 0, dtype=bool))
        copies = self._builder(graph, inside, groups, args).copies()
        # a changed article's repeats come from its own paragraphs alone
        own = np.zeros(eligible.size, dtype=bool)
        own[self.dirty_units] = True
        groups_of_own = self.located.group_of_unit[self.dirty_units]
        mine = distinct(groups_of_own[groups_of_own >= 0])
        repeats = self._builder(graph, mine, self._groups(mine, own), args).internal_repeats()
        return self._merged(repeats + copies)

    def _groups(self, inside: np.ndarray, wanted: np.ndarray) -> list[tuple[int, ...]]:
        """The units of graph groups ``inside`` that ``wanted`` marks, group by group."""
        units = self.located.members[run_positions(self.located.starts[inside], np.diff(self.located.starts)[inside])]
        owner = np.repeat(np.arange(inside.size), np.diff(self.located.starts)[inside])
        keep = wanted[units]
        flat, bounds = units[keep].tolist(), np.searchsorted(owner[keep], np.arange(inside.size + 1)).tolist()
        return [tuple(flat[a:b]) for a, b in itertools.pairwise(bounds)]

    def _builder(
        self, graph: MatchGraph, chosen: np.ndarray, groups: list[tuple[int, ...]], args: _Args
    ) -> FindingBuilder:
        """A finding builder (``args``: its arguments after the graph) over the graph of groups ``chosen``
        (in order; their units ``groups``) and the edges among them."""
        near, renumbered = _pairs_among(self.located.pairs, chosen, self.located.starts.size - 1)
        scores = self.located.scores[near]

        def edges() -> tuple[tuple[int, int, float], ...]:
            return tuple(zip(renumbered[:, 0].tolist(), renumbered[:, 1].tolist(), scores.tolist(), strict=True))

        subgraph = LazyMatchGraph(graph.units, lambda: tuple(groups), edges)
        eligible, options, known_sets, bases, spans = args
        return FindingBuilder(self.index.table, subgraph, eligible, options, known_sets, bases, renumbered, spans)

    def _merged(self, built: list[Finding]) -> FindingList:
        """The kept findings (in report order already) and those built, numbered in report order."""
        memo = self.memo
        kept = np.flatnonzero(self.keep)
        built.sort(key=report_key)
        listed = kept.tolist()
        at = np.array([bisect.bisect_left(listed, report_key(f), key=memo.report_key) for f in built], dtype=np.int64)
        # a kept finding moves down by the built ones placed before it, a built one by the kept ones
        position = np.arange(kept.size) + np.searchsorted(at, np.arange(kept.size), side="right")
        places = at + np.arange(at.size)
        numbered = [f.renumbered(finding_id(p)) for f, p in zip(built, places.tolist(), strict=True)]
        return FindingList(memo, kept, position, numbered, places)
