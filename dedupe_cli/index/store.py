"""Open an index by its location: a SQLite file path, or a ``redis://`` URL."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dedupe_cli.index.base import (
    AddStats,
    IndexBackend,
    IndexBackendError,
    IndexParams,
    MissingIndex,
    ParagraphRecord,
    PreparedArticle,
)
from dedupe_cli.index.sqlite_backend import SqliteIndex
from dedupe_cli.options import DEFAULT_INDEX, DEFAULT_NAMESPACE


def is_redis(location: str) -> bool:
    """Whether the location names a Redis server rather than a file."""
    return location.startswith(("redis://", "rediss://", "unix://"))


class EmptyIndex:
    """An index that does not exist yet: it matches nothing (queries never create a file)."""

    def __init__(self, location: str, params: IndexParams) -> None:
        self.location = location
        self.params = params

    def add(self, articles: list[PreparedArticle]) -> AddStats:
        """Never called: adding opens a real index."""
        raise NotImplementedError

    def candidates(self, signatures: np.ndarray) -> list[set[str]]:
        """No candidates."""
        return [set() for _ in range(signatures.shape[0])]

    def records(self, keys: list[str]) -> dict[str, ParagraphRecord]:
        """No records."""
        return {}

    def counts(self) -> tuple[int, int]:
        """Nothing indexed."""
        return 0, 0

    def close(self) -> None:
        """Nothing to close."""


def open_index(
    location: str = DEFAULT_INDEX,
    namespace: str = DEFAULT_NAMESPACE,
    overrides: dict[str, object] | None = None,
    create: bool = True,
) -> IndexBackend:
    """Open (or, with ``create``, create) the index at ``location``.

    ``overrides`` are settings (fields of :class:`IndexParams`) the caller asked for: a
    new index is created with them, an existing one must have been built with them.
    Without ``create`` nothing is written: an index that does not exist yet is an
    :class:`EmptyIndex`. Raises :class:`IndexBackendError` when the index cannot be opened.
    """
    overrides = dict(overrides or {})
    try:
        params = IndexParams(**overrides)  # type: ignore[arg-type]
        params.check()
    except (TypeError, ValueError) as exc:
        raise IndexBackendError(f"cannot open the index {location} with these settings: {exc}") from exc
    try:
        if is_redis(location):
            from dedupe_cli.index.redis_backend import RedisIndex  # imports datasketch and scipy: only when used

            return RedisIndex(location, namespace, params, overrides, create=create)
        path = Path(location)
        if not create and not path.exists():
            return EmptyIndex(location, params)
        return SqliteIndex(path, params, overrides, create=create)
    except MissingIndex as missing:
        return EmptyIndex(missing.location, params)
