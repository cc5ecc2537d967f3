"""ArticleTable's batched texts: many runs of units at once give what one run at a time gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_cli.articles import ArticleTable, Block

#: Unit texts: ASCII, multi-byte, empty, and lone surrogates (kept by the "surrogatepass" encoding).
_TEXTS = st.text(alphabet=st.sampled_from("ab \n\tzé中😀\ud800\udfff"), max_size=12)


def _block(texts: list[str], per_article: list[int], as_array: bool) -> Block:
    """A block of articles with ``per_article`` units each, holding ``texts`` in order."""
    encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = b"".join(encoded)
    lines = np.array([(2 * n + 1, 2 * n + 2) for n in range(len(texts))], dtype=np.int32).reshape(-1, 2)
    meta = [(f"a{n}", "p", "s", "", "", "", 1) for n in range(len(per_article))]
    text: bytes | np.ndarray = np.frombuffer(data, dtype=np.uint8) if as_array else data
    return Block(meta, np.array(per_article, dtype=np.int64), lines, np.zeros(len(texts), np.int8), text, offsets)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[ArticleTable, list[list[str]]]:
    """A table of a few blocks and, per article, its unit texts."""
    blocks, articles = [], []
    for _ in range(draw(st.integers(1, 4))):
        sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
        texts = draw(st.lists(_TEXTS, min_size=sum(sizes), max_size=sum(sizes)))
        blocks.append(_block(texts, sizes, draw(st.booleans())))
        at = 0
        for size in sizes:
            articles.append(texts[at : at + size])
            at += size
    return ArticleTable(blocks), articles


@settings(max_examples=150, deadline=None)
@given(_tables(), st.randoms(use_true_random=False))
def test_span_texts_same_as_joined_units(made: tuple[ArticleTable, list[list[str]]], rnd: object) -> None:
    table, articles = made
    spans = [(a, f, z) for a, units in enumerate(articles) for f in range(len(units)) for z in range(f, len(units))]
    rnd.shuffle(spans)  # type: ignore[attr-defined]
    texts, starts, ends = table.span_texts([s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans])
    for (a, f, z), text, start, end in zip(spans, texts, starts, ends, strict=True):
        assert text == "\n\n".join(articles[a][f : z + 1])
        one, first_line, last_line = table.span(a, f, z)
        assert (text, start, end) == ("\n\n".join(one), first_line, last_line)
    every = [t for units in articles for t in units]
    order = list(range(len(every)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    assert table.unit_texts(order) == [every[u] for u in order]
    assert table.unit_texts(order[:1] * 3) == [every[order[0]]] * 3
