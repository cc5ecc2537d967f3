"""The JSON text of the report's articles list, kept beside each stored segment of the scan state.

The JSON report lists every article (id, path, source, title, published, url and paragraph
count): at a million paragraphs, 47,000 dicts built and written on every scan. The text of a
segment's articles depends on the segment alone, and segments never change once written;
so it is written once, in the segment's folder, and a scan whose files come from stored
segments copies runs of it. A segment whose articles orjson would not write as the
standard library does (a lone surrogate in a path) has none, and the report then writes
the list itself, as before.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dedupe_cli.arrays import file_runs
from dedupe_cli.articles import Meta
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.format.encode import Checked, dumps_bytes
from dedupe_cli.state import Stored

#: The file in a segment's folder that holds its articles' JSON.
ARTICLES_FILE = "articles.json.bin"
_MAGIC = b"dedupe-articles\x00"
_HEADER = struct.Struct("<16sQQ")  # magic, articles, text bytes
#: What stands between two articles in the document's list, and the list's ends.
_BETWEEN, _OPEN, _CLOSE = b",\n    ", b"[\n    ", b"\n  ]"


def article_dict(meta: Meta, units: int) -> dict[str, Any]:
    """An article as the scan document lists it."""
    return {
        "id": meta[0],
        "path": meta[1],
        "source": meta[2],
        "title": meta[3],
        "published": meta[4],
        "url": meta[5],
        "paragraphs": units,
    }


class SegmentText:
    """The JSON of a segment's articles, one after the other, and where each one's text starts and ends.

    Args:
        text: the articles' texts, each as it stands in the document's list, joined by what
            stands between two of them there.
        starts: per article, where its text starts in ``text``.
        ends: per article, where it ends.
    """

    def __init__(self, text: bytes | memoryview, starts: np.ndarray, ends: np.ndarray) -> None:
        self.text, self.starts, self.ends = memoryview(text), starts, ends

    @staticmethod
    def of(meta: Sequence[Meta], units: Sequence[int]) -> SegmentText | None:
        """The text of these articles (None where orjson would not write it as the standard library does)."""
        if not meta:
            return SegmentText(b"", np.zeros(0, np.int64), np.zeros(0, np.int64))
        # written where the document has it, one level deep, so that orjson indents it as there
        items = Checked(article_dict(m, u) for m, u in zip(meta, units, strict=True))
        text = dumps_bytes({"articles": items})
        if not isinstance(text, bytes):
            return None
        body = text[len(b'{\n  "articles": ') + len(_OPEN) : -len(_CLOSE + b"\n}")]
        marks = _found(body, b"}" + _BETWEEN + b"{\n")
        if marks.size != len(meta) - 1:
            return None
        starts = np.concatenate(([0], marks + 1 + len(_BETWEEN))).astype(np.int64)
        return SegmentText(body, starts, np.append(marks + 1, len(body)).astype(np.int64))

    def encode(self) -> list[bytes | memoryview]:
        """The file that keeps it."""
        header = _HEADER.pack(_MAGIC, self.starts.size, len(self.text))
        return [header, self.starts.astype("<i8").tobytes(), self.ends.astype("<i8").tobytes(), self.text]

    @staticmethod
    def read(path: Path) -> SegmentText | None:
        """The text kept in ``path``; None when absent or damaged."""
        try:
            data = path.read_bytes()
            magic, count, size = _HEADER.unpack_from(data)
        except (OSError, struct.error):
            return None
        at = _HEADER.size + 16 * count
        if magic != _MAGIC or len(data) != at + size:
            return None
        starts = np.frombuffer(data, dtype="<i8", count=count, offset=_HEADER.size).astype(np.int64)
        ends = np.frombuffer(data, dtype="<i8", count=count, offset=_HEADER.size + 8 * count).astype(np.int64)
        if count and (starts[0] != 0 or ends[-1] != size or (ends < starts).any() or (starts[1:] < ends[:-1]).any()):
            return None
        return SegmentText(memoryview(data)[at:], starts, ends)


def _found(text: bytes, mark: bytes) -> np.ndarray:
    """Where ``mark`` stands in ``text`` (its places may not overlap), found by whole-array passes."""
    data = np.frombuffer(text, dtype=np.uint8)
    if data.size < len(mark):
        return np.zeros(0, dtype=np.int64)
    places = np.flatnonzero(data[: data.size - len(mark) + 1] == mark[0])
    for k in range(1, len(mark)):
        places = places[data[places + k] == mark[k]]
    return places.astype(np.int64)


def segment_text(stored: Stored, name: str) -> SegmentText | None:
    """The articles' JSON of segment ``name`` of the state: read from its folder, else made and kept there."""
    part = stored.parts[name]
    path = stored.root / name / ARTICLES_FILE
    found = SegmentText.read(path)
    if found is not None and found.starts.size == part.block.units.size:
        return found
    made = SegmentText.of(part.block.meta, part.block.units.tolist())
    if made is not None:
        with contextlib.suppress(OSError):  # not kept: the next scan makes it again
            write_bytes_atomic(path, made.encode())
    return made


def articles_text(stored: Stored, segments: np.ndarray, numbers: np.ndarray) -> bytes | None:
    """The document's articles list as JSON text, for files given by their segment number (in
    ``stored.segments``) and number there, in order; None when a segment has none."""
    texts: dict[int, SegmentText | None] = {}
    pieces: list[bytes | memoryview] = []
    for seg, first, count in file_runs(segments, numbers):
        if seg not in texts:
            texts[seg] = segment_text(stored, stored.segments[seg])
        text = texts[seg]
        if text is None:
            return None
        bounds = stored.parts[stored.segments[seg]].art_bounds
        a0, a1 = int(bounds[first]), int(bounds[first + count])
        if a1 > a0:
            pieces.append(text.text[int(text.starts[a0]) : int(text.ends[a1 - 1])])
    return _listed(pieces)


def _listed(pieces: Iterable[bytes | memoryview]) -> bytes:
    """The list of articles whose texts are ``pieces``."""
    body = _BETWEEN.join(pieces)
    return _OPEN + body + _CLOSE if body else b"[]"
