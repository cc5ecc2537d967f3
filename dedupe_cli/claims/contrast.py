"""Mismatch features of two aligned sentences (de Marneffe et al. 2008, without a parser).

The shorter sentence is aligned to the longer by its content lemmas (lemminflect);
only when nearly all of it is covered is a mismatch looked for: a negation that
governs a word the other sentence asserts, a pair of antonyms in the same slot, or
a proper name the other article never mentions standing where the other sentence
has a different name. Anything less is no evidence: precision first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process

from dedupe_cli.claims import frames, roles
from dedupe_cli.claims.lexicon import ALIASES, STOP
from dedupe_cli.claims.sides import LONG_WORD, SKIP, Side, around, in_negated_clause, side


def _split(text: str) -> list[str]:
    return text.split()


#: Pairs of lemmas that cannot both hold of one subject and event (either order); alternatives after "|".
#: Pairs that name successive events of one story (hire/fire, begin/end, open/close a vote) are left
#: out: news tells both.
OPPOSITES: tuple[tuple[str, str], ...] = tuple(
    (a, b)
    for line in _split(
        """
    win:lose|forfeit  victory:defeat  winner:loser  approve:reject|veto|oppose|against
    accept:reject|refuse|decline  pass:reject|defeat|veto  rise:fall|drop|decline  increase:decrease|cut|reduce
    gain:lose|loss  profit:loss|lose  earn:lose  earning:lose|loss  earnings:lose|loss  guilty:innocent
    convict:acquit  alive:dead  support:confrontation|opposition|doubt|undermine|condemnation
    survive:die|kill  confirm:deny  admit:deny  support:oppose|against|fight|combat|confront|condemn
    allow:ban|forbid|prohibit|bar  legal:illegal  include:exclude
    succeed:fail  success:failure  strengthen:weaken  expand:shrink|contract  cause:prevent  defeat:lose
    beat:lose  approval:rejection|veto  acceptance:rejection|refusal  agree:disagree|refuse  retain:lose
    keep:lose  ally:enemy|rival  possible:impossible  permanent:temporary  majority:minority  true:false
    present:absent  male:female  elect:defeat|oust  re-elect:defeat|oust
    """
    )
    for a, _, rest in [line.partition(":")]
    for b in rest.split("|")
)
_OPPOSITE_OF: dict[str, frozenset[str]] = {}
for _a, _b in OPPOSITES:
    _OPPOSITE_OF[_a] = _OPPOSITE_OF.get(_a, frozenset()) | {_b}
    _OPPOSITE_OF[_b] = _OPPOSITE_OF.get(_b, frozenset()) | {_a}

#: Capitalised words that start sentences and headlines but name nothing.
_NOT_NAMES = STOP | SKIP | frozenset(["mr", "mrs", "ms", "dr", "the", "in", "on", "at", "after", "but", "and"])


@dataclass(frozen=True)
class Mismatch:
    """Why two aligned sentences cannot both be true: the conflict subtype and a one-line reason."""

    subtype: str
    reason: str


def _covered(word: str, lem: frozenset[str], other: Side, names: frozenset[str]) -> bool:
    return _plainly_covered(word, lem, other, names) or _misspelt_in(word, other)


def _plainly_covered(word: str, lem: frozenset[str], other: Side, names: frozenset[str]) -> bool:
    """Whether the other sentence has one of the word's lemmas, or (a name) its article names it."""
    return not lem.isdisjoint(other.all_lemmas) or _named(word, names)


def _named(word: str, names: frozenset[str]) -> bool:
    """Whether a capitalised word, or the name it is short for, is among ``names`` (lower-cased)."""
    return word[:1].isupper() and (word.lower() in names or ALIASES.get(word.lower(), "").lower() in names)


def _misspelt_in(word: str, other: Side) -> bool:
    """Whether a long word stands in the other sentence with a letter or two wrong."""
    if len(word) < LONG_WORD or not other.long_words:
        return False
    return process.extractOne(word.lower(), other.long_words, scorer=fuzz.ratio, score_cutoff=85) is not None


def covers(short: str, long: str, doc_words: Iterable[str], share: float) -> bool:
    """Whether :func:`coverage` reaches ``share``, told without looking for misspellings once the
    words no lemma or name covers are too many (the test a story's sentences take pair by pair)."""
    return covers_side(side(short), side(long), doc_words, share)


