"""The embedded index: one SQLite file, safe for several processes at once.

The LSH is kept as a table of band buckets with the bands and rows datasketch's
``MinHashLSH`` picks for the index's threshold: a paragraph is a candidate of a query
when they share the bucket of at least one band, as in ``MinHashLSH.query``
(``tests/test_index_sqlite.py`` checks the candidates equal MinHashLSH's).

Concurrency: the database runs in WAL mode (readers never block the writer), every
write is one ``BEGIN IMMEDIATE`` transaction per batch of articles (so a batch is
indexed whole or not at all, and two writers take turns), and a busy timeout makes a
writer wait for the other instead of failing. Switching a new file to WAL is the one step
SQLite does not wait for (it answers "database is locked" while another process switches
it): it is tried again until the file is in WAL mode or the busy timeout has passed. A query opens the file
read-only and takes no write lock, so it neither changes the file nor waits for a writer.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import numpy as np

from dedupe_cli.index.bands import band_buckets
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
from dedupe_cli.match import lsh_params

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,
    path TEXT NOT NULL, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, article INTEGER NOT NULL,
    record BLOB NOT NULL, buckets BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS paragraphs_article ON paragraphs(article);
CREATE TABLE IF NOT EXISTS bands (
    bucket INTEGER NOT NULL, paragraph INTEGER NOT NULL, PRIMARY KEY (bucket, paragraph)) WITHOUT ROWID;
"""
_TABLES = {"meta", "articles", "paragraphs", "bands"}
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 120_000
#: SQLite's page cache per connection, in KiB: the band table's B-tree stays in memory longer.
CACHE_KIB = 65536
_CHUNK = 500  # SQLite host parameters per statement stay well under its limit


def _use_wal(db: sqlite3.Connection) -> None:
    """Put the database in WAL mode (kept in the file: only its first opening switches it). SQLite does not
    wait for a switch another process is making, so a busy answer is tried again, a few milliseconds
    later, until :data:`BUSY_TIMEOUT_MS` has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # SQLITE_BUSY or one of its extended codes
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.002, 0.02))  # apart, so that two waiting processes do not meet again


def _uri(path: Path, writable: bool) -> str:
    """A ``file:`` URI of the path, so that a file named ``:memory:`` is a file; read-only unless ``writable``."""
    return f"file:{quote(os.fsencode(path.absolute()))}" + ("" if writable else "?mode=ro")


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    """Connect to the database file; read-only unless ``writable``."""
    db = sqlite3.connect(_uri(path, writable), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    if writable:
        return db
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_READONLY_DIRECTORY:
            raise
        db.close()
        # A WAL reader needs the -shm file beside the database, and this directory is read-only to us. With
        # none there, no process has the index open, so the file is read as it stands.
        db = sqlite3.connect(_uri(path, False) + "&immutable=1", uri=True, isolation_level=None)
    return db


def _text(value: str) -> str | bytes:
    """A name as SQLite can store it: text, or the bytes of one with lone surrogates (a file name that
    is not UTF-8), encoded as :meth:`ParagraphRecord.pack` encodes them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
    return value


