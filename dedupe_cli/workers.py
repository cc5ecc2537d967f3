"""Load, segment and sign files in chunks, on all cores.

A chunk of files gives its articles, its problems and, for every paragraph unit, the
word count, the normalised-text key and (for units long enough to be matched) the
LSH band keys. Signatures come from the signature cache when a file's content was
signed before, else they are computed and stored. Chunks run in a process pool when
``jobs > 1``; the result is the same whatever the number of jobs, since every value
depends on the text alone.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dedupe_cli.cache import CacheCorrupt, Entry, SignatureCache, content_hash
from dedupe_cli.load import load_file
from dedupe_cli.load.base import folder_source
from dedupe_cli.match import band_keys, lsh_params
from dedupe_cli.model import Article, Paragraph, Problem, UnitKind
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

    records: list[Record] = field(default_factory=list)
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


_FOLDERS: dict[str, str] = {}


def _where(path: Path) -> str:
    """What besides its bytes decides a file's articles: its shown path and its folder's source name."""
    folder = os.path.dirname(os.path.abspath(path))
    source = _FOLDERS.get(folder)
    if source is None:
        source = _FOLDERS[folder] = folder_source(path)
    return f"{display_path(path)}\0{source}"


@functools.lru_cache(maxsize=8)
def _signer(num_perm: int, seed: int) -> Signer:
    return Signer(num_perm, seed)


def sign_units(texts: Sequence[str], options: ScanOptions) -> Entry:
    """Word counts, keys and the signatures of the long-enough units of ``texts``."""
    opts = options.match
    batch = shingle_batch(texts, opts.k, opts.shingle)
    eligible = batch.word_counts >= opts.min_words
    sizes = np.diff(batch.offsets)
    flat = batch.shingles[np.repeat(eligible, sizes)]
    offsets = np.concatenate(([0], np.cumsum(sizes[eligible]))).astype(np.int64)
    signatures = _signer(opts.num_perm, opts.seed).sign_flat(flat, offsets)
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


#: An article as plain values, cheap to pickle: metadata, then per unit text, lines and kind.
Record = tuple[str, str, str, str, str, str, int, list[str], list[int], list[int], list[str]]
_KINDS = {k.value: k for k in UnitKind}


def to_record(article: Article) -> Record:
    """An article as plain values."""
    ps = article.paragraphs
    return (
        article.id,
        article.path,
        article.source,
        article.title,
        article.published,
        article.url,
        article.body_line,
        [p.text for p in ps],
        [p.line_start for p in ps],
        [p.line_end for p in ps],
        [p.kind.value for p in ps],
    )


def _paragraph(index: int, text: str, start: int, end: int, kind: UnitKind) -> Paragraph:
    # the frozen dataclass's __init__ costs a microsecond a field; this builds the same object
    p = object.__new__(Paragraph)
    p.__dict__.update(index=index, text=text, line_start=start, line_end=end, kind=kind)
    return p


def from_record(r: Record) -> Article:
    """The article of a record."""
    kinds = _KINDS
    paragraphs = tuple(
        _paragraph(i, t, s, e, kinds[k]) for i, (t, s, e, k) in enumerate(zip(r[7], r[8], r[9], r[10], strict=True))
    )
    return Article(r[0], r[1], r[2], r[3], r[4], r[5], paragraphs, r[6])


def _read(path: Path, options: ScanOptions) -> tuple[list[Record], list[Problem]]:
    display = display_path(path)
    loaded = load_file(path, display, options.load)
    return [to_record(segment(doc)) for doc in loaded.documents], list(loaded.problems)


def process_chunk(files: Sequence[Path], options: ScanOptions) -> ChunkResult:
    """Load, segment and sign one chunk of files (through the cache when one is set)."""
    out = ChunkResult(files=len(files))
    cache = SignatureCache(options.cache_dir, options.match, options.load) if options.cache_dir else None
    entries: list[Entry | None] = []
    misses: list[tuple[int, str, bytes]] = []  # (entry number, cache key, payload)
    texts: list[str] = []
    unit_counts: list[int] = []
    for path in files:
        entry, digest = None, ""
        if cache is not None:
            try:
                digest = content_hash(path.read_bytes(), _where(path))
                entry = cache.get(digest)
                if entry is not None:
                    records, problems = pickle.loads(entry.payload)
                    if sum(len(r[7]) for r in records) != entry.word_counts.size:
                        raise CacheCorrupt("unit count")
            except (CacheCorrupt, pickle.UnpicklingError, ValueError, TypeError, EOFError) as exc:
                out.problems.append(Problem(str(cache.path_of(digest)), f"corrupt cache entry ignored ({exc})"))
                entry = None
            except OSError:
                digest = ""  # unreadable: the loader says why
        if entry is None:
            records, problems = _read(path, options)
            unit_texts = [t for r in records for t in r[7]]
            misses.append((len(entries), digest, pickle.dumps((records, problems), protocol=5)))
            texts.extend(unit_texts)
            unit_counts.append(len(unit_texts))
        else:
            unit_counts.append(entry.word_counts.size)
        out.records.extend(records)
        out.problems.extend(problems)
        entries.append(entry)
    if misses:
        fresh = sign_units(texts, options)
        unit = sig = 0
        eligible = fresh.word_counts >= options.match.min_words
        for number, digest, payload in misses:
            n = unit_counts[number]
            e = int(eligible[unit : unit + n].sum())
            entry = Entry(
                fresh.word_counts[unit : unit + n],
                fresh.keys[unit : unit + n],
                fresh.signatures[sig : sig + e],
                payload,
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
