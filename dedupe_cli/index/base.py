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
import struct
from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np

#: The version of the stored layout; an index of another version is refused.
FORMAT_VERSION = 1


class IndexBackendError(Exception):
    """The index cannot be opened or used (unreachable server, wrong file, other settings)."""


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

    @classmethod
    def from_strings(cls, values: dict[str, str]) -> IndexParams:
        """Read params stored by :meth:`as_strings`; raises IndexBackendError when malformed."""
        try:
            return cls(
                shingle=values["shingle"],
                k=int(values["k"]),
                num_perm=int(values["num_perm"]),
                seed=int(values["seed"]),
                lsh_threshold=float(values["lsh_threshold"]),
                format_version=int(values["format_version"]),
            )
        except (KeyError, ValueError) as exc:
            raise IndexBackendError(f"the index's stored settings are unreadable ({exc})") from exc


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
        """Read a record written by :meth:`pack`."""
        (size,) = struct.unpack_from("<I", data)
        path, article_id, start, end, excerpt = json.loads(data[4 : 4 + size].decode("utf-8", "surrogatepass"))
        shingles = np.frombuffer(data[4 + size :], dtype="<u8").astype(np.uint64)
        return cls(str(path), str(article_id), int(start), int(end), str(excerpt), shingles)


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
