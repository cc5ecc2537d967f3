"""Scanned articles kept compact: arrays and one text buffer per block, objects on demand.

A scan of a million paragraphs would otherwise build a million :class:`Paragraph`
objects (seconds of work and hundreds of megabytes) although the report needs only
the few articles its findings name. A :class:`Block` holds the articles of some files
as plain arrays and their unit texts as UTF-8 bytes; an :class:`ArticleTable` is the
sequence of all scanned articles and builds an :class:`Article` only when asked.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from dedupe_cli.arrays import run_positions
from dedupe_cli.model import Article, Paragraph, UnitKind, fast_frozen

#: Unit kinds by their code in :attr:`Block.kinds`.
KINDS = tuple(UnitKind)
_CODE = {kind.value: code for code, kind in enumerate(KINDS)}

#: An article's metadata: id, path, source, title, published, url, body line.
Meta = tuple[str, str, str, str, str, str, int]


@dataclass
class Block:
    """The articles of some files, in order, as arrays.

    Attributes:
        meta: per article, its metadata.
        units: per article, how many paragraph units it has.
        lines: per unit, (first line, last line).
        kinds: per unit, the code of its kind in :data:`KINDS`.
        text: the unit texts, UTF-8, one after the other (bytes, or a uint8 array).
        offsets: per unit and one more, where its text starts in ``text``.
    """

    meta: list[Meta]
    units: np.ndarray
    lines: np.ndarray
    kinds: np.ndarray
    text: bytes | np.ndarray
    offsets: np.ndarray

    @staticmethod
    def of(articles: Sequence[Article]) -> Block:
        """The block of already built articles."""
        meta: list[Meta] = [(a.id, a.path, a.source, a.title, a.published, a.url, a.body_line) for a in articles]
        ps = [p for a in articles for p in a.paragraphs]
        encoded = [p.text.encode("utf-8", "surrogatepass") for p in ps]
        offsets = np.zeros(len(ps) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        lines = np.array([(p.line_start, p.line_end) for p in ps], dtype=np.int32).reshape(-1, 2)
        kinds = np.array([_CODE[p.kind.value] for p in ps], dtype=np.int8)
        units = np.array([len(a.paragraphs) for a in articles], dtype=np.int64)
        return Block(meta, units, lines, kinds, b"".join(encoded), offsets)

    def texts(self, first: int, last: int) -> list[str]:
        """The texts of units ``first`` to ``last`` (exclusive) of the block."""
        data = self.text
        raw = data if isinstance(data, bytes) else data[self.offsets[first] : self.offsets[last]].tobytes()
        base = 0 if isinstance(data, bytes) else int(self.offsets[first])
        bounds = (self.offsets[first : last + 1] - base).tolist()
        try:
            return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in itertools.pairwise(bounds)]
        except UnicodeDecodeError:  # a damaged scan state's text: its bad bytes shown replaced, no traceback
            return [_decoded(raw[a:b]) for a, b in itertools.pairwise(bounds)]


def _decoded(data: bytes) -> str:
    """``data`` as text, as the scan state wrote it, any bytes that are not replaced."""
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


class ArticleTable(Sequence[Article]):
    """All scanned articles over a list of blocks; articles are built when first asked for."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = [b for b in blocks if b.units.size]
        counts = [b.units.size for b in self.blocks]
        self._first_article = np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).astype(np.int64)
        unit_counts = [int(b.offsets.size - 1) for b in self.blocks]
        self._first_unit = np.concatenate(([0], np.cumsum(unit_counts, dtype=np.int64))).astype(np.int64)
        self._unit_base: dict[int, list[int]] = {}  # per block, where its articles' units start (on first use)
        self._built: dict[int, Article] = {}
        # plain lists: bisect on them is several times cheaper than np.searchsorted per call
        self._article_starts: list[int] = self._first_article.tolist()
        self._spans: dict[tuple[int, int, int], tuple[list[str], int, int]] = {}
        self._views: dict[int, memoryview] = {}
        self._article_bases: np.ndarray | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return int(self._first_article[-1])

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("article index out of range")
        built = self._built.get(index)
        if built is None:
            built = self._built[index] = self._build(index)
        return built

    def __iter__(self) -> Iterator[Article]:
        for i in range(len(self)):
            yield self[i]

    @property
    def paragraph_count(self) -> int:
        """How many paragraph units all the articles have."""
        return int(self._first_unit[-1])

    def _locate(self, index: int) -> tuple[Block, int, int, int]:
        """The block of an article, its number there and its first and last unit in the block."""
        b = bisect.bisect_right(self._article_starts, index) - 1
        local = index - self._article_starts[b]
        base = self._unit_base.get(b)
        if base is None:
            base = self._unit_base[b] = np.concatenate(([0], np.cumsum(self.blocks[b].units))).tolist()
        return self.blocks[b], local, base[local], base[local + 1]

    def _build(self, index: int) -> Article:
        block, local, first, last = self._locate(index)
        lines = block.lines[first:last].tolist()
        kinds = block.kinds[first:last].tolist()
        paragraphs = tuple(
            _paragraph(i, text, lines[i][0], lines[i][1], KINDS[kinds[i]])
            for i, text in enumerate(block.texts(first, last))
        )
        m = block.meta[local]
        return Article(m[0], m[1], m[2], m[3], m[4], m[5], paragraphs, m[6])

    def meta_of(self, index: int) -> Meta:
        """One article's metadata, without building it."""
        b = bisect.bisect_right(self._article_starts, index) - 1
        return self.blocks[b].meta[index - self._article_starts[b]]

    def span(self, index: int, first: int, last: int) -> tuple[list[str], int, int]:
        """The texts of units ``first`` to ``last`` (inclusive) of an article, the first's
        first line and the last's last line, without building the article."""
        key = (index, first, last)
        found = self._spans.get(key)
        if found is None:
            block, _, start, _ = self._locate(index)
            lines = block.lines
            texts = block.texts(start + first, start + last + 1)
            found = self._spans[key] = (texts, int(lines[start + first, 0]), int(lines[start + last, 1]))
        return found

    def span_texts(
        self, articles: Sequence[int], firsts: Sequence[int], lasts: Sequence[int]
    ) -> tuple[list[str], list[int], list[int]]:
        """For many spans at once, as :meth:`span` gives them one by one: each span's unit texts
        joined by blank lines, its first line and its last line."""
        if not articles:
            return [], [], []
        bases = self.article_bases()[np.asarray(articles, dtype=np.int64)]
        first = bases + np.asarray(firsts, dtype=np.int64)
        last = bases + np.asarray(lasts, dtype=np.int64)
        texts, starts, ends = self._unit_runs(first, last, lines=True)
        return texts, starts.tolist(), ends.tolist()

    def _unit_runs(self, first: np.ndarray, last: np.ndarray, lines: bool) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The texts of runs of units ``first`` to ``last`` (global numbers, inclusive) joined by
        blank lines and, with ``lines``, the first line of each run and the last.

        All the runs' units are joined into one buffer (blank lines between units); each run's
        text is then one decoded slice of it.
        """
        n = first.size
        starts = ends = np.zeros(0, dtype=np.int64)
        if not n:
            return [], starts, ends
        count = last - first + 1
        at = np.cumsum(count) - count  # each run's first place among all the runs' units
        unit = run_positions(first, count)  # per place, its global unit
        block_of = np.searchsorted(self._first_unit, unit, side="right") - 1
        begin = np.empty(unit.size, dtype=np.int64)
        end = np.empty(unit.size, dtype=np.int64)
        line = np.empty((unit.size if lines else 0, 2), dtype=np.int64)
        order = np.argsort(block_of, kind="stable")
        cuts = np.flatnonzero(np.diff(block_of[order])) + 1
        views: list[memoryview] = []
        for lo, hi in itertools.pairwise([0, *cuts.tolist(), unit.size]):
            places = order[lo:hi]
            b = int(block_of[places[0]])
            block = self.blocks[b]
            local = unit[places] - self._first_unit[b]
            begin[places] = block.offsets[local]
            end[places] = block.offsets[local + 1]
            if lines:
                line[places] = block.lines[local]
            view = self._view(b)
            views += [view[x:e] for x, e in zip(begin[places].tolist(), end[places].tolist(), strict=True)]
        if lines:
            starts, ends = line[at, 0], line[at + count - 1, 1]
        if int(count.max()) == 1:  # single units: each decoded on its own
            texts = [""] * n
            for i, v in zip(order.tolist(), views, strict=True):
                texts[i] = str(v, "utf-8", "surrogatepass")
            return texts, starts, ends
        # joined in block order: a run's units stay together (one article, one block), in order
        joined = memoryview(b"\n\n".join(views))
        size = (end - begin)[order]  # per unit in block order, its length
        start = np.empty(unit.size, dtype=np.int64)
        start[order] = np.cumsum(size + 2) - size - 2  # per place, where its unit's bytes start in ``joined``
        stop = np.empty(unit.size, dtype=np.int64)
        stop[order] = start[order] + size
        bounds = zip(start[at].tolist(), stop[at + count - 1].tolist(), strict=True)
        # units are whole UTF-8 sequences, so decoding a run's joined bytes is joining its decoded units
        texts = [str(joined[x:e], "utf-8", "surrogatepass") for x, e in bounds]
        return texts, starts, ends

    def _view(self, block: int) -> memoryview:
        """A block's text buffer as a memoryview (slicing one costs no copy)."""
        view = self._views.get(block)
        if view is None:
            data = self.blocks[block].text
            view = self._views[block] = memoryview(data) if isinstance(data, bytes) else data.data
        return view

    def meta(self) -> Iterator[tuple[Meta, int]]:
        """Every article's metadata and paragraph count, without building the articles."""
        for block in self.blocks:
            yield from zip(block.meta, block.units.tolist(), strict=True)

    def unit_texts(self, units: Sequence[int]) -> list[str]:
        """The texts of units given by global unit number."""
        wanted = np.asarray(units, dtype=np.int64)
        return self._unit_runs(wanted, wanted, lines=False)[0]

    def article_bases(self) -> np.ndarray:
        """Per article and one more, the global number of its first unit (computed once; read-only)."""
        if self._article_bases is None:
            counts = np.concatenate([b.units for b in self.blocks]) if self.blocks else np.zeros(0, np.int64)
            bases = np.zeros(counts.size + 1, dtype=np.int64)
            np.cumsum(counts, out=bases[1:])
            bases.flags.writeable = False
            self._article_bases = bases
        return self._article_bases


def _paragraph(index: int, text: str, start: int, end: int, kind: UnitKind) -> Paragraph:
    return fast_frozen(Paragraph, index=index, text=text, line_start=start, line_end=end, kind=kind)


class UnitPlaces(Sequence[tuple[int, int]]):
    """For each global unit number, (article number, paragraph index), computed on access.

    Args:
        bases: per article and one more, the global number of its first unit.
    """

    def __init__(self, bases: np.ndarray) -> None:
        self._bases = np.asarray(bases, dtype=np.int64)
        self._starts: list[int] = self._bases.tolist()

    def __len__(self) -> int:
        return int(self._bases[-1]) if self._bases.size else 0

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("unit number out of range")
        article = bisect.bisect_right(self._starts, index) - 1
        return article, index - self._starts[article]

    def many(self, units: Sequence[int]) -> list[tuple[int, int]]:
        """The places of many units at once (each must be in range)."""
        wanted = np.asarray(units, dtype=np.int64)
        articles = np.searchsorted(self._bases, wanted, side="right") - 1
        return list(zip(articles.tolist(), (wanted - self._bases[articles]).tolist(), strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UnitPlaces):
            return np.array_equal(self._bases, other._bases)
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]
