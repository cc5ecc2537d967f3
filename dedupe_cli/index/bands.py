"""LSH banding of MinHash signatures, as datasketch's MinHashLSH bands them.

Both backends use the bands and rows ``MinHashLSH`` picks for the index's threshold.
The Redis backend keeps datasketch's own band keys (the bytes of each band's values);
the SQLite backend folds each band to one signed 64-bit bucket number, band number
included, so equal bands give equal buckets and different bands never share one.
These numbers are part of the stored layout: changing them needs a new
``FORMAT_VERSION``.
"""

from __future__ import annotations

import numpy as np

_U64 = np.uint64
_PRIME = _U64(0x100000001B3)
_BASIS = _U64(0xCBF29CE484222325)


def _finish(h: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: every input bit reaches every output bit
    h = (h ^ (h >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> _U64(27))) * _U64(0x94D049BB133111EB)
    mixed: np.ndarray = h ^ (h >> _U64(31))
    return mixed


def band_buckets(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """An (n, bands) int64 array: the bucket of every band of every signature row."""
    n = signatures.shape[0]
    sig = signatures.astype(_U64)
    out = np.empty((n, bands), dtype=_U64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            acc = np.full(n, _BASIS ^ _U64(band), dtype=_U64)
            for col in range(band * rows, (band + 1) * rows):
                acc = (acc ^ sig[:, col]) * _PRIME
            out[:, band] = _finish(acc)
    return out.view(np.int64)


def band_keys(hashvalues: np.ndarray, bands: int, rows: int) -> list[bytes]:
    """datasketch's MinHashLSH band keys of one signature (the bytes of each band, byte-swapped)."""
    return [bytes(hashvalues[b * rows : (b + 1) * rows].byteswap().data) for b in range(bands)]
