"""Sentences of a story's articles, located by file line and character span, with their source key.

Sentences are split per paragraph with pysbd (which keeps "U.S." and "Mr." whole).
Each sentence carries the key of the independent source it stands for: paragraphs the
scan found as copies of one another (any finding kind) share one key, so that a
claim repeated by copying is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from dedupe_cli.model import Article, ScanResult, UnitKind


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article.

    Attributes:
        article: index of the article in ``ScanResult.articles``.
        paragraph: the paragraph's index in its article.
        line: the 1-based file line the sentence starts on.
        start, end: the character span of the sentence in its paragraph's text.
        text: the sentence, stripped.
        source_key: the independent source it stands for (copies share a key).
        copy: True when the paragraph repeats an earlier paragraph of the story.
        heading: the paragraph is a heading, the title, or a short line without a full stop.
    """

    article: int
    paragraph: int
    line: int
    start: int
    end: int
    text: str
    source_key: str
    copy: bool = False
    heading: bool = False


#: What pysbd's rules may split a paragraph at, or read as the end of a sentence, besides a final mark:
#: sentence marks, quotes and brackets (quoted and bracketed sentences), list marks, line breaks, runs of
#: spaces. A paragraph with none of them is one sentence (checked against pysbd on 64,269 such paragraphs:
#: news corpora's, with white space added or cut, and random word strings).
_SPLITS = re.compile(r"[.!?…。．！？\n\r•;)\"'“”‘’«»「（]|\s\s")


def _one_sentence(text: str) -> bool:
    """Whether pysbd leaves ``text`` whole: nothing it splits at but a last ``.``, ``!`` or ``?``."""
    if text[:1].isspace():
        return False
    body = text.rstrip()
    if body[-1:] in {".", "!", "?"}:
        body = body[:-1]
    return bool(body) and not _SPLITS.search(body)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


#: Paragraphs longer than this are given to pysbd a piece at a time. Its rules run over the whole text for
#: every sentence they find, so its time grows with the square of a paragraph's sentences (measured: 0.4 s for
#: 500 sentences of one paragraph, 32 s for 4,000), and one hostile paragraph would hold up the whole command.
PIECE = 2000

#: A piece without a place to cut (below) is cut at white space past this many characters, at worst here.
LONGEST = 8000

#: Where a long paragraph is cut: after a word of three or more letters, a full stop, ! or ?, closing quotes or a
#: bracket and white space, before a capitalised word. pysbd ends a sentence there unless the word is one of its
#: abbreviations (``approx.``, ``Gen.``), which are left out.
_CUT = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,})[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z][a-z])")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    return frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)


def pieces(text: str) -> list[tuple[int, int]]:
    """Where pysbd is given ``text``: the whole of it up to :data:`PIECE` characters, else pieces of at least
    that many, cut where a sentence surely ends (see ``_CUT``); where none does before :data:`LONGEST`
    characters, the rest is one piece if it is no longer, else it is cut after the first white space past
    :data:`PIECE` characters (or at :data:`LONGEST`). White space stays with the piece before."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > PIECE:
        high = min(start + LONGEST, len(text))
        cut = _sentence_end(text, start + PIECE, high)
        if cut < 0:
            if high == len(text):
                break
            space = _SPACE.search(text, start + PIECE, high)
            cut = space.end() if space is not None else high
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _sentence_end(text: str, low: int, high: int) -> int:
    """The first place between ``low`` and ``high`` where a sentence surely ends (see ``_CUT``), or -1."""
    for found in _CUT.finditer(text, low, high):
        if found[1].lower() not in _abbreviations():
            return found.end()
    return -1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where pysbd's sentences of ``text`` stand: the spans its ``char_span`` mode gives (a paragraph of more
    than :data:`PIECE` characters taken in :func:`pieces`, each sentence's span where it stands in ``text``),
    except that a time of day does not end one when a day, a month or a time zone follows it (:func:`_joined`).

    That mode finds each sentence with a regular expression made for it (the sentence,
    escaped, then ``\\s*``), compiling one pattern per sentence: most of the time of
    segmenting news text. The same search is done here with ``str.find``: for each
    sentence, the first non-overlapping occurrence (with the white space after it) that
    ends after the previous sentence's span.
    """
    if len(text) <= PIECE:
        return _piece_spans(text)
    if _one_sentence(text):  # whole, not one sentence per piece
        return [(0, len(text))]
    return [(a + first, b + first) for first, end in pieces(text) for a, b in _piece_spans(text[first:end])]


