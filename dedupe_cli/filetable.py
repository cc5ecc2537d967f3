"""What the scan state keeps per file, as columns: :class:`FileTable`.

A warm scan takes tens of thousands of files from its state. Building a :class:`FileInfo`
for each costs about a microsecond, and reading them from JSON a few more; as columns
(lists of strings and numpy arrays, stored with :mod:`marshal`) they load at C speed; the
FileInfo records are built, all at once, only when something asks for one. What reads every
file's path, digest or problems can take them from the columns instead.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from dedupe_cli.workers import FileInfo

__all__ = ["FileColumns", "FileOrder", "FileTable", "Problems", "share_strings"]

#: A file's load problems, as (message, line, severity).
Problems = tuple[tuple[str, int | None, str], ...]


@dataclass(eq=False)
class FileColumns:
    """Per file: shown path, size, mtime_ns, article and unit counts, problems (only files that
    have some, by number) and content digest."""

    paths: list[str]
    sizes: np.ndarray
    mtimes: np.ndarray
    articles: np.ndarray
    units: np.ndarray
    problems: dict[int, Problems]
    digests: list[str]
    built: list[FileInfo] | None = None

    @staticmethod
    def of(infos: Sequence[FileInfo]) -> FileColumns:
        """The columns of some FileInfo records (which serve as the built records)."""
        n = len(infos)

        def column(get: Any) -> np.ndarray:
            return np.fromiter(map(get, infos), dtype=np.int64, count=n)

        return FileColumns(
            [i.path for i in infos],
            column(lambda i: i.size),
            column(lambda i: i.mtime_ns),
            column(lambda i: i.articles),
            column(lambda i: i.units),
            {k: i.problems for k, i in enumerate(infos) if i.problems},
            [i.digest for i in infos],
            list(infos),
        )

    @staticmethod
    def join(tables: Sequence[FileTable]) -> FileColumns:
        """The columns of several tables, one after the other."""
        paths: list[str] = []
        digests: list[str] = []
        problems: dict[int, Problems] = {}
        for table in tables:
            problems.update((len(paths) + n, p) for n, p in table.problems().items())
            paths += table.paths()
            digests += table.digests()

        def column(name: str) -> np.ndarray:
            parts = [getattr(t.columns, name)[t.start : t.stop] for t in tables]
            return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

        return FileColumns(
            paths, column("sizes"), column("mtimes"), column("articles"), column("units"), problems, digests
        )

    def fields(self, memo: dict[str, str]) -> tuple[list[str], list[str], dict[int, Problems], bytes]:
        """The columns as values :mod:`marshal` writes (read back by :meth:`of_fields`); equal
        strings are written once (``memo`` shares them with what else is written)."""
        numbers = np.stack([self.sizes, self.mtimes, self.articles, self.units]).astype(np.int64)
        return share_strings(self.paths, memo), self.digests, self.problems, numbers.tobytes()

    @staticmethod
    def of_fields(fields: Any) -> FileColumns:
        """Columns from what :meth:`fields` gave.

        Raises:
            ValueError, TypeError: ``fields`` are not such columns.
        """
        paths, digests, problems, raw = fields
        numbers = np.frombuffer(raw, dtype=np.int64).reshape(4, -1)
        if not isinstance(paths, list) or not isinstance(digests, list) or not isinstance(problems, dict):
            raise TypeError("file columns of the wrong types")
        if not len(paths) == len(digests) == numbers.shape[1]:
            raise ValueError("file columns of different lengths")
        return FileColumns(paths, numbers[0], numbers[1], numbers[2], numbers[3], problems, digests)

    def info(self, n: int) -> FileInfo:
        """File ``n`` as a FileInfo (all are built at the first ask: one by one costs twice as much)."""
        if self.built is None:
            numbers = (self.sizes.tolist(), self.mtimes.tolist(), self.articles.tolist(), self.units.tolist())
            problems: list[Problems] = [()] * len(self.paths)
            for k, found in self.problems.items():
                problems[k] = found
            self.built = list(map(FileInfo, self.paths, *numbers, problems, self.digests))
        return self.built[n]


class FileTable(Sequence[FileInfo]):
    """Files ``start`` to ``stop`` of some :class:`FileColumns`, as a sequence of FileInfo.

    Slicing gives another view of the same columns, without copying.
    """

    def __init__(self, columns: FileColumns, start: int = 0, stop: int | None = None) -> None:
        self.columns = columns
        self.start = start
        self.stop = len(columns.paths) if stop is None else stop

    @staticmethod
    def of(infos: Sequence[FileInfo]) -> FileTable:
        """The table of ``infos`` (itself when it is one)."""
        return infos if isinstance(infos, FileTable) else FileTable(FileColumns.of(infos))

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, index: int) -> FileInfo: ...

    @overload
    def __getitem__(self, index: slice) -> FileTable: ...

    def __getitem__(self, index: int | slice) -> FileInfo | FileTable:
        if isinstance(index, slice):
            first, last, step = index.indices(len(self))
            if step != 1:
                raise ValueError("a file table slices with step 1 only")
            return FileTable(self.columns, self.start + first, self.start + max(first, last))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("file index out of range")
        return self.columns.info(self.start + index)

    def __iter__(self) -> Iterator[FileInfo]:
        info = self.columns.info
        for n in range(self.start, self.stop):
            yield info(n)

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Per file, how many articles and how many units it gave."""
        c = self.columns
        return c.articles[self.start : self.stop], c.units[self.start : self.stop]

    def paths(self) -> list[str]:
        """Per file, its shown path."""
        return self.columns.paths[self.start : self.stop]

    def digests(self) -> list[str]:
        """Per file, its content digest ("" when not taken)."""
        return self.columns.digests[self.start : self.stop]

    def problems(self) -> dict[int, Problems]:
        """The load problems of the files that have some, by their number in this table."""
        lo, hi, every = self.start, self.stop, self.columns.problems
        if hi - lo < len(every):  # a short run of a long table: look its files up
            return {n - lo: every[n] for n in range(lo, hi) if n in every}
        return {n - lo: p for n, p in every.items() if lo <= n < hi}

    def sizes_and_times(self) -> tuple[np.ndarray, np.ndarray]:
        """Per file, its size and mtime_ns when it was read."""
        c = self.columns
        return c.sizes[self.start : self.stop], c.mtimes[self.start : self.stop]


