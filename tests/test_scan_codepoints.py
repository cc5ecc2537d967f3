"""Normalised code points of the batch word hasher equal NFKC + casefold, whatever path the text takes."""

from __future__ import annotations

import unicodedata

import pytest

from dedupe_cli.codepoints import code_points


def _expected(text: str) -> tuple[list[int], list[bool]]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [ord(c) for c in folded], [c == "_" or c.isalnum() for c in folded]


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII, with_underscores and 42 numbers.",
        "\u201cCurly quotes\u201d \u2014 and an \u00c9l\u00e8ve in \u00dcbersicht",  # two-byte, one-to-one folds
        "Stra\u00dfe and \u0130stanbul",  # folds to several characters
        "Emoji \U0001f600 beyond U+FFFF",
        "\ufb01ne \uff26\uff35\uff2c\uff2c and the \u212a Kelvin sign",  # NFKC changes these
        "\u03a3\u0399\u03a3\u03a5\u03a6\u039f\u03a3 \u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2",
        "",
    ],
)
def test_code_points_are_the_normalised_text(text: str) -> None:
    cps, is_word = code_points(text)
    codes, words = _expected(text)
    assert cps.tolist() == codes
    assert is_word.tolist() == [False, *words, False]
