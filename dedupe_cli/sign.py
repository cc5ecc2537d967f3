"""Normalise text, shingle it and compute MinHash signatures.

Normalisation is the one the truth files of ../shared/data define: Unicode NFKC,
case-fold, every non-word character replaced by a space, split on white space.

Each shingle (a word k-gram, or a character k-gram) is hashed to 64 bits with a
stable hash (blake2b of each word, combined by position), so shingle sets can be
compared exactly and signatures do not change between runs or machines.

Signatures are datasketch MinHash signatures of the ``affine32`` scheme: the 64-bit
shingle hash is folded to 32 bits and given to datasketch's permutations, computed
here for many shingles at once with numpy. ``tests/test_sign.py`` proves that the
values equal those of ``datasketch.MinHash(..., hashfunc=shingle_hash32)`` fed the
same shingles, so the signatures can go into any datasketch index as
:class:`datasketch.LeanMinHash`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash

SCHEME = "affine32"
_NONWORD = re.compile(r"[^\w\s]")
_U64 = np.uint64
#: Odd 64-bit multipliers that combine the word hashes of one shingle by position.
_POSITION_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
        0x2545F4914F6CDD1D,
        0x9FB21C651E98DF25,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
        0x1D8E4E27C47D124F,
        0xDB4F0B9175AE2165,
    ],
    dtype=_U64,
)
_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_MAX = 2_000_000


def words(text: str) -> list[str]:
    """The normalised words of ``text``: NFKC, case-folded, punctuation replaced by spaces."""
    return _NONWORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()


def word_hash(word: str) -> int:
    """A stable 64-bit hash of one normalised word."""
    h = _WORD_CACHE.get(word)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
        _WORD_CACHE[word] = h
    return h


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    mixed: np.ndarray = h ^ (h >> _U64(33))
    return mixed


def _combine(tokens: np.ndarray, k: int) -> np.ndarray:
    """Hash every run of ``k`` consecutive tokens (fewer tokens: one hash of them all)."""
    n = tokens.size
    if n == 0:
        return np.empty(0, dtype=_U64)
    k = min(k, n, _POSITION_MULTIPLIERS.size)
    m = n - k + 1
    acc = np.zeros(m, dtype=_U64)
    for j in range(k):
        acc += tokens[j : j + m] * _POSITION_MULTIPLIERS[j]
    return _fmix64(acc ^ _U64(k))


def shingle_hashes(text: str, k: int = 5, shingle: str = "word") -> np.ndarray:
    """The sorted, unique 64-bit hashes of the shingles of ``text``.

    ``shingle`` is ``word`` (word k-grams of the normalised words) or ``char``
    (character k-grams of the normalised words joined by single spaces).
    """
    ws = words(text)
    if shingle == "char":
        joined = " ".join(ws)
        tokens = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(_U64)
        tokens = _fmix64(tokens + _U64(0x632BE59BD9B4E019))
    else:
        tokens = np.fromiter((word_hash(w) for w in ws), dtype=_U64, count=len(ws))
    return np.unique(_combine(tokens, k))


def shingle_hash32(h64: int) -> int:
    """Fold a 64-bit shingle hash to the 32-bit input of datasketch's affine32 scheme."""
    return ((h64 >> 32) ^ h64) & 0xFFFFFFFF


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard similarity of two sorted, unique shingle-hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


class Signer:
    """Computes MinHash signatures of shingle-hash sets, many at once.

    Args:
        num_perm: number of permutations (signature length).
        seed: the seed of datasketch's permutation parameters; the same seed always
            gives the same signatures.
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.seed = seed
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        self._a = np.asarray(a, dtype=np.uint32)
        self._b = np.asarray(b, dtype=np.uint32)

    @staticmethod
    def _premix(h32: np.ndarray) -> np.ndarray:
        # datasketch's fmix32 pre-mix of the input hash (MurmurHash3 finalizer)
        h = h32 ^ (h32 >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        mixed: np.ndarray = h ^ (h >> np.uint32(16))
        return mixed

    def sign_many(self, sets: Sequence[np.ndarray], chunk: int = 65536) -> np.ndarray:
        """Signatures (one row of ``num_perm`` uint32 values each) of many shingle sets.

        An empty set gets the all-maximum signature, as an empty datasketch MinHash has.
        """
        out = np.full((len(sets), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        sizes = np.fromiter((s.size for s in sets), dtype=np.int64, count=len(sets))
        nonempty = np.flatnonzero(sizes)
        start = 0
        while start < nonempty.size:
            # take sets until about `chunk` shingles are gathered
            take = int(np.searchsorted(np.cumsum(sizes[nonempty[start:]]), chunk)) + 1
            idx = nonempty[start : start + take]
            flat = np.concatenate([sets[i] for i in idx])
            h32 = ((flat >> _U64(32)) ^ flat).astype(np.uint32)
            mixed = self._premix(h32)
            perm = mixed[:, None] * self._a[None, :] + self._b[None, :]
            offsets = np.concatenate(([0], np.cumsum(sizes[idx])[:-1]))
            out[idx] = np.minimum.reduceat(perm, offsets, axis=0)
            start += take
        return out

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """A datasketch LeanMinHash of one signature row, for datasketch's indexes."""
        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME)
