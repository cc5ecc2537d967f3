"""A sentence read once for the rules that look at the words around each of its numbers, and the noun phrase a
number counts.

:mod:`dedupe_cli.claims.numbers` finds the numbers; :class:`SentenceText` answers what comes before and after
each (the word, a qualifier's reach, a "number of" phrase, a measure named before it) without reading the
sentence again per number, and :func:`noun_phrase` reads the noun phrase after one, so that a sentence of
many figures is read in time proportional to its length (``tests/test_claims_numbers_linear.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import accumulate

from dedupe_cli.claims.lexicon import (
    HEDGES,
    NUMBER_WORD,
    NUMBER_WORDS,
    STOP,
    TOTAL_AFTER,
    TOTAL_CUES,
    TOTAL_PHRASES,
    WORD,
    lemma,
)
from dedupe_cli.claims.naming import PHRASE_ENDS, adverb, participle, past_verb, plural_head

#: Words for currencies written after the number ("5 dollars"), by the currency's code.
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP"}
# currencies whose names tell one currency ("crowns" and "pesos" are several countries')
CURRENCY_WORDS |= {"yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "won": "KRW", "rupee": "INR", "rupees": "INR"}
CURRENCY_WORDS |= {"ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB"}
#: A measure named right before its value ("a population of 2.3 million", "his age was 68").
_MEASURE = re.compile(
    r"\b(population|age|height|length|diameter|area|budget|salary|turnout|revenue|revenues|sales|profit|profits"
    r"|earnings|income|turnover|debt|deficit|surplus|valuation|restitution|fine|bail|damages|settlement|ransom"
    r"|reward|premium|deal|transaction|acquisition|merger|takeover|offer|bid|loss|losses|attendance|crowd)\s+"
    r"(?:of|is|was|are|were|stands\s+at|"
    r"stood\s+at|valued\s+at|worth|"
    r"reached|hit|totals?|totalled|totaled)\s+(?:about\s+|some\s+|nearly\s+|around\s+|roughly\s+)?(?:US)?[$€£]?\s?$",
    re.I,
)
_TOKEN = re.compile(r"\S+")  # str.split()'s words: re's \s and str.isspace() are one set
_NEWLINE = re.compile(r"\n")
#: What ends a noun phrase between two words: punctuation, or a dash ("seven bullets — three to the back"; a
#: hyphen with a space beside it, not the one of "three-game")
_PUNCT = re.compile(r'[,;:.()"“”?!—–|]|\s-|-\s')  # "|": a table's cells (an HTML page's tables)
#: What a measure after a plural head says it measures: "6 feet wide", "2 seconds faster", "3 points behind".
_MEASURED = re.compile(
    r"\s+(high|wide|long|tall|deep|thick|old|away|apart|ahead|behind|faster|slower|wider|narrower|longer|shorter"
    r"|higher|lower|older|younger|larger|smaller|bigger|taller|deeper|heavier|lighter)\b",
    re.I,
)
_NUMBER_WORDS = frozenset(NUMBER_WORDS)
_DOTS = re.compile(r"[.,)]*")
#: A function word with a verb written onto it ("that’s", "there's", "who'd").
_CONTRACTED = re.compile(r"(?:that|there|here|who|what|which|where|it|he|she|they|we|you|i)['’]")
#: Initials with their stops, one word of a noun phrase: "200 U.S. troops", "the U.N. envoy".
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
#: A verb's negation written onto it ends a noun phrase ("a four-time All-Star shouldn't come").
_NOT = ("n't", "n’t")
#: A plural noun in small letters right after a word: what a name's plural before it ("13,000 United Auto Workers
#: members") modifies.
_PLURAL_AFTER = re.compile(r"[ \t\u00a0]+([a-z]+)\b")
#: Groups whose members are counted by the group's name as well: "four crew members" and "two crew".
_MEMBERS_OF = frozenset(["crew", "staff"])
_COUNT_OF = re.compile(r"(?:number|total|tally|toll|count)\s+of\s+[\"“]?([^\"”,.;]{2,60})")
#: the same, ending as early as it can: where a sentence cut short first holds it
_COUNT_OF_SHORTEST = re.compile(r"(?:number|total|tally|toll|count)\s+of\s+?[\"“]??[^\"”,.;]{2}")
_COUNT_WORD = re.compile(r"(?=number|total|tally|toll|count)")
#: A running total's cue word or phrase, a whole run of letters
CUE = re.compile(r"(?<![a-z-])(?:" + "|".join(map(re.escape, [*TOTAL_PHRASES, *TOTAL_CUES])) + r")(?![a-z-])")
#: What a running total's cue before a number does not reach over: the start of another clause
CLAUSE = re.compile(
    r";|,\s+(?:with|including|while|and|but|whereas)(?![a-z-])|(?<![a-z-])(?:including|whereas|while)(?![a-z-])"
)
#: After "total", a number it sums rather than a running total: "a total of some 288", "obligations total $1.5
#: trillion" (what may stand between, then a digit or a number's word)
SUM = re.compile(
    r"(?:\s+of)?\s*(?:(?:about|some|nearly|around|roughly|almost|over|more\s+than|at\s+least|up\s+to)\s+)?"
    r"(?:us)?[$€£]?\s*(?:\d|" + NUMBER_WORD + r"(?![a-z]))"
    # "total revenue was 74 trillion won": an amount's sum, no running total
    r"|\s+(?:revenues?|sales|costs?|debts?|assets|spending|investments?|compensation|income|profits?|output|pay)\b"
)
#: The cue words that may sum
SUM_WORDS = frozenset(["total", "totals"])
_CUE_TAIL = re.compile(r"[a-z-]+\Z")
_CUE_REACH = max(map(len, TOTAL_CUES)) + 1
_BROKEN = re.compile(r"[,;:(]")
_CURRENCY_LONGEST = max(map(len, CURRENCY_WORDS))
_NOWHERE = 1 << 62  # past the end of any sentence
#: A noun phrase's lemmas and whether it is hedged.
Phrase = tuple[list[str], bool]
#: Noun phrases read, by (word start, words so far, end of the text read): see :func:`noun_phrase`.
Phrases = dict[tuple[int, int, int], Phrase]


class SentenceText:
    """A sentence read once, for rules that look at the text before or after each of its numbers.

    ``low`` is the sentence lower-cased. ``str.lower()`` maps each character on its own but for a final
    sigma, whose context only picks one of two non-ASCII letters, so ``text[a:b].lower()`` is
    ``low[at(a):at(b)]`` for every comparison with the (ASCII) word lists here; ``at`` is the identity unless
    a character lowers to two ("İ"). ``starts``/``ends`` are the spans of ``text.split()``'s words.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._dots: dict[int, int] = {}
        self._counted: dict[int, tuple[int, Phrase]] = {}
        self._phrases: Phrases = {}

    @cached_property
    def low(self) -> str:
        """The sentence lower-cased."""
        return self.text.lower()

    @cached_property
    def _offsets(self) -> list[int] | None:
        same = len(self.low) == len(self.text)
        return None if same else list(accumulate(map(len, map(str.lower, self.text)), initial=0))

    @cached_property
    def _spans(self) -> tuple[list[int], list[int]]:
        found = list(_TOKEN.finditer(self.text))
        return [m.start() for m in found], [m.end() for m in found]

    @property
    def starts(self) -> list[int]:
        """Where each of ``text.split()``'s words starts."""
        return self._spans[0]

    @property
    def ends(self) -> list[int]:
        """Where each of ``text.split()``'s words ends."""
        return self._spans[1]

    def at(self, i: int) -> int:
        """Where ``text[i]`` stands in ``low``."""
        return i if self._offsets is None else self._offsets[i]

    def phrase(self, pos: int, endpos: int | None = None) -> Phrase:
        """:func:`noun_phrase` at ``pos``, with the phrases read so far remembered."""
        return noun_phrase(self.text, pos, endpos, self._phrases)

    def last_word(self, i: int) -> tuple[int, int] | None:
        """The span in ``low`` of ``text[:i].lower().split()[-1]``."""
        j = bisect_left(self.starts, i) - 1
        return None if j < 0 else (self.at(self.starts[j]), self.at(min(self.ends[j], i)))

    def next_word(self, i: int) -> tuple[int, int] | None:
        """The span in ``low`` of ``text[i:].lower().split()[0]``."""
        j = bisect_right(self.ends, i)
        return None if j == len(self.ends) else (self.at(max(self.starts[j], i)), self.at(self.ends[j]))

    def word(self, span: tuple[int, int] | None, longest: int) -> str:
        """The lower-cased word at ``span``, or "" when there is none or it is longer than ``longest``."""
        return self.low[span[0] : span[1]] if span and span[1] - span[0] <= longest else ""

    def bare(self, span: tuple[int, int] | None, longest: int) -> str:
        """``word(span).strip(".,)")``, or "" when longer than ``longest``; each run of dots is read once ("euros)"
        closing an aside is "euros")."""
        if not span:
            return ""
        a, b = span
        lead = min(self._dot_run(a), b)
        core = self.low[lead : min(b, lead + longest)].rstrip(".,)")
        return core if self._dot_run(lead + len(core)) >= b else ""

    def _dot_run(self, i: int) -> int:
        if i not in self._dots:
            dots = _DOTS.match(self.low, i)
            self._dots[i] = dots.end() if dots else i
        return self._dots[i]

    def spaced_word(self, i: int) -> str:
        """``text[i:].strip().split(" ")[0].lower().strip(".,)")`` if a currency word can be that, else ""."""
        j = bisect_right(self.ends, i)
        if j == len(self.ends) or (j + 1 < len(self.ends) and self.text[self.ends[j]] != " "):
            return ""  # nothing follows, or the piece runs on over a tab or a newline
        return self.bare((self.at(max(self.starts[j], i)), self.at(self.ends[j])), _CURRENCY_LONGEST)

    def line_end(self, i: int) -> int:
        """Where ``.*`` run from ``i`` stops."""
        k = bisect_left(self._newlines, i)
        return self._newlines[k] if k < len(self._newlines) else len(self.text)

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self.text)]

    def running_total(self, i: int) -> bool:
        """Whether the number at ``text[i:]`` is a running total: a cue before it in its clause, but for a
        "total" that sums the number after it ("a total of 288"), or a cue after it with no comma between."""
        end = self.at(i)
        cut = _CUE_TAIL.search(self.low, max(0, end - _CUE_REACH), end)  # a cue written onto the number
        if cut and cut.group() in TOTAL_CUES and cut.group() not in SUM_WORDS:
            return True
        ends = self._running_cues
        k = bisect_right(ends, end)
        clauses = self._clauses
        clause = clauses[bisect_right(clauses, end) - 1] if clauses and clauses[0] <= end else -1
        if k and ends[k - 1] > clause:
            return True
        after = self.text[i : i + 40].lower()
        return any((k := after.find(p)) >= 0 and not _BROKEN.search(after, 0, k) for p in TOTAL_AFTER)

    @cached_property
    def _running_cues(self) -> list[int]:
        """Where the running totals' cues in ``low`` end, in order (a "total" that sums its number is none)."""
        low = self.low
        return [m.end() for m in CUE.finditer(low) if m.group() not in SUM_WORDS or not SUM.match(low, m.end())]

    @cached_property
    def _clauses(self) -> list[int]:
        """Where each clause of ``low`` after the first starts (see :data:`CLAUSE`)."""
        return [m.end() for m in CLAUSE.finditer(self.low)]

    @cached_property
    def toll_end(self) -> int:
        """Where the first "toll" of ``low`` ends."""
        k = self.low.find("toll")
        return _NOWHERE if k < 0 else k + 4

    @cached_property
    def _count_of_index(self) -> tuple[list[int], list[int]]:
        """For "number of" phrases: the ends of their shortest forms, sorted, and the leftmost start among those
        that end by then (a phrase is found in ``text[:i]`` just when its shortest form ends by ``i``)."""
        found = []
        for m in _COUNT_WORD.finditer(self.text):
            shortest = _COUNT_OF_SHORTEST.match(self.text, m.start())
            if shortest:
                found.append((shortest.end(), m.start()))
        found.sort()
        return [end for end, _ in found], list(accumulate((start for _, start in found), min))

    def count_of(self, i: int) -> Phrase | None:
        """What ``_noun_phrase`` makes of the first "number of ..." phrase in ``text[:i]``, if any."""
        ends, leftmost = self._count_of_index
        k = bisect_right(ends, i)
        if not k:
            return None
        c = leftmost[k - 1]
        if c not in self._counted:
            whole = _COUNT_OF.match(self.text, c)
            assert whole is not None  # its shortest form matched
            self._counted[c] = whole.end(), noun_phrase(whole.group(1))
        end, (words, hedge) = self._counted[c]
        if i < end:  # the phrase runs into the number: read it as cut there
            cut = _COUNT_OF.match(self.text, c, i)
            assert cut is not None
            return noun_phrase(cut.group(1))
        return list(words), hedge  # the whole phrase: what a search of ``text[:i]`` finds once it ends by ``i``

    def measure(self, i: int) -> re.Match[str] | None:
        """``_MEASURE.search(text[:i])``. The match ends at ``i`` after at most five words (measure, "stood", "at",
        a qualifier, "US$"), so it starts in one of the last five; a last word cut at ``i`` can only be "US$"."""
        j = bisect_left(self.starts, i)
        if not j or (self.ends[j - 1] >= i and i - self.starts[j - 1] > 3):
            return None
        return _MEASURE.search(self.text, self.starts[max(0, j - 5)], i)


