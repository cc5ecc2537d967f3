"""Make untrusted article text safe to show.

Article text can hold terminal escape sequences, control characters and very long
runs; every output format passes excerpts through :func:`excerpt` or
:func:`strip_controls` before its own escaping.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_controls(text: str, keep_newlines: bool = False) -> str:
    """Remove ANSI escape sequences and control characters (newlines become spaces unless kept)."""
    text = _ANSI.sub("", text)
    if keep_newlines:
        return "\n".join(_CONTROLS.sub(" ", line) for line in text.split("\n"))
    return _CONTROLS.sub(" ", text.replace("\n", " "))


def excerpt(text: str, limit: int = 160) -> str:
    """A one-line, control-free excerpt of at most ``limit`` characters."""
    flat = " ".join(strip_controls(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"
