"""Normalise text, shingle it and compute MinHash signatures.

Normalisation is the one the truth files of ../shared/data define: Unicode NFKC,
case-fold, every non-word character replaced by a space, split on white space.

Each word is hashed to 64 bits by a polynomial of its code points modulo 2**64 and
each shingle (a word k-gram, or a character k-gram) by combining those by position,
so shingle sets can be compared exactly and signatures do not change between runs or
machines. :func:`shingle_batch` does this for many texts at once with numpy, with no
Python object per word; :func:`shingle_hashes` gives the same set for one text.

Signatures are datasketch MinHash signatures of the ``affine32`` scheme: the 64-bit
shingle hash is folded to 32 bits and given to datasketch's permutations, computed
here for many shingles at once with numpy. ``tests/test_sign.py`` proves that the
values equal those of ``datasketch.MinHash(..., scheme="affine32")`` fed the same
32-bit shingle hashes, so the signatures can go into any datasketch index as
:class:`datasketch.LeanMinHash`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dedupe_cli.arrays import distinct
from dedupe_cli.codepoints import code_points
from dedupe_cli.permutations import affine32_parameters

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SCHEME = "affine32"
#: The version of the word and shingle hashing; a change invalidates cached signatures.
HASHING = "poly64-5gram-1"
_NONWORD = re.compile(r"[^\w\s]")
_U64 = np.uint64
_S33 = _U64(33)
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
_POLY = 0x100000001B3  # odd, so invertible modulo 2**64
_POLY_INV = pow(_POLY, -1, 1 << 64)
_LENGTH_MIX = 0x9E3779B97F4A7C15
#: Characters per block of the batch shingler: bounds its memory (about 60 bytes a character).
BLOCK_CHARS = 1 << 18


def words(text: str) -> list[str]:
    """The normalised words of ``text``: NFKC, case-folded, punctuation replaced by spaces."""
    return _NONWORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()


def _fmix64_int(h: int) -> int:
    mask = (1 << 64) - 1
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    return h ^ (h >> 33)


def word_hash(word: str) -> int:
    """A stable 64-bit hash of one normalised word.

    A polynomial of its code points modulo 2**64, with its length mixed in, through
    MurmurHash3's finaliser: the batch shingler computes the same with numpy.
    """
    h, power = 0, 1
    for ch in word:
        h = (h + ord(ch) * power) & ((1 << 64) - 1)
        power = (power * _POLY) & ((1 << 64) - 1)
    return _fmix64_int((h + len(word) * _LENGTH_MIX) & ((1 << 64) - 1))


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser of every value of ``h``, in place (``h`` is returned): pass a temporary."""
    shifted = h >> _S33
    h ^= shifted
    h *= _U64(0xFF51AFD7ED558CCD)
    np.right_shift(h, _S33, out=shifted)
    h ^= shifted
    h *= _U64(0xC4CEB9FE1A85EC53)
    np.right_shift(h, _S33, out=shifted)
    h ^= shifted
    return h


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
    if shingle == "char":
        joined = " ".join(words(text))
        tokens = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(_U64)
        return distinct(_combine(_fmix64(tokens + _U64(0x632BE59BD9B4E019)), k))
    return shingle_batch([text], k).shingle_set(0)


class _Powers:
    """``_POLY ** i`` and its inverse modulo 2**64 for i below a growing bound."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=_U64)
        self.down = np.ones(1, dtype=_U64)

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if self.up.size < n:
            size = max(n, 2 * self.up.size)
            up = np.full(size, _POLY, dtype=_U64)
            down = np.full(size, _POLY_INV, dtype=_U64)
            up[0] = down[0] = 1
            self.up = np.multiply.accumulate(up)
            self.down = np.multiply.accumulate(down)
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


@dataclass(frozen=True)
class ShingledBatch:
    """The shingles of many texts, flat.

    Attributes:
        word_counts: normalised words per text.
        keys: a 64-bit hash of each text's normalised word sequence (equal words, equal key).
        shingles: shingle hashes, text after text (unsorted, repeats kept).
        offsets: text ``i`` has ``shingles[offsets[i]:offsets[i + 1]]``.
    """

    word_counts: np.ndarray
    keys: np.ndarray
    shingles: np.ndarray
    offsets: np.ndarray

    def shingle_set(self, i: int) -> np.ndarray:
        """The sorted, unique shingle hashes of text ``i``, as :func:`shingle_hashes` gives them."""
        return distinct(self.shingles[self.offsets[i] : self.offsets[i + 1]])

    def shingle_sets(self) -> list[np.ndarray]:
        """Every text's :meth:`shingle_set`, in half the time of asking one by one (no checks per text)."""
        bounds = zip(self.offsets[:-1].tolist(), self.offsets[1:].tolist(), strict=True)
        return [distinct(self.shingles[lo:hi]) for lo, hi in bounds]


