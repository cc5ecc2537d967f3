"""The duplicate scan, top to bottom: discover, load, segment, sign, match, verify, group.

This is the library entry point; the CLI is a thin layer over :func:`scan`. Loading,
segmenting and signing run per chunk of files in :mod:`dedupe_cli.workers` (on all
cores, through the signature cache); matching, verification and grouping run here on
compact numpy arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from dedupe_cli import __version__
from dedupe_cli.discover import discover
from dedupe_cli.findings import FindingBuilder
from dedupe_cli.load import load_file
from dedupe_cli.match import candidates_from_keys, verify
from dedupe_cli.model import Article, MatchGraph, Problem, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import Listener, NullListener
from dedupe_cli.segment import segment
from dedupe_cli.sign import shingle_batch
from dedupe_cli.workers import Signed, display_path, from_record, run_chunks, signed_of

__all__ = ["display_path", "load_articles", "match_articles", "scan"]


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


def _group(keys: np.ndarray, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[tuple[int, ...], ...]]:
    """Groups of eligible units with equal keys, numbered by first appearance.

    Returns (the eligible units' rows, each group's first row among them, the groups as unit tuples).
    """
    rows = np.flatnonzero(eligible)
    _, first, inverse = np.unique(keys[rows], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    group_of = rank[inverse.ravel()]
    by_group = rows[np.argsort(group_of, kind="stable")].tolist()
    ends = np.cumsum(np.bincount(group_of, minlength=order.size)).tolist()
    starts = [0, *ends[:-1]] if ends else []
    return rows, first[order], tuple(tuple(by_group[a:b]) for a, b in zip(starts, ends, strict=True))


def match_signed(articles: Sequence[Article], signed: Signed, options: ScanOptions, listener: Listener) -> ScanResult:
    """Match, verify and group signed units (``signed`` in the order of the articles' units)."""
    opts = options.match
    units = tuple((a, p.index) for a, article in enumerate(articles) for p in article.paragraphs)
    eligible = signed.word_counts >= opts.min_words
    _rows, first, groups = _group(signed.keys, eligible)
    listener.stage("match", None)
    candidates = candidates_from_keys(signed.bands, first) if first.size > 1 else np.empty((0, 2), np.int64)
    involved = np.unique(candidates).tolist()
    unit_of_group = [groups[g][0] for g in involved]
    texts = [articles[units[u][0]].paragraphs[units[u][1]].text for u in unit_of_group]
    batch = shingle_batch(texts, opts.k, opts.shingle)
    empty = np.empty(0, dtype=np.uint64)
    sets = [empty] * len(groups)
    for j, g in enumerate(involved):
        sets[g] = batch.shingle_set(j)
    edges = verify(candidates, sets, opts.threshold)
    graph = MatchGraph(units, groups, tuple(edges))
    known = {u: sets[g] for g in involved for u in groups[g]}
    findings = FindingBuilder(articles, graph, eligible.tolist(), opts, known).build()
    listener.done()
    params: dict[str, object] = {"match": opts.as_params(), "candidates": len(candidates)}
    return ScanResult(tuple(articles), findings, graph, (), params)


def scan(
    paths: Iterable[str | Path], options: ScanOptions | None = None, listener: Listener | None = None
) -> ScanResult:
    """Scan files and directories for near-duplicate paragraphs.

    Never raises for bad input: every problem is in ``ScanResult.problems``.
    ``options.jobs`` processes load and sign (0: all cores); ``options.cache_dir``
    keeps signatures between runs (None: no cache).
    """
    options = options or ScanOptions()
    listener = listener or NullListener()
    found = discover(paths, options.load)
    for problem in found.problems:
        listener.problem(problem)
    articles: list[Article] = []
    problems: list[Problem] = []
    parts: list[Signed] = []
    listener.stage("load", len(found.files))
    for chunk in run_chunks(found.files, options):
        articles.extend(map(from_record, chunk.records))
        for problem in chunk.problems:
            problems.append(problem)
            listener.problem(problem)
        if chunk.signed is not None:
            parts.append(chunk.signed)
        listener.advance(chunk.files)
    signed = _concat(parts, options)
    parts.clear()
    result = match_signed(articles, signed, options, listener)
    return ScanResult(
        result.articles,
        result.findings,
        result.graph,
        tuple(found.problems) + tuple(problems),
        {"tool_version": __version__, **result.params},
    )


def _concat(parts: Sequence[Signed], options: ScanOptions) -> Signed:
    if not parts:
        return signed_of([], options)
    return Signed(
        np.concatenate([p.word_counts for p in parts]),
        np.concatenate([p.keys for p in parts]),
        np.concatenate([p.bands for p in parts]),
    )