def noun_phrase(text: str, pos: int = 0, endpos: int | None = None, memo: Phrases | None = None) -> Phrase:
    """Lemmas of the noun phrase at the start of ``text[pos:endpos]`` (up to 4 words) and whether it is hedged.

    ``memo`` keeps what follows each word but the first by (word start, words so far, endpos): phrases that run
    on over the same words (hedges and "such" after a chain "1'2'3") read them once."""
    end = len(text) if endpos is None else endpos
    words: list[str] = []
    hedges = 0
    prev_end = pos  # words hold no punctuation, so the gap since ``pos`` has none if the last gap has none
    path: list[tuple[tuple[int, int, int], int, int]] = []
    capital = False  # whether the last word taken reads as a make's name (capitalised, no plural)
    for match in WORD.finditer(text, pos, end):
        if match.start() < prev_end:
            continue  # a letter of initials read as one word
        if memo is not None and prev_end > pos:
            key = (match.start(), len(words), end)
            known = memo.get(key)
            if known is not None:
                words += known[0]
                hedges += known[1]
                break
            path.append((key, len(words), hedges))
        if _PUNCT.search(text, prev_end, match.start()):
            break
        initials = _INITIALS.match(text, match.start(), end) if match.end() - match.start() == 1 else None
        word = (initials or match).group().lower()
        prev_end = (initials or match).end()
        if word in HEDGES:
            hedges += 1
            continue
        if word == "such" or word == "more":
            continue
        if word.isdigit() and words and len(word) <= 4 and capital:
            continue  # a model's number after its make: "171 Boeing 737 Max 9 jets" counts jets
        if word in STOP or word in PHRASE_ENDS or word.isdigit() or len(words) >= 4 or word.endswith(_NOT):
            break
        if word in _NUMBER_WORDS:  # "up from 41% four years ago": another figure's phrase begins
            break
        if _CONTRACTED.match(word):  # "a four-cylinder engine that’s": a pronoun and its verb
            break
        if words and (word.endswith("ed") or past_verb(word)):
            break
        if adverb(word):  # "3 officers fatally shot", "from 16 currently"; "3 newly built homes" reads on
            if words:
                break
            continue
        words.append(lemma(word))
        capital = text[match.start()].isupper() and words[-1] == word  # a make's name, no plural ("3 Emmys 2 ...")
        if plural_head(word) and not _named_plural(text, match, end):
            # the head: "2 transport officers hostage", "288 candidates running"
            measure = _MEASURED.match(text, match.end(), end)  # but "6 feet wide", "3 points behind"
            if measure:
                words.append(measure.group(1).lower())
            break
    if memo is not None:
        memo.update((key, (words[n:], hedges > h)) for key, n, h in path)
    while len(words) > 1 and participle(words[-1]):
        words = words[:-1]
    if len(words) > 1 and words[-1] == "member" and words[-2] in _MEMBERS_OF:
        words = words[:-1]  # "four crew members" count the crew
    return words, hedges > 0


def _named_plural(text: str, word: re.Match[str], end: int) -> bool:
    """Whether the plural ``word`` is part of a name that modifies a plural noun after it: "Workers" in "13,000
    United Auto Workers members" (the members are counted)."""
    if not word.group()[0].isupper():
        return False
    after = _PLURAL_AFTER.match(text, word.end(), end)
    return after is not None and plural_head(after.group(1))
