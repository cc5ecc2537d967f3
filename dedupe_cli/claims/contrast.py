"""Mismatch features of two aligned sentences (de Marneffe et al. 2008, without a parser).

The shorter sentence is aligned to the longer by its content lemmas (lemminflect);
only when nearly all of it is covered is a mismatch looked for: a negation that
governs a word the other sentence asserts, a pair of antonyms in the same slot, or
a proper name the other article never mentions standing where the other sentence
has a different name. Anything less is no evidence: precision first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process

from dedupe_cli.claims import frames, roles
from dedupe_cli.claims.lexicon import ALIASES, HEDGES, NOUN_STOP_BEFORE, STOP
from dedupe_cli.claims.roles import lemmas


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
    present:absent  male:female
    """
    )
    for a, _, rest in [line.partition(":")]
    for b in rest.split("|")
)
_OPPOSITE_OF: dict[str, frozenset[str]] = {}
for _a, _b in OPPOSITES:
    _OPPOSITE_OF[_a] = _OPPOSITE_OF.get(_a, frozenset()) | {_b}
    _OPPOSITE_OF[_b] = _OPPOSITE_OF.get(_b, frozenset()) | {_a}

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|n't|[,;:.!?()\"“”]")
_PRONOUNS = frozenset(["he", "she", "they", "it", "his", "her", "their", "its", "him", "them"])
#: Letters a word needs before a misspelt form of it is looked for.
_LONG = 6
_NEGATORS = frozenset(["not", "n't", "never", "no", "nor", "neither", "without", "cannot", "nothing", "none", "nobody"])
_PREPOSITIONS = frozenset(["in", "on", "at", "of", "for", "with", "by", "from", "to", "about", "into", "over"])
#: Words that make the rest of their clause hypothetical ("decide whether projects harm species").
_OPEN = frozenset(["whether", "if", "unless"])
#: Verbs whose complement is not the case ("refused to sign", "denied taking").
_NEG_VERBS = frozenset(["refuse", "fail", "decline", "deny", "unable"])
#: Verbs that end what the next one, a gerund, says ("will stop selling" says it will not sell).
_STOP_VERBS = frozenset(["stop", "cease", "quit", "halt"])
#: Words skipped between a negation and the word it governs.
_SKIP = frozenset(
    _split(
        """be been being am is are was were have has had do does did will would shall should can could may might
    must to yet even ever actually a an the any so only also really again once she he they it we i you there
    its their his her this that longer"""
    )
)
_HEDGED = HEDGES - {"reported", "claimed"}
#: Words after a negation that undo it ("not only", "no doubt").
_NOT_NEGATING = frozenset(["only", "just", "least", "but", "doubt", "until", "unlike", "far"])
#: Capitalised words that start sentences and headlines but name nothing.
_NOT_NAMES = STOP | _SKIP | frozenset(["mr", "mrs", "ms", "dr", "the", "in", "on", "at", "after", "but", "and"])


@dataclass(frozen=True)
class Mismatch:
    """Why two aligned sentences cannot both be true: the conflict subtype and a one-line reason."""

    subtype: str
    reason: str


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
    #: the words of :data:`_LONG` letters or more, lower-cased (a misspelt word is looked for among them)
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
            if w in _SKIP or w in _NEGATORS or w in _PREPOSITIONS:
                continue
            if words[j][0].isupper() or w in STOP:
                break
            out.append(j)
            break
    return tuple(out)


def _in_negated_clause(side: Side, i: int) -> bool:
    """Whether a negation stands in the clause of word ``i`` ("didn't think he won", "I feel we weren't
    winning"), or the clause is open ("whether they won")."""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(side.words) and side.words[k][0].isalnum():
            if _is_cue(side.words, side.lemmas, k) or (step < 0 and side.words[k].lower() in _OPEN):
                return True
            k += step
    return False


