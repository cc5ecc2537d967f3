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
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dedupe_cli import procpool
from dedupe_cli.articles import KINDS, Block, Meta
from dedupe_cli.cache import Entry, content_hash
from dedupe_cli.load import load_file
from dedupe_cli.load.base import folder_source, read_bounded
from dedupe_cli.match import band_keys, lsh_params
from dedupe_cli.model import Article, Problem
from dedupe_cli.options import ScanOptions
from dedupe_cli.reread import Before, ToRead, Values, reuse
from dedupe_cli.segment import unit_columns
from dedupe_cli.sign import Signer, shingle_batch

#: Files per chunk at most: small enough to keep every core busy to the end.
CHUNK_FILES = 64
#: Files read in this process rather than in forked workers when there are fewer (a file whose
#: last reading the state holds counts for a third: most of its units are not signed again). Here
#: a file costs this process 0.1-0.3 ms and forking workers 10-15 ms, which then take twice that
#: (they map the state's pages again and import what signing needs), so the few files a warm
#: re-scan reads go faster here.
LOCAL_FILES = 300


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


@dataclass(frozen=True)
class FileInfo:
    """What the scan state keeps of one file: how it looked when read, and what it gave.

    Attributes:
        path: the path as reports show it.
        size, mtime_ns: the file's size and modification time just before it was read.
        articles, units: how many articles and paragraph units it gave.
        problems: its load problems, as (message, line, severity).
        digest: the hash of its content and place (see :func:`dedupe_cli.cache.content_hash`), if taken.
    """

    path: str
    size: int
    mtime_ns: int
    articles: int
    units: int
    problems: tuple[tuple[str, int | None, str], ...] = ()
    digest: str = ""


@dataclass
class ChunkResult:
    """What one chunk of files gives."""

    block: Block | None = None
    problems: list[Problem] = field(default_factory=list)
    signed: Signed | None = None
    files: int = 0
    infos: list[FileInfo] = field(default_factory=list)


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as shown in reports: relative to the working directory (``cwd``, else the current one) when below it."""
    folder, name = os.path.split(os.fspath(path))
    shown = _shown_folder(folder, cwd or os.getcwd())
    if shown is None:
        return path.as_posix()
    return f"{shown}/{name}" if shown else name


@functools.lru_cache(maxsize=4096)
def _shown_folder(folder: str, cwd: str) -> str | None:
    """A folder as reports show it ("" for the working directory), or None when it is not below it."""
    try:
        rel = os.path.relpath(folder or ".", cwd)
    except ValueError:
        return None
    if rel.startswith(".."):
        return None
    return "" if rel == "." else Path(rel).as_posix()


_FOLDERS: dict[str, str] = {}


def where_of(path: Path, cwd: str | None = None, display: str | None = None) -> str:
    """What besides its bytes decides a file's articles: its shown path and its folder's source name.

    ``cwd`` and ``display`` (the working directory and the shown path) are computed when not given.
    """
    cwd = cwd or os.getcwd()
    name = os.fspath(path)
    folder = os.path.dirname(os.path.normpath(os.path.join(cwd, name)))  # os.path.abspath without its getcwd
    source = _FOLDERS.get(folder)
    if source is None:
        source = _FOLDERS[folder] = folder_source(path)
    return f"{display or display_path(path, cwd)}\0{source}"


@functools.lru_cache(maxsize=8)
def _signer(num_perm: int, seed: int) -> Signer:
    return Signer(num_perm, seed)


def sign_units(texts: Sequence[str], options: ScanOptions) -> Entry:
    """Word counts, keys and the signatures of the long-enough units of ``texts``: as many of each
    signature's values as the LSH bands read (the first ``bands x rows``)."""
    opts = options.match
    batch = shingle_batch(texts, opts.k, opts.shingle)
    eligible = batch.word_counts >= opts.min_words
    sizes = np.diff(batch.offsets)
    flat = batch.shingles[np.repeat(eligible, sizes)]
    offsets = np.concatenate(([0], np.cumsum(sizes[eligible]))).astype(np.int64)
    bands, rows = lsh_params(opts.lsh_threshold, opts.num_perm)
    signatures = _signer(opts.num_perm, opts.seed).sign_flat(flat, offsets, perms=bands * rows)
    return Entry(batch.word_counts, batch.keys, signatures)


def _bands(signatures: np.ndarray, options: ScanOptions) -> np.ndarray:
    bands, rows = lsh_params(options.match.lsh_threshold, options.match.num_perm)
    return band_keys(signatures, bands, rows)


def _values(texts: Sequence[str], options: ScanOptions) -> Values:
    """Per text, its word count, key and band keys (the last of long enough texts only)."""
    entry = sign_units(texts, options)
    return entry.word_counts, entry.keys, _bands(entry.signatures, options)


def signed_of(articles: Sequence[Article], options: ScanOptions) -> Signed:
    """Sign the units of already loaded articles (no cache)."""
    return Signed(*_values([p.text for a in articles for p in a.paragraphs], options))


#: An article as plain values, cheap to pickle: metadata, then per unit text, lines and kind (its value).
Record = tuple[str, str, str, str, str, str, int, list[str], list[int], list[int], Sequence[str]]


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


#: Unit kind codes by kind value (a :class:`UnitKind` member is its value).
_KIND_CODES = {kind.value: code for code, kind in enumerate(KINDS)}


