"""Add articles to a persistent index, and check new articles against it.

Both run the scan's own stages (discover, load, segment, shingle, sign) over the
files in batches, so memory stays bounded however many files are named, then either
store the paragraphs or look up their LSH candidates and verify each by exact
Jaccard of the shingle sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dedupe_cli.discover import discover
from dedupe_cli.index.base import (
    AddStats,
    IndexBackend,
    IndexParams,
    ParagraphRecord,
    PreparedArticle,
    PreparedParagraph,
    digest,
)
from dedupe_cli.model import Article, Problem
from dedupe_cli.options import QueryOptions, ScanOptions
from dedupe_cli.progress import Listener, NullListener
from dedupe_cli.sanitize import excerpt
from dedupe_cli.scan import load_articles
from dedupe_cli.sign import Signer, jaccard, shingle_hashes, words

#: Files loaded, signed and written per batch (one transaction on SQLite).
FILES_PER_BATCH = 200
#: Characters of a paragraph kept in the index for reports.
EXCERPT_CHARS = 200


@dataclass(frozen=True)
class IndexMatch:
    """An indexed paragraph a new one matches, with their exact Jaccard."""

    record: ParagraphRecord
    similarity: float


@dataclass(frozen=True)
class QueryFinding:
    """A new paragraph that matches indexed ones (best first; ``total`` counts them all)."""

    path: str
    article_id: str
    line_start: int
    line_end: int
    text: str
    matches: tuple[IndexMatch, ...]
    total: int


@dataclass(frozen=True)
class AddResult:
    """What ``add`` did."""

    location: str
    stats: AddStats
    articles: int
    indexed: tuple[int, int]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class QueryResult:
    """What ``query`` found: the new paragraphs that match the index."""

    location: str
    params: IndexParams
    options: QueryOptions
    articles: int
    paragraphs: int
    findings: tuple[QueryFinding, ...]
    indexed: tuple[int, int]
    problems: tuple[Problem, ...]


def prepare(
    articles: Sequence[Article], params: IndexParams, min_words: int, signer: Signer | None = None
) -> list[PreparedArticle]:
    """Key, shingle and sign the paragraphs of at least ``min_words`` words of each article."""
    signer = signer or Signer(params.num_perm, params.seed)
    chosen: list[tuple[int, int]] = []
    sets: list[np.ndarray] = []
    for a, article in enumerate(articles):
        for paragraph in article.paragraphs:
            if len(words(paragraph.text)) >= min_words:
                chosen.append((a, paragraph.index))
                sets.append(shingle_hashes(paragraph.text, params.k, params.shingle))
    signatures = signer.sign_many(sets) if sets else np.empty((0, params.num_perm), dtype=np.uint32)
    by_article: dict[int, list[PreparedParagraph]] = {}
    keys = [(digest(a.path, a.id), digest(a.title, a.text)) for a in articles]
    for (a, index), shingles, signature in zip(chosen, sets, signatures, strict=True):
        article = articles[a]
        paragraph = article.paragraphs[index]
        record = ParagraphRecord(
            article.path,
            article.id,
            paragraph.line_start,
            paragraph.line_end,
            excerpt(paragraph.text, EXCERPT_CHARS),
            shingles,
        )
        key = digest(*keys[a], str(index), size=12)
        by_article.setdefault(a, []).append(PreparedParagraph(key, index, record, signature))
    return [
        PreparedArticle(keys[a][0], keys[a][1], article.path, article.id, tuple(by_article.get(a, ())))
        for a, article in enumerate(articles)
    ]


def _batches(
    paths: Iterable[str | Path], options: ScanOptions, listener: Listener, problems: list[Problem]
) -> Iterator[list[Article]]:
    found = discover(paths, options.load)
    for problem in found.problems:
        listener.problem(problem)
    problems.extend(found.problems)
    files = list(found.files)
    quiet = NullListener()
    listener.stage("index", len(files))
    for start in range(0, len(files), FILES_PER_BATCH):
        chunk = files[start : start + FILES_PER_BATCH]
        articles, batch_problems = load_articles(chunk, options, quiet)
        for problem in batch_problems:
            listener.problem(problem)
        problems.extend(batch_problems)
        yield articles
        listener.advance(len(chunk))


def add_paths(
    paths: Iterable[str | Path],
    backend: IndexBackend,
    options: ScanOptions | None = None,
    min_words: int = QueryOptions.min_words,
    listener: Listener | None = None,
) -> AddResult:
    """Add every article under ``paths`` to the index. Bad input is reported, never raised."""
    options = options or ScanOptions()
    listener = listener or NullListener()
    problems: list[Problem] = []
    signer = Signer(backend.params.num_perm, backend.params.seed)
    stats = AddStats()
    articles = 0
    for batch in _batches(paths, options, listener, problems):
        articles += len(batch)
        stats = stats + backend.add(prepare(batch, backend.params, min_words, signer))
    listener.done()
    return AddResult(backend.location, stats, articles, backend.counts(), tuple(problems))


def _query_batch(
    batch: Sequence[Article], backend: IndexBackend, options: QueryOptions, signer: Signer
) -> tuple[int, list[QueryFinding]]:
    prepared = [p for article in prepare(batch, backend.params, options.min_words, signer) for p in article.paragraphs]
    if not prepared:
        return 0, []
    candidates = backend.candidates(np.stack([p.signature for p in prepared]))
    records = backend.records(sorted(set().union(*candidates)))
    findings: list[QueryFinding] = []
    for paragraph, keys in zip(prepared, candidates, strict=True):
        new = paragraph.record
        matches: list[IndexMatch] = []
        for key in keys:
            old = records.get(key)
            if old is None or (old.path == new.path and old.article_id == new.article_id):
                continue  # gone meanwhile, or the article's own indexed version
            small, large = sorted((old.shingles.size, new.shingles.size))
            if large == 0 or small / large < options.threshold:
                continue  # Jaccard cannot exceed the size ratio
            score = jaccard(new.shingles, old.shingles)
            if score >= options.threshold:
                matches.append(IndexMatch(old, score))
        if matches:
            matches.sort(key=lambda m: (-m.similarity, m.record.path, m.record.line_start))
            findings.append(
                QueryFinding(
                    new.path,
                    new.article_id,
                    new.line_start,
                    new.line_end,
                    new.excerpt,
                    tuple(matches[: options.max_matches]),
                    len(matches),
                )
            )
    return len(prepared), findings


def query_paths(
    paths: Iterable[str | Path],
    backend: IndexBackend,
    options: QueryOptions | None = None,
    scan_options: ScanOptions | None = None,
    listener: Listener | None = None,
) -> QueryResult:
    """Check every paragraph under ``paths`` against the index (matches with its own article excluded)."""
    options = options or QueryOptions()
    scan_options = scan_options or ScanOptions()
    listener = listener or NullListener()
    problems: list[Problem] = []
    signer = Signer(backend.params.num_perm, backend.params.seed)
    findings: list[QueryFinding] = []
    articles = paragraphs = 0
    for batch in _batches(paths, scan_options, listener, problems):
        articles += len(batch)
        count, found = _query_batch(batch, backend, options, signer)
        paragraphs += count
        findings.extend(found)
    listener.done()
    findings.sort(key=lambda f: (f.path, f.line_start, f.article_id))
    return QueryResult(
        backend.location,
        backend.params,
        options,
        articles,
        paragraphs,
        tuple(findings),
        backend.counts(),
        tuple(problems),
    )
