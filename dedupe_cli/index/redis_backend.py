"""The shared index: datasketch's MinHashLSH on its Redis storage, plus the records in Redis.

Ingest workers on many machines point ``--index redis://host:port/db`` at one Redis
and share one index. Under the namespace (``dedupe`` by default) Redis holds:

- ``NS:meta``: the index settings (JSON), set once by whoever creates the index;
- ``NS:lsh_*``: datasketch's ``MinHashLSH`` storage (``basename`` ``NS:lsh``): the band
  hash tables and the per-key band lists, inserted through ``insertion_session``
  (buffered, MULTI/EXEC transactions);
- ``NS:paras``: a hash from paragraph key to its packed :class:`ParagraphRecord`;
- ``NS:articles``: a hash from article key to its content hash and paragraph keys.

Writes only add to sets and hashes, so workers adding different articles at once
never overwrite each other. A paragraph's record is written before its LSH entry and
the article's entry last, so a query never meets a candidate without a record, and
an ``add`` cut short is completed by adding again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import numpy as np
import redis
from datasketch import MinHashLSH
from redis.backoff import NoBackoff
from redis.retry import Retry

from dedupe_cli.index.bands import band_keys
from dedupe_cli.index.base import (
    AddStats,
    IndexBackendError,
    IndexParams,
    MissingIndex,
    ParagraphRecord,
    PreparedArticle,
    check_params,
    corrupt,
    latest,
)
from dedupe_cli.sign import Signer

#: Seconds to wait for a connection to Redis before reporting it unreachable.
CONNECT_TIMEOUT = 5.0
_BATCH = 2000


def safe_url(url: str) -> str:
    """The URL without its password, for messages (a malformed URL too)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return re.sub(r"(//[^/@]*?:)[^/@]*@", r"\1***@", url)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def connection_options(url: str) -> dict[str, Any]:
    """The options of a ``redis.ConnectionPool`` for ``url`` (``redis://``, ``rediss://`` or ``unix://``),
    as ``ConnectionPool.from_url`` reads them, checked now rather than at the first connection.

    Raises:
        IndexBackendError: a malformed URL, a database that is not a number, or an unknown option.
    """
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
        options: dict[str, Any] = redis.connection.parse_url(url)  # type: ignore[no-untyped-call]
    except ValueError as exc:
        raise IndexBackendError(f"--index {safe_url(url)}: not a valid Redis URL ({exc})") from exc
    db = unquote(parts.path).strip("/")
    if parts.scheme != "unix" and db and not db.isdigit():
        raise IndexBackendError(f"--index {safe_url(url)}: the db must be an integer, not {db!r}")
    options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
    connection_class = options.pop("connection_class", redis.Connection)
    try:
        connection_class(**options)  # connects only when used: this checks the options' names
    except TypeError as exc:
        raise IndexBackendError(f"--index {safe_url(url)}: unknown option ({exc})") from exc
    return {**options, "connection_class": connection_class}


