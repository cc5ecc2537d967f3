"""Connected components of an edge array, against a plain union-find."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedupe_cli.graphs import components


def _smallest_by_union_find(count: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(count))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)  # the smaller node stays the root
    return [root(x) for x in range(count)]


@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    )
)
def test_every_node_is_labelled_with_the_smallest_node_of_its_component(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    count, edges = graph
    label = components(count, np.array(edges, dtype=np.int64).reshape(-1, 2))
    assert label.tolist() == _smallest_by_union_find(count, edges)


def test_a_long_chain_is_one_component() -> None:
    count = 1000
    order = np.random.default_rng(1).permutation(count)  # a path through the nodes in a scrambled order
    edges = np.stack([order[:-1], order[1:]], axis=1)
    assert set(components(count, edges).tolist()) == {0}
