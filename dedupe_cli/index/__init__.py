"""A persistent index of paragraph signatures: add articles once, check new ones against all of them.

Two backends behind one interface (:class:`IndexBackend`): a local SQLite file (the
default) and Redis through datasketch's own ``MinHashLSH`` storage, shared by ingest
workers on many machines. :func:`open_index` picks one by location.
"""

from __future__ import annotations

from dedupe_cli.index.base import AddStats, IndexBackend, IndexBackendError, IndexParams, ParagraphRecord
from dedupe_cli.index.ingest import AddResult, QueryResult, add_paths, prepare, query_paths
from dedupe_cli.index.store import is_redis, open_index
from dedupe_cli.options import DEFAULT_INDEX, DEFAULT_NAMESPACE, QueryOptions

__all__ = [
    "DEFAULT_INDEX",
    "DEFAULT_NAMESPACE",
    "AddResult",
    "AddStats",
    "IndexBackend",
    "IndexBackendError",
    "IndexParams",
    "ParagraphRecord",
    "QueryOptions",
    "QueryResult",
    "add_paths",
    "is_redis",
    "open_index",
    "prepare",
    "query_paths",
]
