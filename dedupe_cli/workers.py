"""Load, segment and sign files in chunks, on all cores.

A chunk of files gives its articles, its problems and, for every paragraph unit, the
word count, the normalised-text key and (for units long enough to be matched) the
LSH band keys. Signatures come from the signature cache when a file's content was
signed before, else they are computed and stored. Chunks run in a process pool when
``jobs > 1``; the result is the same whatever the number of jobs, since every value
depends on the text alone.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dedupe_cli.cache import CacheCorrupt, Entry, SignatureCache, content_hash
from dedupe_cli.load import load_file
from dedupe_cli.match import band_keys, lsh_params
from dedupe_cli.model import Article, Problem
from dedupe_cli.options import ScanOptions
from dedupe_cli.segment import segment
from dedupe_cli.sign import Signer, shingle_batch

#: Files per chunk at most: small enough to keep every core busy to the end.
CHUNK_FILES = 64


@dataclass
class Signed:
    """The signed units of some articles, in unit order.

    Attributes:
        word_counts: normalised words per unit.
        keys: normalised-text key per unit.
        bands: LSH band keys of the units with at least ``min_words`` words, in order.
    """

    word_counts: np.ndarray
    keys: np.ndarray
    bands: np.ndarray


@dataclass
class ChunkResult:
    """What one chunk of files gives."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    signed: Signed | None = None
    files: int = 0


def display_path(path: Path) -> str:
    """The path as shown in reports: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def sign_units(texts: Sequence[str], options: ScanOptions) -> Entry:
    """Word counts, keys and the signatures of the long-enough units of ``texts``."""
    opts = options.match
    batch = shingle_batch(texts, opts.k, opts.shingle)
    eligible = np.flatnonzero(batch.word_counts >= opts.min_words)
    starts, ends = batch.offsets[eligible], batch.offsets[eligible + 1]
    pieces = [batch.shingles[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    flat = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.uint64)
    offsets = np.concatenate(([0], np.cumsum(ends - starts))).astype(np.int64)
    signatures = Signer(opts.num_perm, opts.seed).sign_flat(flat, offsets)
    return Entry(batch.word_counts, batch.keys, signatures)


def _bands(signatures: np.ndarray, options: ScanOptions) -> np.ndarray:
    bands, rows = lsh_params(options.match.lsh_threshold, options.match.num_perm)
    return band_keys(signatures, bands, rows)


def signed_of(articles: Sequence[Article], options: ScanOptions) -> Signed:
    """Sign the units of already loaded articles (no cache)."""
    entry = sign_units([p.text for a in articles for p in a.paragraphs], options)
    return Signed(entry.word_counts, entry.keys, _bands(entry.signatures, options))


def _merge(entries: Sequence[Entry], options: ScanOptions) -> Signed:
    num_perm = options.match.num_perm
    if not entries:
        empty = np.empty(0, dtype=np.int64)
        return Signed(empty, empty.astype(np.uint64), _bands(np.empty((0, num_perm), np.uint32), options))
    return Signed(
        np.concatenate([e.word_counts for e in entries]),
        np.concatenate([e.keys for e in entries]),
        _bands(np.concatenate([e.signatures for e in entries]), options),
    )


def process_chunk(files: Sequence[Path], options: ScanOptions) -> ChunkResult:
    """Load, segment and sign one chunk of files (through the cache when one is set)."""
    out = ChunkResult(files=len(files))
    cache = SignatureCache(options.cache_dir, options.match, options.load) if options.cache_dir else None
    entries: list[Entry | None] = []
    misses: list[tuple[int, str]] = []  # (entry number, content digest)
    texts: list[str] = []
    unit_counts: list[int] = []
    for path in files:
        display = display_path(path)
        loaded = load_file(path, display, options.load)
        out.problems.extend(loaded.problems)
        articles = [segment(doc) for doc in loaded.documents]
        out.articles.extend(articles)
        unit_texts = [p.text for a in articles for p in a.paragraphs]
        unit_counts.append(len(unit_texts))
        entry, digest = None, ""
        if cache is not None and unit_texts:
            try:
                digest = content_hash(path.read_bytes())
                entry = cache.get(digest)
            except CacheCorrupt as exc:
                out.problems.append(Problem(str(cache.path_of(digest)), f"corrupt cache entry ignored ({exc})"))
            except OSError:
                digest = ""
            if entry is not None and entry.word_counts.size != len(unit_texts):
                out.problems.append(Problem(str(cache.path_of(digest)), "corrupt cache entry ignored (unit count)"))
                entry = None
        if entry is None:
            misses.append((len(entries), digest))
            texts.extend(unit_texts)
        entries.append(entry)
    if misses:
        fresh = sign_units(texts, options)
        unit = sig = 0
        eligible = fresh.word_counts >= options.match.min_words
        for number, digest in misses:
            n = unit_counts[number]
            e = int(eligible[unit : unit + n].sum())
            entry = Entry(
                fresh.word_counts[unit : unit + n], fresh.keys[unit : unit + n], fresh.signatures[sig : sig + e]
            )
            entries[number] = entry
            if cache is not None and digest:
                cache.put(digest, entry)
            unit, sig = unit + n, sig + e
    out.signed = _merge([e for e in entries if e is not None], options)
    return out


def _chunks(files: Sequence[Path], jobs: int) -> list[list[Path]]:
    size = max(1, min(CHUNK_FILES, len(files) // (jobs * 4) or 1))
    return [list(files[i : i + size]) for i in range(0, len(files), size)]


_OPTIONS: ScanOptions | None = None


def _init(options: ScanOptions) -> None:
    global _OPTIONS
    _OPTIONS = options


def _run(files: list[Path]) -> ChunkResult:
    assert _OPTIONS is not None
    return process_chunk(files, _OPTIONS)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_chunks(files: Sequence[Path], options: ScanOptions) -> Iterator[ChunkResult]:
    """Process all files in order, in ``options.jobs`` processes (0: all cores)."""
    jobs = options.jobs if options.jobs > 0 else default_jobs()
    chunks = _chunks(files, jobs)
    if jobs == 1 or len(chunks) < 2:
        for chunk in chunks:
            yield process_chunk(chunk, options)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(min(jobs, len(chunks)), initializer=_init, initargs=(options,)) as pool:
        yield from pool.imap(_run, chunks)
