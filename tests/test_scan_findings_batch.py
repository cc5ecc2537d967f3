"""The batched and fast paths of building findings give what the plain ones give."""

from __future__ import annotations

import string

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_cli import match
from dedupe_cli.articles import ArticleTable, Block, UnitPlaces
from dedupe_cli.findings import _similarity, word_bytes
from dedupe_cli.load.base import Document
from dedupe_cli.model import Article
from dedupe_cli.segment import segment
from dedupe_cli.sign import jaccard, overlap, shingle_batch, words


def _plain(text: str) -> bytes:
    return " ".join(words(text)).encode()


def test_word_bytes_every_ascii_character() -> None:
    for c in range(128):
        for text in (chr(c), f"ab{chr(c)}cd", f" X{chr(c)}{chr(c)}y_1 "):
            assert word_bytes(text) == _plain(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "\x00\x1c\x1d\x1e\x1f\x7f", max_size=80) | st.text(max_size=40))
def test_word_bytes_same_as_words(text: str) -> None:
    assert word_bytes(text) == _plain(text)


#: Sorted, unique shingle-hash arrays, as the scan keeps them.
_SETS = st.lists(st.integers(0, 60), max_size=40, unique=True).map(lambda a: np.array(sorted(a), dtype=np.uint64))


@settings(max_examples=200, deadline=None)
@given(_SETS, _SETS)
def test_similarity_is_rounded_jaccard(x: np.ndarray, y: np.ndarray) -> None:
    assert _similarity(x, y) == round(jaccard(x, y), 6)
    assert _similarity(x, x) == round(jaccard(x, x), 6)


def _articles() -> list[Article]:
    texts = [
        "# Title\n\nFirst para one two three.\n\nSecond para, é ü 中文.\n\n\nThird\nline two.\n",
        "Only one paragraph here.\n",
        "A\n\nB\n\nC\n\nD\n\nE\n",
    ]
    return [segment(Document(id=f"a{n}", path=f"f{n}.md", source="s", body=t)) for n, t in enumerate(texts)]


def test_span_texts_same_as_span() -> None:
    articles = _articles()
    block = Block.of(articles)
    as_array = Block(
        block.meta, block.units, block.lines, block.kinds, np.frombuffer(bytes(block.text), np.uint8), block.offsets
    )
    for table in (ArticleTable([block]), ArticleTable([Block.of(articles[:1]), as_array])):
        spans = [
            (a, f, z)
            for a in range(len(table))
            for f in range(len(table[a].paragraphs))
            for z in range(f, len(table[a].paragraphs))
        ]
        texts, starts, ends = table.span_texts([s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans])
        for (a, f, z), text, start, end in zip(spans, texts, starts, ends, strict=True):
            one, first_line, last_line = table.span(a, f, z)
            assert (text, start, end) == ("\n\n".join(one), first_line, last_line)


def test_unit_places_many() -> None:
    places = UnitPlaces(np.array([0, 3, 3, 7, 10]))
    units = list(range(10))
    assert places.many(units) == [places[u] for u in units]
    assert places.many([]) == []


@settings(max_examples=100, deadline=None)
@given(_SETS, _SETS)
def test_overlap_is_intersection_size(x: np.ndarray, y: np.ndarray) -> None:
    assert overlap(x, y) == np.intersect1d(x, y).size == overlap(y, x)


def test_shingle_sets_same_as_one_by_one() -> None:
    texts = ["", "one", "a b a b a b a b a b a b", "the same words the same words again and again", "x " * 50]
    batch = shingle_batch(texts, 2)
    for n, found in enumerate(batch.shingle_sets()):
        assert np.array_equal(found, batch.shingle_set(n))
        assert found.dtype == batch.shingle_set(n).dtype


def test_unit_texts_same_as_articles() -> None:
    articles = _articles()
    table = ArticleTable([Block.of(articles[:1]), Block.of(articles[1:])])
    everything = [p.text for a in articles for p in a.paragraphs]
    order = list(range(len(everything)))[::-1]
    assert table.unit_texts(order) == [everything[u] for u in order]
    assert table.unit_texts([]) == []


def test_threaded_candidate_search_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 50, size=(3000, 7)).astype(np.uint64)  # many shared band values
    rows = np.sort(rng.choice(3000, 2500, replace=False))
    monkeypatch.setattr(match, "_THREADED_ROWS", 10**9)
    alone = match.candidates_from_keys(keys, rows), match.candidates_from_keys(keys)
    monkeypatch.setattr(match, "_THREADED_ROWS", 0)
    monkeypatch.setattr(match, "_THREADS", 2)
    threaded = match.candidates_from_keys(keys, rows), match.candidates_from_keys(keys)
    for one, two in zip(alone, threaded, strict=True):
        assert one.size > 0
        assert np.array_equal(one, two)
