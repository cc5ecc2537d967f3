"""Quantities and ordinals in a sentence: value, unit, qualifier, anchor noun, hedge, total.

Digits ("1,500", "$27.5 billion", "50%") and spelled-out numbers ("thirty-seven";
text2num runs on the number-word span only) are found; four-digit numbers that
read as years and clock times are left to the date rules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from text_to_num import text2num

from dedupe_cli.claims.lexicon import HEDGES, QUALIFIERS, STOP, TOTAL_CUES, TOTAL_PHRASES, fold, lemma

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP"}

_DIGITS = re.compile(
    r"(?<![\w.,/:-])(?P<cur>US\$|USD|EUR|GBP|[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d/:]|\.\d|-\w|(?:st|nd|rd|th)\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_UNITS += "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
_NUMBER_WORD = r"(?:" + "|".join(_UNITS.split()) + r")"
_SPELLED = re.compile(
    rf"\b(?P<words>{_NUMBER_WORD}(?:(?:-|\s+|\s+and\s+){_NUMBER_WORD}|\s+(?:thousand|million|billion))*)\b"
    r"(?:\s?(?P<pct>percent\b|per cent\b))?",
    re.IGNORECASE,
)
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}  # fmt: skip
_ORDINAL = re.compile(r"\b(?:(?P<word>" + "|".join(_ORDINALS) + r")|(?P<num>\d{1,3})(?:st|nd|rd|th))\b", re.I)
#: Nouns after which an ordinal is a date or a rank in time, not a sequence of events.
_ORDINAL_SKIP = frozenset(
    ["quarter", "half", "day", "week", "month", "year", "century", "time", "floor", "grade", "place", "round"]
)
_TIME_AFTER = re.compile(r"^\s?(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|ET|BST)\b", re.I)
_MONTHS = "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
_MONTHS += "september october november december"
_MONTH_SET = frozenset(_MONTHS.split())
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
#: A measure named right before its value ("a population of 2.3 million", "his age was 68").
_MEASURE = re.compile(
    r"\b(population|age|height|length|diameter|area|budget|salary|turnout)\s+(?:of|is|was|stands\s+at|stood\s+at|"
    r"reached|hit|totals?|totalled|totaled)\s+(?:about\s+|some\s+|nearly\s+|around\s+|roughly\s+)?(?:US)?[$€£]?\s?$",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number found in a sentence.

    Attributes:
        value: the number (scaled: "$1.5 million" is 1500000).
        unit: ``percent``, a currency code, or ``count``.
        qualifier: ``exact``, ``approx``, ``at_least``, ``more_than``, ``at_most`` or ``less_than``.
        anchor: lemmas of the noun phrase the number counts (head last).
        hedge: the noun phrase or its context is hedged ("alleged").
        total: the number is a running total ("brings the total to 92").
        start, end: span in the sentence.
        ordinal: the number is a position in a sequence ("the third such transfer").
    """

    value: float
    unit: str
    qualifier: str
    anchor: tuple[str, ...]
    hedge: bool
    total: bool
    start: int
    end: int
    text: str
    ordinal: bool = False


def _qualifier(before: str) -> str:
    tail = re.sub(r"\s+(?:a|an)$", "", before.lower().rstrip())
    for phrase, name in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if tail.endswith(" " + phrase) or tail == phrase:
            return name
    return "exact"


def _noun_phrase(text: str) -> tuple[list[str], bool]:
    """Lemmas of the noun phrase at the start of ``text`` (up to 4 words) and whether it is hedged."""
    words: list[str] = []
    hedge = False
    prev_end = 0
    for match in _WORD.finditer(text):
        gap = text[: match.start()] if not words else text[prev_end : match.start()]
        if any(c in gap for c in ',;:.()"“”?!'):
            break
        word = match.group().lower()
        prev_end = match.end()
        if word in HEDGES:
            hedge = True
            continue
        if word == "such" or word == "more":
            continue
        if word in STOP or word.isdigit() or len(words) >= 4 or (words and word.endswith("ed")):
            break
        words.append(lemma(word))
    return words, hedge


def _anchor(sentence: str, start: int, end: int) -> tuple[tuple[str, ...], bool]:
    after = sentence[end:]
    if re.match(r"\s+of\s+(?:the|these|those|its|their)\s", after):
        after = re.sub(r"^\s+of\s+\w+", "", after)
    words, hedge = _noun_phrase(after)
    if words and words[0] in _CURRENCY_WORDS:
        words = words[1:]
    if words and words[-1] in {"increase", "decrease"}:
        m_in = re.match(rf"\s*(?:\w+\s+){{0,{len(words)}}}?(?:in|of)\s+(.*)", after)
        if m_in:
            words += _noun_phrase(m_in.group(1))[0]
    if not words:
        before = sentence[:start]
        m = re.search(r"(?:number|total|tally|toll|count)\s+of\s+[\"“]?([^\"”,.;]{2,60})", before)
        if m:
            words, hedge2 = _noun_phrase(m.group(1))
            hedge = hedge or hedge2
        else:
            measure = _MEASURE.search(before)
            toll = re.search(r"(?:death\s+)?toll", before.lower())
            words = [measure.group(1).lower()] if measure else ["death"] if toll else []
    window = sentence[max(0, start - 40) : start].lower()
    hedge = hedge or any(w in HEDGES for w in window.split()[-4:])
    return tuple(words), hedge


