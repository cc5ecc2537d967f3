"""The records a persistent index keeps, and the interface every backend implements.

A persistent index keeps, for every indexed paragraph, a :class:`ParagraphRecord`:
where it stands (path, article id, line range), a short excerpt for reports, and the
sorted unique 64-bit hashes of its shingles, so that every LSH candidate is verified
by the exact Jaccard of the two shingle sets, as ``dedupe scan`` verifies. The LSH
itself keeps only band hashes of the MinHash signatures; the signatures are not
stored.

Articles are keyed by their path and article id; each keeps the hash of its
content. Adding an article whose key and content hash are already indexed changes
nothing; adding it with other content replaces the old version.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Protocol

import numpy as np

#: The version of the stored layout; an index of another version is refused.
FORMAT_VERSION = 1


class IndexBackendError(Exception):
    """The index cannot be opened or used (unreachable server, wrong file, other settings)."""


class MissingIndex(IndexBackendError):
    """No index exists at the location yet (a query then matches nothing instead of creating one)."""

    def __init__(self, location: str) -> None:
        super().__init__(f"no index at {location} yet")
        self.location = location


def corrupt(location: str, exc: Exception) -> IndexBackendError:
    """The error for an index whose stored records cannot be read back."""
    return IndexBackendError(f"the index {location} is corrupt: {exc} (rebuild it)")


@dataclass(frozen=True)
class IndexParams:
    """The settings an index is built with; fixed when the index is created.

    Attributes:
        shingle: ``word`` or ``char`` shingles, as ``dedupe scan --shingle``.
        k: shingle size.
        num_perm: MinHash permutations.
        seed: MinHash seed.
        lsh_threshold: the threshold datasketch's MinHashLSH picks its bands and rows
            for. 0.3, as the batch scan uses, so that pairs near a query threshold of
            0.5 are not lost before verification.
        format_version: the stored layout, :data:`FORMAT_VERSION`.
    """

    shingle: str = "word"
    k: int = 5
    num_perm: int = 128
    seed: int = 1
    lsh_threshold: float = 0.3
    format_version: int = FORMAT_VERSION

    def as_strings(self) -> dict[str, str]:
        """The params as strings, as both backends store them."""
        return {name: str(value) for name, value in asdict(self).items()}

    def check(self) -> None:
        """Raise ValueError when a setting is out of the range ``dedupe scan`` accepts for it."""
        from dedupe_cli.config import ConfigError, convert  # the scan's own ranges

        try:
            for name, setting in (
                ("shingle", "shingle"),
                ("k", "shingle_size"),
                ("num_perm", "num_perm"),
                ("seed", "seed"),
            ):
                convert(setting, getattr(self, name), name)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        if not math.isfinite(self.lsh_threshold) or not 0 < self.lsh_threshold < 1:
            raise ValueError(f"lsh_threshold: {self.lsh_threshold} is out of range (0 to 1, exclusive)")

    @classmethod
    def from_strings(cls, values: object, location: str) -> IndexParams:
        """Read params stored by :meth:`as_strings`; raises IndexBackendError when malformed or out of range."""
        try:
            if not isinstance(values, dict):
                raise ValueError(f"expected a table of settings, got {type(values).__name__}")
            read: dict[str, object] = {}
            for field in fields(cls):
                if field.name not in values:
                    raise ValueError(f"{field.name} is missing")
                kind = {"shingle": str, "lsh_threshold": float}.get(field.name, int)
                try:
                    read[field.name] = kind(values[field.name])
                except (TypeError, ValueError):
                    raise ValueError(f"{field.name}: {values[field.name]!r} is not a number") from None
            params = cls(**read)  # type: ignore[arg-type]
            params.check()
        except ValueError as exc:
            raise IndexBackendError(
                f"{location} is not a dedupe index or its stored settings are corrupt ({exc})"
            ) from exc
        return params


def check_params(stored: IndexParams, overrides: dict[str, object], location: str) -> None:
    """Refuse an index of another layout, or one built with settings other than ``overrides``."""
    if stored.format_version != FORMAT_VERSION:
        raise IndexBackendError(
            f"{location} has layout version {stored.format_version}; this dedupe reads version "
            f"{FORMAT_VERSION} (rebuild the index)"
        )
    differ = [f"{name}={getattr(stored, name)}" for name, value in overrides.items() if getattr(stored, name) != value]
    if differ:
        raise IndexBackendError(
            f"{location} was built with {', '.join(differ)}; pass the same settings or use another index"
        )


@dataclass(frozen=True)
class ParagraphRecord:
    """One indexed paragraph: where it stands, an excerpt, and its shingle hashes."""

    path: str
    article_id: str
    line_start: int
    line_end: int
    excerpt: str
    shingles: np.ndarray

    def pack(self) -> bytes:
        """Serialise to bytes: a length-prefixed JSON header, then the little-endian uint64 shingles."""
        header = json.dumps([self.path, self.article_id, self.line_start, self.line_end, self.excerpt])
        head = header.encode("utf-8", "surrogatepass")
        return struct.pack("<I", len(head)) + head + self.shingles.astype("<u8").tobytes()

    @classmethod
    def unpack(cls, data: bytes) -> ParagraphRecord:
        """Read a record written by :meth:`pack`; raises ValueError when ``data`` is not one."""
        try:
            (size,) = struct.unpack_from("<I", data)
            if 4 + size > len(data) or (len(data) - 4 - size) % 8:
                raise ValueError("wrong length")
            path, article_id, start, end, excerpt = json.loads(data[4 : 4 + size].decode("utf-8", "surrogatepass"))
            if not (isinstance(path, str) and isinstance(article_id, str) and isinstance(excerpt, str)):
                raise ValueError("wrong header")
            shingles = np.frombuffer(data[4 + size :], dtype="<u8").astype(np.uint64)
            return cls(path, article_id, int(start), int(end), excerpt, shingles)
        except (struct.error, TypeError, ValueError) as exc:  # JSON and UTF-8 errors are ValueErrors
            raise ValueError(f"a paragraph record is unreadable ({exc})") from None


@dataclass(frozen=True)
class PreparedParagraph:
    """A paragraph ready to be indexed or queried: its record, signature and key."""

    key: str
    index: int
    record: ParagraphRecord
    signature: np.ndarray


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready to be indexed: its key, content hash and eligible paragraphs."""

    key: str
    content_hash: str
    path: str
    article_id: str
    paragraphs: tuple[PreparedParagraph, ...]


