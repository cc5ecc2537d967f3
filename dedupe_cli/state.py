"""The scan state: every scanned file's articles and signatures, kept between runs.

A warm re-scan should not read, parse and sign the files that did not change, nor hold
their articles as objects. The state (``state-*/`` in the cache directory, keyed like
the signature cache by the settings, versions and schemes, plus the banding and
``min_words``) holds segments of arrays written with numpy and read back memory-mapped:
per file its unit and article counts, per article its metadata, per unit its lines,
kind, word count, text key, LSH band keys and text (one UTF-8 buffer), and per article
and per file their metadata (``meta.marshal``). A file table (``files-GENERATION.marshal``)
lists the files of the last scan in order, with the size and modification time each had
when it was read and the segment holding it; the manifest (``manifest.json``) names the
segments and the generation. A file whose size and time still match is taken from its
segment; the others are read again and go into a new segment. When less than half of the
stored units are still in use, everything is written into one new segment.

Metadata and file tables are columns written with :mod:`marshal` (strings) and numpy
(numbers): a warm scan loads the state of a million paragraphs in tens of milliseconds.
Every file is written under a fresh name and the manifest last, atomically, so a crashed
run leaves the previous state usable; a damaged state is reported and ignored, the state
of an older version silently.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from dedupe_cli.articles import Block, Meta
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.cache import mark_cache_dir, settings_key
from dedupe_cli.filetable import FileColumns, FileOrder, FileTable, share_strings
from dedupe_cli.match import lsh_params
from dedupe_cli.options import ScanOptions
from dedupe_cli.workers import FileInfo, Signed

#: 2: metadata and the file table as marshal columns (1: JSON).
_VERSION = 2
#: A state of other settings (other load options, shingles or banding) that no scan used for
#: this many days is removed when a scan writes its own: each holds every scanned text.
STALE_DAYS = 7
#: A segment or file table of the state that the new manifest does not name is removed once it is
#: older than this: a newer one may belong to another scan sharing the cache folder.
FRESH_SECONDS = 120
_ARRAYS = ("units", "lines", "kinds", "offsets", "word_counts", "keys", "bands")


#: The articles, signatures and infos of some files.
Piece = tuple[Block, Signed, Sequence[FileInfo]]


class StateCorrupt(Exception):
    """The stored state cannot be used; the message says why."""


class Part:
    """The files of one chunk or one stored segment: their articles, signatures and infos
    (given as FileInfo records or a table, kept as a :class:`FileTable`), and where each
    file's articles, units and eligible units start."""

    def __init__(
        self,
        block: Block,
        signed: Signed,
        infos: Sequence[FileInfo],
        min_words: int,
        name: str = "",
        eligible: np.ndarray | None = None,
    ) -> None:
        """``eligible``: per file, how many of its units have ``min_words`` (counted when not given)."""
        self.block, self.signed, self.infos = block, signed, FileTable.of(infos)
        self.name = name
        arts, units = self.infos.counts()
        self.art_bounds = _bounds(arts)
        self.unit_bounds = _bounds(units)
        if eligible is None:
            self.elig_bounds = _bounds(self.signed.word_counts >= min_words)[self.unit_bounds]
        elif eligible.size == len(self.infos):
            self.elig_bounds = _bounds(eligible)
        else:
            raise StateCorrupt("file counts do not match the arrays")
        if self.art_bounds[-1] != self.block.units.size or self.unit_bounds[-1] != self.signed.word_counts.size:
            raise StateCorrupt("file counts do not match the arrays")
        if self.elig_bounds[-1] != self.signed.bands.shape[0] or self.block.offsets.size != self.unit_bounds[-1] + 1:
            raise StateCorrupt("unit counts do not match the arrays")

    def take(self, first: int, last: int) -> tuple[Block, Signed]:
        """The block and signatures of files ``first`` to ``last`` (exclusive)."""
        a0, a1 = int(self.art_bounds[first]), int(self.art_bounds[last])
        u0, u1 = int(self.unit_bounds[first]), int(self.unit_bounds[last])
        e0, e1 = int(self.elig_bounds[first]), int(self.elig_bounds[last])
        b, s = self.block, self.signed
        block = Block(b.meta[a0:a1], b.units[a0:a1], b.lines[u0:u1], b.kinds[u0:u1], b.text, b.offsets[u0 : u1 + 1])
        return block, Signed(s.word_counts[u0:u1], s.keys[u0:u1], s.bands[e0:e1])