def _word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The :func:`word_hash` of every normalised word of ``texts``, and how many words each text has."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a line break inside a text separates words only
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    cps, is_word = code_points(joined)
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])  # a word's start, then its end, and so on
    starts, ends = edges[0::2], edges[1::2]
    up, down = _POWERS.upto(cps.size)
    prefix = np.empty(cps.size + 1, dtype=_U64)
    prefix[0] = 0
    np.cumsum(np.multiply(cps, up, out=prefix[1:]), out=prefix[1:])  # (a dtype= argument is 7 times slower)
    hashes = prefix[ends]
    hashes -= prefix[starts]
    hashes *= down[starts]
    lengths = (ends - starts).astype(_U64)
    lengths *= _U64(_LENGTH_MIX)
    hashes += lengths
    _fmix64(hashes)
    bounds = np.empty(len(texts) + 1, dtype=np.int64)
    bounds[0], bounds[-1] = 0, cps.size
    bounds[1:-1] = np.flatnonzero(cps == 10)
    counts = np.diff(np.searchsorted(starts, bounds))
    return hashes, counts


def _shingle_block(texts: Sequence[str], k: int) -> ShingledBatch:
    hashes, counts = _word_hashes(texts)
    n = hashes.size
    ends = np.cumsum(counts)
    starts = ends - counts
    mixed = np.arange(n, dtype=_U64)
    mixed -= np.repeat(starts.astype(_U64), counts)  # each word's position in its text
    mixed *= _U64(0x9E3779B97F4A7C15)
    mixed ^= hashes
    summed = np.zeros(n + 1, dtype=_U64)
    np.cumsum(_fmix64(mixed), out=summed[1:])
    keys = summed[ends]
    keys -= summed[starts]
    keys ^= counts.astype(_U64)
    _fmix64(keys)
    kk = min(k, _POSITION_MULTIPLIERS.size)
    # acc[i]: the combined hash of the k words from word i; a window that runs into the next text is
    # dropped, and a text shorter than k words gets one shingle of all its words, at its first word
    m = max(n - kk + 1, 0)
    acc = np.zeros(n, dtype=_U64)
    head, term = acc[:m], np.empty(m, dtype=_U64)
    for j in range(kk):
        head += np.multiply(hashes[j : j + m], _POSITION_MULTIPLIERS[j], out=term)
    acc ^= _U64(kk)
    valid = np.zeros(n, dtype=bool)
    valid[:m] = True
    cut = (ends[:, None] - np.arange(1, kk, dtype=np.int64)).ravel()
    valid[cut[(cut >= 0) & (cut < m)]] = False
    short = np.flatnonzero((counts > 0) & (counts < kk))
    if short.size:
        first = starts[short]
        extra = np.zeros(short.size, dtype=_U64)
        for j in range(kk - 1):
            has = counts[short] > j
            extra[has] += hashes[first[has] + j] * _POSITION_MULTIPLIERS[j]
        acc[first] = extra ^ counts[short].astype(_U64)
        valid[first] = True
    flat = _fmix64(acc[valid])
    per_text = np.where(counts >= kk, counts - kk + 1, (counts > 0).astype(np.int64))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(per_text, out=offsets[1:])
    return ShingledBatch(counts.astype(np.int64), keys, flat, offsets)


def shingle_batch(texts: Sequence[str], k: int = 5, shingle: str = "word") -> ShingledBatch:
    """The shingles of many texts at once; per text the same set :func:`shingle_hashes` gives.

    Word shingling is vectorised with numpy over blocks of about :data:`BLOCK_CHARS`
    characters: no Python object is made per word.
    """
    if shingle == "char":
        sets = [shingle_hashes(t, k, "char") for t in texts]
        sizes = np.fromiter((s.size for s in sets), dtype=np.int64, count=len(texts))
        counts = np.fromiter((len(words(t)) for t in texts), dtype=np.int64, count=len(texts))
        keys = _shingle_block(texts, k).keys if texts else np.empty(0, dtype=_U64)
        flat = np.concatenate(sets) if sets else np.empty(0, dtype=_U64)
        return ShingledBatch(counts, keys, flat, np.concatenate(([0], np.cumsum(sizes))).astype(np.int64))
    blocks: list[ShingledBatch] = []
    # ends[i]: the characters of texts 0..i, each with its separator; a block takes texts while it
    # stays within BLOCK_CHARS (at least one text)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    lo = 0
    while lo < len(texts) or not blocks:
        base = int(ends[lo - 1]) if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + BLOCK_CHARS + 1, side="right")))
        blocks.append(_shingle_block(texts[lo:hi], k))
        lo = hi
    if len(blocks) == 1:
        return blocks[0]
    bases = np.cumsum([0] + [b.shingles.size for b in blocks[:-1]])
    return ShingledBatch(
        np.concatenate([b.word_counts for b in blocks]),
        np.concatenate([b.keys for b in blocks]),
        np.concatenate([b.shingles for b in blocks]),
        np.concatenate([[0]] + [b.offsets[1:] + base for b, base in zip(blocks, bases, strict=True)]).astype(np.int64),
    )