class RedisIndex:
    """A persistent index in Redis, shared by every process that opens the same URL and namespace.

    Args:
        url: ``redis://[:password@]host:port/db``, ``rediss://`` for TLS, or ``unix:///path?db=N``.
        namespace: the prefix of every key, so that several indexes can share a database.
        params: the settings to create the index with when it does not exist yet.
        overrides: settings the caller asked for explicitly; an existing index built
            with other values is refused.
        create: create the index when the namespace holds none yet; without it nothing is
            written and :class:`MissingIndex` is raised instead.
    """

    def __init__(
        self, url: str, namespace: str, params: IndexParams, overrides: dict[str, object], create: bool = True
    ) -> None:
        self.location = f"{safe_url(url)} (namespace {namespace})"
        options = connection_options(url)
        self._redis = redis.Redis(connection_pool=redis.ConnectionPool(**options))
        meta = f"{namespace}:meta"
        try:
            with self._guard():
                # one quick probe without the client's retries, so that a server that is down
                # is reported at once rather than after several seconds of back-off
                probe = redis.ConnectionPool(**{**options, "retry": Retry(NoBackoff(), 0)})
                try:
                    redis.Redis(connection_pool=probe, retry=Retry(NoBackoff(), 0)).ping()
                finally:
                    probe.disconnect()
                if create:
                    self._redis.set(meta, json.dumps(params.as_strings()), nx=True)
                stored = self._redis.get(meta)
            if stored is None:
                raise MissingIndex(self.location)
            try:
                values = json.loads(stored)
            except ValueError as exc:  # JSON and UTF-8 errors
                raise IndexBackendError(
                    f"{self.location} is not a dedupe index or its stored settings are corrupt (not JSON)"
                ) from exc
            self.params = IndexParams.from_strings(values, self.location)
            check_params(self.params, overrides, self.location)
        except BaseException:
            self.close()
            raise
        self._signer = Signer(self.params.num_perm, self.params.seed)
        self.lsh = MinHashLSH(
            threshold=self.params.lsh_threshold,
            num_perm=self.params.num_perm,
            # datasketch's storage makes its clients with redis.Redis(**config["redis"]): one pool for all
            storage_config={
                "type": "redis",
                "basename": f"{namespace}:lsh".encode(),
                "redis": {"connection_pool": self._redis.connection_pool},
            },
            prepickle=False,
        )
        self._paras = f"{namespace}:paras"
        self._articles = f"{namespace}:articles"

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise IndexBackendError(f"cannot reach Redis at {self.location}: {exc} (is redis-server running?)") from exc
        except redis.exceptions.RedisError as exc:
            raise IndexBackendError(f"Redis at {self.location} failed: {exc}") from exc

    def add(self, articles: list[PreparedArticle]) -> AddStats:
        """Index the articles: unchanged ones are skipped, changed ones replaced.

        Only the last version of an article repeated in ``articles`` is indexed.
        """
        stats = AddStats()
        articles = latest(articles)
        if not articles:
            return stats
        with self._guard():
            existing = self._redis.hmget(self._articles, [a.key for a in articles])
            todo: list[PreparedArticle] = []
            stale: list[str] = []
            for article, old in zip(articles, existing, strict=True):
                if old is not None:
                    content_hash, paras = self._article_entry(old)
                    if content_hash == article.content_hash:
                        stats = stats + AddStats(unchanged=1)
                        continue
                    stale.extend(paras)
                    stats = stats + AddStats(replaced=1)
                else:
                    stats = stats + AddStats(added=1)
                todo.append(article)
            if stale:
                self._remove(stale)
            self._insert(todo)
        return stats + AddStats(paragraphs=sum(len(a.paragraphs) for a in todo))

    def _article_entry(self, entry: bytes | str) -> tuple[str, list[str]]:
        """The content hash and paragraph keys of a stored article entry."""
        try:
            info = json.loads(entry)
            content_hash, paras = info["hash"], info["paras"]
            if not isinstance(content_hash, str) or not isinstance(paras, list):
                raise ValueError("wrong types")
        except (KeyError, TypeError, ValueError) as exc:
            raise corrupt(self.location, ValueError(f"an article entry is unreadable ({exc})")) from exc
        return content_hash, [str(p) for p in paras]

    def _remove(self, keys: list[str]) -> None:
        with self.lsh.deletion_session() as session:
            for key in keys:
                if key.encode() in self.lsh.keys:
                    session.remove(key.encode())
        self._redis.hdel(self._paras, *keys)

    def _insert(self, articles: list[PreparedArticle]) -> None:
        paragraphs = [p for a in articles for p in a.paragraphs]
        for start in range(0, len(paragraphs), _BATCH):
            batch = paragraphs[start : start + _BATCH]
            self._redis.hset(self._paras, mapping={p.key: p.record.pack() for p in batch})
            with self.lsh.insertion_session(buffer_size=_BATCH * 4) as session:
                for p in batch:
                    session.insert(p.key.encode(), self._signer.lean(p.signature), check_duplication=False)
        if articles:
            self._redis.hset(
                self._articles,
                mapping={
                    a.key: json.dumps({"hash": a.content_hash, "path": a.path, "paras": [p.key for p in a.paragraphs]})
                    for a in articles
                },
            )

    def candidates(self, signatures: np.ndarray) -> list[set[str]]:
        """For each signature row, the paragraph keys in a MinHashLSH bucket of one of its bands.

        The same keys ``MinHashLSH.query`` returns, fetched with one pipelined request
        per band for a whole batch of rows instead of one request per band and row.
        """
        n = signatures.shape[0]
        out: list[set[str]] = [set() for _ in range(n)]
        keys = [band_keys(signatures[i], self.lsh.b, self.lsh.r) for i in range(n)]
        with self._guard():
            for start in range(0, n, _BATCH):
                rows = range(start, min(n, start + _BATCH))
                for band, table in enumerate(self.lsh.hashtables):
                    found = table.getmany(*[keys[i][band] for i in rows])
                    for i, members in zip(rows, found, strict=True):
                        out[i].update(m.decode() for m in members)
        return out

    def records(self, keys: list[str]) -> dict[str, ParagraphRecord]:
        """The stored records of these paragraph keys."""
        found: dict[str, ParagraphRecord] = {}
        with self._guard():
            for start in range(0, len(keys), _BATCH):
                chunk = keys[start : start + _BATCH]
                for key, blob in zip(chunk, self._redis.hmget(self._paras, chunk), strict=True):
                    if isinstance(blob, bytes):
                        try:
                            found[key] = ParagraphRecord.unpack(blob)
                        except ValueError as exc:
                            raise corrupt(self.location, exc) from exc
        return found

    def counts(self) -> tuple[int, int]:
        """How many articles and paragraphs are indexed."""
        with self._guard():
            return int(self._redis.hlen(self._articles)), int(self._redis.hlen(self._paras))

    def close(self) -> None:
        """Close the connections (datasketch's storage shares the client's pool)."""
        self._redis.close()
        self._redis.connection_pool.disconnect()