def covers_side(s: Side, t: Side, doc_words: Iterable[str], share: float) -> bool:
    """:func:`covers` of two sentences already read (:func:`side`)."""
    if not s.content:
        return share <= 0.0  # coverage is 0 without content words
    names = _names(t, doc_words)
    every = t.all_lemmas
    if not names and s.content_every.isdisjoint(every):
        left: Sequence[int] = range(len(s.content))  # no word covered by lemma or name
    else:
        left = [
            k
            for k, lem in enumerate(s.content_lemmas)
            if lem.isdisjoint(every) and not (names and _named(s.words[s.content[k]], names))
        ]
    n = len(s.content)
    if 1.0 - sum(s.content_short[k] for k in left) / n < share:
        return False  # the words too short to be misspelt are already too many
    uncovered = 0
    for k in left:
        if not _misspelt_in(s.words[s.content[k]], t):
            uncovered += 1
            if 1.0 - uncovered / n < share:
                return False
    return 1.0 - uncovered / n >= share


def coverage(short: str, long: str, doc_words: Iterable[str] = ()) -> float:
    """The share of ``short``'s content words that ``long`` contains (by lemma); names may be found
    anywhere in the other article (``doc_words``), since a later sentence says "he"."""
    s = side(short)
    if not s.content:
        return 0.0
    return 1.0 - len(_uncovered(short, long, doc_words)) / len(s.content)


def _uncovered(short: str, long: str, doc_words: Iterable[str]) -> list[int]:
    s, t = side(short), side(long)
    names = _names(t, doc_words)
    return [i for i in s.content if not _covered(s.words[i], s.lemmas[i], t, names)]


def _names(long: Side, doc_words: Iterable[str]) -> frozenset[str]:
    """The names a shorter sentence's names may be found among: its article's (``doc_words``) when the
    longer sentence says he or she, else none."""
    if not long.pronoun:
        return frozenset()
    if isinstance(doc_words, frozenset):
        return _lowered(doc_words)
    return frozenset(w.lower() for w in doc_words)


@lru_cache(maxsize=4096)
def _lowered(words: frozenset[str]) -> frozenset[str]:
    """The words lower-cased (an article's names: found once per article, not per pair of sentences)."""
    return frozenset(w.lower() for w in words)


def polarity(a: str, b: str, who_a: str = "", who_b: str = "") -> Mismatch | None:
    """A word one sentence negates and the other asserts with the same words around it ("did not win
    the vote" vs "won the vote"), said of the same actor (``who_a``/``who_b``: the last person named before
    each sentence, for he/she), with no narrower object on the negated side ("didn't land a clean punch"
    vs "landed a punch"), not removed ("eliminate the reviews") and not a future event after "not yet"."""
    x, y = side(a), side(b)
    for neg, pos, who_n, who_p in ((x, y, who_a, who_b), (y, x, who_b, who_a)):
        for j in neg.governed:
            near = around(neg.words, neg.lemmas, j)
            for lemma in sorted(neg.lemmas[j]):
                if lemma in pos.negated or lemma in STOP or len(lemma) < 3:
                    continue
                for i, ls in enumerate(pos.lemmas):
                    if not roles.same_word(lemma, ls) or not near & around(pos.words, pos.lemmas, i):
                        continue
                    if in_negated_clause(pos, i) or roles.removed(pos.words, pos.lemmas, i):
                        continue
                    if roles.not_yet(neg.words, j) and roles.future(pos.words, i):
                        continue
                    if roles.narrower(neg.words, j, pos.all_lemmas):
                        continue
                    if not roles.same_actor(roles.agent(neg.words, j, who_n), roles.agent(pos.words, i, who_p)):
                        continue
                    return Mismatch("polarity", f"one side negates '{lemma}', the other asserts it")
    return None


