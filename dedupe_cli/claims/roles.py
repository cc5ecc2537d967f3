"""Who does what in a sentence, without a parser: the actor of a verb, the reach of a negation.

Sentences are token tuples (as :mod:`dedupe_cli.claims.contrast` splits them). The
actor of a verb is the run of words before it back to a clause boundary (through a
relative pronoun to its antecedent, through a passive "by" to the agent, through
he/she to the last person named). Two mentions are of one actor when these share a
word; an actor that cannot be found never blocks anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lemminflect import getAllLemmas
from rapidfuzz import fuzz

from dedupe_cli.claims.entities import people
from dedupe_cli.claims.lexicon import ALIASES, STOP


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma a word may have (lower case, the word itself included)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    found = {w}
    for forms in getAllLemmas(w).values():
        found.update(f.lower() for f in forms)
    return frozenset(found)


def same_word(lemma: str, forms: frozenset[str]) -> bool:
    """Whether ``lemma`` is one of ``forms``, allowing a misspelling of a longer word ("loose" for "lose")."""
    if lemma in forms:
        return True
    return len(lemma) >= 4 and any(
        len(f) >= 4 and f[0] == lemma[0] and fuzz.ratio(lemma, f) >= 85 for f in forms if f.isalpha()
    )


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Clause boundaries: the actor of a verb is never found across them.
_BOUNDARY = _set(
    """which that who whom where when while because and but although though as if after before since said says
    told whether than so or"""
)
_RELATIVE = frozenset(["which", "that", "who"])
_BE = frozenset(["be", "is", "are", "was", "were", "been", "being", "am"])
#: Words between an actor and its verb (auxiliaries, negations, adverbs of time).
_AUX = _BE | _set(
    """have has had do does did will would shall should can could may might must not never no n't also yet
    already still just only even ever really again once then now later"""
)
_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
_OTHER_PRONOUNS = frozenset(["it", "they", "we", "i", "you", "this", "these", "those", "its", "their"])
_PREPS = frozenset(["in", "on", "at", "for", "with", "from", "to", "into", "over", "about", "after", "during"])
#: Verbs and prepositions that take their object away ("eliminate the reviews", "without the reviews").
_REMOVAL = _set("""eliminate remove abolish scrap lack cancel withdraw strip repeal abandon drop without end""")
_FUTURE = _set("""will 'll would shall could may might going expected scheduled due set soon plan plans planned""")


def _aux(word: str) -> bool:
    w = word.lower()
    return w in _AUX or w.endswith("n't")


def _words_of(words: Sequence[str], start: int, stop: int) -> frozenset[str]:
    out: set[str] = set()
    for w in words[start:stop]:
        lw = w.lower()
        if lw in STOP or not w[0].isalnum() or lw.isdigit() or len(lw) < 2:
            continue
        out |= lemmas(w)
        folded = ALIASES.get(lw)
        if folded:
            out.add(folded.lower())
    return frozenset(out)


def _backwards(words: Sequence[str], end: int, limit: int, stop_at_preposition: bool) -> int:
    """The start of the run of words ending before ``end`` up to a boundary (at most ``limit`` words)."""
    k = end - 1
    while k >= 0 and end - k <= limit:
        w = words[k].lower()
        if not words[k][0].isalnum() or w in _BOUNDARY or (stop_at_preposition and w in _PREPS):
            break
        k -= 1
    return k + 1