class SqliteIndex:
    """A persistent index in one SQLite file.

    Args:
        path: the database file.
        params: the settings to create the index with, when it does not exist yet.
        overrides: settings the caller asked for explicitly; an existing index built
            with other values is refused.
        create: open for adding, creating the index when the file is new or empty. Without
            it the file is opened read-only (a query never writes nor waits for a writer) and
            :class:`MissingIndex` is raised when it holds no tables yet.
    """

    def __init__(self, path: Path, params: IndexParams, overrides: dict[str, object], create: bool = True) -> None:
        self.location = str(path)
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(path, create)
        except (sqlite3.Error, OSError) as exc:
            raise IndexBackendError(f"cannot open the index {self.location}: {exc}") from exc
        try:
            self.params = IndexParams.from_strings(self._open(params if create else None), self.location)
            check_params(self.params, overrides, self.location)
        except BaseException:
            self._db.close()
            raise
        self._bands, self._rows = lsh_params(self.params.lsh_threshold, self.params.num_perm)

    def _open(self, params: IndexParams | None) -> dict[str, str]:
        """Set the connection up and read the stored settings; with ``params`` (adding), a database
        without tables becomes a new index first."""
        db = self._db
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if params is None:
                return self._meta(None)
            self._tables()  # a foreign database is refused before it is switched to WAL
            _use_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            with self._write():
                return self._meta(params)
        except sqlite3.Error as exc:
            raise IndexBackendError(f"cannot open the index {self.location}: {exc}") from exc

    def _tables(self) -> set[str]:
        """The tables of the database; refuses one that holds tables other than an index's."""
        tables = {str(name) for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and not tables >= _TABLES:
            raise IndexBackendError(
                f"{self.location} is not a dedupe index (a SQLite database of other tables: "
                f"{', '.join(sorted(tables)[:5])})"
            )
        return tables

    def _meta(self, params: IndexParams | None) -> dict[str, str]:
        """The stored settings; with ``params`` (inside the write transaction), an empty database becomes
        a new index with them, without (a query), it is :class:`MissingIndex`."""
        if not self._tables():
            if params is None:
                raise MissingIndex(self.location)
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.executemany("INSERT INTO meta VALUES (?, ?)", params.as_strings().items())
            return params.as_strings()
        return {str(name): str(value) for name, value in self._db.execute("SELECT name, value FROM meta")}

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, articles: list[PreparedArticle]) -> AddStats:
        """Index the articles in one transaction: unchanged ones are skipped, changed ones replaced.

        Only the last version of an article repeated in ``articles`` is indexed.
        """
        stats = AddStats()
        try:
            with self._write():
                todo: list[tuple[int, PreparedArticle]] = []
                for article in latest(articles):
                    row = self._db.execute(
                        "SELECT id, content_hash FROM articles WHERE key = ?", (article.key,)
                    ).fetchone()
                    if row is not None and row[1] == article.content_hash:
                        stats = stats + AddStats(unchanged=1)
                        continue
                    if row is not None:
                        self._remove_article(int(row[0]))
                    stats = stats + (AddStats(replaced=1) if row is not None else AddStats(added=1))
                    cur = self._db.execute(
                        "INSERT INTO articles (key, content_hash, path, article_id) VALUES (?, ?, ?, ?)",
                        (article.key, article.content_hash, _text(article.path), _text(article.article_id)),
                    )
                    todo.append((int(cur.lastrowid or 0), article))
                stats = stats + AddStats(paragraphs=self._insert_paragraphs(todo))
        except sqlite3.Error as exc:
            raise IndexBackendError(f"cannot write the index {self.location}: {exc}") from exc
        return stats

    def _insert_paragraphs(self, articles: list[tuple[int, PreparedArticle]]) -> int:
        """Insert the paragraphs and their band buckets; ids are ours to give while we hold the write lock."""
        paragraphs = [(row, p) for row, article in articles for p in article.paragraphs]
        if not paragraphs:
            return 0
        first = int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM paragraphs").fetchone()[0])
        buckets = band_buckets(np.stack([p.signature for _, p in paragraphs]), self._bands, self._rows)
        self._db.executemany(
            "INSERT INTO paragraphs (id, key, article, record, buckets) VALUES (?, ?, ?, ?, ?)",
            ((first + i, p.key, row, p.record.pack(), buckets[i].tobytes()) for i, (row, p) in enumerate(paragraphs)),
        )
        ids = np.repeat(np.arange(first, first + len(paragraphs), dtype=np.int64), self._bands)
        self._db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)", zip(buckets.ravel().tolist(), ids.tolist(), strict=True)
        )
        return len(paragraphs)

    def _remove_article(self, article_row: int) -> None:
        db = self._db
        old = db.execute("SELECT id, buckets FROM paragraphs WHERE article = ?", (article_row,)).fetchall()
        for para_row, blob in old:
            try:
                buckets = np.frombuffer(blob, dtype=np.int64).tolist()
            except (TypeError, ValueError) as exc:
                raise corrupt(self.location, exc) from exc
            db.executemany("DELETE FROM bands WHERE bucket = ? AND paragraph = ?", ((b, para_row) for b in buckets))
        db.execute("DELETE FROM paragraphs WHERE article = ?", (article_row,))
        db.execute("DELETE FROM articles WHERE id = ?", (article_row,))

    def candidates(self, signatures: np.ndarray) -> list[set[str]]:
        """For each signature row, the keys of paragraphs sharing a band bucket with it."""
        out: list[set[str]] = [set() for _ in range(signatures.shape[0])]
        if not out:
            return out
        buckets = band_buckets(signatures, self._bands, self._rows)
        owner: dict[int, list[int]] = {}
        for row, values in enumerate(buckets.tolist()):
            for bucket in values:
                owner.setdefault(bucket, []).append(row)
        wanted = list(owner)
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = (
                    "SELECT b.bucket, p.key FROM bands b JOIN paragraphs p ON p.id = b.paragraph "
                    f"WHERE b.bucket IN ({marks})"
                )
                for bucket, key in self._db.execute(query, chunk):
                    for row in owner[bucket]:
                        out[row].add(key)
        except sqlite3.Error as exc:
            raise IndexBackendError(f"cannot read the index {self.location}: {exc}") from exc
        return out

    def records(self, keys: list[str]) -> dict[str, ParagraphRecord]:
        """The stored records of these paragraph keys."""
        found: dict[str, ParagraphRecord] = {}
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, record FROM paragraphs WHERE key IN ({marks})", chunk):
                    found[key] = ParagraphRecord.unpack(blob)
        except sqlite3.Error as exc:
            raise IndexBackendError(f"cannot read the index {self.location}: {exc}") from exc
        except ValueError as exc:
            raise corrupt(self.location, exc) from exc
        return found

    def counts(self) -> tuple[int, int]:
        """How many articles and paragraphs are indexed."""
        try:
            articles = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
            paragraphs = self._db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        except sqlite3.Error as exc:
            raise IndexBackendError(f"cannot read the index {self.location}: {exc}") from exc
        return int(articles), int(paragraphs)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
