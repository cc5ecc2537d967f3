"""The similarity graph of story grouping and its clustering, in time and memory that grow
with the number of similar pairs rather than with the square of the number of articles.

Articles are tf-idf vectors (rows of a sparse matrix, unit length). Comparing every pair
is quadratic: 40,000 articles make 800 million pairs, nearly all sharing some common
word. Instead each article is *blocked* on its heaviest features (prefix filtering, as in
Bayardo et al. 2007, "Scaling up all pairs similarity search"): its features in
decreasing weight until what is left weighs little, ``|rest|² <= floor``. Two articles
become a candidate pair when one's blocking features occur in the other. A pair that is
not a candidate shares only features outside both articles' blocks, so by Cauchy-Schwarz
its cosine is at most ``|rest_a|·|rest_b| <= floor``: every pair at or above ``floor`` is
found, and the graph is the one the exhaustive comparison gives once it drops pairs below
``floor``. The one inexact step: a feature in more than ``max_df`` articles never blocks
(a name every article of a big repository mentions would pair them all), so a pair that
shares only such features is missed.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from dedupe_cli.arrays import run_positions

#: Candidate pairs whose cosine is computed in one step at most.
PAIR_BATCH = 20_000
#: Features of the rows of one step's pairs at most (both rows of every pair are copied for the step:
#: 16 bytes a feature, so this bounds the step's memory to about 64 MB however long the articles).
PAIR_FEATURES = 4_000_000
#: Multiply-adds of one step's product of a block of rows with every row at most (the product holds
#: at most as many pairs, about 30 bytes each with its lookup).
PRODUCT_WORK = 2_000_000
#: A multiply-add of that product against a feature copied for a pair: measured 3 and 11 ns here.
PRODUCT_COST = 0.3


def tfidf_rows(counts: Iterable[dict[str, float]]) -> sparse.csr_matrix:
    """The unit-length tf-idf rows of articles given their weighted term frequencies.

    Each value of ``counts`` is a feature's tf already multiplied by its kind's weight; idf
    is the smoothed ``log((1 + n) / (1 + df)) + 1``, which stays meaningful for two
    articles and discounts what every article says.
    """
    vocabulary: dict[str, int] = {}
    indptr = array("q", [0])
    cols = array("q")  # compact arrays: a list of Python numbers costs several times more at 10^5 articles
    values = array("d")
    for weights in counts:
        for feature, weight in weights.items():
            cols.append(vocabulary.setdefault(feature, len(vocabulary)))
            values.append(weight)
        indptr.append(len(cols))
    n = len(indptr) - 1
    matrix = sparse.csr_matrix(
        (
            np.frombuffer(values, dtype=np.float64),
            np.frombuffer(cols, dtype=np.int64),
            np.frombuffer(indptr, dtype=np.int64),
        ),
        shape=(n, len(vocabulary)),
    )
    matrix.sum_duplicates()
    df = np.bincount(matrix.indices, minlength=len(vocabulary))
    matrix = sparse.csr_matrix(matrix @ sparse.diags(np.log((1.0 + n) / (1.0 + df)) + 1.0))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
    matrix.sort_indices()
    return matrix


def exhaustive_graph(rows: sparse.csr_matrix, floor: float) -> sparse.csr_matrix:
    """Every pair's cosine at or above ``floor`` (upper triangle), by the full product: for tests
    and small inputs; quadratic in time and memory."""
    product = sparse.triu(rows @ rows.T, k=1).tocsr()
    product.data[product.data < floor] = 0.0
    product.eliminate_zeros()
    return sparse.csr_matrix(product)


def _blocking_rows(rows: sparse.csr_matrix, guarantee: float, max_df: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``rows`` restricted to each row's blocking features (see the module docstring), and the
    norm of each row's other features that occur in another article."""
    df = np.bincount(rows.indices, minlength=rows.shape[1])
    keep = np.zeros(rows.nnz, dtype=bool)
    indptr, indices, data = rows.indptr, rows.indices, rows.data
    shared = df[indices] >= 2  # a feature of one article matches nothing
    usable = shared & (df[indices] <= max_df)
    for row in range(rows.shape[0]):
        lo, hi = indptr[row], indptr[row + 1]
        if lo == hi:
            continue
        squares = np.where(usable[lo:hi], data[lo:hi] ** 2, 0.0)
        order = np.argsort(-squares, kind="stable")
        left = squares.sum() - np.cumsum(squares[order])  # what is left after the m heaviest, m = 1, 2, ...
        taken = int(np.searchsorted(-left, -guarantee, side="left")) + 1
        chosen = order[:taken]
        keep[lo + chosen[squares[chosen] > 0]] = True
    rest_squares = np.where(shared & ~keep, data**2, 0.0)
    owner = np.repeat(np.arange(rows.shape[0]), np.diff(indptr))
    rest = np.sqrt(np.bincount(owner, weights=rest_squares, minlength=rows.shape[0]))
    blocked = rows.copy()
    blocked.data = np.where(keep, data, 0.0)
    blocked.eliminate_zeros()
    return sparse.csr_matrix(blocked), rest


