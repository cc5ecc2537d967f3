"""Causal framing: why something was done, asserted ("to ease pressure from investors", "under pressure") or denied
("not a concession to pressure", "independent of U.S. pressure"), for a cause named by a noun of a known class.

Two sources that frame one act as done under a cause and not under it conflict (a ``polarity`` claim); the claim
shows the sentence's own words from the cue to the cause and whose it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice

from dedupe_cli.claims.lexicon import BE_FORMS, CAUSE_NOUNS, NEGATIONS, WORD

_ASSERT_CUE = re.compile(
    r"\b(?:(?:aim(?:ed|ing|s)?|seek(?:ing|s)?|sought|meant|designed|intended|efforts?|moves?|bid|in order)"
    r"\s+to\s+|to\s+)"
    r"(?:address|alleviate|ease|relieve|appease|placate|satisfy|meet|defuse|respond\s+to|head\s+off|avert)\b"
    r"|\b(?:in\s+response\s+to|under|because\s+of|due\s+to|bow(?:ed|ing)?\s+to|yield(?:ed|ing)?\s+to|"
    r"cav(?:ed|ing)\s+(?:in\s+)?to|concession\s+to|in\s+reaction\s+to|prompted\s+by|driven\s+by|as\s+a\s+result\s+of|"
    r"succumb(?:ed|ing)?\s+to|giving\s+in\s+to|gave\s+in\s+to)\b",
    re.I,
)
_DENY_CUE = re.compile(
    r"\b(?:independent(?:ly)?\s+of|regardless\s+of|irrespective\s+of|free\s+(?:of|from)|"
    r"not\s+(?:a\s+|an\s+)?(?:concession|response|reaction|capitulation)\s+to|not\s+(?:because\s+of|due\s+to|"
    r"driven\s+by|prompted\s+by|under)|rather\s+than\s+(?:bow|yield|cav)\w*\s+to|den(?:y|ied|ies|ying)\s+\w*\s*\w*\s*"
    r"(?:bowing|yielding|caving)\s+to)\b",
    re.I,
)


def _cause_after(text: str, pos: int = 0) -> tuple[str, int]:
    """The cause class of the first cause noun within six words after a cue (at ``pos``) and where the noun ends,
    or ('', pos).

    Only those six words are read (``WORD`` looks neither behind nor ahead of its match, so its matches from
    ``pos`` are those of ``text[pos:]``): a sentence of many cues does not read its rest once per cue.
    """
    for m in islice(WORD.finditer(text, pos), 6):  # WORD: the pattern lexicon.tokens splits words with
        cls = CAUSE_NOUNS.get(m.group().lower())
        if cls:
            return cls, m.end()
    return "", pos


#: Whose or what cause a cause noun is: "from investors", "by the unions", "of global warming" (up to 4 words).
_CAUSE_OF = re.compile(
    r"\s+(?:from|by|of|over)"
    r"(?:\s+(?!(?:on|in|at|after|before|for|to|and|but|or|as|with|when|while|that|which)\b)[^\W\d_][\w'’-]*){1,4}"
)
#: A verb of being before "under": a state ("we were under pressure", "came under pressure"), not why something
#: was done ("resigned under pressure").
_STATE_BEFORE = re.compile(rf"\b(?:{BE_FORMS}|am|remain(?:s|ed)?|came|come|comes|coming)\s+\Z", re.I)


def causal_claims(text: str) -> list[tuple[str, bool, int, int]]:
    """Causal framing in a sentence: (cause class, asserted?, start, end) per cue with a cause noun; the span runs
    from the cue to the noun ("due to the threat")."""
    out: list[tuple[str, bool, int, int]] = []
    denied_spans: list[tuple[int, int]] = []
    for m in _DENY_CUE.finditer(text):
        cause, end = _cause_after(text, m.end())
        if cause:
            out.append((cause, False, m.start(), end))
            denied_spans.append((m.start(), m.end()))
    denied_starts = [s for s, _ in denied_spans]  # matches of one pattern: disjoint and in order
    for m in _ASSERT_CUE.finditer(text):
        k = bisect_right(denied_starts, m.start()) - 1
        if k >= 0 and m.start() < denied_spans[k][1]:
            continue
        if m.group().lower() == "under" and _STATE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        cause, end = _cause_after(text, m.end())
        if not cause:
            continue
        before = text[max(0, m.start() - 25) : m.start()].lower().split()
        negated = bool(set(before[-3:]) & NEGATIONS) or any(w.endswith("n't") for w in before[-3:])
        out.append((cause, not negated, m.start(), end))
    return out


def framing(text: str, asserted: bool, start: int, end: int) -> str:
    """How a framing at ``text[start:end]`` (from :func:`causal_claims`) is shown: the sentence's own words, with
    whose cause it is ("the threat from global warming"), and "not: " when words before an asserting cue deny it."""
    whose = _CAUSE_OF.match(text, end)  # "pressure from investors", "the threat from global warming"
    told = " ".join(text[start : whose.end() if whose else end].split())
    return told if asserted or _DENY_CUE.match(text, start) else "not: " + told


__all__ = ["causal_claims", "framing"]
