"""Words of harm: which harm a word tells, and which the word nearest a figure tells.

A count told with a word of harm counts the harmed: "killed 24 people" counts the dead, as "27 deaths" does, and
"injured 15" the hurt. Where a sentence tells both ("killed 24 people and injured 15"), the word nearest a figure
tells its harm.
"""

from __future__ import annotations

from functools import lru_cache

from dedupe_cli.claims.lexicon import lemma, tokens_around

__all__ = ["HARM_KINDS", "nearest_harm"]

#: Words of harm (lemmas: "killed" and "died" fold to death), each with the harm it tells: death, injury, or either
#: ("casualties", "victims"). A count told with one counts the harmed.
HARM_KINDS = {
    "death": frozenset(["death"]),
    "drown": frozenset(["death"]),
    "drowned": frozenset(["death"]),
    "injury": frozenset(["injury"]),
    "victim": frozenset(["death", "injury"]),
    "casualty": frozenset(["death", "injury"]),
}


@lru_cache(maxsize=4096)
def nearest_harm(text: str, start: int, end: int) -> str:
    """The harm ("death", "injury") told by the word of harm nearest ``text[start:end]``, among the words around it
    (:func:`~dedupe_cli.claims.lexicon.tokens_around`); "" when there is none, or when one as near tells another
    harm or both ("casualties")."""
    words_before, words_after = tokens_around(text, start, end)
    by_distance = [(n, lemma(w)) for n, w in enumerate(reversed(words_before))]
    by_distance += [(n, lemma(w)) for n, w in enumerate(words_after)]
    kinds = [(n, HARM_KINDS[w]) for n, w in by_distance if w in HARM_KINDS]
    if not kinds:
        return ""
    nearest = min(n for n, _ in kinds)
    found = frozenset().union(*(k for n, k in kinds if n == nearest))
    return next(iter(found)) if len(found) == 1 else ""