def _take_rows(rows: sparse.csr_matrix, picked: np.ndarray) -> sparse.csr_matrix:
    """``rows[picked]`` (scipy's own fancy indexing is many times slower on large batches)."""
    starts = rows.indptr[picked]
    lengths = rows.indptr[picked + 1] - starts
    indptr = np.zeros(len(picked) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    positions = run_positions(starts, lengths)
    return sparse.csr_matrix(
        (rows.data[positions], rows.indices[positions], indptr), shape=(len(picked), rows.shape[1])
    )


def _pair_cosines(rows: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The cosine of each pair ``(first[i], second[i])``.

    A block of rows finds its pairs' cosines the cheaper of two ways: from both rows of each
    pair copied side by side (work grows with the pairs), or from the block's product with
    every row (work grows with how many rows share the block's features, whatever the pairs:
    the way when nearly every two articles are candidates, as in a repository of one beat).
    Both sum a pair's products in the order of its features, so they give the same floats.
    """
    if len(first) > 1 and bool(np.any(first[1:] < first[:-1])):  # blocks take their pairs in row order
        order = np.argsort(first, kind="stable")
        out = np.empty(len(first), dtype=np.float64)
        out[order] = _pair_cosines(rows, first[order], second[order])
        return out
    out = np.empty(len(first), dtype=np.float64)
    if not len(first):
        return out
    n = rows.shape[0]
    sizes = np.diff(rows.indptr)
    df = np.bincount(rows.indices, minlength=rows.shape[1])
    work = np.cumsum(np.bincount(np.repeat(np.arange(n), sizes), weights=df[rows.indices], minlength=n))
    ones = np.ones(rows.shape[1])
    columns: sparse.csr_matrix | None = None
    start = 0
    while start < len(first):
        low = int(first[start])
        before = float(work[low - 1]) if low else 0.0
        high = max(int(np.searchsorted(work, before + PRODUCT_WORK, side="right")), low + 1)
        stop = int(np.searchsorted(first, high, side="left"))
        a, b = first[start:stop], second[start:stop]
        if (float(work[high - 1]) - before) * PRODUCT_COST < float((sizes[a] + sizes[b]).sum()):
            columns = sparse.csr_matrix(rows.T) if columns is None else columns
            out[start:stop] = _block_cosines(rows, columns, low, high, a, b)
        else:
            out[start:stop] = _copied_cosines(rows, sizes, a, b, ones)
        start = stop
    return out


def _copied_cosines(
    rows: sparse.csr_matrix, sizes: np.ndarray, first: np.ndarray, second: np.ndarray, ones: np.ndarray
) -> np.ndarray:
    """Pairs' cosines from their rows (``sizes``: each row's features) copied side by side, in steps of
    :data:`PAIR_FEATURES` features."""
    out = np.empty(len(first), dtype=np.float64)
    copied = np.cumsum(sizes[first] + sizes[second])  # features copied up to each pair
    start = 0
    while start < len(first):
        before = int(copied[start - 1]) if start else 0
        stop = int(np.searchsorted(copied, before + PAIR_FEATURES, side="right"))
        stop = min(max(stop, start + 1), start + PAIR_BATCH, len(first))  # one pair at least
        product = _take_rows(rows, first[start:stop]).multiply(_take_rows(rows, second[start:stop]))
        out[start:stop] = sparse.csr_matrix(product) @ ones  # summed in feature order, as a matrix product sums
        start = stop
    return out


def _block_cosines(
    rows: sparse.csr_matrix, columns: sparse.csr_matrix, low: int, high: int, first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """Pairs' cosines (``first`` in ``low:high``) from the product of rows ``low:high`` with every row
    (``columns``: the rows transposed)."""
    product = sparse.csr_matrix(rows[low:high] @ columns)
    product.sort_indices()
    n = rows.shape[0]
    keys = np.repeat(np.arange(high - low, dtype=np.int64), np.diff(product.indptr)) * n + product.indices
    if not len(keys):
        return np.zeros(len(first), dtype=np.float64)
    wanted = (first - low) * n + second
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, product.data[at], 0.0)


def blocked_graph(rows: sparse.csr_matrix, floor: float, guarantee: float, max_df: int) -> sparse.csr_matrix:
    """The pairs whose cosine is at least ``floor`` (upper triangle) among those blocking finds:
    all pairs at or above ``guarantee`` (>= ``floor``) that share a feature in at most ``max_df``
    articles, and most of those between ``floor`` and ``guarantee``.

    A candidate's cosine is bounded above by what its blocking features give plus the
    product of the two rests; only candidates whose bound reaches ``floor`` are computed.
    """
    n = rows.shape[0]
    blocks, rest = _blocking_rows(rows, guarantee, max_df)
    partial = sparse.csr_matrix(blocks @ rows.T)
    bound = sparse.triu(partial + partial.T, k=1).tocoo()
    first, second = bound.row.astype(np.int64), bound.col.astype(np.int64)
    hopeful = bound.data + rest[first] * rest[second] >= floor
    first, second = first[hopeful], second[hopeful]
    cosines = _pair_cosines(rows, first, second)
    kept = cosines >= floor
    return sparse.csr_matrix((cosines[kept], (first[kept], second[kept])), shape=(n, n))


def average_link(
    n: int,
    similarity: sparse.spmatrix,
    threshold: float,
    days: Sequence[float | None] | None = None,
    max_days: float | None = None,
) -> list[list[int]]:
    """Average-link agglomerative clusters of ``n`` items, merged while the mean pairwise
    similarity of two clusters is at least ``threshold`` (pairs absent from the sparse
    matrix count as 0). Clusters come back in order of their first item.

    With ``days`` (an item's date as a day number, or None when unknown) and ``max_days``,
    two clusters never merge when the result would hold two dated items more than
    ``max_days`` apart; undated items are not constrained.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # summed similarity between clusters
    span: dict[int, tuple[float, float] | None] = {}
    for i in range(n):
        day = days[i] if days is not None else None
        span[i] = (day, day) if day is not None else None
    coo = sparse.triu(similarity, k=1).tocoo()
    for i, j, s in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        if s > 0:
            links[i][j] = links[j][i] = s
    heap = [(-s, i, j) for i in range(n) for j, s in links[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        current = links[i].get(j, 0.0) / (len(members[i]) * len(members[j]))
        if not math.isclose(current, -negative):
            continue  # stale entry: the clusters changed since it was pushed
        merged = _merged_span(span[i], span[j])
        if max_days is not None and merged is not None and merged[1] - merged[0] > max_days:
            continue  # spans only grow, so these two clusters can never merge
        members[i].extend(members.pop(j))
        span[i] = merged
        for k, s in links.pop(j).items():
            links[k].pop(j, None)
            if k != i:
                links[i][k] = links[i].get(k, 0.0) + s
                links[k][i] = links[i][k]
        for k, s in links[i].items():
            mean = s / (len(members[i]) * len(members[k]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, k), max(i, k)))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _merged_span(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))