def agent(words: Sequence[str], i: int, who: str = "") -> frozenset[str] | None:
    """The lemmas naming who does what word ``i`` says, or None when it cannot be told.

    Active clauses give the words before the verb back to a clause boundary; a relative pronoun gives its
    antecedent ("the Act, which required" -> the Act); a passive with "by" gives the agent after it;
    he/she gives ``who`` (the last person named before) or a person named earlier in the sentence.
    """
    k = i - 1
    passive = False
    while k >= 0 and _aux(words[k]):
        passive = passive or words[k].lower() in _BE
        k -= 1
    if passive and i + 1 < len(words) and words[i + 1].lower() == "by":
        end = i + 2
        while end < len(words) and end - i <= 8 and words[end][0].isalnum() and words[end].lower() not in _BOUNDARY:
            end += 1
        return _words_of(words, i + 2, end) or None
    if passive:
        return None
    start = _backwards(words, k + 1, 6, stop_at_preposition=False)
    run = [w.lower() for w in words[start : k + 1]]
    if not run and k >= 0 and words[k].lower() in _RELATIVE:
        r = k - 1
        if r >= 0 and not words[r][0].isalnum():
            r -= 1
        start = _backwards(words, r + 1, 6, stop_at_preposition=True)
        return _words_of(words, start, r + 1) or None
    if run and run[-1] in _PERSON_PRONOUNS:
        earlier = people(" ".join(words[:start]))
        person = earlier[-1] if earlier else who
        return frozenset([person.lower()]) if person else None
    if not run or run[-1] in _OTHER_PRONOUNS:
        return None
    return _words_of(words, start, k + 1) or None


def same_actor(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Whether two actors may be one (unknown actors may be anyone)."""
    if not a or not b or a & b:
        return True
    return any(len(x) >= 5 and len(y) >= 5 and fuzz.ratio(x, y) >= 85 for x in a for y in b)


def removed(words: Sequence[str], lem: Sequence[frozenset[str]], i: int) -> bool:
    """Whether word ``i`` is the object of a verb that takes it away ("eliminate the independent reviews")."""
    return any(lem[k] & _REMOVAL for k in range(max(0, i - 6), i))


def not_yet(words: Sequence[str], j: int) -> bool:
    """Whether the negation before word ``j`` says "not yet" (the event may still come)."""
    return any(w.lower() == "yet" for w in words[max(0, j - 4) : j])


def future(words: Sequence[str], i: int) -> bool:
    """Whether word ``i`` tells of an event still to come ("will take effect")."""
    return any(w.lower() in _FUTURE for w in words[max(0, i - 3) : i])


def narrower(words: Sequence[str], j: int, other: frozenset[str]) -> bool:
    """Whether the object after negated word ``j`` has a word ``other`` lacks: denying "a clean punch"
    does not deny "a punch"."""
    for w in words[j + 1 : j + 6]:
        lw = w.lower()
        if not w[0].isalnum() or lw in _PREPS or lw in {"of", "by", "at", "as", "than"}:
            return False
        if lw in STOP or lw in _AUX or len(lw) < 3:
            continue
        if not any(same_word(x, other) for x in lemmas(w)):
            return True
    return False


_PREFIXES = ("un", "in", "im", "il", "ir", "non", "non-", "dis")


def prefixed(word: str, others: frozenset[str]) -> frozenset[str]:
    """The words of ``others`` that negate ``word`` by a prefix, or that ``word`` negates ("likely" /
    "unlikely", "legal" / "illegal", "armed" / "unarmed"). Besides "un-", only adjectives count:
    "form" / "inform" and "cover" / "discover" are not opposites."""
    out: set[str] = set()
    # the words that may pair with ``word`` are looked up by prefix (not every other word tried: a
    # story's sentences are compared pair by pair)
    if len(word) >= 4:  # ``word`` the shorter: a prefix before it makes the other
        for prefix in _PREFIXES:
            longer = prefix + word
            if longer in others and (longer.startswith("un") or "ADJ" in getAllLemmas(word)):
                out.add(longer)
    for prefix in _PREFIXES:  # ``word`` the longer: the other is what follows its prefix
        shorter = word[len(prefix) :]
        if not word.startswith(prefix) or len(shorter) < 4 or shorter not in others:
            continue
        if word.startswith("un") or "ADJ" in getAllLemmas(shorter):
            out.add(shorter)
    return frozenset(out)


__all__ = ["agent", "future", "lemmas", "narrower", "not_yet", "prefixed", "removed", "same_actor", "same_word"]
