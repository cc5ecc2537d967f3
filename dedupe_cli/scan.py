"""The duplicate scan, top to bottom: discover, load, segment, sign, match, verify, group.

This is the library entry point; the CLI is a thin layer over :func:`scan`. Loading,
segmenting and signing run per chunk of files in :mod:`dedupe_cli.workers` (on all
cores; unchanged files come from the scan state, :mod:`dedupe_cli.state`); matching,
verification and grouping run here on compact numpy arrays.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from dedupe_cli import __version__
from dedupe_cli.arrays import run_positions
from dedupe_cli.article_json import articles_text
from dedupe_cli.articles import ArticleTable, Block, UnitPlaces
from dedupe_cli.collector import collector_paused
from dedupe_cli.columns import Columns
from dedupe_cli.discover import discover
from dedupe_cli.edges import BandRows, Groups, KnownPairs, Matched, match_from_known, match_from_scratch
from dedupe_cli.edits import same_units
from dedupe_cli.findinglist import with_fragments
from dedupe_cli.findings import FindingBuilder
from dedupe_cli.freshness import assemble, plan_files, runs
from dedupe_cli.load import load_file
from dedupe_cli.memo import FindingMemo
from dedupe_cli.model import Article, Finding, LazyMatchGraph, MatchGraph, Problem, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import Listener, NullListener
from dedupe_cli.reread import ToRead
from dedupe_cli.reuse import ArticleIndex, Located, refind, same_relative_order
from dedupe_cli.segment import segment
from dedupe_cli.state import Part, StateCorrupt, Stored, load_state, save_state, state_dir
from dedupe_cli.workers import Signed, display_path, run_chunks, signed_of

__all__ = ["display_path", "load_articles", "match_articles", "scan"]

_T = TypeVar("_T")

#: What a warm scan reuses findings by: the last findings, the shown paths of the files not taken from the
#: state, where this scan's articles stand, and per file read again which of its units stand as they were.
Reuse = tuple[Columns, list[str], ArticleIndex, dict[str, np.ndarray]]


def load_articles(
    files: Sequence[Path], options: ScanOptions, listener: Listener
) -> tuple[list[Article], list[Problem]]:
    """Load and segment every file; problems are reported and the rest goes on."""
    articles: list[Article] = []
    problems: list[Problem] = []
    listener.stage("load", len(files))
    for path in files:
        loaded = load_file(path, display_path(path), options.load)
        for problem in loaded.problems:
            problems.append(problem)
            listener.problem(problem)
        articles.extend(segment(doc) for doc in loaded.documents)
        listener.advance()
    return articles, problems


def match_articles(articles: Sequence[Article], options: ScanOptions, listener: Listener) -> ScanResult:
    """Sign, match, verify and group the paragraphs of already loaded articles."""
    listener.stage("sign", None)
    return match_signed(articles, signed_of(articles, options), options, listener)


def match_signed(articles: Sequence[Article], signed: Signed, options: ScanOptions, listener: Listener) -> ScanResult:
    """Match, verify and group signed units (``signed`` in the order of the articles' units).

    The match graph keeps only the groups that take part in a match (several members or
    a verified edge), numbered in order of first appearance.
    """
    table = articles if isinstance(articles, ArticleTable) else ArticleTable([Block.of(articles)])
    eligible = signed.word_counts >= options.match.min_words
    listener.stage("match", None)
    bands = BandRows([(signed.bands, 0, signed.bands.shape[0])])
    matched = _pairs(table, eligible, signed.keys, bands, options, None)
    return _found(table, matched, eligible, options, listener, None)


def _pairs(
    table: ArticleTable,
    eligible: np.ndarray,
    keys: np.ndarray,
    bands: BandRows,
    options: ScanOptions,
    known: KnownPairs | None,
) -> Matched:
    """The groups of equal texts and the verified candidate pairs (``eligible``: units long enough to match)."""
    grouped = Groups(keys, eligible)
    if known is not None:
        return match_from_known(bands, grouped, table.unit_texts, options.match, known)
    return match_from_scratch(bands, grouped, table.unit_texts, options.match)


def _found(
    table: ArticleTable,
    matched: Matched,
    eligible: np.ndarray,
    options: ScanOptions,
    listener: Listener,
    reuse: Reuse | None,
) -> ScanResult:
    """The match graph and the findings, the last scan's reused where they still hold (``reuse``:
    its findings, the shown paths of the files not taken from the state, where this scan's
    articles stand and which units of the files read again stand as they were)."""
    opts = options.match
    bases = table.article_bases()
    graph, located = _graph(matched, bases)
    known_sets = _KnownSets(matched.sets, located)
    findings: Sequence[Finding]
    if reuse is not None:
        memo, changed, index, edits = reuse
        findings = refind(memo, changed, index, graph, located, eligible, opts, known_sets, edits)
    else:
        # eligibility is looked up on arrays and for few units one by one: the array serves, as in refind
        findings = FindingBuilder(table, graph, eligible, opts, known_sets, bases.tolist(), located.pairs).build()
    listener.done()
    params: dict[str, object] = {"match": opts.as_params(), "candidates": len(matched.candidates)}
    return ScanResult(table, findings, graph, (), params)


class _KnownSets(Mapping[int, np.ndarray]):
    """The shingle sets verification computed, by unit (looked up through the unit's group: a dict of
    every matched unit would cost more than the few lookups a warm re-scan makes)."""

    def __init__(self, sets: dict[int, np.ndarray], located: Located) -> None:
        self._sets, self._located = sets, located

    def __getitem__(self, unit: int) -> np.ndarray:
        group = int(self._located.group_of_unit[unit]) if 0 <= unit < self._located.group_of_unit.size else -1
        if group < 0:
            raise KeyError(unit)
        return self._sets[int(self._located.kept[group])]

    def __iter__(self) -> Iterator[int]:
        located = self._located
        units = np.flatnonzero(located.group_of_unit >= 0)
        known = np.isin(located.kept[located.group_of_unit[units]], np.fromiter(self._sets, dtype=np.int64))
        return iter(units[known].tolist())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _graph(matched: Matched, bases: np.ndarray) -> tuple[MatchGraph, Located]:
    """The match graph (the groups with several members or an edge, numbered in order; its tuples built
    when first read) and where its groups and edges are, as arrays."""
    grouped = matched.groups
    verified = matched.scores >= 0
    pairs, scores = matched.candidates[verified], matched.scores[verified]
    mark = grouped.sizes > 1  # the groups of several members or an edge: a pass over them, no sort
    mark[pairs.ravel()] = True
    kept = np.flatnonzero(mark).astype(np.int64)
    sizes = grouped.sizes[kept]
    starts = grouped.ends[kept] - sizes
    owner = np.repeat(np.arange(kept.size, dtype=np.int64), sizes)
    units = grouped.members[run_positions(starts, sizes)]
    bounds = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    numbered = (np.cumsum(mark) - 1)[pairs].reshape(-1, 2)
    group_of_unit = np.full(int(bases[-1]) if bases.size else 0, -1, dtype=np.int64)
    group_of_unit[units] = owner
    located = Located(kept, group_of_unit, numbered, scores, units, bounds)

    def groups() -> tuple[tuple[int, ...], ...]:
        flat, ends = units.tolist(), bounds.tolist()
        return tuple(tuple(flat[a:b]) for a, b in itertools.pairwise(ends))

    def edges() -> tuple[tuple[int, int, float], ...]:
        return tuple(zip(numbered[:, 0].tolist(), numbered[:, 1].tolist(), scores.tolist(), strict=True))

    return LazyMatchGraph(UnitPlaces(bases), groups, edges), located


class _Background(threading.Thread, Generic[_T]):
    """Runs ``work(*args)`` while the main thread goes on (state writes release the GIL); its result,
    or its exception raised again, from :meth:`result`."""

    def __init__(self, name: str, work: Callable[..., _T], *args: Any) -> None:
        super().__init__(name=name, daemon=True)
        self._work, self._args = work, args
        self.value: _T | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.value = self._work(*self._args)
        except BaseException as exc:  # raised again in the main thread
            self.error = exc

    def result(self) -> _T | None:
        """What the work gave, once done."""
        self.join()
        self._args = ()  # what it was given may go
        if self.error is not None:
            raise self.error
        return self.value


def scan(
    paths: Iterable[str | Path], options: ScanOptions | None = None, listener: Listener | None = None
) -> ScanResult:
    """Scan files and directories for near-duplicate paragraphs.

    Never raises for bad input: every problem is in ``ScanResult.problems``.
    ``options.jobs`` processes load and sign (0: all cores); ``options.cache_dir``
    keeps the scan state between runs (None: no cache), so that
    only changed files are read again.
    """
    with collector_paused():
        return _scan(paths, options or ScanOptions(), listener or NullListener())


def _scan(paths: Iterable[str | Path], options: ScanOptions, listener: Listener) -> ScanResult:
    # the state and what it keeps are read before the files are found: a warm re-scan finds and stats
    # them in a child begun while the command imported (dedupe_cli.early), which may not be done yet
    stored, problems = _stored(options)
    known = KnownPairs.load(stored.root, stored.generation, options.match.threshold) if stored else None
    memo = FindingMemo.load(stored.root, stored.generation, options.match) if stored else None
    found = discover(paths, options.load)
    for problem in [*found.problems, *problems]:
        listener.problem(problem)
    listener.stage("load", len(found.files))
    plan, fresh_files = plan_files(found.files, stored)
    reused = len(found.files) - len(fresh_files)
    if reused:
        listener.advance(reused)
    chunks: list[Part] = []
    for chunk in run_chunks(fresh_files, options):
        for problem in chunk.problems:
            listener.problem(problem)
        assert chunk.block is not None and chunk.signed is not None
        chunks.append(Part(chunk.block, chunk.signed, chunk.infos, options.match.min_words, f"#{len(chunks)}"))
        listener.advance(chunk.files)
    assembled = assemble(plan, chunks)
    pieces, order, ranges = assembled.pieces, assembled.order, assembled.ranges
    for problem, from_state in assembled.problems:  # in file order, whether read now or taken from the state
        problems.append(problem)
        if from_state:  # a file taken from the state warns as when it was read
            listener.problem(problem)
    saver = None
    edits = same_units(fresh_files.before, chunks) if stored is not None and isinstance(fresh_files, ToRead) else {}
    # A scan with no state writes one as large as the corpus: while the findings are built from the
    # arrays in memory rather than while the pairs are searched (which want both cores), so that the
    # findings never read its mapped copy (both resident cost 420 MB at a million paragraphs). A re-scan
    # writes little, and its findings are refound on the mapped copy.
    late = bool(options.cache_dir) and stored is None
    read = [(c.block, c.signed, c.infos) for c in chunks]
    if options.cache_dir and not late:
        saver = _Background("dedupe-save-state", save_state, options, stored, order, read, pieces)
    table = ArticleTable([b for b, _, _ in pieces])
    signed = [s for _, s, _ in pieces] or [signed_of([], options)]
    eligible = np.concatenate([s.word_counts for s in signed]) >= options.match.min_words
    keys = np.concatenate([s.keys for s in signed])
    listener.stage("match", None)
    matched = _pairs(table, eligible, keys, BandRows(ranges or [(signed[0].bands, 0, 0)]), options, known)
    built: ScanResult | None = None
    if late:
        saver = _Background("dedupe-save-state", save_state, options, stored, order, read, pieces)
        built = _found(table, matched, eligible, options, listener, None)
    del read
    saved = saver.result() if saver is not None else None
    reuse: Reuse | None = None
    index: ArticleIndex | None = None
    if saver is not None and saved is None:
        problem = Problem(str(options.cache_dir), "cannot write the scan cache here; the next scan reads every file")
        problems.append(problem)
        listener.problem(problem)
    elif saved is not None:
        if built is None:  # go on with the stored, memory-mapped copy: the read files' arrays are freed
            del chunks, pieces, signed, table, assembled
            pieces, _ = runs([saved.parts[name] for name in saved.segments], *saved.order.numbers[2:])
            table = ArticleTable([b for b, _, _ in pieces])
            del pieces
        index = ArticleIndex(table)
        now = order.paths
        changed = [now[i] for i in plan.fresh.tolist()]
        if (
            stored
            and memo is not None
            and len(changed) < len(now)
            and _same_order(stored.order.paths, now, changed, edits)
        ):
            reuse = (memo, changed, index, edits)
    keeper = None
    if saved is not None:  # the pairs are written while the findings are built (after a late state: kept)
        keeper = _Background("dedupe-keep-pairs", _kept, matched, options.match.threshold, saved)
    result = built if built is not None else _found(table, matched, eligible, options, listener, reuse)
    findings = result.findings
    if saved is not None and index is not None:
        findings = with_fragments(findings)
        last = reuse[0] if reuse is not None else None
        with contextlib.suppress(OSError):  # not kept: the next scan does this work again
            FindingMemo.save(saved.root, saved.generation, options.match, findings, index.in_file, last)
    if keeper is not None:
        keeper.result()
    return ScanResult(
        result.articles,
        findings,
        result.graph,
        tuple(found.problems) + tuple(problems),
        {"tool_version": __version__, **result.params},
        functools.partial(articles_text, saved, *saved.order.numbers[2:]) if saved is not None else None,
    )


def _same_order(before: Sequence[str], now: Sequence[str], changed: list[str], edits: Mapping[str, object]) -> bool:
    """Whether the files taken from the state and those edited (``changed``: the files not taken from
    it) stand in the same relative order as in the last scan's files ``before``."""
    if len(before) == len(now) and before == now:
        return True
    moved = set(changed).difference(edits)
    return same_relative_order(before, now, {p for p in now if p not in moved})


def _kept(matched: Matched, threshold: float, saved: Stored) -> None:
    """Keep the pairs for the next scan (not kept when they cannot be written: it then searches them again)."""
    with contextlib.suppress(OSError):
        matched.known(threshold).save(saved.root, saved.generation)


def _stored(options: ScanOptions) -> tuple[Stored | None, list[Problem]]:
    """The state of the last scan, if any; a damaged one is ignored, the problem returned."""
    if not options.cache_dir:
        return None, []
    try:
        return load_state(options), []
    except StateCorrupt as exc:
        return None, [Problem(str(state_dir(options)), f"corrupt scan state ignored ({exc})")]
