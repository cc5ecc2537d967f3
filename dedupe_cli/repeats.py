"""Blocks repeated inside one article, from the matched paragraph pairs, on whole arrays.

A pair of matched paragraphs ``(i, j)``, ``i < j``, of one article lies on the diagonal
``j - i``. Taken by diagonal, then by ``i``, a pair extends the block before it when it
lies on the same diagonal, only short units (too short to match) stand between it and
that block's last pair on both sides, what stands between reads alike (see
``FindingBuilder._gap_alike``), and it starts before the block's first copy does. The
blocks' two spans are then joined into findings by connected components, so a block
repeated n times is one finding of n places.

The pairs of an article are every two of its paragraphs in one group of equal texts,
and every two in groups joined by a verified edge; a page of many near-identical lines
(a results table) has millions of them, so they are listed, sorted and chained here as
arrays, with Python only for the few pairs that need a text compared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dedupe_cli.arrays import equal_runs, run_pairs, run_positions
from dedupe_cli.graphs import components

__all__ = ["RepeatPlaces", "repeat_spans"]

#: Whether the units strictly between ``lo`` and ``hi`` read like those after ``other`` (article, lo, hi, other).
GapAlike = Callable[[int, int, int, int], bool]
#: Per row (articles, lo, hi), whether every unit strictly between paragraphs ``lo`` and ``hi`` is too short to match.
ShortBetween = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


class RepeatPlaces:
    """Where the paragraphs of the matched groups stand.

    Args:
        sizes: per matched group (in order), how many units it has.
        articles: per unit of the matched groups (group after group, each group's units in order),
            its article.
        indices: per such unit, its paragraph index in its article.
        group_place: per group of the graph, its place among the matched groups (-1: not matched).
    """

    def __init__(self, sizes: np.ndarray, articles: np.ndarray, indices: np.ndarray, group_place: np.ndarray) -> None:
        self.sizes, self.articles, self.indices, self.group_place = sizes, articles, indices, group_place


def _article_order(places: RepeatPlaces) -> np.ndarray:
    """Per article, the position where it is first met among the matched groups' units (-1: never)."""
    first = np.full(int(places.articles.max()) + 1 if places.articles.size else 0, -1, dtype=np.int64)
    at = np.arange(places.articles.size, dtype=np.int64)[::-1]
    first[places.articles[::-1]] = at  # the last write wins: the first place
    return first


def same_article_pairs(places: RepeatPlaces, edges: np.ndarray) -> np.ndarray:
    """The matched paragraph pairs inside each article, as rows (article, i, j) with ``i < j`` (repeats kept):
    two paragraphs of one group, or of two groups joined by one of ``edges`` (group numbers)."""
    owner = np.repeat(np.arange(places.sizes.size, dtype=np.int64), places.sizes)
    order = np.lexsort((places.articles, owner))  # stable: each group's units stay in order
    art, idx, own = places.articles[order], places.indices[order], owner[order]
    if not art.size:
        return np.empty((0, 3), dtype=np.int64)
    span = int(art.max()) + 1
    keys = own * span + art
    starts, lengths = equal_runs(keys)
    left, right = run_pairs(starts, lengths)  # two units of one group in one article
    found = [np.stack((art[left], idx[left], idx[right]), axis=1)]
    if edges.size:
        found.append(_across_edges(art, idx, keys[starts], starts, lengths, places.group_place[edges], span))
    return np.concatenate(found)


def _across_edges(
    art: np.ndarray,
    idx: np.ndarray,
    run_keys: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    ends: np.ndarray,
    span: int,
) -> np.ndarray:
    """Every unit of one end of an edge with every unit of the other in the same article, the earlier first
    (``ends``: the edges' two groups, as places among the matched groups)."""
    run_owner = run_keys // span
    first_run = np.searchsorted(run_owner, np.arange(int(run_owner.max()) + 2 if run_owner.size else 1))
    g, h = ends[:, 0], ends[:, 1]
    count = first_run[g + 1] - first_run[g]  # the runs (articles) of each edge's first group
    runs_g = run_positions(first_run[g], count)
    wanted = np.repeat(h, count) * span + art[starts[runs_g]]  # the other group's run in that article
    at = np.minimum(np.searchsorted(run_keys, wanted), run_keys.size - 1)
    hit = run_keys[at] == wanted
    runs_g, runs_h = runs_g[hit], at[hit]
    n_g, n_h = lengths[runs_g], lengths[runs_h]
    left = np.repeat(run_positions(starts[runs_g], n_g), np.repeat(n_h, n_g))
    right = run_positions(np.repeat(starts[runs_h], n_g), np.repeat(n_h, n_g))
    a, b = idx[left], idx[right]
    return np.stack((art[left], np.minimum(a, b), np.maximum(a, b)), axis=1)


def repeat_spans(
    places: RepeatPlaces, edges: np.ndarray, short: ShortBetween, alike: GapAlike
) -> list[list[tuple[int, int, int]]]:
    """The findings of blocks repeated inside one article, each a list of spans (article, first, last) in
    order, articles in the order their paragraphs are first met among the matched groups, an
    article's findings by their first span.

    ``short(articles, lo, hi)`` gives, per row, whether every unit of the article strictly
    between paragraphs ``lo`` and ``hi`` is too short to match; ``alike`` is
    ``FindingBuilder._gap_alike``.
    """
    pairs = same_article_pairs(places, edges)
    if not pairs.size:
        return []
    art, i, j = pairs[:, 0], pairs[:, 1], pairs[:, 2]
    d = j - i
    order = _row_order(art, d, i)
    art, i, j, d = art[order], i[order], j[order], d[order]
    keep = np.ones(art.size, dtype=bool)  # each pair once
    keep[1:] = (art[1:] != art[:-1]) | (d[1:] != d[:-1]) | (i[1:] != i[:-1])
    art, i, j, d = art[keep], i[keep], j[keep], d[keep]
    link = np.zeros(art.size, dtype=bool)  # may extend the block of the pair before it
    link[1:] = (art[1:] == art[:-1]) & (d[1:] == d[:-1])
    maybe = np.flatnonzero(link)
    link[maybe] = short(art[maybe], i[maybe - 1], i[maybe]) & short(art[maybe], j[maybe - 1], j[maybe])
    maybe = np.flatnonzero(link & (np.concatenate(([0], np.diff(i))) >= 2))  # something stands between
    for k in maybe.tolist():
        link[k] = alike(int(art[k]), int(i[k - 1]), int(i[k]), int(j[k - 1]))
    # a block ends where its pairs would reach its own first copy: walked only where links run on
    start_j = -1
    for k in np.flatnonzero(link).tolist():
        if not link[k - 1]:
            start_j = int(j[k - 1])  # the block began at the pair before
        if i[k] >= start_j:
            link[k] = False
            start_j = int(j[k])
    first = np.flatnonzero(~link)
    last = np.concatenate((first[1:], [art.size])) - 1
    block_art = art[first]
    spans = np.concatenate(
        (np.stack((block_art, i[first], i[last]), axis=1), np.stack((block_art, j[first], j[last]), axis=1))
    )
    unique, number = _numbered_rows(spans)
    joined = np.stack((number[: first.size], number[first.size :]), axis=1)
    label = components(unique.shape[0], joined)
    met = _article_order(places)[unique[:, 0]]
    rank = np.lexsort((np.arange(label.size), label, met[label]))  # by article met, component, span
    out: list[list[tuple[int, int, int]]] = []
    rows = unique[rank].tolist()
    labels = label[rank].tolist()
    for n, row in enumerate(rows):
        if n == 0 or labels[n] != labels[n - 1]:
            out.append([])
        out[-1].append((row[0], row[1], row[2]))
    return out


def _numbered_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of an (n, 3) array, sorted, and each row's number among them
    (``np.unique(rows, axis=0, return_inverse=True)``, without its slow sort of rows as bytes)."""
    order = _row_order(rows[:, 0], rows[:, 1], rows[:, 2])
    ordered = rows[order]
    fresh = np.ones(len(rows), dtype=bool)
    fresh[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    number = np.empty(len(rows), dtype=np.int64)
    number[order] = np.cumsum(fresh) - 1
    return ordered[fresh], number


def _row_order(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The order that sorts rows by ``a``, then ``b``, then ``c`` (non-negative ints), ties in place: one
    sort of a 64-bit code of the three when it fits (several times faster than ``np.lexsort``)."""
    if not a.size:
        return np.empty(0, dtype=np.int64)
    wide_b, wide_c = int(b.max()) + 1, int(c.max()) + 1
    if (int(a.max()) + 1) * wide_b * wide_c < 2**63:
        order: np.ndarray = np.argsort((a * wide_b + b) * wide_c + c, kind="stable")
        return order
    return np.lexsort((c, b, a))
