"""The duplicate scan, top to bottom: discover, load, segment, sign, match, verify, group.

This is the library entry point; the CLI is a thin layer over :func:`scan`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from dedupe_cli import __version__
from dedupe_cli.discover import discover
from dedupe_cli.findings import FindingBuilder
from dedupe_cli.load import load_file
from dedupe_cli.match import candidate_pairs, verify
from dedupe_cli.model import Article, MatchGraph, Problem, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import Listener, NullListener
from dedupe_cli.segment import segment
from dedupe_cli.sign import Signer, shingle_hashes, words


def display_path(path: Path) -> str:
    """The path as shown in reports: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


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
    opts = options.match
    units: list[tuple[int, int]] = []
    eligible: list[bool] = []
    group_index: dict[str, int] = {}
    groups: list[list[int]] = []
    group_texts: list[str] = []
    for a, article in enumerate(articles):
        for paragraph in article.paragraphs:
            ws = words(paragraph.text)
            ok = len(ws) >= opts.min_words
            eligible.append(ok)
            if ok:
                key = " ".join(ws)
                g = group_index.get(key)
                if g is None:
                    g = group_index[key] = len(groups)
                    groups.append([])
                    group_texts.append(key)
                groups[g].append(len(units))
            units.append((a, paragraph.index))

    listener.stage("sign", len(group_texts))
    sets = [shingle_hashes(text, opts.k, opts.shingle) for text in group_texts]
    listener.advance(len(group_texts))
    signatures = Signer(opts.num_perm, opts.seed).sign_many(sets) if sets else np.empty((0, opts.num_perm))

    listener.stage("match", None)
    candidates = candidate_pairs(signatures, opts.lsh_threshold)
    edges = verify(candidates, sets, opts.threshold)

    graph = MatchGraph(tuple(units), tuple(tuple(g) for g in groups), tuple(edges))
    findings = FindingBuilder(articles, graph, eligible, opts).build()
    listener.done()
    params: dict[str, object] = {"match": opts.as_params(), "candidates": len(candidates)}
    return ScanResult(tuple(articles), findings, graph, (), params)


def scan(
    paths: Iterable[str | Path], options: ScanOptions | None = None, listener: Listener | None = None
) -> ScanResult:
    """Scan files and directories for near-duplicate paragraphs.

    Never raises for bad input: every problem is in ``ScanResult.problems``.
    """
    options = options or ScanOptions()
    listener = listener or NullListener()
    found = discover(paths, options.load)
    for problem in found.problems:
        listener.problem(problem)
    articles, problems = load_articles(found.files, options, listener)
    result = match_articles(articles, options, listener)
    return ScanResult(
        result.articles,
        result.findings,
        result.graph,
        tuple(found.problems) + tuple(problems),
        {"tool_version": __version__, **result.params},
    )