@dataclass(frozen=True)
class AddStats:
    """What one ``add`` changed."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    paragraphs: int = 0

    def __add__(self, other: AddStats) -> AddStats:
        return AddStats(
            self.added + other.added,
            self.replaced + other.replaced,
            self.unchanged + other.unchanged,
            self.paragraphs + other.paragraphs,
        )


def latest(articles: Iterable[PreparedArticle]) -> list[PreparedArticle]:
    """The articles with only the last version of each key (an input may repeat an article id)."""
    return list({article.key: article for article in articles}.values())


def digest(*parts: str, size: int = 16) -> str:
    """A hex blake2b digest of the parts (separated so that ("ab", "c") != ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=size)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(struct.pack("<Q", len(data)))
        h.update(data)
    return h.hexdigest()


class IndexBackend(Protocol):
    """Where the index lives: a local SQLite file or a Redis server."""

    location: str
    params: IndexParams

    def add(self, articles: list[PreparedArticle]) -> AddStats:
        """Index the articles: skip unchanged ones, replace changed ones, all or nothing per batch."""

    def candidates(self, signatures: np.ndarray) -> list[set[str]]:
        """For each signature row, the keys of indexed paragraphs sharing an LSH band bucket."""

    def records(self, keys: list[str]) -> dict[str, ParagraphRecord]:
        """The records of these paragraph keys (keys no longer indexed are left out)."""

    def counts(self) -> tuple[int, int]:
        """How many articles and paragraphs the index holds."""

    def close(self) -> None:
        """Release connections and files."""
