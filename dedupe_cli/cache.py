"""The signature cache: per-file MinHash signatures kept between runs.

Entries live in ``.dedupe_cache/`` (or ``--cache-dir``), a directory marked with a
``CACHEDIR.TAG`` and its own ``.gitignore`` (``*``) so backup tools and git skip it.
An entry is keyed by the blake2b hash of the file's bytes and its path, inside a folder keyed by
everything else the signatures depend on: the tool version, the datasketch version,
the permutation scheme, the word-hashing scheme, the matching settings and the
loading settings. A change to any of them simply misses.

Every entry is written to a temporary file and renamed, so two processes filling
the cache at once never leave half an entry; each entry ends in a checksum, so a
damaged one is detected, reported as a warning and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import struct
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from dedupe_cli import __version__
from dedupe_cli.options import LoadOptions, MatchOptions
from dedupe_cli.sign import HASHING, SCHEME

DEFAULT_DIR = ".dedupe_cache"
_MAGIC = b"DDSIG2\n"
_HEADER = struct.Struct("<IIII")
_CHECK = 16
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by dedupe.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class CacheCorrupt(Exception):
    """A cache entry exists but cannot be read; the message says why."""


@dataclass(frozen=True)
class Entry:
    """What is cached for one file: what loading, segmenting and signing it gave.

    Attributes:
        word_counts: normalised words of each paragraph unit, in file order.
        keys: the normalised-text key of each unit (see :class:`dedupe_cli.sign.ShingledBatch`).
        signatures: MinHash signatures of the units long enough to be matched, in order.
        payload: the file's segmented articles and load problems, serialised by the caller.
    """

    word_counts: np.ndarray
    keys: np.ndarray
    signatures: np.ndarray
    payload: bytes = b""


def content_hash(data: bytes, where: str = "") -> str:
    """The key of a file's content (and of ``where`` it was read: its path and source)."""
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(b"\0" + where.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _datasketch_version() -> str:
    try:
        return version("datasketch")
    except PackageNotFoundError:  # pragma: no cover - datasketch is a dependency
        return "unknown"


def settings_key(match: MatchOptions, load: LoadOptions) -> str:
    """A digest of everything besides the content that the cached values depend on."""
    settings = {
        "tool": __version__,
        "datasketch": _datasketch_version(),
        "scheme": SCHEME,
        "hashing": HASHING,
        "shingle": match.shingle,
        "k": match.k,
        "num_perm": match.num_perm,
        "seed": match.seed,
        "load": asdict(load),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:24]


_MADE: set[Path] = set()
_COUNTER = itertools.count()


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file named for this process and a rename."""
    if path.parent not in _MADE:
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SignatureCache:
    """Per-file signature entries under ``root`` for one set of settings.

    Args:
        root: the cache directory (created on first write, with CACHEDIR.TAG and .gitignore).
        match, load: the settings; entries made under other settings are never read.
    """

    def __init__(self, root: str | Path, match: MatchOptions, load: LoadOptions) -> None:
        self.root = Path(root)
        self.num_perm = match.num_perm
        self.folder = self.root / f"sig-{settings_key(match, load)}"
        self._marked = False

    def path_of(self, digest: str) -> Path:
        """Where the entry of a content hash is stored."""
        return self.folder / digest[:2] / f"{digest}.bin"

    def get(self, digest: str) -> Entry | None:
        """The entry of a content hash, or None when there is none.

        Raises:
            CacheCorrupt: the entry is there but damaged.
        """
        try:
            data = self.path_of(digest).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CacheCorrupt(f"unreadable: {exc.strerror or exc}") from exc
        body, check = data[:-_CHECK], data[-_CHECK:]
        if len(data) < len(_MAGIC) + _HEADER.size + _CHECK or not body.startswith(_MAGIC):
            raise CacheCorrupt("not a dedupe cache entry")
        if hashlib.blake2b(body, digest_size=_CHECK).digest() != check:
            raise CacheCorrupt("checksum mismatch")
        units, eligible, num_perm, extra = _HEADER.unpack_from(body, len(_MAGIC))
        offset = len(_MAGIC) + _HEADER.size
        arrays = units * 12 + eligible * num_perm * 4
        if num_perm != self.num_perm or len(body) != offset + arrays + extra:
            raise CacheCorrupt("unexpected size")
        counts = np.frombuffer(body, dtype=np.int32, count=units, offset=offset).astype(np.int64)
        keys = np.frombuffer(body, dtype=np.uint64, count=units, offset=offset + units * 4)
        sigs = np.frombuffer(body, dtype=np.uint32, count=eligible * num_perm, offset=offset + units * 12)
        return Entry(counts, keys, sigs.reshape(eligible, num_perm), body[offset + arrays :])

    def put(self, digest: str, entry: Entry) -> None:
        """Store an entry atomically; errors (a read-only disk) are ignored: it is a cache."""
        parts = [
            _MAGIC,
            _HEADER.pack(entry.word_counts.size, entry.signatures.shape[0], self.num_perm, len(entry.payload)),
            entry.word_counts.astype(np.int32).tobytes(),
            entry.keys.astype(np.uint64).tobytes(),
            np.ascontiguousarray(entry.signatures, dtype=np.uint32).tobytes(),
            entry.payload,
        ]
        body = b"".join(parts)
        with contextlib.suppress(OSError):
            self._mark()
            _write_bytes_atomic(self.path_of(digest), body + hashlib.blake2b(body, digest_size=_CHECK).digest())

    def _mark(self) -> None:
        if self._marked:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
            if not (self.root / name).exists():
                _write_bytes_atomic(self.root / name, text.encode())
        self._marked = True
