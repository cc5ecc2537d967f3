"""The cache directory and what its contents are keyed by.

The scan keeps its state (see :mod:`dedupe_cli.state`) in ``.dedupe_cache/`` (or
``--cache-dir``), a directory marked with a ``CACHEDIR.TAG`` and its own ``.gitignore``
(``*``) so backup tools and git skip it. What is stored depends on the content of each
file (its :func:`content_hash`: the SHA-256 hash of its bytes and its place) and on
everything else, digested by :func:`settings_key`: the tool version, the datasketch
version, the permutation scheme, the word-hashing scheme, the matching settings and the
loading settings. A change to any of them simply misses.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dedupe_cli import __version__
from dedupe_cli.atomic import write_bytes_atomic

if TYPE_CHECKING:
    import numpy as np

    from dedupe_cli.options import LoadOptions, MatchOptions

DEFAULT_DIR = ".dedupe_cache"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by dedupe.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@dataclass(frozen=True)
class Entry:
    """What signing some paragraph units gives.

    Attributes:
        word_counts: normalised words of each paragraph unit, in file order.
        keys: the normalised-text key of each unit (see :class:`dedupe_cli.sign.ShingledBatch`).
        signatures: MinHash signatures of the units long enough to be matched, in order: their first
            ``bands x rows`` values, all the LSH bands read.
    """

    word_counts: np.ndarray
    keys: np.ndarray
    signatures: np.ndarray


def content_hash(data: bytes, where: str = "") -> str:
    """The key of a file's content (and of ``where`` it was read: its path and source), 160 bits in hex.

    SHA-256, which CPUs with SHA instructions (x86 SHA-NI, ARMv8) compute about three times as
    fast as blake2b: 8 against 24 us for a 10 KB article here, 0.4 against 1.1 s of a cold
    scan's CPU at a million paragraphs.
    """
    digest = hashlib.sha256(data)
    digest.update(b"\0" + where.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


def _datasketch_version() -> str:
    """The installed datasketch's version, read from its metadata file.

    Its ``Version:`` line is what ``importlib.metadata.version`` returns, without the cost
    of importing importlib.metadata (and email) and searching every path entry.
    """
    import importlib.util

    spec = importlib.util.find_spec("datasketch")
    locations = spec.submodule_search_locations if spec is not None else None
    if locations:
        for info in sorted(Path(next(iter(locations))).parent.glob("datasketch-*.dist-info")):
            try:
                with (info / "METADATA").open(encoding="utf-8") as handle:
                    for line in handle:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
    return _metadata_version()


def _metadata_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("datasketch")
    except PackageNotFoundError:  # pragma: no cover - datasketch is a dependency
        return "unknown"


def settings_key(match: MatchOptions, load: LoadOptions) -> str:
    """A digest of everything besides the content that the cached values depend on."""
    from dedupe_cli.sign import HASHING, SCHEME

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
        "reading": _reading_rules(),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:24]


@functools.cache
def _reading_rules() -> str:
    """A hash of the rules that turn a file's bytes into articles and paragraphs (the loaders and the
    segmenter): a state read by other rules, even under the same version number, is not reused."""
    here = Path(__file__).parent
    return source_digest([*sorted((here / "load").glob("*.py")), here / "segment.py"])


def mark_cache_dir(root: Path) -> None:
    """Create the cache directory with its CACHEDIR.TAG and a ``.gitignore`` of ``*``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
        if not (root / name).exists():
            write_bytes_atomic(root / name, text.encode())


def source_digest(files: Iterable[Path], packages: Iterable[str] = ()) -> str:
    """A hash of source files (each one's name and bytes) and of the installed versions of ``packages``:
    part of a kept file's name, so that a changed rule, even without a new version number, is not served
    what the old one gave. A file that cannot be read (a package installed as a zip) counts as empty."""
    digest = hashlib.blake2b(digest_size=16)
    for file in files:
        try:
            source = file.read_bytes()
        except OSError:
            source = b""
        digest.update(file.name.encode() + b"\0" + source)
    for package in packages:
        import importlib.metadata  # only here: a scan's digest names none, and the import costs start-up time

        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def kept_path(folder: Path, prefix: str, suffix: str, settings: object) -> Path:
    """The file in ``folder`` that keeps what was made with ``settings`` (their ``repr``, hashed into its name)."""
    return folder / f"{prefix}{hashlib.blake2b(repr(settings).encode(), digest_size=8).hexdigest()}{suffix}"


def keep_file(path: Path, data: bytes, prefix: str, suffix: str) -> None:
    """Write ``data`` to ``path`` in an existing cache folder, atomically, and remove the other files
    named ``prefix*suffix`` there (those of other versions or options); nothing when the folder is
    missing or cannot be written (a cache only saves work)."""
    with contextlib.suppress(OSError):
        if not path.parent.is_dir():
            return
        write_bytes_atomic(path, data)
        for other in path.parent.glob(f"{prefix}*{suffix}"):
            if other != path:
                other.unlink(missing_ok=True)
