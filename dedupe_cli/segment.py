"""Split an article body into paragraph units located by file line.

Paragraphs are separated by blank lines. A single newline also separates two units
when the line before it is complete (it ends a sentence, or is a short heading-like
line), which is how one-paragraph-per-line articles such as the seeds are written;
a line broken in mid-sentence (hard-wrapped prose) continues its paragraph.
Markdown headings and list items are always units of their own.
"""

from __future__ import annotations

import html
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


def split_units(body: str) -> list[tuple[int, int, str, UnitKind]]:
    """Split ``body`` into units: (first line, last line, text, kind), lines 0-based in ``body``."""
    units: list[tuple[int, int, str, UnitKind]] = []
    start = -1
    parts: list[str] = []

    def flush(end: int) -> None:
        nonlocal start, parts
        if parts:
            text = " ".join(parts)
            kind = UnitKind.PARAGRAPH
            if len(parts) == 1 and not text.endswith(_TERMINAL[:3]) and len(text.split()) < _HEADING_MAX_WORDS:
                kind = UnitKind.HEADING
            units.append((start, end, text, kind))
        start, parts = -1, []

    lines = body.split("\n")
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush(i - 1)
            continue
        if _SETEXT.match(raw) and parts:
            flush(i)
            continue
        kind = _line_kind(raw)
        if kind is not None:
            flush(i - 1)
            units.append((i, i, line, kind))
            continue
        if parts and not _continues(parts[-1], line):
            flush(i - 1)
        if not parts:
            start = i
        parts.append(line)
    flush(len(lines) - 1)
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


def segment(doc: Document) -> Article:
    """Turn a loaded document into an article of located paragraph units."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, (first, last, text, kind) in enumerate(split_units(doc.body)):
        if doc.fixed_line is not None:
            line_start = line_end = doc.fixed_line
        elif doc.locate_in is not None:
            found = _locate(doc.locate_in, text, offset)
            if found >= 0:
                offset = found
                line_start = line_end = doc.locate_in.count("\n", 0, found) + 1
            else:
                line_start = line_end = doc.locate_in.count("\n", 0, offset) + 1
        else:
            line_start, line_end = doc.body_line + first, doc.body_line + last
        paragraphs.append(Paragraph(index, text, line_start, line_end, kind))
    return Article(
        id=doc.id,
        path=doc.path,
        source=doc.source,
        title=doc.title,
        published=doc.published,
        url=doc.url,
        paragraphs=tuple(paragraphs),
        body_line=doc.fixed_line or doc.body_line,
    )
