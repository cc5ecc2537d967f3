"""One sentence as the mismatch rules read it (:class:`Side`): its words and their lemmas, its content
words, and the words its negations govern (a cue -- "not", "never", "refused to", "stop" before a
gerund -- governs the first lower-case content word after it, within its clause).

Read once per text and kept while it is among the last few thousand read (:func:`side`):
:mod:`dedupe_cli.claims.contrast` compares a story's sentences pair by pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dedupe_cli.claims.lexicon import HEDGES, NOUN_STOP_BEFORE, STOP
from dedupe_cli.claims.roles import lemmas

__all__ = ["LONG_WORD", "SKIP", "Side", "around", "hedged", "in_negated_clause", "side"]

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|n't|[,;:.!?()\"“”]")
_PRONOUNS = frozenset(["he", "she", "they", "it", "his", "her", "their", "its", "him", "them"])
#: Letters a word needs before a misspelt form of it is looked for.
LONG_WORD = 6
_NEGATORS = frozenset(["not", "n't", "never", "no", "nor", "neither", "without", "cannot", "nothing", "none", "nobody"])
_PREPOSITIONS = frozenset(["in", "on", "at", "of", "for", "with", "by", "from", "to", "about", "into", "over"])
#: Words that make the rest of their clause hypothetical ("decide whether projects harm species").
_OPEN = frozenset(["whether", "if", "unless"])
#: Verbs whose complement is not the case ("refused to sign", "denied taking").
_NEG_VERBS = frozenset(["refuse", "fail", "decline", "deny", "unable"])
#: Verbs that end what the next one, a gerund, says ("will stop selling" says it will not sell).
_STOP_VERBS = frozenset(["stop", "cease", "quit", "halt"])
#: Words skipped between a negation and the word it governs.
SKIP = frozenset(
    str.split(
        """be been being am is are was were have has had do does did will would shall should can could may might
    must to yet even ever actually a an the any so only also really again once she he they it we i you there
    its their his her this that longer"""
    )
)
_HEDGED = HEDGES - {"reported", "claimed"}
#: Words after a negation that undo it ("not only", "no doubt").
_NOT_NEGATING = frozenset(["only", "just", "least", "but", "doubt", "until", "unlike", "far"])


@dataclass(frozen=True)
class Side:
    """One sentence as the rules read it, made once per text (see :func:`side`): its words, each word's
    lemmas, its content words, what its negations govern, and lookups the coverage test repeats."""

    words: tuple[str, ...]
    lemmas: tuple[frozenset[str], ...]
    content: tuple[int, ...]
    negated: dict[str, frozenset[str]]
    governed: tuple[int, ...]
    #: every lemma of every word
    all_lemmas: frozenset[str]
    #: the words of :data:`LONG_WORD` letters or more, lower-cased (a misspelt word is looked for among them)
    long_words: tuple[str, ...]
    #: whether a pronoun stands in it
    pronoun: bool
    #: whether it hedges (see :func:`hedged`)
    hedge: bool
    #: per content word (in :attr:`content` order), its lemmas; and every lemma of a content word
    content_lemmas: tuple[frozenset[str], ...]
    content_every: frozenset[str]
    #: per content word, whether it is too short to be looked for as a misspelling
    content_short: tuple[bool, ...]


def _is_cue(words: tuple[str, ...], lem: tuple[frozenset[str], ...], i: int) -> bool:
    lw = words[i].lower()
    if lw in _NEGATORS or lw.endswith("n't"):
        return not (i + 1 < len(words) and words[i + 1].lower() in _NOT_NEGATING)
    return bool(lem[i] & _NEG_VERBS) and i + 1 < len(words) and words[i + 1].lower() in {"to", "that"}


def _stops(words: tuple[str, ...], lem: tuple[frozenset[str], ...], i: int) -> bool:
    """Whether word ``i`` ends what the gerund after it says ("stop selling"): that gerund is negated, but
    the clause is not (a sentence may "plan to stop buying" and still plan)."""
    if not (lem[i] & _STOP_VERBS and i + 1 < len(words) and words[i + 1].lower().endswith("ing")):
        return False
    return not (i and words[i - 1].lower() in NOUN_STOP_BEFORE)  # "the bus stop parking area": a noun


def _governed(words: tuple[str, ...], lem: tuple[frozenset[str], ...]) -> tuple[int, ...]:
    """The positions of the words a negation governs (the first lower-case content word after the cue,
    within the clause)."""
    out: list[int] = []
    for i in range(len(words)):
        if _stops(words, lem, i):
            out.append(i + 1)
            continue
        if not _is_cue(words, lem, i):
            continue
        for j in range(i + 1, min(len(words), i + 5)):
            w = words[j].lower()
            if not w[0].isalnum():
                break
            if w in SKIP or w in _NEGATORS or w in _PREPOSITIONS:
                continue
            if words[j][0].isupper() or w in STOP:
                break
            out.append(j)
            break
    return tuple(out)


def in_negated_clause(side: Side, i: int) -> bool:
    """Whether a negation stands in the clause of word ``i`` ("didn't think he won", "I feel we weren't
    winning"), or the clause is open ("whether they won")."""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(side.words) and side.words[k][0].isalnum():
            if _is_cue(side.words, side.lemmas, k) or (step < 0 and side.words[k].lower() in _OPEN):
                return True
            k += step
    return False


def around(words: tuple[str, ...], lem: tuple[frozenset[str], ...], i: int, size: int = 4) -> frozenset[str]:
    """The lemmas of the content words within ``size`` words of word ``i`` (its context, which two
    sentences must share for a word in them to be the same claim's)."""
    near = [k for k in range(max(0, i - size), min(len(words), i + size + 1)) if k != i and words[k][0].isalnum()]
    return frozenset(x for k in near if words[k].lower() not in STOP and len(words[k]) > 1 for x in lem[k])


def side(text: str) -> Side:
    """A sentence as the rules read it (found once per text while it is among the last few thousand read;
    a caller comparing many sentences many times may keep them)."""
    return _side(text)


@lru_cache(maxsize=4096)
def _side(text: str) -> Side:
    words = tuple(_TOKEN.findall(text.replace("’", "'")))
    lem = tuple(lemmas(w) for w in words)
    content = tuple(
        i
        for i, w in enumerate(words)
        if w.lower() not in STOP and w.lower() not in _NEGATORS and len(w) > 1 and w[0].isalnum()
    )
    governed = _governed(words, lem)
    negated: dict[str, frozenset[str]] = {}
    for j in governed:
        for x in lem[j]:
            negated[x] = negated.get(x, frozenset()) | around(words, lem, j)
    every = frozenset(x for ls in lem for x in ls)
    lower = [w.lower() for w in words]
    long_words = tuple(low for w, low in zip(words, lower, strict=True) if len(w) >= LONG_WORD)
    pronoun, hedge = not _PRONOUNS.isdisjoint(lower), not _HEDGED.isdisjoint(lower)
    content_lemmas = tuple(lem[i] for i in content)
    content_every = frozenset(x for ls in content_lemmas for x in ls)
    short = tuple(len(words[i]) < LONG_WORD for i in content)
    return Side(
        words, lem, content, negated, governed, every, long_words, pronoun, hedge, content_lemmas, content_every, short
    )


def hedged(text: str) -> bool:
    """Whether a sentence hedges what it says ("allegedly", "possibly"); "reported" and "claimed" as
    verbs ("reported earnings of $3m") state facts and do not count."""
    return _side(text).hedge