def _around(words: tuple[str, ...], lem: tuple[frozenset[str], ...], i: int, size: int = 4) -> frozenset[str]:
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
            negated[x] = negated.get(x, frozenset()) | _around(words, lem, j)
    every = frozenset(x for ls in lem for x in ls)
    lower = [w.lower() for w in words]
    long_words = tuple(low for w, low in zip(words, lower, strict=True) if len(w) >= _LONG)
    pronoun, hedge = not _PRONOUNS.isdisjoint(lower), not _HEDGED.isdisjoint(lower)
    content_lemmas = tuple(lem[i] for i in content)
    content_every = frozenset(x for ls in content_lemmas for x in ls)
    short = tuple(len(words[i]) < _LONG for i in content)
    return Side(
        words, lem, content, negated, governed, every, long_words, pronoun, hedge, content_lemmas, content_every, short
    )


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
    if len(word) < _LONG or not other.long_words:
        return False
    return process.extractOne(word.lower(), other.long_words, scorer=fuzz.ratio, score_cutoff=85) is not None


def covers(short: str, long: str, doc_words: Iterable[str], share: float) -> bool:
    """Whether :func:`coverage` reaches ``share``, told without looking for misspellings once the
    words no lemma or name covers are too many (the test a story's sentences take pair by pair)."""
    return covers_side(_side(short), _side(long), doc_words, share)


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
    s = _side(short)
    if not s.content:
        return 0.0
    return 1.0 - len(_uncovered(short, long, doc_words)) / len(s.content)


def _uncovered(short: str, long: str, doc_words: Iterable[str]) -> list[int]:
    s, t = _side(short), _side(long)
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


def hedged(text: str) -> bool:
    """Whether a sentence hedges what it says ("allegedly", "possibly"); "reported" and "claimed" as
    verbs ("reported earnings of $3m") state facts and do not count."""
    return _side(text).hedge


def polarity(a: str, b: str, who_a: str = "", who_b: str = "") -> Mismatch | None:
    """A word one sentence negates and the other asserts with the same words around it ("did not win
    the vote" vs "won the vote"), said of the same actor (``who_a``/``who_b``: the last person named before
    each sentence, for he/she), with no narrower object on the negated side ("didn't land a clean punch"
    vs "landed a punch"), not removed ("eliminate the reviews") and not a future event after "not yet"."""
    x, y = _side(a), _side(b)
    for neg, pos, who_n, who_p in ((x, y, who_a, who_b), (y, x, who_b, who_a)):
        for j in neg.governed:
            around = _around(neg.words, neg.lemmas, j)
            for lemma in sorted(neg.lemmas[j]):
                if lemma in pos.negated or lemma in STOP or len(lemma) < 3:
                    continue
                for i, ls in enumerate(pos.lemmas):
                    if not roles.same_word(lemma, ls) or not around & _around(pos.words, pos.lemmas, i):
                        continue
                    if _in_negated_clause(pos, i) or roles.removed(pos.words, pos.lemmas, i):
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
    x, y = _side(a), _side(b)
    only_x = x.all_lemmas - y.all_lemmas
    only_y = y.all_lemmas - x.all_lemmas
    for i, ls in enumerate(x.lemmas):
        for word in sorted(ls & only_x):
            opposites = _OPPOSITE_OF.get(word, frozenset()) | roles.prefixed(word, only_y)
            for opposite in sorted(opposites & only_y):
                if word in x.negated or opposite in y.negated or _in_negated_clause(x, i):
                    continue
                near = _around(x.words, x.lemmas, i)
                if any(opposite in ms and near & _around(y.words, y.lemmas, j) for j, ms in enumerate(y.lemmas)):
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
    x, y = _side(long), _side(short)
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
    "Side",
    "antonyms",
    "coverage",
    "covers",
    "covers_side",
    "hedged",
    "lemmas",
    "mismatch",
    "polarity",
    "side",
    "substitution",
]