#: A time of day ending a sentence pysbd split, and what goes on with it after: a day, a month or a time zone
#: ("at 9:45 p.m. | Friday and found flames", "at 11 p.m. | EST on Saturday"): one sentence.
_CLOCK_END = re.compile(r"\b[ap]\.m\.\s*\Z", re.I)
_CLOCK_GOES_ON = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|"
    r"Nov|Dec|[ECMP][SD]T|ET|GMT|UTC|local)\b"
)


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with a sentence that ends in a time of day joined to the next when that one goes on with it."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and _CLOCK_END.search(text, out[-1][0], out[-1][1]) and _CLOCK_GOES_ON.match(text, start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _piece_spans(text: str) -> list[tuple[int, int]]:
    """:func:`sentence_spans` of one piece, given to pysbd whole."""
    if not text:
        return []
    if _one_sentence(text):  # half of news paragraphs: pysbd's 0.5-1 ms saved
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    prior = 0
    size = len(text)
    for sentence in _segmenter().processor(text).process():
        start = 0
        while True:
            at = text.find(sentence, start)
            if at < 0:
                break
            end = at + len(sentence)
            while end < size and text[end].isspace():
                end += 1
            if end > prior:
                spans.append((at, end))
                prior = end
                break
            start = end if end > at else at + 1
    return _joined(text, spans)


@lru_cache(maxsize=16384)
def split_paragraph(text: str) -> tuple[tuple[int, int, str], ...]:
    """The sentences of one paragraph as (start, end, stripped text); kept for the paragraph's text,
    since copies of one text (wire copy, boilerplate) are split alike."""
    out: list[tuple[int, int, str]] = []
    for first, last in sentence_spans(text):
        raw = text[first:last]
        stripped = raw.strip()
        if not stripped:
            continue
        start = first + (len(raw) - len(raw.lstrip()))
        out.append((start, start + len(stripped), stripped))
    return tuple(out)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(self, x: tuple[int, int]) -> tuple[int, int]:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[x] = root
        return root

    def union(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


#: Per copied paragraph (article number, index), the first paragraph of its copy group.
Roots = Mapping[tuple[int, int], tuple[int, int]]


def copy_roots(result: ScanResult) -> dict[tuple[int, int], tuple[int, int]]:
    """For every copied paragraph (article number, index), the first paragraph of its copy group."""
    number = {a.id: i for i, a in enumerate(result.articles)}
    union = _Union()
    for finding in result.findings:
        runs = [(number[m.article_id], m.first_unit, m.last_unit) for m in finding.members if m.article_id in number]
        if len(runs) < 2:
            continue
        first = runs[0]
        for art, lo, hi in runs[1:]:
            for offset in range(min(hi - lo, first[2] - first[1]) + 1):
                union.union((first[0], first[1] + offset), (art, lo + offset))
    return {unit: union.find(unit) for unit in list(union.parent)}


def _article_key(article: Article, index: int, by_outlet: bool) -> str:
    return f"source:{article.source}" if by_outlet and article.source else f"article:{index}"


_SPACE = re.compile(r"\s+")


def story_sentences(result: ScanResult, articles: Sequence[int], by_outlet: bool, roots: Roots) -> list[Sentence]:
    """Every sentence of the given articles, in article order, with independence keys.

    A paragraph that is a copy of an earlier one in the story (same root) is marked
    ``copy`` and shares the root's key; with ``by_outlet`` all articles of one declared
    source share a key too. ``roots``: :func:`copy_roots` of ``result`` (found once for all
    stories: they cover every finding).
    """
    seen_roots: set[tuple[int, int]] = set()
    out: list[Sentence] = []
    for a in articles:
        article = result.articles[a]
        for paragraph in article.paragraphs:
            unit = (a, paragraph.index)
            root = roots.get(unit)
            is_copy = root is not None and root in seen_roots
            if root is not None:
                seen_roots.add(root)
                key = f"copy:{root[0]}:{root[1]}"
            else:
                key = _article_key(article, a, by_outlet)
            heading = paragraph.kind == UnitKind.HEADING or paragraph.text.strip() == article.title.strip()
            heading = heading or (len(paragraph.text.split()) < 15 and not paragraph.text.rstrip().endswith("."))
            for start, end, text in split_paragraph(paragraph.text):
                line = paragraph.line_start + paragraph.text.count("\n", 0, start)
                clean = _SPACE.sub(" ", text)
                out.append(Sentence(a, paragraph.index, line, start, end, clean, key, is_copy, heading))
    return out
