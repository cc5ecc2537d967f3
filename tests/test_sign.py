"""Signatures equal datasketch's; the batch shingler equals the one-text path."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_cli.sign import (
    Signer,
    _combine,
    shingle_batch,
    shingle_hash32,
    shingle_hashes,
    word_hash,
    words,
)

TEXTS = [
    "The minister said on Tuesday that the harbour would be dredged by June, at a cost of $4.5 million.",
    "“Quoted” — text’s here; Ünïcode ﬁ café, straße İstanbul ½ ² 北京 ١٢٣ naïve_x\u2028y\x1cz end.",
    "",
    "two words",
    "exactly five words here now",
    "line one\nline two continues the same paragraph of text here",
]


def reference(text: str, k: int = 5) -> np.ndarray:
    """Shingles built word by word from words() and word_hash(), the definition."""
    tokens = np.array([word_hash(w) for w in words(text)], dtype=np.uint64)
    return np.unique(_combine(tokens, k))


def test_batch_equals_definition() -> None:
    batch = shingle_batch(TEXTS)
    for i, text in enumerate(TEXTS):
        assert np.array_equal(batch.shingle_set(i), reference(text))
        assert np.array_equal(shingle_hashes(text), reference(text))
        assert batch.word_counts[i] == len(words(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8), st.integers(1, 7))
def test_batch_equals_definition_on_any_text(texts: list[str], k: int) -> None:
    batch = shingle_batch(texts, k)
    for i, text in enumerate(texts):
        assert np.array_equal(batch.shingle_set(i), reference(text, k))


def test_equal_words_give_equal_keys() -> None:
    batch = shingle_batch(["Same words, here!", "same WORDS here", "same words there"])
    assert batch.keys[0] == batch.keys[1] != batch.keys[2]


def test_blocks_do_not_change_results(monkeypatch: object) -> None:
    import dedupe_cli.sign as sign

    whole = shingle_batch(TEXTS * 3)
    setattr(sign, "BLOCK_CHARS", 64)  # noqa: B010
    try:
        small = shingle_batch(TEXTS * 3)
    finally:
        setattr(sign, "BLOCK_CHARS", 1 << 20)  # noqa: B010
    assert np.array_equal(whole.shingles, small.shingles)
    assert np.array_equal(whole.offsets, small.offsets)
    assert np.array_equal(whole.keys, small.keys)


def test_signatures_equal_datasketch_affine32() -> None:
    signer = Signer(num_perm=128, seed=1)
    sets = [shingle_hashes(t) for t in TEXTS]
    ours = signer.sign_many(sets)
    for row, shingles in zip(ours, sets, strict=True):
        mh = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=lambda v: v)
        for h in shingles.tolist():
            mh.update(shingle_hash32(h))
        assert np.array_equal(row, mh.hashvalues)
    assert signer.lean(ours[0]).jaccard(signer.lean(ours[0])) == 1.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=40), max_size=6), st.integers(1, 9))
def test_flat_signing_equals_datasketch(sets: list[list[int]], seed: int) -> None:
    signer = Signer(num_perm=32, seed=seed)
    arrays = [np.array(s, dtype=np.uint64) for s in sets]
    ours = signer.sign_many(arrays)
    for row, values in zip(ours, sets, strict=True):
        mh = MinHash(num_perm=32, seed=seed, scheme="affine32", hashfunc=lambda v: v)
        for h in values:
            mh.update(shingle_hash32(h))
        assert np.array_equal(row, mh.hashvalues)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=40), min_size=1, max_size=6), st.integers(1, 6))
def test_segments_wider_than_a_block_sign_as_narrow_ones(sets: list[list[int]], chunk: int) -> None:
    signer = Signer(num_perm=16, seed=3)
    flat = np.array([h for s in sets for h in s], dtype=np.uint64)
    offsets = np.cumsum([0, *map(len, sets)]).astype(np.int64)
    wide = signer.sign_flat(flat, offsets, chunk=chunk)  # most segments wider than the block
    assert np.array_equal(wide, signer.sign_flat(flat, offsets, chunk=4096))
    assert np.array_equal(wide, signer.sign_many([np.array(s, dtype=np.uint64) for s in sets]))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=40), min_size=1, max_size=6),
    st.integers(1, 6),
    st.integers(1, 20),
)
def test_the_first_values_of_a_signature_sign_alone_as_in_the_whole(
    sets: list[list[int]], chunk: int, perms: int
) -> None:
    signer = Signer(num_perm=16, seed=3)
    flat = np.array([h for s in sets for h in s], dtype=np.uint64)
    offsets = np.cumsum([0, *map(len, sets)]).astype(np.int64)
    first = signer.sign_flat(flat, offsets, chunk=chunk, perms=perms)
    assert first.shape == (len(sets), min(perms, 16))
    assert np.array_equal(first, signer.sign_flat(flat, offsets)[:, :perms])


def test_a_wide_segment_takes_block_sized_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    signer = Signer(num_perm=8, seed=1)
    made: list[int] = []
    real_empty = np.empty

    def empty(shape: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(int(np.prod(shape)))
        return real_empty(shape, *args, **kwargs)

    monkeypatch.setattr(np, "empty", empty)
    signer.sign_flat(np.arange(10_000, dtype=np.uint64), np.array([0, 10_000]), chunk=64)
    assert made and max(made) <= 8 * 64


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7)])
def test_permutations_are_datasketch_affine32(num_perm: int, seed: int) -> None:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    signer = Signer(num_perm, seed)
    assert np.array_equal(signer._a, np.asarray(a, dtype=np.uint32))
    assert np.array_equal(signer._b, np.asarray(b, dtype=np.uint32))
