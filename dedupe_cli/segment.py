"""Split an article body into paragraph units located by file line.

Paragraphs are separated by blank lines. A single newline also separates two units
when the line before it is complete (it ends a sentence, or is a short heading-like
line), which is how one-paragraph-per-line articles such as the seeds are written;
a line broken in mid-sentence (hard-wrapped prose) continues its paragraph.
Markdown headings and list items are always units of their own.
"""

from __future__ import annotations

import html
import itertools
import operator
import re

from dedupe_cli.load.base import Document
from dedupe_cli.model import Article, Paragraph, UnitKind

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-{2,})\s*$")
#: Characters that end a complete line: sentence punctuation, closing quotes and brackets.
_TERMINAL = tuple(".!?:\"'\u201d\u2019)]\u2026*")
#: Words after which a line cannot end a paragraph: the sentence must go on.
_CONTINUING = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "that",
        "which",
        "who",
        "whose",
        "than",
        "its",
        "their",
        "his",
        "her",
    ]
)
#: A line shorter than this with no terminal punctuation reads as a heading.
_HEADING_MAX_WORDS = 12


def _line_kind(line: str) -> UnitKind | None:
    if _HEADING.match(line):
        return UnitKind.HEADING
    if _LIST_ITEM.match(line):
        return UnitKind.LIST_ITEM
    return None


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` continues the paragraph of ``prev`` across a single newline.

    Only a line broken in mid-sentence continues: the one before it ends in a comma,
    dash or function word, or the new line starts in lower case.
    """
    prev = prev.rstrip()
    if prev.endswith(_TERMINAL):
        return False
    if prev.endswith((",", ";", "-", "\u2013", "\u2014", "(")):
        return True
    last = prev.rsplit(None, 1)[-1].lower() if prev else ""
    return last in _CONTINUING or line[:1].islower()


#: First characters of a stripped line that may make it a heading, list item or setext underline.
_MARKUP_START = frozenset("#-*+\u2022=")


def _unit(start: int, end: int, parts: list[str]) -> tuple[int, int, str, UnitKind]:
    """The unit of the lines ``parts``: a short one-line unit without end punctuation is a heading."""
    if len(parts) > 1:
        return start, end, " ".join(parts), UnitKind.PARAGRAPH
    return start, end, parts[0], _kind_of_line(parts[0])


def _kind_of_line(text: str) -> UnitKind:
    """The kind of a one-line unit that is not markup: a short line without end punctuation is a heading."""
    if not text.endswith(_TERMINAL[:3]) and len(text.split(None, _HEADING_MAX_WORDS)) < _HEADING_MAX_WORDS:
        return UnitKind.HEADING
    return UnitKind.PARAGRAPH


def split_units(body: str) -> list[tuple[int, int, str, UnitKind]]:
    """Split ``body`` into units: (first line, last line, text, kind), lines 0-based in ``body``."""
    lines = body.split("\n")
    stripped = list(map(str.strip, lines))
    filled = list(map(bool, stripped))
    firsts = {line[:1] for line in stripped}
    if (
        True not in map(operator.and_, filled, itertools.islice(filled, 1, None))
        and firsts.isdisjoint(_MARKUP_START)
        and not any(map(str.isdigit, firsts))
    ):  # every line that is not blank is a unit of its own, not markup: the common case, at C speed
        para, ends = UnitKind.PARAGRAPH, _TERMINAL[:3]
        return [
            (i, i, line, para if line.endswith(ends) else _kind_of_line(line))
            for i, line in zip(itertools.compress(itertools.count(), filled), filter(None, stripped), strict=True)
        ]
    return _split_lines(lines, stripped)


def _split_lines(lines: list[str], stripped: list[str]) -> list[tuple[int, int, str, UnitKind]]:
    """:func:`split_units` line by line: markup, and lines that may continue a paragraph."""
    units: list[tuple[int, int, str, UnitKind]] = []
    start = -1
    parts: list[str] = []
    for i, line in enumerate(stripped):
        if not line:
            if parts:
                units.append(_unit(start, i - 1, parts))
                parts = []
            continue
        first = line[0]
        if first in _MARKUP_START or first.isdigit():  # only such lines can be markup: skip the patterns otherwise
            raw = lines[i]
            if parts and _SETEXT.match(raw):
                units.append(_unit(start, i, parts))
                parts = []
                continue
            kind = _line_kind(raw)
            if kind is not None:
                if parts:
                    units.append(_unit(start, i - 1, parts))
                    parts = []
                units.append((i, i, line, kind))
                continue
        if parts and _continues(parts[-1], line):
            parts.append(line)
            continue
        if parts:
            units.append(_unit(start, i - 1, parts))
        start = i
        parts = [line]
    if parts:
        units.append(_unit(start, len(lines) - 1, parts))
    return units


#: What may stand between two words of a paragraph in a page's source: space, tags, entities.
_HTML_GAP = r"(?:\s|<[^>]*>|&[#\w]+;)+"


def _locate(raw: str, text: str, after: int) -> int:
    """The offset in ``raw`` (at or after ``after``, else anywhere) where ``text`` begins, else -1.

    The paragraph's opening words are looked up allowing markup, entities and line breaks between them, as a
    page's source has them; fewer words are tried when more are not found.
    """
    words = text.split()
    for n in (6, 3, 1):
        if len(words) < n or (n == 1 and len(words[0]) < 6):
            continue
        pattern = re.compile(_HTML_GAP.join(re.escape(html.escape(w, quote=False)) for w in words[:n]))
        for start in (after, 0):
            found = pattern.search(raw, start)
            if found is None:
                unescaped = re.compile(_HTML_GAP.join(re.escape(w) for w in words[:n]))
                found = unescaped.search(raw, start)
            if found is not None:
                return found.start()
    return -1


#: A document's units as columns: texts, first lines, last lines (1-based in the file) and kinds.
Columns = tuple[list[str], list[int], list[int], list[UnitKind]]


def unit_columns(doc: Document) -> Columns:
    """The located paragraph units of a loaded document as columns (what :func:`segment` makes objects of)."""
    units = split_units(doc.body)
    texts = [u[2] for u in units]
    kinds = [u[3] for u in units]
    if doc.fixed_line is not None:
        lines = [doc.fixed_line] * len(units)
        return texts, lines, lines.copy(), kinds
    if doc.locate_in is None:
        base = doc.body_line
        return texts, [base + u[0] for u in units], [base + u[1] for u in units], kinds
    starts: list[int] = []
    offset = 0
    for text in texts:
        found = _locate(doc.locate_in, text, offset)
        if found >= 0:
            offset = found
        starts.append(doc.locate_in.count("\n", 0, offset) + 1)
    return texts, starts, starts.copy(), kinds


def segment(doc: Document) -> Article:
    """Turn a loaded document into an article of located paragraph units."""
    texts, starts, ends, kinds = unit_columns(doc)
    return Article(
        id=doc.id,
        path=doc.path,
        source=doc.source,
        title=doc.title,
        published=doc.published,
        url=doc.url,
        paragraphs=tuple(map(Paragraph, range(len(texts)), texts, starts, ends, kinds)),
        body_line=doc.fixed_line or doc.body_line,
    )
