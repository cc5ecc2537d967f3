"""The scan state: every scanned file's articles and signatures, kept between runs.

A warm re-scan should not read, parse and sign the files that did not change, nor hold
their articles as objects. The state (``state-*/`` in the cache directory, keyed like
the signature cache by the settings, versions and schemes, plus the banding and
``min_words``) holds segments of arrays written with numpy and read back memory-mapped:
per file its unit and article counts, per article its metadata, per unit its lines,
kind, word count, text key, LSH band keys and text (one UTF-8 buffer). A manifest lists
the files of the last scan in order, with the size and modification time each had when
it was read and the segment holding it. A file whose size and time still match is taken
from its segment; the others are read again and go into a new segment. When less than
half of the stored units are still in use, everything is written into one new segment.

Every file is written under a fresh name and the manifest last, atomically, so a
crashed run leaves the previous state usable; a damaged state is reported and ignored.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from dedupe_cli.articles import Block, Meta
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.cache import mark_cache_dir, settings_key
from dedupe_cli.match import lsh_params
from dedupe_cli.options import ScanOptions
from dedupe_cli.workers import FileInfo, Signed

_VERSION = 1
#: A state of other settings (other load options, shingles or banding) that no scan used for
#: this many days is removed when a scan writes its own: each holds every scanned text.
STALE_DAYS = 7
_ARRAYS = ("units", "lines", "kinds", "offsets", "word_counts", "keys", "bands")


#: The articles, signatures and infos of some files.
Piece = tuple[Block, Signed, list[FileInfo]]

#: A file in the state's order: shown path, size, mtime_ns, segment ("" when read in this run),
#: file number in the segment (or among the files read in this run), content digest.
Placed = tuple[str, int, int, str, int, str]


class StateCorrupt(Exception):
    """The stored state cannot be used; the message says why."""


@dataclass
class Part:
    """The files of one chunk or one stored segment: their articles, signatures and infos."""

    block: Block
    signed: Signed
    infos: list[FileInfo]
    min_words: int
    name: str = ""

    def __post_init__(self) -> None:
        arts = np.fromiter((i.articles for i in self.infos), dtype=np.int64, count=len(self.infos))
        units = np.fromiter((i.units for i in self.infos), dtype=np.int64, count=len(self.infos))
        self.art_bounds = np.concatenate(([0], np.cumsum(arts))).astype(np.int64)
        self.unit_bounds = np.concatenate(([0], np.cumsum(units))).astype(np.int64)
        eligible = np.concatenate(([0], np.cumsum(self.signed.word_counts >= self.min_words))).astype(np.int64)
        self.elig_bounds = eligible[self.unit_bounds]
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


def state_dir(options: ScanOptions) -> Path:
    """Where the state of a scan with these settings lives."""
    assert options.cache_dir is not None
    m = options.match
    bands, rows = lsh_params(m.lsh_threshold, m.num_perm)
    return Path(options.cache_dir) / f"state-{settings_key(m, options.load)}-{bands}x{rows}-w{m.min_words}"


@dataclass
class Stored:
    """The state of the last scan: its segments and its files in order."""

    root: Path
    parts: dict[str, Part]
    files: dict[str, tuple[int, int, str, int, str]]  # shown path -> (size, mtime_ns, segment, file number, digest)
    #: a token that changes with every manifest written: what else the scan keeps names it
    generation: str = ""


def load_state(options: ScanOptions) -> Stored | None:
    """The stored state, or None when there is none.

    Raises:
        StateCorrupt: a state is there but cannot be used.
    """
    root = state_dir(options)
    try:
        manifest = _loads((root / "manifest.json").read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        raise StateCorrupt(f"unreadable manifest: {exc}") from exc
    try:
        if manifest["version"] != _VERSION:
            return None
        parts = {name: _load_segment(root / name, options.match.min_words, name) for name in manifest["segments"]}
        files = {f[0]: (int(f[1]), int(f[2]), str(f[3]), int(f[4]), str(f[5])) for f in manifest["files"]}
    except (KeyError, IndexError, TypeError, ValueError, OSError) as exc:
        raise StateCorrupt(str(exc) or type(exc).__name__) from exc
    return Stored(root, parts, files, str(manifest.get("generation", "")))


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # a lone surrogate (a file name that is not UTF-8): escaped by the standard library
        return json.dumps(value).encode("ascii")


def _loads(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # escaped lone surrogates, which orjson refuses
        return json.loads(data)


def _load_segment(folder: Path, min_words: int, name: str, meta: dict[str, Any] | None = None) -> Part:
    """A stored segment, its arrays memory-mapped (``meta``: its metadata when already at hand)."""
    if meta is None:
        meta = _loads((folder / "meta.json").read_bytes())
    # plain ndarray views of the maps: indexing a np.memmap costs microseconds more per call
    arrays = {
        key: np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray) for key in _ARRAYS
    }
    size = (folder / "text.bin").stat().st_size
    text = np.memmap(folder / "text.bin", dtype=np.uint8, mode="r").view(np.ndarray) if size else np.empty(0, np.uint8)
    if arrays["offsets"].size and int(arrays["offsets"][-1]) != size:
        raise StateCorrupt(f"{name}: text size")
    articles: list[Meta] = [tuple(a) for a in meta["articles"]]
    infos = [FileInfo(f[0], f[1], f[2], f[3], f[4], tuple(tuple(p) for p in f[5]), f[6]) for f in meta["files"]]
    block = Block(articles, arrays["units"], arrays["lines"], arrays["kinds"], text, arrays["offsets"])
    signed = Signed(arrays["word_counts"], arrays["keys"], arrays["bands"])
    return Part(block, signed, infos, min_words, name)


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


def _write_segment(root: Path, pieces: Sequence[Piece]) -> tuple[str, dict[str, Any]]:
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
    meta = {
        "articles": [m for b, _, _ in pieces for m in b.meta],
        "files": [
            [i.path, i.size, i.mtime_ns, i.articles, i.units, [list(p) for p in i.problems], i.digest]
            for _, _, infos in pieces
            for i in infos
        ],
    }
    (folder / "meta.json").write_bytes(_dumps(meta))
    return name, meta


def save_state(
    options: ScanOptions,
    stored: Stored | None,
    order: Sequence[Placed],
    fresh: Sequence[Piece],
    everything: Sequence[Piece],
) -> Stored | None:
    """Store the state of a scan and return it (memory-mapped); None when it cannot be written.

    ``order`` holds every file as (shown path, size, mtime_ns, segment or "" when fresh,
    file number in its segment or among the fresh files, digest); ``fresh`` the pieces of the
    files read in this run, ``everything`` those of all files (used to compact).
    """
    root = state_dir(options)
    try:
        mark_cache_dir(root.parent)
        used = {seg for _, _, _, seg, _, _ in order if seg}
        stored_units = sum(int(stored.parts[seg].unit_bounds[-1]) for seg in used) if stored is not None else 0
        in_use = sum(1 for _, _, _, seg, _, _ in order if seg)
        same = stored is not None and all(stored.files.get(p) == (s, m, g, n, d) for p, s, m, g, n, d in order)
        if stored is not None and not fresh and same and in_use == len(stored.files) == len(order):
            os.utime(root / "manifest.json")  # nothing changed; the time says the state is in use
            _prune(root.parent, root)
            return stored
        kept_units = _kept_units(stored, order)
        if stored_units and kept_units * 2 < stored_units:
            fresh, used = everything, set()
            order = [(p, s, m, "", n, d) for n, (p, s, m, _, _, d) in enumerate(order)]
        new, meta = _write_segment(root, fresh) if fresh else ("", {})
        files = [[p, s, m, seg or new, n, d] for p, s, m, seg, n, d in order]
        segments = sorted(used | ({new} if new else set()))
        generation = secrets.token_hex(8)
        manifest = {"version": _VERSION, "segments": segments, "files": files, "generation": generation}
        write_bytes_atomic(root / "manifest.json", _dumps(manifest))
        _prune(root.parent, root)
        for child in root.iterdir():
            if child.is_dir() and child.name.startswith("seg-") and child.name not in segments:
                shutil.rmtree(child, ignore_errors=True)
        parts = {seg: stored.parts[seg] for seg in used if stored is not None}
        if new:
            parts[new] = _load_segment(root / new, options.match.min_words, new, meta)
        return Stored(root, parts, {p: (s, m, seg or new, n, d) for p, s, m, seg, n, d in order}, generation)
    except (OSError, StateCorrupt):
        return None


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


def _kept_units(stored: Stored | None, order: Sequence[Placed]) -> int:
    if stored is None:
        return 0
    total = 0
    for _, _, _, seg, n, _ in order:
        if seg:
            part = stored.parts[seg]
            total += int(part.unit_bounds[n + 1] - part.unit_bounds[n])
    return total