def _bounds(counts: np.ndarray) -> np.ndarray:
    """Where each of ``counts`` starts, and one more: 0 and their running sums."""
    out = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def state_dir(options: ScanOptions) -> Path:
    """Where the state of a scan with these settings lives."""
    assert options.cache_dir is not None
    m = options.match
    bands, rows = lsh_params(m.lsh_threshold, m.num_perm)
    return Path(options.cache_dir) / f"state-{settings_key(m, options.load)}-{bands}x{rows}-w{m.min_words}"


@dataclass
class Stored:
    """The state of the last scan: its segments and its files in order (``order``'s segment
    numbers count in ``segments``)."""

    root: Path
    parts: dict[str, Part]
    segments: list[str]
    order: FileOrder
    #: a token that changes with every manifest written: what else the scan keeps names it
    generation: str = ""

    @staticmethod
    def of_columns(root: Path, parts: dict[str, Part], order: FileRows, generation: str) -> Stored:
        """The state holding ``order``'s files."""
        segments = sorted(parts)
        number = {name: n for n, name in enumerate(segments)}
        segs = np.fromiter(map(number.__getitem__, order.segments), dtype=np.int64, count=len(order.segments))
        numbers = np.stack([order.sizes, order.mtimes, segs, order.numbers])
        table = FileOrder("\0".join(order.paths), "\0".join(order.digests), numbers)
        return Stored(root, parts, segments, table, generation)


@dataclass
class FileRows:
    """Files in order as the state's file table keeps them, as columns: shown paths, sizes, mtimes,
    segment names ("" when read in this run), file numbers there (or among the files read), digests."""

    paths: Sequence[str]
    sizes: np.ndarray
    mtimes: np.ndarray
    segments: Sequence[str]
    numbers: np.ndarray
    digests: Sequence[str]

    def kept(self) -> set[str]:
        """The shown paths of the files taken from a stored segment."""
        return {path for path, segment in zip(self.paths, self.segments, strict=True) if segment}


def load_state(options: ScanOptions) -> Stored | None:
    """The stored state, or None when there is none (or one of another version).

    Raises:
        StateCorrupt: a state is there but cannot be used.
    """
    root = state_dir(options)
    try:
        manifest = orjson.loads((root / "manifest.json").read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        raise StateCorrupt(f"unreadable manifest: {exc}") from exc
    try:
        if manifest["version"] != _VERSION:
            return None
        generation, segments = manifest["generation"], manifest["segments"]
        if not _is_name(generation) or not all(_is_name(s, "seg-") for s in segments):
            raise ValueError("names that are not the state's")
        with _mapped(root / _table_name(generation)) as data:
            order = FileOrder.loads(data)
        parts = {name: _load_segment(root / name, options.match.min_words, name) for name in segments}
        counts = np.array([len(parts[name].infos) for name in segments], dtype=np.int64)
        segs, numbers = order.numbers[2], order.numbers[3]
        if len(order) and (segs.min() < 0 or segs.max() >= len(segments)):
            raise ValueError("segment numbers out of range")
        if len(order) and (numbers.min() < 0 or (numbers >= counts[segs]).any()):
            raise ValueError("file numbers out of range")
    except (KeyError, IndexError, TypeError, ValueError, EOFError, OSError) as exc:
        raise StateCorrupt(str(exc) or type(exc).__name__) from exc
    return Stored(root, parts, list(segments), order, generation)


def _is_name(value: object, prefix: str = "") -> bool:
    """Whether ``value`` is a name the state gives (a prefix and letters and digits: no path)."""
    return isinstance(value, str) and value.startswith(prefix) and value[len(prefix) :].isalnum()


def _table_name(generation: str) -> str:
    return f"files-{generation}.marshal"


def _load_segment(folder: Path, min_words: int, name: str, meta: _SegmentMeta | None = None) -> Part:
    """A stored segment, its arrays memory-mapped (``meta``: its articles' and files' metadata when at hand)."""
    if meta is None:
        with _mapped(folder / "meta.marshal") as data:
            articles, fields, eligible = marshal.loads(data)
        meta = (articles, FileColumns.of_fields(fields), np.frombuffer(eligible, dtype=np.int64))
    # plain ndarray views of the maps: indexing a np.memmap costs microseconds more per call
    arrays = {
        key: np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray) for key in _ARRAYS
    }
    size = (folder / "text.bin").stat().st_size
    text = np.memmap(folder / "text.bin", dtype=np.uint8, mode="r").view(np.ndarray) if size else np.empty(0, np.uint8)
    if arrays["offsets"].size and int(arrays["offsets"][-1]) != size:
        raise StateCorrupt(f"{name}: text size")
    articles, columns, eligible = meta
    if not isinstance(articles, list) or len(articles) != arrays["units"].size:
        raise StateCorrupt(f"{name}: article count")
    block = Block(articles, arrays["units"], arrays["lines"], arrays["kinds"], text, arrays["offsets"])
    signed = Signed(arrays["word_counts"], arrays["keys"], arrays["bands"])
    return Part(block, signed, FileTable(columns), min_words, name, eligible)