def block_of_records(records: Sequence[Record], texts: Sequence[str] | None = None) -> Block:
    """The compact block of some articles' records (``texts``: their unit texts in order, if already at hand)."""
    if texts is None:
        texts = [t for r in records for t in r[7]]
    joined = "".join(texts)
    if joined.isascii():  # one byte a character: encode once
        data = joined.encode("ascii")
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    else:
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        data = b"".join(encoded)
        sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    lines = np.empty((len(texts), 2), dtype=np.int32)
    lines[:, 0] = [x for r in records for x in r[8]]
    lines[:, 1] = [x for r in records for x in r[9]]
    kinds = np.array([_KIND_CODES[k] for r in records for k in r[10]], dtype=np.int8)
    meta: list[Meta] = [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in records]
    units = np.array([len(r[7]) for r in records], dtype=np.int64)
    return Block(meta, units, lines, kinds, data, offsets)


def _records(path: Path, display: str, data: bytes | None, options: ScanOptions) -> tuple[list[Record], list[Problem]]:
    loaded = load_file(path, display, options.load, data)
    records: list[Record] = []
    for doc in loaded.documents:
        texts, starts, ends, kinds = unit_columns(doc)
        body_line = doc.fixed_line or doc.body_line
        records.append(
            (doc.id, doc.path, doc.source, doc.title, doc.published, doc.url, body_line, texts, starts, ends, kinds)
        )
    return records, list(loaded.problems)


def _stat_and_read(path: Path, read: bool, limit: int = 0) -> tuple[int, int, bytes | None]:
    """The file's size and modification time (-1 when it cannot be read) and, if ``read``, its content:
    not when it is larger than ``limit`` bytes (0: no limit), and never more than a byte past it (the
    loader tells such a file, read or not, too large)."""
    try:
        if not read:
            st = os.stat(path)
            return st.st_size, st.st_mtime_ns, None
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)  # a pipe: no wait for a writer
    except OSError:
        return -1, -1, None  # the loader says why
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return -1, -1, None  # a pipe or a device: the loader says so
        if limit and st.st_size > limit:
            return st.st_size, st.st_mtime_ns, None  # too large: not read, the loader says so
        return st.st_size, st.st_mtime_ns, read_bounded(functools.partial(os.read, fd), st.st_size, limit)
    except OSError:
        return -1, -1, None
    finally:
        os.close(fd)


def process_chunk(files: Sequence[Path], options: ScanOptions, before: Sequence[Before] | None = None) -> ChunkResult:
    """Load, segment and sign one chunk of files.

    With a cache directory set, each file's content hash is recorded too, so that the
    scan state can recognise an unchanged file whose modification time changed; the
    file is then read once, for the hash and the loader. ``before``: per file, where the
    scan state holds its last reading (see :class:`ToRead`).
    """
    out = ChunkResult(files=len(files))
    records: list[Record] = []
    cwd = os.getcwd()
    for path in files:
        display = display_path(path, cwd)
        size, mtime, data = _stat_and_read(path, bool(options.cache_dir), options.load.max_file_size)
        digest = "" if data is None else content_hash(data, where_of(path, cwd, display))
        found, problems = _records(path, display, data, options)
        records.extend(found)
        out.problems.extend(problems)
        out.infos.append(
            FileInfo(
                display,
                size,
                mtime,
                len(found),
                sum(len(r[7]) for r in found),
                tuple((p.message, p.line, p.severity.value) for p in problems),
                digest,
            )
        )
    texts = [t for r in records for t in r[7]]
    out.block = block_of_records(records, texts)
    if before is not None and any(b is not None for b in before):
        units = [info.units for info in out.infos]
        out.signed = Signed(
            *reuse(
                out.block, units, before, options.match.min_words, lambda ns: _values([texts[i] for i in ns], options)
            )
        )
    else:
        out.signed = Signed(*_values(texts, options))
    return out


#: Some files to read, with their earlier readings (None: no file has one).
Chunk = tuple[list[Path], list[Before] | None]


def _chunks(files: Sequence[Path], jobs: int) -> list[Chunk]:
    """The files in chunks for ``jobs`` processes; few files make one chunk, read here."""
    few = _work(files) < LOCAL_FILES
    size = max(1, len(files) if few else min(CHUNK_FILES, len(files) // (jobs * 4) or 1))
    before = files.before if isinstance(files, ToRead) else None
    return [(list(files[i : i + size]), before and before[i : i + size]) for i in range(0, len(files), size)]


def _work(files: Sequence[Path]) -> float:
    """The files' cost in files without an earlier reading."""
    if not isinstance(files, ToRead):
        return len(files)
    earlier = sum(b is not None for b in files.before)
    return len(files) - earlier + earlier / 3


def _process(chunk: Chunk, options: ScanOptions) -> ChunkResult:
    return process_chunk(chunk[0], options, chunk[1])


_OPTIONS: ScanOptions | None = None


def _init(options: ScanOptions) -> None:
    global _OPTIONS
    _OPTIONS = options


def _run(files: list[Path]) -> ChunkResult:
    assert _OPTIONS is not None
    return process_chunk(files, _OPTIONS)  # the earlier readings are in memory maps: not sent


def run_chunks(files: Sequence[Path], options: ScanOptions) -> Iterator[ChunkResult]:
    """Process all files in order, in ``options.jobs`` processes (0: all cores).

    For a :class:`ToRead`, the units a file's last reading had are taken from there.
    """
    jobs = options.jobs if options.jobs > 0 else procpool.cores()
    chunks = _chunks(files, jobs)
    if jobs == 1 or len(chunks) < 2:
        for chunk in chunks:
            yield _process(chunk, options)
        return
    if procpool.available():
        yield from procpool.imap(functools.partial(_process, options=options), chunks, jobs)
        return
    import multiprocessing  # pragma: no cover - only where workers cannot fork

    context = multiprocessing.get_context("spawn")  # pragma: no cover - no fork here
    with context.Pool(min(jobs, len(chunks)), initializer=_init, initargs=(options,)) as pool:  # pragma: no cover
        yield from pool.imap(_run, [files for files, _ in chunks])
