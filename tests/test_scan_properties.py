"""Property tests of segmentation, verification and matching."""

from __future__ import annotations

import string

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_cli.load.base import Document
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import match_articles
from dedupe_cli.segment import segment, split_units
from dedupe_cli.sign import jaccard, shingle_hashes

WORDS = st.text(alphabet=string.ascii_letters + "éß", min_size=1, max_size=9)
LINE = st.one_of(
    st.just(""),
    st.lists(WORDS, min_size=1, max_size=30).map(" ".join),
    st.lists(WORDS, min_size=1, max_size=30).map(lambda ws: " ".join(ws) + "."),
    st.lists(WORDS, min_size=1, max_size=5).map(lambda ws: "# " + " ".join(ws)),
    st.lists(WORDS, min_size=1, max_size=8).map(lambda ws: "- " + " ".join(ws)),
    st.lists(WORDS, min_size=1, max_size=8).map(lambda ws: " ".join(ws) + ","),
)


@given(st.lists(LINE, max_size=40))
def test_segmentation_covers_every_line_in_order(lines: list[str]) -> None:
    body = "\n".join(lines)
    units = split_units(body)
    covered: list[int] = []
    for first, last, text, _kind in units:
        assert first <= last
        assert text.strip()
        covered.extend(range(first, last + 1))
    # units are in order, never overlap, and every non-blank line is in exactly one unit
    assert covered == sorted(covered) and len(covered) == len(set(covered))
    non_blank = [i for i, line in enumerate(lines) if line.strip()]
    assert [i for i in covered if lines[i].strip()] == non_blank
    # a unit's text is its lines' words, in order
    for first, last, text, _kind in units:
        assert text.split() == " ".join(lines[first : last + 1]).split()


@given(st.lists(WORDS, min_size=1, max_size=60), st.lists(WORDS, min_size=1, max_size=60))
def test_jaccard_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    sa, sb = shingle_hashes(" ".join(a)), shingle_hashes(" ".join(b))
    score = jaccard(sa, sb)
    assert score == jaccard(sb, sa)
    assert 0.0 <= score <= 1.0
    assert jaccard(sa, sa) == 1.0


def _doc(name: str, text: str) -> Document:
    return Document(id=name, path=name, source=name, body=text)


@settings(max_examples=60, deadline=None)
@given(
    # natural text: words may repeat, but its 5-grams are (almost) all distinct, which unique words guarantee
    st.lists(st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10), min_size=40, max_size=120, unique=True),
    st.data(),
)
def test_one_word_changed_copy_is_always_found(ws: list[str], data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(ws) - 1))
    changed = list(ws)
    changed[position] = "zzzchanged"
    articles = [segment(_doc("a", " ".join(ws) + ".")), segment(_doc("b", " ".join(changed) + "."))]
    result = match_articles(articles, ScanOptions(), NullListener())
    found = [p for p in result.graph.unit_pairs() if {p[0][0], p[1][0]} == {0, 1}]
    expected = jaccard(shingle_hashes(" ".join(ws)), shingle_hashes(" ".join(changed)))
    assert found, f"missed a copy with exact Jaccard {expected:.3f}"
    assert np.isclose(found[0][2], expected)