def share_strings(values: Sequence[Any], memo: dict[str, str]) -> list[Any]:
    """``values`` with equal strings (also inside tuples) made one object, which :mod:`marshal`
    then writes once and reads back once."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = memo.setdefault(value, value)
        elif isinstance(value, tuple):
            value = tuple(memo.setdefault(v, v) if isinstance(v, str) else v for v in value)
        out.append(value)
    return out


class FileOrder:
    """The files of a scan in order, as the scan state's file table keeps them: their shown paths
    and digests (each joined by NULs, which no path holds, and split only when asked for) and
    the rows of numbers: per file its size, mtime_ns, segment number and file number there.

    Raises:
        ValueError: the columns are of different lengths.
    """

    def __init__(self, paths: str, digests: str, numbers: np.ndarray) -> None:
        self.joined_paths, self.joined_digests = paths, digests
        self.numbers = numbers.reshape(4, -1)
        count = self.numbers.shape[1]
        if not (_joins(paths, count) and _joins(digests, count)):
            raise ValueError("file table of different lengths")

    def __len__(self) -> int:
        return int(self.numbers.shape[1])

    @staticmethod
    def of(rows: Sequence[tuple[str, int, int, int, int, str]]) -> FileOrder:
        """The order of files given as (shown path, size, mtime_ns, segment number, file number, digest)."""
        numbers = np.array([(s, m, g, n) for _, s, m, g, n, _ in rows], dtype=np.int64).reshape(-1, 4)
        return FileOrder("\0".join(r[0] for r in rows), "\0".join(r[5] for r in rows), numbers.T.copy())

    def dumps(self) -> bytes:
        """The table as :mod:`marshal` bytes (read back by :meth:`loads`)."""
        return marshal.dumps((self.joined_paths, self.joined_digests, self.numbers.tobytes()))

    @staticmethod
    def loads(data: Any) -> FileOrder:
        """The table :meth:`dumps` wrote (bytes or a buffer).

        Raises:
            ValueError, TypeError, EOFError: the data is not such a table.
        """
        paths, digests, raw = marshal.loads(data)
        if not isinstance(paths, str) or not isinstance(digests, str):
            raise TypeError("file table of the wrong types")
        return FileOrder(paths, digests, np.frombuffer(raw, dtype=np.int64))

    @functools.cached_property
    def paths(self) -> list[str]:
        """Per file, its shown path."""
        return _split_joined(self.joined_paths, len(self))

    @functools.cached_property
    def digests(self) -> list[str]:
        """Per file, its content digest ("" when not taken)."""
        return _split_joined(self.joined_digests, len(self))

    def rows(self, groups: Sequence[tuple[str, list[str]]]) -> Sequence[int]:
        """For the files of ``groups`` (each a folder's shown prefix and its files' names), their
        rows in the table (-1 for a file it does not hold).

        When the files are the table's, in its order (a re-scan of the same tree), that is told
        folder by folder on the joined paths, without a string per file.
        """
        joined, at = self.joined_paths, 0
        for prefix, names in groups:
            if names:
                text = prefix + f"\0{prefix}".join(names)
                end = at + len(text)
                if joined[at:end] != text or joined[end : end + 1] not in ("", "\0"):
                    break
                at = end + 1
        else:
            if at == len(joined) + 1 or (at == 0 and not joined):
                return range(len(self))
        index = self._index
        return [index.get(prefix + name, -1) for prefix, names in groups for name in names]

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return dict(zip(self.paths, range(len(self)), strict=True))


def _joins(text: str, count: int) -> bool:
    """Whether ``text`` joins ``count`` values with NULs ("" joins none, or one empty value)."""
    return text.count("\0") == count - 1 if count else not text


def _split_joined(text: str, count: int) -> list[str]:
    return text.split("\0") if count else []