def _is_total(sentence: str, start: int) -> bool:
    before = sentence[:start].lower()
    after = sentence[start : start + 40].lower()
    words = set(re.findall(r"[a-z-]+", before))
    return bool(words & TOTAL_CUES) or any(p in before or p in after for p in TOTAL_PHRASES)


def _looks_like_year(num: str, sentence: str, start: int, end: int) -> bool:
    if not re.fullmatch(r"1[5-9]\d\d|20\d\d", num):
        return False
    before = sentence[:start].lower().split()[-1:] if sentence[:start].strip() else []
    after, _ = _noun_phrase(sentence[end:])
    return not (after and after[-1] not in _MONTH_SET and (not before or before[0] not in {"in", "since", "of"}))


def quantities(sentence: str) -> list[Quantity]:
    """Every quantity in a sentence, in order."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(sentence):
        num, cur, scale, pct = m.group("num"), m.group("cur"), m.group("scale"), m.group("pct")
        if not cur and not scale and not pct:
            if _looks_like_year(num, sentence, m.start("num"), m.end()) or _TIME_AFTER.match(sentence[m.end() :]):
                continue
            prev = sentence[: m.start()].rstrip().lower().split()[-1:]
            nxt = sentence[m.end() :].lstrip().lower().split()[:1]
            if (prev and prev[0].strip(".,") in _MONTH_SET) or (nxt and nxt[0].strip(".,") in _MONTH_SET):
                continue
        if scale and fold(scale) in {"m", "k"} and not cur:
            scale = None
        value = float(num.replace(",", "")) * (_SCALES[fold(scale)] if scale else 1.0)
        if not math.isfinite(value):
            continue  # hundreds of digits: no figure a float holds, nothing to compare
        start, end = m.start(), m.end()
        if pct:
            unit = "percent"
        elif cur:
            unit = _CURRENCY[fold(cur)]
        else:
            nxt_word = sentence[end:].strip().split(" ")[0].lower().strip(".,")
            unit = _CURRENCY_WORDS.get(nxt_word, "count")
        taken.append((start, end))
        found.append(_make(sentence, value, unit, start, end, m.group().strip()))
    for m in _SPELLED.finditer(sentence):
        text = m.group("words")
        if any(s <= m.start() < e for s, e in taken) or text.lower() == "one":
            continue
        try:
            value = float(text2num(fold(text).replace(" and ", " "), "en"))
        except (ValueError, OverflowError):  # not a number, or too large for a float
            continue
        unit = "percent" if m.group("pct") else "count"
        found.append(_make(sentence, value, unit, m.start(), m.end(), m.group().strip()))
    for m in _ORDINAL.finditer(sentence):
        n = _ORDINALS[fold(m.group("word"))] if m.group("word") else int(m.group("num"))
        words, hedge = _noun_phrase(sentence[m.end() :])
        if not words or words[-1] in _ORDINAL_SKIP or words[0] in _MONTH_SET:
            continue
        prev = sentence[: m.start()].rstrip().lower().split()[-1:]
        if prev and prev[0] in _MONTH_SET:
            continue
        q = Quantity(float(n), "ordinal", "exact", tuple(words), hedge, False, m.start(), m.end(), m.group(), True)
        found.append(q)
    return sorted(found, key=lambda q: q.start)


def _make(sentence: str, value: float, unit: str, start: int, end: int, text: str) -> Quantity:
    anchor, hedge = _anchor(sentence, start, end)
    qualifier = _qualifier(sentence[:start])
    return Quantity(value, unit, qualifier, anchor, hedge, _is_total(sentence, start), start, end, text)


def compatible(a: Quantity, b: Quantity) -> tuple[bool, bool]:
    """Whether two values of one anchor can both be true, and whether that took approximation."""
    if a.value == b.value:
        return True, a.qualifier != "exact" or b.qualifier != "exact"
    for x, y in ((a, b), (b, a)):
        q = x.qualifier
        if q == "approx" and abs(x.value - y.value) <= 0.1 * max(abs(x.value), 1.0):
            return True, True
        if (q == "at_least" and y.value >= x.value) or (q == "more_than" and y.value > x.value):
            return True, True
        if (q == "at_most" and y.value <= x.value) or (q == "less_than" and y.value < x.value):
            return True, True
    if a.qualifier != "exact" and b.qualifier != "exact":
        return True, True
    return False, False


def describe(q: Quantity) -> str:
    """The quantity as shown in a verdict: qualifier, number, unit, anchor."""
    qual = {"exact": "", "approx": "about ", "at_least": "at least ", "more_than": "more than "}
    qual |= {"at_most": "up to ", "less_than": "fewer than "}
    number = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,.2f}".rstrip("0")
    if q.ordinal:
        return f"#{number} {' '.join(q.anchor)}".strip()
    unit = {"percent": "%", "count": ""}.get(q.unit, " " + q.unit)
    total = "total " if q.total else ""
    return f"{qual[q.qualifier]}{total}{number}{unit} {' '.join(q.anchor)}".strip()