@contextlib.contextmanager
def _mapped(path: Path) -> Iterator[mmap.mmap]:
    """The file's bytes, memory-mapped (its cached pages: no buffer to allocate, which here costs
    more than the reading)."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def _write_npy(path: Path, parts: Sequence[np.ndarray], fortran: bool) -> None:
    """Write the row-wise concatenation of ``parts`` as one .npy file, part by part.

    Written through the file rather than a memory map, so that the written pages do not
    count towards the process's memory; ``fortran`` stores a 2-D array column by column
    (the band keys: matching reads one band of every unit at a time).
    """
    first = parts[0]
    shape = (sum(p.shape[0] for p in parts), *first.shape[1:])
    header = {"descr": np.lib.format.dtype_to_descr(first.dtype), "fortran_order": fortran, "shape": shape}
    with open(path, "wb") as handle:
        np.lib.format.write_array_header_1_0(handle, header)
        if fortran and len(shape) == 2:
            for column in range(shape[1]):
                handle.write(np.concatenate([part[:, column] for part in parts]).data)
        else:
            for part in parts:
                handle.write(np.ascontiguousarray(part).data)


#: A segment's metadata: per article its Meta; per file its columns and its eligible unit count.
_SegmentMeta = tuple[list[Meta], FileColumns, np.ndarray]


def _write_segment(root: Path, pieces: Sequence[Piece], min_words: int) -> tuple[str, _SegmentMeta]:
    """Write the files of ``pieces`` as one new segment, piece by piece; returns its name and metadata."""
    name = f"seg-{secrets.token_hex(6)}"
    folder = root / name
    folder.mkdir(parents=True)
    fields: dict[str, tuple[Callable[[Block, Signed], np.ndarray], type]] = {
        "units": (lambda b, s: b.units, np.int64),
        "lines": (lambda b, s: b.lines, np.int32),
        "kinds": (lambda b, s: b.kinds, np.int8),
        "word_counts": (lambda b, s: s.word_counts, np.int64),
        "keys": (lambda b, s: s.keys, np.uint64),
        "bands": (lambda b, s: s.bands, np.uint64),
    }
    for key, (get, dtype) in fields.items():
        parts: list[np.ndarray] = [np.asarray(get(b, s), dtype=dtype) for b, s, _ in pieces]
        _write_npy(folder / f"{key}.npy", parts, key == "bands")
    offsets: list[np.ndarray] = []
    base = 0
    with open(folder / "text.bin", "wb") as handle:
        for block, _, _ in pieces:
            lo, hi = int(block.offsets[0]), int(block.offsets[-1])
            text = block.text
            handle.write(memoryview(text)[lo:hi] if isinstance(text, bytes) else text[lo:hi].data)
            offsets.append(np.asarray(block.offsets[:-1], dtype=np.int64) - lo + base)
            base += hi - lo
    offsets.append(np.array([base], dtype=np.int64))
    _write_npy(folder / "offsets.npy", offsets, False)
    articles: list[Meta] = [m for b, _, _ in pieces for m in b.meta]
    columns = FileColumns.join([FileTable.of(infos) for _, _, infos in pieces])
    memo: dict[str, str] = {}
    eligible = np.concatenate(
        [np.diff(_bounds(s.word_counts >= min_words)[_bounds(FileTable.of(i).counts()[1])]) for _, s, i in pieces]
    )
    meta = (share_strings(articles, memo), columns.fields(memo), eligible.tobytes())
    (folder / "meta.marshal").write_bytes(marshal.dumps(meta))
    return name, (articles, columns, eligible)


def save_state(
    options: ScanOptions,
    stored: Stored | None,
    order: FileRows,
    fresh: Sequence[Piece],
    everything: Sequence[Piece],
) -> Stored | None:
    """Store the state of a scan and return it (memory-mapped); None when it cannot be written.

    ``order`` holds every file (shown path, size, mtime_ns, segment or "" when fresh, file number in its
    segment or among the fresh files, digest) as columns; ``fresh`` the pieces of the
    files read in this run, ``everything`` those of all files (used to compact).
    """
    root = state_dir(options)
    try:
        mark_cache_dir(root.parent)
        if stored is not None and not fresh and _unchanged(stored, order):
            os.utime(root / "manifest.json")  # nothing changed; the time says the state is in use
            _prune(root.parent, root)
            return stored
        used = set(order.segments)
        used.discard("")
        stored_units = sum(int(stored.parts[seg].unit_bounds[-1]) for seg in used) if stored is not None else 0
        if stored is not None and stored_units and _kept_units(stored, order) * 2 < stored_units:
            fresh, used = everything, set()
            count = len(order.paths)
            order = FileRows(order.paths, order.sizes, order.mtimes, [""] * count, np.arange(count), order.digests)
        parts = {seg: stored.parts[seg] for seg in used if stored is not None}
        new = ""
        if fresh:
            new, meta = _write_segment(root, fresh, options.match.min_words)
            parts[new] = _load_segment(root / new, options.match.min_words, new, meta)
            segments = [seg or new for seg in order.segments]
            order = FileRows(order.paths, order.sizes, order.mtimes, segments, order.numbers, order.digests)
        generation = secrets.token_hex(8)
        saved = Stored.of_columns(root, parts, order, generation)
        write_bytes_atomic(root / _table_name(generation), saved.order.dumps())
        manifest = {"version": _VERSION, "segments": saved.segments, "generation": generation}
        write_bytes_atomic(root / "manifest.json", orjson.dumps(manifest))
        _prune(root.parent, root)
        keep = {*saved.segments, _table_name(generation)}
        recent = time.time() - FRESH_SECONDS
        for child in root.iterdir():
            if child.name.startswith(("seg-", "files-")) and child.name not in keep and _older(child, recent):
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        return saved
    except (OSError, StateCorrupt):
        return None


def _unchanged(stored: Stored, order: FileRows) -> bool:
    """Whether ``order`` holds the stored files in the stored order, as they are stored, each taken from
    its segment (the file table is the scan's order: the next scan judges the kept findings by it)."""
    if len(order.paths) != len(stored.order) or stored.order.paths != list(order.paths):
        return False
    number = {name: n for n, name in enumerate(stored.segments)}
    if "" in order.segments or not set(order.segments) <= number.keys():
        return False
    segs = np.fromiter(map(number.__getitem__, order.segments), dtype=np.int64, count=len(order.segments))
    now = np.stack([order.sizes, order.mtimes, segs, order.numbers])
    return bool(np.array_equal(now, stored.order.numbers)) and stored.order.digests == list(order.digests)


def _older(path: Path, limit: float) -> bool:
    """Whether ``path`` was written before ``limit`` (a time): a newer one may be another run's, whose
    manifest is about to name it (two scans sharing a cache folder removed each other's new segment)."""
    try:
        return path.stat().st_mtime < limit
    except OSError:
        return False


def _prune(folder: Path, keep: Path) -> None:
    """Remove the states of other settings that no scan used for :data:`STALE_DAYS` days."""
    limit = time.time() - STALE_DAYS * 86400
    for child in folder.glob("state-*"):
        if child == keep or not child.is_dir():
            continue
        try:
            used = (child / "manifest.json").stat().st_mtime
        except OSError:
            used = child.stat().st_mtime  # never finished: as old as the folder
        if used < limit:
            shutil.rmtree(child, ignore_errors=True)


def _kept_units(stored: Stored, order: FileRows) -> int:
    """How many units of the stored segments the files in ``order`` still use."""
    total = 0
    names = np.array(order.segments, dtype=object)
    for seg in set(order.segments) - {""}:
        at = order.numbers[names == seg]
        bounds = stored.parts[seg].unit_bounds
        total += int((bounds[at + 1] - bounds[at]).sum())
    return total
