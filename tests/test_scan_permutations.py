"""The affine32 permutation parameters made without numpy.random equal datasketch's (RandomState's)."""

from __future__ import annotations

import numpy as np
import pytest

from dedupe_cli.permutations import affine32_parameters
from dedupe_cli.sign import Signer


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 12345, 2**31, 2**32 - 1])
@pytest.mark.parametrize("num_perm", [1, 16, 128, 700])
def test_parameters_equal_randomstate(seed: int, num_perm: int) -> None:
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    got_a, got_b = affine32_parameters(num_perm, seed)
    assert got_a.dtype == got_b.dtype == np.uint32
    np.testing.assert_array_equal(got_a, a)
    np.testing.assert_array_equal(got_b, b)


def test_parameters_equal_datasketch() -> None:
    from datasketch import MinHash

    m = MinHash(num_perm=64, seed=3, scheme="affine32")
    a, b = affine32_parameters(64, 3)
    np.testing.assert_array_equal(np.asarray(m.permutations[0], dtype=np.uint32), a)
    np.testing.assert_array_equal(np.asarray(m.permutations[1], dtype=np.uint32), b)


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_seed_out_of_range(seed: int) -> None:
    with pytest.raises(ValueError):
        affine32_parameters(4, seed)
    with pytest.raises(ValueError):
        Signer(4, seed)
