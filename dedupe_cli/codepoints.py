"""Normalised text as code points, with which of them are word characters, for the batch word hasher.

The normalisation is :func:`dedupe_cli.sign.words`'s: Unicode NFKC, then case folding; a word
character is an ASCII letter, digit or ``_``, or any other alphanumeric character. ASCII text (the
usual case) is handled as bytes; other text whose characters all fit in two bytes is case-folded
character by character on its distinct characters (folding maps each character on its own), and
anything else goes through ``str.casefold``.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np

_ASCII_WORD = np.zeros(128, dtype=bool)
_ASCII_WORD[[ord(c) for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"]] = True
#: ``bytes.translate`` table of ASCII word characters to 1, everything else to 0.
_ASCII_WORD_TABLE = bytes(_ASCII_WORD.astype(np.uint8)) + bytes(128)


def code_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of ``text`` normalised (NFKC, case-folded), and whether each is a word character.

    The flags have one False more at each end, so that every word has a start and an end.
    """
    if text.isascii():  # NFKC leaves ASCII as it is and case-folds it to lower case: one byte a character
        data = text.lower().encode("ascii")
        return np.frombuffer(data, dtype=np.uint8), np.frombuffer(
            b"\0" + data.translate(_ASCII_WORD_TABLE) + b"\0", dtype=bool
        )
    normal = unicodedata.normalize("NFKC", text)
    narrow = _casefold_bmp(normal)
    if narrow is not None:
        is_word = np.zeros(narrow.size + 2, dtype=bool)
        np.take(_bmp_word_table(), narrow, out=is_word[1:-1])
        return narrow, is_word
    folded = normal.casefold()
    cps = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = np.zeros(cps.size + 2, dtype=bool)
    inner = is_word[1:-1]
    ascii_ = cps < 128
    inner[ascii_] = _ASCII_WORD[cps[ascii_]]
    other = ~ascii_
    uniq, inverse = np.unique(cps[other], return_inverse=True)
    inner[other] = np.array([chr(c).isalnum() for c in uniq.tolist()], dtype=bool)[inverse]
    return cps, is_word


@functools.lru_cache(maxsize=1)
def _bmp_word_table() -> np.ndarray:
    """Whether each character up to U+FFFF is a word character: ASCII ones and ``_``, or alphanumeric."""
    table = np.fromiter((chr(c).isalnum() for c in range(1 << 16)), dtype=bool, count=1 << 16)
    table[:128] = _ASCII_WORD
    return table


def _casefold_bmp(text: str) -> np.ndarray | None:
    """The code points of ``text.casefold()`` as uint16, when every character is below U+10000 and folds to one.

    Case folding maps each character on its own, so only the distinct characters beyond ASCII are
    folded one by one; None when one folds to several characters (``ß``) or any is beyond U+FFFF.
    """
    wide = text.encode("utf-16-le", "surrogatepass")
    if len(wide) != 2 * len(text):
        return None
    cps = np.frombuffer(wide, dtype=np.uint16).copy()
    cps[(cps >= 65) & (cps <= 90)] += np.uint16(32)  # ASCII folds to lower case
    high = cps >= 128
    uniq, inverse = np.unique(cps[high], return_inverse=True)
    folded = [chr(c).casefold() for c in uniq.tolist()]
    if any(len(f) != 1 or ord(f) > 0xFFFF for f in folded):
        return None
    cps[high] = np.array([ord(f) for f in folded], dtype=np.uint16)[inverse]
    return cps
