"""Quantities and ordinals in a sentence: value, unit, qualifier, anchor noun, hedge, total.

Digits ("1,500", "$27.5 billion", "50%") and spelled-out numbers ("thirty-seven";
text2num runs on the number-word span only) are found; four-digit numbers that
read as years and clock times are left to the date rules.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from text_to_num import text2num

from dedupe_cli.claims import money
from dedupe_cli.claims.elided import elided
from dedupe_cli.claims.lexicon import HEDGES, MONTH_ABBREVIATIONS, MONTHS, NUMBER_WORD, QUALIFIERS, fold, lemma
from dedupe_cli.claims.moves import move_before
from dedupe_cli.claims.naming import (
    PERIOD_NOUNS,
    counts_many,
    first_word,
    house_number,
    inside,
    measure_or_apart,
    numbered,
    past_verb,
    phone_spans,
    street_ordinal,
    title_case,
    year_before,
)
from dedupe_cli.claims.nobody import nobody_harmed
from dedupe_cli.claims.phrases import CURRENCY_WORDS, SentenceText
from dedupe_cli.claims.ratings import category, magnitudes
from dedupe_cli.claims.spans import SPANS, prison_term, spread_over

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY"}

_DIGITS = re.compile(
    r"(?<![\w.,/:-])(?P<cur>US\$|USD|EUR|GBP|[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,(?:\d{3}|\s0\d\d))+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d/:]|[.,]\d|-(?!plus\b)\w|(?:st|nd|rd|th)\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_SPELLED = re.compile(
    rf"\b(?P<words>{NUMBER_WORD}(?:(?:-|\s+|\s+and\s+){NUMBER_WORD}|\s+(?:thousand|million|billion))*)\b"
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
#: Pounds that weigh: "5 pounds of cocaine", "weighing approximately 200 pounds".
_POUNDS_OF = re.compile(r"\s+pounds?\s+of\b", re.I)
_WEIGHING = re.compile(r"\b(?:weigh|weighs|weighed|weighing|weight)\b(?:\s+\S+){0,2}\s*$", re.I)
#: "one in five Americans", "3 out of every 10 voters": a share (read as a percentage), not two counts.
_RATIO = re.compile(
    rf"\b(?P<part>\d+|{NUMBER_WORD})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?P<whole>\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORD}(?:-{NUMBER_WORD})?)\b(?![.,]\d|-\w)",
    re.I,
)
#: A number word joined to words on both sides: a score or a height, not a count ("a two-on-one", "six-foot-five").
_LINKED = re.compile(r"-(?:on|for|to|by|foot|feet)-", re.I)
_LINKED_BEFORE = re.compile(r"[^\W\d_]-\Z")
#: An age written onto a spelled number ("Sixteen-year-old Kimani Gray"): an age claim (:mod:`.ages`), no count,
#: as "16-year-old" is none.
_AGE_AFTER = re.compile(r"-(?:year|month|week|day)s?-old\b", re.I)
#: A noun of a kind made with a number ("12 three-pointers", "a two-seater"): one thing, no count (as "3-pointer").
_KIND_AFTER = re.compile(r"-(?:pointer|seater|wheeler|decker|liner|timer|hander|hitter)s?\b", re.I)
#: "five-and-a-half points", "2 and a half years": half again.
_AND_A_HALF = re.compile(r"(?:-|\s+)and(?:-|\s+)a(?:-|\s+)half\b", re.I)
#: "six-plus rounds", "20+ years": at least the number.
_PLUS = re.compile(r"-plus\b|\+(?!\d)", re.I)
#: The low end of a range right before a number: "30 to", "80% to", "one or", "between 60 and".
_RANGE_BEFORE = re.compile(
    rf"(?:\b(?P<between>between)\s+)?(?<![\w.,])(?P<low>\d[\d,]*(?:\.\d+)?\s?%?|{NUMBER_WORD}|one)\s+"
    r"(?P<joint>to|or|and)\s+\Z",
    re.I,
)
#: What a percentage is a share of: "68 percent of Greeks", "2 percent of corporate profits", "55% of the vote",
#: "7% of the bank's 15,000 employees" (the whole's owner and size are not what it is).
_SHARE_OF = re.compile(
    r"\s+of\s+(?:(?:the|all|its|their|those|these|his|her|our)\s+)?(?:[^\W\d_]+['’]s?\s+)?(?:\d[\d,]*\s+)?", re.I
)
_NAMED_WHOLE = re.compile(r"[A-Z][\w'’-]*")
#: A verb of harm right before a number that counts no noun: "killing at least 24 people and injuring 21,".
_HARMED = re.compile(
    r"\b(killing|killed|injuring|injured|wounding|wounded|hurting)\s+(?:at\s+least\s+|about\s+|some\s+"
    r"|nearly\s+|more\s+than\s+|another\s+)?\Z",
    re.I,
)
#: "over" as a verb's particle, no bound: "handed over 495,570 vehicles", "turned over 12 documents".
_HANDED_OVER = re.compile(r"\b(?:hand|turn|sign|fork)(?:s|ed|ing)?\s+over\Z")
#: A margin told both ways before its number: "a margin of error of plus or minus 3.8 percentage points".
_PLUS_OR_MINUS = re.compile(r"\bplus\s+or\s+minus\s+\Z", re.I)
#: "dozen" after a number, which multiplies it by twelve.
_DOZEN = re.compile(r"[ \t\u00a0-]dozen\b", re.I)
#: Longest word read as a verb after an ordinal.
_VERB_LONGEST = 24
_TIME_AFTER = re.compile(r"\s?(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|ET|BST)\b", re.I)
_MONTH_SET = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)

#: Words before "hundred" that make it a number of hundreds ("several hundred", "a few hundred").
_SOME = frozenset(["several", "few", "many"])
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
#: "5 of the students", "18 of their next 23 games", "7% of the bank's 15,000 employees": a share of a whole counts the
#: noun after the whole
_OF_THE = re.compile(
    r"\s+of\s+((?:the|these|those|its|their)(?:\s+[^\W\d_]+['’]s?(?=\s))?(?:\s+(?:next|last|first|past|previous|final"
    r"|remaining))?"
    r"(?:\s+(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty))?)\s"
)
#: "an increase of 5% in [the] ...", by the number of words the noun phrase has
_CHANGE_IN = tuple(re.compile(rf"\s*(?:\w+\s+){{0,{n}}}?(?:in|of)\s+") for n in range(5))
_QUALIFIER_ORDER = sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0]))
_QUALIFIER_REACH = max(map(len, QUALIFIERS)) + 2
_MONTH_LONGEST = max(map(len, _MONTH_SET))


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
        part: the number is a part of a whole named after it ("eight of their last 10 games"), not a count of
            its own.
        move: "up" or "down" when the number is a change of its anchor, told by a verb before it ("profit rose
            12%": profit, up); "" otherwise (the level reached, "rose to $3.4 billion", is the anchor's value).
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
    part: bool = False
    move: str = ""


def _qualifier(t: SentenceText, start: int) -> str:
    # text[:start].lower().rstrip() without a last word "a" or "an" and the spaces before it, as far back
    # as a qualifier reaches
    j = bisect_left(t.starts, start) - 1
    end = 0
    if j >= 0:
        end = t.at(min(t.ends[j], start))
        if t.starts[j] and t.word((t.at(t.starts[j]), end), 2) in ("a", "an"):
            end = t.at(t.ends[j - 1]) if j else 0
    tail = t.low[max(0, end - _QUALIFIER_REACH) : end]
    for phrase, name in _QUALIFIER_ORDER:
        if tail.endswith(" " + phrase) or tail == phrase:
            return "exact" if phrase == "over" and _HANDED_OVER.search(tail) else name
    return "exact"


def _anchor(t: SentenceText, start: int, end: int, weight: bool = False) -> tuple[tuple[str, ...], bool, bool]:
    """The noun phrase the number counts (lemmas), whether it is hedged, and whether the number is a part of a
    whole named after it ("8 of their last 10 games")."""
    text = t.text
    of_the = _OF_THE.match(text, end)
    if of_the:
        end = of_the.end(1)
    words, hedge = t.phrase(end)
    if words and words[0] in CURRENCY_WORDS and not weight:
        words = words[1:]
    if words and words[-1] in {"increase", "decrease"}:
        m_in = _CHANGE_IN[len(words)].match(text, end)
        if m_in:
            words += t.phrase(m_in.end(), t.line_end(m_in.end()))[0]
    if len(words) == 1 and past_verb(words[0]):  # "A crowd of 60,215 watched": what the measure before names
        measure = t.measure(start)
        words = [lemma(measure.group(1))] if measure else words
    if not words:
        counted = t.count_of(start)
        if counted:
            words, hedge2 = counted
            hedge = hedge or hedge2
        else:
            measure = t.measure(start)
            toll = t.toll_end <= t.at(start)
            words = [lemma(measure.group(1))] if measure else ["death"] if toll else []
            harmed = None if words else _HARMED.search(text, max(0, start - 30), start)
            words = [lemma(harmed.group(1))] if harmed else words  # "killing at least 24 people and injuring 21,"
    window = text[max(0, start - 40) : start].lower()
    hedge = hedge or any(w in HEDGES for w in window.split()[-4:])
    return tuple(words), hedge, of_the is not None


def _looks_like_year(num: str, t: SentenceText, start: int, end: int) -> bool:
    if not _YEAR.fullmatch(num):
        return False
    preposition = t.word(t.last_word(start), 6).lstrip("(") in {"in", "since", "of"}  # "(in 2006 dollars)"
    after, _ = t.phrase(end)
    if after and year_before(t.text, start, end, len(after)):
        return True
    return not (after and after[-1] not in _MONTH_SET and not preposition)


def quantities(sentence: str) -> list[Quantity]:
    """Every quantity in a sentence, in order."""
    t = SentenceText(sentence)
    first = first_word(sentence)
    shares = _ratios(sentence)
    found = [_make(t, 100 * part / whole, "percent", a, b, sentence[a:b]) for a, b, part, whole in shares]
    rated = magnitudes(sentence)  # "a magnitude 6.8 earthquake": one quake's rating
    nobody = nobody_harmed(sentence)
    found += [replace(_make(t, v, "count", a, b, sentence[a:b]), anchor=("magnitude",), move="") for a, b, v in rated]
    # "No one was injured": none of the harmed, a count another source may give otherwise
    found += [Quantity(0.0, "count", "exact", (head,), False, False, a, b, sentence[a:b]) for a, b, head in nobody]
    apart = sorted([(a, b) for a, b, _, _ in shares] + [(a, b) for a, b, _ in rated] + phone_spans(sentence))
    taken_starts: list[int] = [a for a, _ in apart]
    taken_ends: list[int] = [b for _, b in apart]
    for m in _DIGITS.finditer(sentence):
        num, cur, scale, pct = m.group("num"), m.group("cur"), m.group("scale"), m.group("pct")
        k = bisect_right(taken_starts, m.start()) - 1
        if not measure_or_apart(sentence, m.end()) or (k >= 0 and m.start() < taken_ends[k]):
            continue
        if not cur and not scale and not pct:
            if _looks_like_year(num, t, m.start("num"), m.end()) or _TIME_AFTER.match(sentence, m.end()):
                continue
            if house_number(sentence, m.end()):
                continue
            if numbered(sentence, m.start(), m.end()):
                rating = float(num.replace(",", "").replace(" ", ""))
                if category(sentence, m.start(), rating):
                    found.append(replace(_make(t, rating, "count", m.start(), m.end(), num), anchor=("category",)))
                continue  # "Flight 370", "iPhone 11": a name's number; "a Category 3 storm" rates the storm
            prev, nxt = t.last_word(m.start()), t.next_word(m.end())
            if t.bare(prev, _MONTH_LONGEST) in _MONTH_SET or t.bare(nxt, _MONTH_LONGEST) in _MONTH_SET:
                continue
        if scale and fold(scale) in {"m", "k"} and not cur and not counts_many(sentence, m.end()):
            scale = None
        value = float(num.replace(",", "").replace(" ", "")) * (_SCALES[fold(scale)] if scale else 1.0)
        if not math.isfinite(value):
            continue  # hundreds of digits: no figure a float holds, nothing to compare
        start, end = m.start(), m.end()
        if pct:
            unit = "percent"
        elif cur:
            unit = _CURRENCY[fold(cur)]
        else:
            unit = CURRENCY_WORDS.get(t.spaced_word(end), "count")
        weight = unit == "GBP" and not cur and not scale and _weighed(sentence, start, end)
        k = bisect_right(taken_starts, start)
        taken_starts.insert(k, start)
        taken_ends.insert(k, end)
        found.append(_make(t, value, "count" if weight else unit, start, end, m.group().strip(), weight))
    headline: bool | None = None
    for m in _SPELLED.finditer(sentence):
        text = m.group("words")
        k = bisect_right(taken_starts, m.start()) - 1  # the digit matches and the spans apart: sorted, disjoint
        if (k >= 0 and m.start() < taken_ends[k]) or text.lower() == "one":
            continue
        if _LINKED.match(sentence, m.end()) or _LINKED_BEFORE.search(sentence, max(0, m.start() - 2), m.start()):
            continue
        if _AGE_AFTER.match(sentence, m.end()) or _KIND_AFTER.match(sentence, m.end()):
            continue
        if text[0].isupper() and inside(sentence, m.start(), first):
            headline = title_case(sentence) if headline is None else headline  # read once per sentence
            if not headline:
                continue  # "the Pick Six Newsletter", "the Big Three automakers": part of a name
        try:
            value = float(text2num(fold(text).replace(" and ", " "), "en"))
        except (ValueError, OverflowError):  # not a number, or too large for a float
            continue
        unit = "percent" if m.group("pct") else "count"
        q = _make(t, value, unit, m.start(), m.end(), m.group().strip())
        if text.lower() == "hundred" and t.word(t.last_word(m.start()), 7) in _SOME:
            q = replace(q, qualifier="more_than")  # "several hundred protesters": more than 100, not 100
        found.append(q)
    for m in _ORDINAL.finditer(sentence):
        n = _ORDINALS[fold(m.group("word"))] if m.group("word") else int(m.group("num"))
        words, hedge = t.phrase(m.end())
        if not words or words[-1] in _ORDINAL_SKIP or words[0] in _MONTH_SET:
            continue
        if past_verb(t.word(t.next_word(m.end()), _VERB_LONGEST)):
            continue  # "the opening of the seventh ended Rahman's challenge": no noun is numbered
        if street_ordinal(sentence, m.end()) or words[0] in PERIOD_NOUNS:
            continue
        if m.group("word") and m.group("word")[0].isupper() and inside(sentence, m.start(), first):
            continue  # "the Second World War", "the Fifth Golden Rooster": part of a name
        if t.word(t.last_word(m.start()), _MONTH_LONGEST) in _MONTH_SET:
            continue
        q = Quantity(float(n), "ordinal", "exact", tuple(words), hedge, False, m.start(), m.end(), m.group(), True)
        found.append(q)
    return elided(sentence, _ranges(t, sorted(found, key=lambda q: q.start)))


def _ranges(t: SentenceText, found: list[Quantity]) -> list[Quantity]:
    """``found`` with each range read as its top bound: "30 to 40 firefighters", "between 60 and 100 rioters",
    "one or two jurors" are up to 40, 100 and 2 of them (not exactly), and their low ends no figures of their own;
    "from 16 to 80" is a change, not a range."""
    lows: set[int] = set()
    out: list[Quantity] = []
    for q in found:
        r = _RANGE_BEFORE.search(t.text, max(0, q.start - 30), q.start)
        ranged = r is not None and not q.ordinal and (r.group("between") or r.group("joint").lower() != "and")
        # "rose 12% to $3.4 billion": a change and the level it reached, no range ("30 to 40%" is one)
        ranged = ranged and r is not None and (q.unit == "percent" or not r["low"].endswith("%"))
        if r and ranged and t.word(t.last_word(r.start()), 4) != "from" and number_value(r["low"]) < q.value:
            q = replace(q, qualifier="at_most")
            lows.add(r.start("low"))
        out.append(q)
    ends = sorted(lows)  # a quantity goes when a low end starts inside it ("$50 or $100": the "$50")
    return [q for q in out if (i := bisect_left(ends, q.start)) == len(ends) or ends[i] >= q.end]


def _ratios(sentence: str) -> list[tuple[int, int, float, float]]:
    """The shares in ``sentence`` ("one in five", "3 out of every 10"): span, part and whole, the part smaller."""
    found = []
    for m in _RATIO.finditer(sentence):
        part, whole = number_value(m.group("part")), number_value(m.group("whole"))
        if 0 < part < whole and not (_YEAR.fullmatch(m.group("whole")) and whole > 1000):
            found.append((m.start(), m.end(), part, whole))
    return found


def number_value(text: str) -> float:
    """The value of a number written in digits ("1,500", "80 %") or words ("twenty-one"); infinity when the words
    are no number text2num reads."""
    number = text.rstrip("% ").replace(",", "")
    try:
        return float(number) if number[:1].isdigit() else float(text2num(fold(number), "en"))
    except ValueError:
        return math.inf


def _weighed(text: str, start: int, end: int) -> bool:
    """Whether the "pounds" after the number at ``text[start:end]`` weigh: "weighing 200 pounds", "5 pounds of
    cocaine" (sterling has its sign or a scale: "£5", "17.7 billion pounds")."""
    return bool(_POUNDS_OF.match(text, end) or _WEIGHING.search(text, max(0, start - 40), start))