def antonyms(a: str, b: str) -> Mismatch | None:
    """A pair of opposites, each only in its own sentence, neither negated, with a word around them in
    common ("the assembly passed the law" vs "the law was rejected by the assembly")."""
    x, y = side(a), side(b)
    only_x = x.all_lemmas - y.all_lemmas
    only_y = y.all_lemmas - x.all_lemmas
    for i, ls in enumerate(x.lemmas):
        for word in sorted(ls & only_x):
            opposites = _OPPOSITE_OF.get(word, frozenset()) | roles.prefixed(word, only_y)
            for opposite in sorted(opposites & only_y):
                if word in x.negated or opposite in y.negated or in_negated_clause(x, i):
                    continue
                near = around(x.words, x.lemmas, i)
                if any(opposite in ms and near & around(y.words, y.lemmas, j) for j, ms in enumerate(y.lemmas)):
                    return Mismatch("polarity", f"'{word}' vs '{opposite}'")
    return None


def _known(word: str, doc: frozenset[str]) -> bool:
    w = word.lower()
    folded = ALIASES.get(w, w).lower()
    return folded in doc or w in doc or any(fuzz.ratio(w, d) >= 80 for d in doc if abs(len(d) - len(w)) <= 2)


def _neighbours(side: Side, i: int) -> set[tuple[int, str]]:
    """The content words right before and after word ``i``, lower case with their side; a capitalised
    neighbour marks a name part ("William Smith" / "Bill Smith": a nickname, not another person)."""
    out: set[tuple[int, str]] = set()
    for step in (-1, 1):
        j = i + step
        if 0 <= j < len(side.words) and side.words[j].lower() not in STOP and side.words[j][0].isalnum():
            cap = side.words[j][0].isupper()
            out.add((step, side.words[j].lower() + ("^" if cap else "")))
    return out


def _name_like(word: str) -> bool:
    return word[0].isupper() and not word.isupper() and word.lower() not in _NOT_NAMES


def _new_name(word: str) -> bool:
    """A capitalised word that reads as a name, not a title-cased verb ("Fired")."""
    return _name_like(word) and "VERB" not in getAllLemmas(word.lower())


def substitution(long: str, short: str, long_doc: Iterable[str], short_doc: Iterable[str] = ()) -> Mismatch | None:
    """A name the longer text's article never mentions, in the slot where the longer sentence has another
    name ("docked with the Mir station" vs "docked with the International station")."""
    x, y = side(long), side(short)
    doc = frozenset(w.lower() for w in long_doc) | frozenset(w.lower() for w in x.words)
    short_words = frozenset(w.lower() for w in short_doc) | frozenset(w.lower() for w in y.words)
    new = [i for i, w in enumerate(y.words) if i and _new_name(w) and not _known(w, doc)]
    # one new name only, and everything else in the shorter sentence told by the longer
    if len(new) != 1 or len([i for i in _uncovered(short, long, doc) if i not in new]) > 0.2 * len(y.content):
        return None
    for i in new:
        word = y.words[i]
        slots = _neighbours(y, i)
        for j, other in enumerate(x.words):
            if not _name_like(other) or j == 0 or _known(other, short_words):
                continue
            if other.lower().startswith(word.lower()) or word.lower().startswith(other.lower()):
                continue
            theirs = _neighbours(x, j)
            shared = {(k, w.rstrip("^")) for k, w in slots} & {(k, w.rstrip("^")) for k, w in theirs}
            if shared and not any((k, w + "^") in slots and (k, w + "^") in theirs for k, w in shared):
                return Mismatch("entity", f"'{other}' vs '{word}' in the same place")
    return None


def mismatch(
    a: str, b: str, doc_a: Iterable[str] = (), doc_b: Iterable[str] = (), who_a: str = "", who_b: str = ""
) -> Mismatch | None:
    """The first mismatch between two sentences that are already known to align strongly (``a`` the
    longer; ``doc_a`` and ``doc_b`` the name words of their articles; ``who_a`` and ``who_b`` the last
    person named before each sentence)."""
    found = polarity(a, b, who_a, who_b) or antonyms(a, b) or substitution(a, b, doc_a, doc_b)
    if found:
        return found
    framed = frames.frame_conflict(a, b, doc_a)
    return Mismatch(*framed) if framed else None


__all__ = [
    "OPPOSITES",
    "Mismatch",
    "antonyms",
    "coverage",
    "covers",
    "covers_side",
    "mismatch",
    "polarity",
    "substitution",
]
