"""datasketch's ``affine32`` permutation parameters, made without importing ``numpy.random``.

datasketch draws them as ``numpy.random.RandomState(seed)`` does: ``randint(0, 2**31)`` for the
multipliers (made odd) and then ``randint(0, 2**32)``, as uint32. RandomState is MT19937 seeded by
``init_genrand(seed)``, and a uint32 below a power of two is one 32-bit draw, masked. Python's
:mod:`random` is the same generator: given that seeded state, its ``getrandbits(32)`` gives the
same draws. Importing ``numpy.random`` costs 10-14 ms, which a warm re-scan that signs only a few
paragraphs would pay in every worker; ``tests/test_scan_permutations.py`` proves the values equal.
"""

from __future__ import annotations

import random

import numpy as np

_N = 624  # MT19937's state words


def _seeded_state(seed: int) -> tuple[int, ...]:
    """MT19937's ``init_genrand(seed)`` state, as :func:`random.Random.setstate` takes it (version 3)."""
    mt = [seed & 0xFFFFFFFF]
    for i in range(1, _N):
        prev = mt[-1]
        mt.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return (*mt, _N)  # the position: the next draw regenerates the whole state, as RandomState's first does


def affine32_parameters(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The multipliers (odd) and addends, uint32, of ``num_perm`` affine permutations drawn from ``seed``.

    Equal to datasketch's ``MinHash._init_permutations`` for the ``affine32`` scheme.

    Raises:
        ValueError: ``seed`` is not in [0, 2**32), as RandomState says.
    """
    if not 0 <= seed < 1 << 32:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    gen = random.Random()
    gen.setstate((3, _seeded_state(seed), None))
    bits = gen.getrandbits
    a = np.array([bits(32) & 0x7FFFFFFF for _ in range(num_perm)], dtype=np.uint32)
    b = np.array([bits(32) for _ in range(num_perm)], dtype=np.uint32)
    return a * np.uint32(2) + np.uint32(1), b