def _make(t: SentenceText, value: float, unit: str, start: int, end: int, text: str, weight: bool = False) -> Quantity:
    """The quantity at ``t.text[start:end]``; ``weight``: the pounds after it weigh, and are what it counts."""
    dozen = _DOZEN.match(t.text, end)
    if dozen:  # "two dozen units": 24 units
        value, end, text = value * 12, dozen.end(), text + dozen.group()
    half = _AND_A_HALF.match(t.text, end)
    if half:
        value, end, text = value + 0.5, half.end(), text + half.group()
    plus = _PLUS.match(t.text, end)
    if plus:
        end, text = plus.end(), text + plus.group()
    anchor, hedge, part = _anchor(t, start, end, weight)
    share = _SHARE_OF.match(t.text, end) if unit == "percent" and not anchor else None
    if unit not in ("percent", "count") and not anchor:  # a sum of money no noun after it names
        anchor = money.what(t, start, end)
    if share:  # "68 percent of Greeks", "2 percent of corporate profits": a share of what follows "of"
        named = _NAMED_WHOLE.match(t.text, share.end())  # a people named by its capital ends there ("Americans live")
        anchor = tuple(t.phrase(share.end(), named.end() if named else None)[0])
    if t.word(t.last_word(start), 5) == "minus" and not _PLUS_OR_MINUS.search(t.text, max(0, start - 20), start):
        value = -value  # "minus 17 degrees"; "plus or minus 3.8 points" is a margin of 3.8
    if anchor[-1:] in (("year",), ("month",)) and prison_term(t.text, start, end):
        anchor = (anchor[-1], "sentence")  # "sentenced to eight years": a prison term, as "an eight-year sentence"
    # "profit rose 12%": what changed comes before (a count after a verb may be its object: "dropped two rules")
    moved = None if anchor else move_before(t.text, start, changes=unit != "count")
    if moved is not None:
        anchor = moved.subject
    qualifier = "at_least" if plus else _qualifier(t, start)
    spread = qualifier == "more_than" and bool(anchor) and anchor[-1] in SPANS
    if spread and spread_over(t.text, start):
        qualifier = "exact"  # "a 40% raise over four years": the span it is spread over, not more than four years
    total = t.running_total(start)
    return Quantity(value, unit, qualifier, anchor, hedge, total, start, end, text, part=part,
                    move=moved.direction if moved else "")  # fmt: skip


def describe(q: Quantity) -> str:
    """The quantity as shown in a verdict: qualifier, number, unit, anchor."""
    qual = {"exact": "", "approx": "about ", "at_least": "at least ", "more_than": "more than "}
    qual |= {"at_most": "up to ", "less_than": "fewer than "}
    number = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,.2f}".rstrip("0")
    if q.ordinal:
        return f"#{number} {' '.join(q.anchor)}".strip()
    unit = {"percent": "%", "count": ""}.get(q.unit, " " + q.unit)
    if q.move:  # "profit up 12%"
        return f"{' '.join(q.anchor)} {q.move} {qual[q.qualifier]}{number}{unit}".strip()
    total = "total " if q.total else ""
    return f"{qual[q.qualifier]}{total}{number}{unit} {' '.join(q.anchor)}".strip()