def shingle_hash32(h64: int) -> int:
    """Fold a 64-bit shingle hash to the 32-bit input of datasketch's affine32 scheme."""
    return ((h64 >> 32) ^ h64) & 0xFFFFFFFF


def overlap(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted, unique arrays share (``np.intersect1d(a, b).size``, faster)."""
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return 0
    at = b.searchsorted(a)  # the method: no dispatch through numpy's Python wrapper
    np.minimum(at, b.size - 1, out=at)
    return int(np.count_nonzero(b[at] == a))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard similarity of two sorted, unique shingle-hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = overlap(a, b)
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
        # datasketch's affine32 permutations (MinHash._init_permutations), made here so that
        # importing datasketch (0.6 s: it pulls in scipy) is not needed to sign
        self._a, self._b = affine32_parameters(num_perm, seed)

    @staticmethod
    def _premix(h32: np.ndarray) -> np.ndarray:
        # datasketch's fmix32 pre-mix of the input hash (MurmurHash3 finalizer)
        h = h32 ^ (h32 >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        mixed: np.ndarray = h ^ (h >> np.uint32(16))
        return mixed

    def sign_many(self, sets: Sequence[np.ndarray]) -> np.ndarray:
        """Signatures (one row of ``num_perm`` uint32 values each) of many shingle sets.

        An empty set gets the all-maximum signature, as an empty datasketch MinHash has.
        """
        sizes = np.fromiter((s.size for s in sets), dtype=np.int64, count=len(sets))
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        flat = np.concatenate(list(sets)) if sets else np.empty(0, dtype=_U64)
        return self.sign_flat(flat.astype(_U64, copy=False), offsets)

    def sign_flat(
        self, shingles: np.ndarray, offsets: np.ndarray, chunk: int = 8192, perms: int | None = None
    ) -> np.ndarray:
        """Signatures of the segments ``shingles[offsets[i]:offsets[i + 1]]`` (repeats allowed).

        The work is done permutation-major on blocks of about ``chunk`` shingles, so the
        intermediate values stay in the processor cache; a segment of more shingles is taken a
        block at a time (memory ``perms x chunk`` whatever the text's length).

        ``perms``: only the first this many values of each signature (None: all ``num_perm``),
        each as the whole signature has it. LSH bands read the first ``bands x rows`` values
        only (111 of 128 at the default threshold), so a scan computes no more.
        """
        perms = self.num_perm if perms is None else min(perms, self.num_perm)
        n = offsets.size - 1
        out = np.full((max(n, 0), perms), np.iinfo(np.uint32).max, dtype=np.uint32)
        sizes = np.diff(offsets)
        nonempty = np.flatnonzero(sizes)
        if nonempty.size == 0:
            return out
        mixed = self._premix(((shingles >> _U64(32)) ^ shingles).astype(np.uint32))
        starts = offsets[nonempty]
        ends = offsets[nonempty + 1]
        a, b = self._a[:perms, None], self._b[:perms, None]
        buf = np.empty((perms, chunk), dtype=np.uint32)
        lo = 0
        while lo < nonempty.size:
            hi = max(lo + 1, int(np.searchsorted(ends, starts[lo] + chunk, side="right")))
            first, last = int(starts[lo]), int(ends[hi - 1])
            if last - first > chunk:  # one unit wider than a block: its minimum taken block by block
                row = out[int(nonempty[lo])]
                for left in range(first, last, chunk):
                    block = buf[:, : min(chunk, last - left)]
                    np.multiply(a, mixed[None, left : left + block.shape[1]], out=block)
                    np.add(block, b, out=block)
                    np.minimum(row, block.min(axis=1), out=row)
                lo = hi
                continue
            block = buf[:, : last - first]
            np.multiply(a, mixed[None, first:last], out=block)
            np.add(block, b, out=block)
            out[nonempty[lo:hi]] = np.minimum.reduceat(block, starts[lo:hi] - first, axis=1).T
            lo = hi
        return out

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """A datasketch LeanMinHash of one signature row, for datasketch's indexes."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME)
