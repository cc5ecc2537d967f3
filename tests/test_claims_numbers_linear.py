"""A sentence of many figures (a flattened results table) costs :func:`quantities` in proportion to its length:
each number's rules read the words around it, not the whole text before and after it. Checked against a
verbatim copy of the former code, which re-read the sentence for every number: on every sentence, line and
paragraph of the corpora and on thousands of seeded random sentences, the same quantities.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import os
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, SupportsIndex

import pytest
from text_to_num import text2num

from dedupe_cli.claims import elided, naming, nobody, ratings
from dedupe_cli.claims.lexicon import (
    CALENDAR,
    HEDGES,
    NUMBER_WORDS,
    QUALIFIERS,
    STOP,
    TOTAL_AFTER,
    TOTAL_CUES,
    TOTAL_PHRASES,
    WORD,
    fold,
    lemma,
)
from dedupe_cli.claims.moves import move_before
from dedupe_cli.claims.numbers import Quantity, quantities
from dedupe_cli.claims.sentences import story_sentences
from dedupe_cli.options import LoadOptions, ScanOptions
from dedupe_cli.scan import scan

from .conftest import ROOT, SAMPLES
from .linecount import lines_run

numbers_module = importlib.import_module("dedupe_cli.claims.numbers")
#: quantities() reads its sentence through these modules too: their lines and patterns count as its work
phrases_module = importlib.import_module("dedupe_cli.claims.phrases")
money_module = importlib.import_module("dedupe_cli.claims.money")
naming_module = importlib.import_module("dedupe_cli.claims.naming")
spans_module = importlib.import_module("dedupe_cli.claims.spans")
_READERS = (numbers_module, phrases_module, naming_module, money_module, spans_module, nobody, elided)

SEED = 20260411


# ---------------------------------------------------------------------------------------------------------------
# The reference: quantities() and its helpers as they were (commit 020a1d2), verbatim but for the functions'
# names (head_ for _); the rules' constants are the module's where they have not changed.
# ---------------------------------------------------------------------------------------------------------------

# the rules' constants are the module's (unchanged since 020a1d2) but for _TIME_AFTER, anchored then
_SCALES, _CURRENCY, _CURRENCY_WORDS = numbers_module._SCALES, numbers_module._CURRENCY, phrases_module.CURRENCY_WORDS
_DIGITS, _SPELLED, _ORDINALS, _ORDINAL = (
    numbers_module._DIGITS,
    numbers_module._SPELLED,
    numbers_module._ORDINALS,
    numbers_module._ORDINAL,
)
_ORDINAL_SKIP, _MONTH_SET, _MEASURE = numbers_module._ORDINAL_SKIP, numbers_module._MONTH_SET, phrases_module._MEASURE
_WORD = WORD
_TIME_AFTER = re.compile(r"^\s?(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|ET|BST)\b", re.I)


def head_qualifier(before: str) -> str:
    tail = re.sub(r"\s+(?:a|an)$", "", before.lower().rstrip())
    for phrase, name in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if tail.endswith(" " + phrase) or tail == phrase:
            if phrase == "over" and re.search(r"\b(?:hand|turn|sign|fork)(?:s|ed|ing)?\s+over$", tail):
                return "exact"  # since: "handed over 495,570 vehicles"
            return name
    return "exact"


def head_noun_phrase(text: str) -> tuple[list[str], bool]:
    """Lemmas of the noun phrase at the start of ``text`` (up to 4 words) and whether it is hedged."""
    words: list[str] = []
    hedge = False
    prev_end = 0
    last_made = False  # since: the last word taken is a make's name
    for match in _WORD.finditer(text):
        if match.start() < prev_end:  # since: initials are one word ("200 U.S. troops")
            continue
        gap = text[: match.start()] if not words else text[prev_end : match.start()]
        if any(c in gap for c in ',;:.()"“”?!—–') or re.search(r"\s-|-\s", gap):  # since: a dash
            break
        initials = re.match(r"(?:[A-Z]\.){2,}", text[match.start() :]) if len(match.group()) == 1 else None
        word = initials.group().lower() if initials else match.group().lower()
        prev_end = match.start() + initials.end() if initials else match.end()
        if word in HEDGES:
            hedge = True
            continue
        if word == "such" or word == "more":
            continue
        if word.isdigit() and len(word) <= 4 and words and last_made:  # since: "171 Boeing 737 Max 9 jets"
            continue
        if word in STOP or word.isdigit() or len(words) >= 4 or (words and word.endswith("ed")):
            break
        if word in naming.PHRASE_ENDS or word.endswith(("n't", "n’t")):  # rules added since: "3 days later"
            break
        if word in NUMBER_WORDS:  # since: "up from 41% four years ago"
            break
        if re.match(r"(?:that|there|here|who|what|which|where|it|he|she|they|we|you|i)['’]", word):  # since
            break
        if words and naming.past_verb(word):  # since: "3 people fled"
            break
        if naming.adverb(word):  # since: "3 officers fatally shot", "3 newly built homes"
            if words:
                break
            continue
        words.append(lemma(word))
        last_made = match.group()[0].isupper() and words[-1] == word
        after = re.match(r"[ \t\u00a0]+([a-z]+)\b", text[match.end() :])
        if word[0] != match.group()[0] and after and naming.plural_head(after.group(1)):
            continue  # since: "13,000 United Auto Workers members" counts the members
        if naming.plural_head(word):  # since: "2 transport officers hostage" ends at its head
            measure = re.match(  # since: "6 feet wide"
                r"\s+(high|wide|long|tall|deep|thick|old|away|apart|ahead|behind|faster|slower|wider|narrower|longer"
                r"|shorter|higher|lower|older|younger|larger|smaller|bigger|taller|deeper|heavier|lighter)\b",
                text[prev_end:],
                re.I,
            )
            if measure:
                words.append(measure.group(1).lower())
            break
    while len(words) > 1 and naming.participle(words[-1]):  # since: "2 guards driving him"
        words.pop()
    if words[-2:] in (["crew", "member"], ["staff", "member"]):  # since: "four crew members" count the crew
        words.pop()
    return words, hedge


def head_anchor(sentence: str, start: int, end: int, weight: bool = False) -> tuple[tuple[str, ...], bool]:
    after = sentence[end:]
    if re.match(r"\s+of\s+(?:the|these|those|its|their)\s", after):
        after = re.sub(r"^\s+of\s+\w+", "", after)
        after = re.sub(r"^\s+[^\W\d_]+['’]s?(?=\s)", "", after)  # since: "of the bank's 15,000 employees"
        # since: "18 of their next 23 games" reads on past "next 23"
        after = re.sub(
            r"^(?:\s+(?:next|last|first|past|previous|final|remaining))?(?:\s+(?:\d[\d,]*|two|three"
            r"|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty))?(?=\s)",
            "",
            after,
        )
    words, hedge = head_noun_phrase(after)
    if words and words[0] in _CURRENCY_WORDS and not weight:  # since: pounds that weigh are what is counted
        words = words[1:]
    if words and words[-1] in {"increase", "decrease"}:
        m_in = re.match(rf"\s*(?:\w+\s+){{0,{len(words)}}}?(?:in|of)\s+(.*)", after)
        if m_in:
            words += head_noun_phrase(m_in.group(1))[0]
    measure = _MEASURE.search(sentence[:start])
    if len(words) == 1 and naming.past_verb(words[0]) and measure:  # since: "A crowd of 60,215 watched"
        words = [lemma(measure.group(1))]
    if not words:
        before = sentence[:start]
        m = re.search(r"(?:number|total|tally|toll|count)\s+of\s+[\"“]?([^\"”,.;]{2,60})", before)
        if m:
            words, hedge2 = head_noun_phrase(m.group(1))
            hedge = hedge or hedge2
        else:
            measure = _MEASURE.search(before)
            toll = re.search(r"(?:death\s+)?toll", before.lower())
            words = [lemma(measure.group(1))] if measure else ["death"] if toll else []  # since: folded
            harmed = None if words else numbers_module._HARMED.search(sentence[max(0, start - 30) : start])
            words = [lemma(harmed.group(1))] if harmed else words  # since: "and injuring 21,"
    window = sentence[max(0, start - 40) : start].lower()
    hedge = hedge or any(w in HEDGES for w in window.split()[-4:])
    return tuple(words), hedge


def head_is_total(sentence: str, start: int) -> bool:
    low = sentence.lower()
    i = len(sentence[:start].lower())
    clause = max((m.end() for m in phrases_module.CLAUSE.finditer(low) if m.end() <= i), default=-1)
    for cue in phrases_module.CUE.finditer(low[:i]):  # every cue before the number, read again for each number
        summed = cue.group() in phrases_module.SUM_WORDS and phrases_module.SUM.match(low, cue.end())
        if cue.end() > clause and not summed:
            return True
    after = sentence[start : start + 40].lower()
    return any(p in after and not re.search(r"[,;:(]", after[: after.find(p)]) for p in TOTAL_AFTER)


def head_looks_like_year(num: str, sentence: str, start: int, end: int) -> bool:
    if not re.fullmatch(r"1[5-9]\d\d|20\d\d", num):
        return False
    before = sentence[:start].lower().split()[-1:] if sentence[:start].strip() else []
    after, _ = head_noun_phrase(sentence[end:])
    if after and naming.year_before(sentence, start, end, len(after)):  # since: "the 2005 season"
        return True
    prep = before and before[0].lstrip("(") in {"in", "since", "of"}  # since: "(in 2006 dollars)"
    return not (after and after[-1] not in _MONTH_SET and not prep)


def head_quantities(sentence: str) -> list[Quantity]:
    """Every quantity in a sentence, in order."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = [m.span() for m in naming._PHONE.finditer(sentence)]  # since: telephones
    for a, b, value in ratings.magnitudes(sentence):  # since: "a magnitude 6.8 earthquake" rates one quake
        taken.append((a, b))
        made = head_make(sentence, value, "count", a, b, sentence[a:b])
        found.append(dataclasses.replace(made, anchor=("magnitude",), move=""))
    for a, b, head in nobody.nobody_harmed(sentence):  # since: "No one was injured" counts none of the harmed
        found.append(Quantity(0.0, "count", "exact", (head,), False, False, a, b, sentence[a:b]))
    for r in numbers_module._RATIO.finditer(sentence):  # since: "one in five Americans" is a share
        part, whole = head_number(r.group("part")), head_number(r.group("whole"))
        if 0 < part < whole and not (re.fullmatch(r"1[5-9]\d\d|20\d\d", r.group("whole")) and whole > 1000):
            taken.append(r.span())
            found.append(head_make(sentence, 100 * part / whole, "percent", r.start(), r.end(), r.group()))
    for m in _DIGITS.finditer(sentence):
        num, cur, scale, pct = m.group("num"), m.group("cur"), m.group("scale"), m.group("pct")
        if not naming.measure_or_apart(sentence, m.end()):  # a rule added since: "5G", "3D"
            continue
        if any(s <= m.start() < e for s, e in taken):  # since: a share's or a telephone's digits
            continue
        if not cur and not scale and not pct:
            if head_looks_like_year(num, sentence, m.start("num"), m.end()) or _TIME_AFTER.match(sentence[m.end() :]):
                continue
            if naming.house_number(sentence, m.end()):  # a rule added since: a house number
                continue
            if naming.numbered(sentence, m.start(), m.end()):  # since: "Series 3", "iPhone 11"
                rating = float(num.replace(",", "").replace(" ", ""))
                if re.search(r"\bCategory\s+$", sentence[: m.start()]) and rating <= 5:  # since: "a Category 3 storm"
                    made = head_make(sentence, rating, "count", m.start(), m.end(), num)
                    found.append(dataclasses.replace(made, anchor=("category",)))
                continue
            prev = sentence[: m.start()].rstrip().lower().split()[-1:]
            nxt = sentence[m.end() :].lstrip().lower().split()[:1]
            if (prev and prev[0].strip(".,)") in _MONTH_SET) or (nxt and nxt[0].strip(".,)") in _MONTH_SET):  # since: )
                continue
        if scale and fold(scale) in {"m", "k"} and not cur and not naming.counts_many(sentence, m.end()):  # since
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
            nxt_word = sentence[end:].strip().split(" ")[0].lower().strip(".,)")  # since: "1.3 billion euros)"
            unit = _CURRENCY_WORDS.get(nxt_word, "count")
        weight = (  # since: "weighing 200 pounds", "5 pounds of cocaine" weigh
            unit == "GBP"
            and not cur
            and not scale
            and bool(
                re.match(r"\s+pounds?\s+of\b", sentence[end:], re.I)
                or re.search(r"\b(?:weigh|weighs|weighed|weighing|weight)\b(?:\s+\S+){0,2}\s*$", sentence[:start], re.I)
            )
        )
        taken.append((start, end))
        found.append(head_make(sentence, value, "count" if weight else unit, start, end, m.group().strip(), weight))
    for m in _SPELLED.finditer(sentence):
        text = m.group("words")
        if any(s <= m.start() < e for s, e in taken) or text.lower() == "one":
            continue
        if re.match(r"-(?:on|for|to|by|foot|feet)-", sentence[m.end() :], re.I) or re.search(
            r"[^\W\d_]-$", sentence[: m.start()]
        ):
            continue  # since: "a two-on-one", "six-foot-five"
        if re.match(r"-(?:year|month|week|day)s?-old\b", sentence[m.end() :], re.I):
            continue  # since: an age ("Sixteen-year-old Kimani Gray"), a claim of its own
        if re.match(r"-(?:pointer|seater|wheeler|decker|liner|timer|hander|hitter)s?\b", sentence[m.end() :], re.I):
            continue  # since: a noun of a kind made with a number ("12 three-pointers"), no count
        long_words = re.findall(r"\b[^\W\d_]{4,}", sentence)
        headline = 2 * sum(w[0].isupper() for w in long_words) > len(long_words)
        lead = len(sentence) - len(sentence.lstrip())
        if text[0].isupper() and naming.inside(sentence, m.start(), lead) and not headline:
            continue  # since: a capital inside a sentence names ("the Big Three automakers")
        try:
            value = float(text2num(fold(text).replace(" and ", " "), "en"))
        except (ValueError, OverflowError):  # not a number, or too large for a float
            continue
        unit = "percent" if m.group("pct") else "count"
        q = head_make(sentence, value, unit, m.start(), m.end(), m.group().strip())
        if text.lower() == "hundred" and sentence[: m.start()].lower().split()[-1:] in (["several"], ["few"], ["many"]):
            q = dataclasses.replace(q, qualifier="more_than")  # since: "several hundred"
        found.append(q)
    for m in _ORDINAL.finditer(sentence):
        n = _ORDINALS[fold(m.group("word"))] if m.group("word") else int(m.group("num"))
        words, hedge = head_noun_phrase(sentence[m.end() :])
        if not words or words[-1] in _ORDINAL_SKIP or words[0] in _MONTH_SET:
            continue
        after = sentence[m.end() :].lower().split()[:1]
        if naming.past_verb(after[0] if after and len(after[0]) <= 24 else ""):
            continue  # since: "the seventh ended Rahman's challenge" numbers no noun
        if naming.street_ordinal(sentence, m.end()):  # a rule added since: a street's name
            continue
        if words[0] in naming.PERIOD_NOUNS:  # since: "the 11th-hour offer"
            continue
        first = len(sentence) - len(sentence.lstrip())
        if m.group("word") and m.group("word")[0].isupper() and naming.inside(sentence, m.start(), first):
            continue  # since: "the Second World War"
        prev = sentence[: m.start()].rstrip().lower().split()[-1:]
        if prev and prev[0] in _MONTH_SET:
            continue
        q = Quantity(float(n), "ordinal", "exact", tuple(words), hedge, False, m.start(), m.end(), m.group(), True)
        found.append(q)
    return head_elided(sentence, head_ranges(sentence, sorted(found, key=lambda q: q.start)))


def head_elided(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """(since) a bare count going on a list of places after a count of a place counts what it counts: "Seven people
    died in Texas, five in Arkansas"."""
    place = r"\s+(?:in|at|from)\s+(?:the\s+)?([A-Z]\w*)"

    def a_place(m: re.Match[str] | None) -> bool:
        return m is not None and m.group(1).lower() not in CALENDAR

    out: list[Quantity] = []
    for q in found:
        if out and not q.anchor and out[-1].anchor and q.unit == "count" and out[-1].unit == "count":
            last, gap = out[-1], sentence[out[-1].end : q.start]
            stops = any(c in ".;:!?" or c.isdecimal() for c in gap)
            listed = len(gap) <= 80 and not stops and re.search(r"(?:,|\sand)\s+\Z", gap)
            if (
                not (q.ordinal or last.ordinal)
                and listed
                and a_place(re.match(place, sentence[q.end :]))
                and a_place(re.search(place, sentence[last.end : last.end + 40][: q.start - last.end]))
            ):
                q = dataclasses.replace(q, anchor=last.anchor)
        out.append(q)
    return out


def head_ranges(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """(since) a range's top is a bound and its low end no figure: "30 to 40 firefighters", "one or two jurors"."""
    lows, out = set(), []
    for q in found:
        r = numbers_module._RANGE_BEFORE.search(sentence, max(0, q.start - 30), q.start)
        if r is None or q.ordinal or (not r.group("between") and r.group("joint").lower() == "and"):
            out.append(q)
            continue
        if sentence[: r.start()].lower().split()[-1:] == ["from"]:  # a change, not a range
            out.append(q)
            continue
        if r.group("low").endswith("%") and q.unit != "percent":  # since: "rose 12% to $3.4 billion"
            out.append(q)
            continue
        number = r.group("low").rstrip("% ").replace(",", "")
        try:
            low = float(number) if number[:1].isdigit() else float(text2num(fold(number), "en"))
        except ValueError:
            low = math.inf
        if low < q.value:
            q = dataclasses.replace(q, qualifier="at_most")
            lows.add(r.start("low"))
        out.append(q)
    return [q for q in out if not any(q.start <= low < q.end for low in lows)]


def head_make(
    sentence: str, value: float, unit: str, start: int, end: int, text: str, weight: bool = False
) -> Quantity:
    dozen = re.match(r"[ \t\u00a0-]dozen\b", sentence[end:], re.I)
    if dozen:  # since: "two dozen units" are 24
        value, end, text = value * 12, end + dozen.end(), text + dozen.group()
    half = re.match(r"(?:-|\s+)and(?:-|\s+)a(?:-|\s+)half\b", sentence[end:], re.I)
    if half:  # since: "five-and-a-half points"
        value, end, text = value + 0.5, end + half.end(), text + half.group()
    plus = re.match(r"-plus\b|\+(?!\d)", sentence[end:], re.I)
    if plus:  # since: "six-plus rounds" are at least six
        end, text = end + plus.end(), text + plus.group()
    before = sentence[:start].lower().split()
    if before[-1:] == ["minus"] and before[-3:] != ["plus", "or", "minus"]:  # since: "minus 17 degrees", not a margin
        value = -value
    anchor, hedge = head_anchor(sentence, start, end, weight)
    owner = r"(?:[^\W\d_]+['’]s?\s+)?(?:\d[\d,]*\s+)?"  # since: "of the bank's 15,000 employees"
    share = re.match(r"\s+of\s+(?:(?:the|all|its|their|those|these|his|her|our)\s+)?" + owner, sentence[end:], re.I)
    if unit == "percent" and not anchor and share:  # since: "68 percent of Greeks" is a share of Greeks
        whole = sentence[end + share.end() :]
        named = re.match(r"[A-Z][\w'’-]*", whole)
        anchor = tuple(head_noun_phrase(whole[: named.end()] if named else whole)[0])
    money = unit not in ("percent", "count") and not anchor
    per = re.match(
        r"\s+(?:a|an|per|each)\s+(share|barrel|gallon|ounce|ton|tonne|kilogram|unit)\b", sentence[end:], re.I
    )
    money_in = re.match(r"\s+in\s+(?=[a-z])", sentence[end:])
    if money and per:  # since: "$85 a share"
        anchor = (lemma(per.group(1)), "price")
    elif money and money_module._BOUGHT_FOR.search(sentence[max(0, start - 60) : start]):  # since: "buy X for $12bn"
        anchor = ("deal",)
    elif money and money_in:  # since: "$250,000 in bribes" (not "in cash")
        phrase = head_noun_phrase(sentence[end + money_in.end() :])[0]
        anchor = tuple(w for w in phrase if w not in ("cash", "stock", "share"))
    elif (
        money
        and money_module._EACH.match(sentence[end:])
        and (priced := money_module._PRICED_AT.search(sentence[max(0, start - 30) : start]))
    ):
        anchor = (lemma(priced.group(1)), "price")  # since: "pricing shares at $26 each"
    elif money:  # since: "$5 million worth of jewelry", "jewelry worth $3 million"
        after = money_module._WORTH_OF.match(sentence[end:])
        before = money_module._WORTH_BEFORE.search(sentence[max(0, start - 40) : start])
        if after:
            anchor = tuple(
                w for w in head_noun_phrase(sentence[end + after.end() :])[0] if w not in ("cash", "stock", "share")
            )
        elif before and before.group(1) not in STOP and naming.noun(before.group(1)):
            anchor = (lemma(before.group(1)),)
        elif money_module._OPENED.search(sentence[max(0, start - 40) : start]):
            anchor = ("opening",)  # since: "debuted with $152 million"
        elif money_module._TO_SETTLE.match(sentence[end:]):
            anchor = ("settlement",)  # since: "to pay $1.4 billion to settle"
        elif money_module._PRICED.search(sentence[max(0, start - 30) : start]):
            anchor = ("cost",)  # since: "will cost $999"
        elif money_module._VALUED_AT.search(sentence[max(0, start - 60) : start]):
            anchor = ("valuation",)  # since: "values the company at about $12 billion"
        elif re.search(r"\bfined\b[^.;:!?$€£\d]{0,40}?(?:US)?[$€£]?\s?$", sentence[max(0, start - 50) : start], re.I):
            anchor = ("fine",)  # since: "fined Meta a record 1.2 billion euros"
    served = r"\b(?:spent|spend|spends|spending|served|serve|serves|serving|after)\b[^,;.]{0,30}$"
    in_prison = r"[\s-]+(?:years?|months?)\s+(?:in\s+(?:a\s+)?(?:federal\s+|state\s+)?(?:prison|jail)|behind\s+bars)\b"
    if (
        anchor[-1:] in (("year",), ("month",))
        and (
            spans_module._SENTENCED.search(sentence[max(0, start - 40) : start])
            or (  # since: "sentenced Mayor Frank Jackson to eight years in prison", not "spent 27 years in prison"
                re.match(in_prison, sentence[end:], re.I)
                and not re.search(served, sentence[max(0, start - 40) : start], re.I)
            )
        )
    ):
        anchor = (anchor[-1], "sentence")  # since: "sentenced to eight years"
    moved = None if anchor else move_before(sentence, start, changes=unit != "count")  # since: "profit rose 12%"
    anchor = moved.subject if moved else anchor
    qualifier = "at_least" if plus else head_qualifier(sentence[:start])
    over = rf"(?:\d|\b{numbers_module.NUMBER_WORD}\b)[^,;:!?]{{0,40}}?\s+over\s+$"
    spread = re.search(over, sentence[max(0, start - 60) : start], re.I)
    if qualifier == "more_than" and anchor[-1:] and anchor[-1] in spans_module.SPANS and spread:
        qualifier = "exact"  # since: "a 40% raise over four years" is spread over four years
    part = bool(re.match(r"\s+of\s+(?:the|these|those|its|their)\s", sentence[end:]))  # since: "8 of their 10"
    total = head_is_total(sentence, start)
    return Quantity(value, unit, qualifier, anchor, hedge, total, start, end, text, part=part,
                    move=moved.direction if moved else "")  # fmt: skip


def head_number(text: str) -> float:
    return float(text.replace(",", "")) if text[0].isdigit() else float(text2num(fold(text), "en"))


# ---------------------------------------------------------------------------------------------------------------
# The same quantities: random sentences and the corpora.
# ---------------------------------------------------------------------------------------------------------------


def same(sentence: str) -> int:
    """How many quantities the sentence holds; fails unless the two implementations agree on every field."""
    new, old = quantities(sentence), head_quantities(sentence)
    assert new == old, repr(sentence)
    return len(new)


_FIGURES = [
    "5", "10", "47", "100", "1,500", "12,345,678", "2.5", "27.5", "0.5", "1,234.56", "007", "1999", "2024", "1500",
    "1600", "2099", "1.", "1,2", "10/20", "5:30", "5-year", "5th", "21st", "3rd", "12th", "1" * 25, "9" * 400,
    "٣", "3'4'5", "6’7", "8;9;10", "$1$2$3", "3x", "4s", "5%", "7-8", "200k", "3m", "4bn", "4 bn",
]  # fmt: skip
_MONEY = ["$", "US$", "us$", "USD", "EUR", "GBP", "€", "£", "¥", "$ ", "US", "US$5", "€3.2bn", "£ 5", "$27.5 billion"]
_SCALE_WORDS = ["thousand", "million", "Million", "billion", "trillion", "bn", "mn", "m", "k", "K"]
_PERCENT = ["%", "percent", "per cent", "Percent", "per  cent"]
_SPELLED_WORDS = [
    "one", "One", "twenty-one", "three hundred and five", "thirty", "two thousand", "ninety nine", "Forty-Two",
    "hundred", "six", "six six", "seven million", "eleven", "twenty twenty", "ninety-nine thousand", "four percent",
]  # fmt: skip
_ORDINAL_WORDS = ["third", "second", "twelfth", "Fifth", "twentieth", "21st", "2nd", "103rd", "4th", "third-place"]
_MONTH_WORDS = ["March", "mar.", "Sept.", "dec", "May", "june,", "JANUARY", "jan.,", ",,march..", "Oct", "September"]
_CLOCK = ["pm", "p.m.", "a.m.", "am", "o'clock", "GMT", "ET", "UTC", "BST", "5pm", "5 pm", "10 a.m."]
_QUALIFIER_WORDS = [*QUALIFIERS, "a", "an", "An", "A", "about a", "some an", "nearly  a", "ABOUT", "Over"]
_TOTAL_WORDS = [*TOTAL_CUES, *TOTAL_PHRASES, "Total", "TOLL", "totalx", "subtotal", "in  all", "so far,", "toll$5"]
_TOTAL_WORDS += ["so far$6", "total€7", "in all£8", "death toll$9", "tally$1", "xaltogether$2", "-cumulative$3 ,"]
_TOTAL_WORDS += ["a total of", "total of about", "totals", ", with", ", including", "while", "; ", "so far", "to date"]
_COUNT_PHRASES = [
    "number of", "total of", "count of", "tally of", "toll of", "number  of", "number of the", "total of “",
    'number of "', "Number of", "number\tof", "toll\nof", "counted of", "number of,", "the number of dead",
]  # fmt: skip
_MEASURE_WORDS = [
    "population", "age", "height", "length", "diameter", "area", "budget", "salary", "turnout", "Population",
    "of", "is", "was", "stands at", "stood  at", "reached", "hit", "total", "totals", "totalled", "totaled",
    "about", "some", "nearly", "around", "roughly", "US", "$", "€", "£", "populatİon", "ſtood at", "x-age",
]  # fmt: skip
_MEASURE_PHRASES = [
    "population stood at about US", "age stands at roughly $", "height stood\tat nearly US$", "salary hit around US",
    "turnout totalled some £", "budget is US$", "area was €", "diameter reached roughly", "length of US$twenty",
    "Population Stands  At Some us", "age is\nabout ", "budget was $ ", "age was\n", "area hit  ",
]  # fmt: skip
_CHANGE_WORDS = ["increase", "decrease", "increase in", "decrease of", "an increase in", "increase of the", "in", "of"]
_HEDGE_WORDS = ["alleged", "reportedly", "suspected", "such", "more", "possible", "Alleged", "unconfirmed"]
_STOP_WORDS = ["the", "of", "these", "those", "its", "their", "in", "since", "and", "to", "it's", "was"]
_NOUNS = [
    "people", "votes", "dollars", "euros", "pounds", "dollar", "Euro", "candidate", "killed", "injured", "year",
    "quarter", "place", "time", "deaths", "soldiers'", "children's", "people's", "dollars.", "euros,,", "pounds\tx",
    "seats", "deaths,", "bodies", "floor", "death", "toll", "day",
]  # fmt: skip
_SHARES_AND_CODES = [
    "one in five", "3 out of every 10", "One in 2019", "two in three", "in", "out of", "every", "+49 (0)40 890",
    "(555) 123-4567", "555-123-4567", "+", "-plus", "six-plus", "and a half", "-and-a-half", "two-on-one", "-on-",
    "six-foot-five", "iPhone", "Sportback", "quattro", "and", "iOS", "of", "of the", "Greeks", "percent of", "% of",
    "to", "or", "between", "from", "30 to 40", "one or two", "between 60 and", "minus", "temperatures of minus",
    "rose", "fell by", "was up", "Shares of Acme", "profit in the quarter", "jumped 12% to", "it", "which",
    "Category", "a Category 3 storm", "Category 1,500", "a share", "per barrel", "in cash", "to buy Acme for",
    "sentenced Tuesday to", "years", "months", "jailed for", "in prison", "in federal prison", "behind bars", "in a",
    "years in prison", "months behind bars",
    "years in federal prison", "spent", "served", "after", "magnitude", "a magnitude of", "-magnitude", "Magnitude-",
    "on the Richter", "plus or minus", "over", "handed over", "turned", "raise over", "a 40% raise over", "spent over",
    "plus or",
    "United Auto Workers members", "Workers", "crew members", "staff", "of the bank's", "bank's 15,000", "Greece's",
    "a crowd of", "watched", "attendance was", "loss of", "worth of jewelry", "jewelry worth", "worth", "is worth",
    "valued at", "values it at", "debuted with", "opened to", "will cost", "start at", "to settle", "to resolve",
    "shares at", "each", "apiece", "killing", "and injuring",
    "wounded", "three-pointers", "-pointer", "-seater", "-decker", "Boeing 737 Max 9 jets", "Boeing", "Max 9",
    "passenger jets", "Emmys", "died in Texas,", "five in Arkansas", "and 3 in the West Bank", "in May", "at",
]  # fmt: skip
_MARKS = ['"', "“", "”", ",", ".", ";", ":", "(", ")", "?", "!", "'", "’", "-", "/", "_", "…", "•", "\\"]
_ODD = ["İ", "Σ", "ΣΑΣ", "\u212a", "ſ", "İn", "KILLED", "ſuch", "aΣ", "ǅ", "ß", "ﬁ", "\u0307", "tоtal"]
_GROUPS = [
    _FIGURES, _FIGURES, _FIGURES, _MONEY, _SCALE_WORDS, _PERCENT, _SPELLED_WORDS, _ORDINAL_WORDS, _MONTH_WORDS,
    _CLOCK, _QUALIFIER_WORDS, _TOTAL_WORDS, _COUNT_PHRASES, _MEASURE_WORDS, _MEASURE_PHRASES, _CHANGE_WORDS,
    _HEDGE_WORDS, _STOP_WORDS, _NOUNS, _NOUNS, _MARKS, _ODD, _SHARES_AND_CODES,
]  # fmt: skip
_SEPARATORS = [" "] * 12 + ["", "", "  ", "   ", "\t", "\n", "\u00a0", "\u2028", "\r\n", " \u3000 ", " \n ", ", ", "; "]


def random_sentence(rng: random.Random, most: int = 24) -> str:
    text = ""
    for _ in range(rng.randint(1, most)):
        group = rng.choice(_GROUPS)
        text += rng.choice(_SEPARATORS) + rng.choice(group)
    return text[rng.randrange(2) :]


def test_random_sentences_say_the_same() -> None:
    rng = random.Random(SEED)
    found = sum(same(random_sentence(rng)) for _ in range(6000))
    found += sum(same(random_sentence(rng, n)) for n in (60, 200, 600) for _ in range(5))  # tables
    assert found > 10000  # most random sentences hold quantities


def test_templates_say_the_same() -> None:
    """Each rule's cases, then the same with the spaces swapped for other white space and odd letters."""
    templates = [
        "The population of the city stood at about US$ 5 in {0}.", "His age was 68 and the budget totals $ 3m.",
        "The number of “alleged victims, 7 and 8 of them", "a total of  12, 13 and 14 rose to 15",
        "An increase of 5% in the price of bread, a decrease in 3 crops", "about an 8, at least a 9, up to an 10",
        "Sales rose 7 dollars. 8 euros, 9\tpounds, 10 pounds\n11 pounds.", "The death toll rose to 40, 50 so far.",
        "It was 5 pm, March 3, 4 March, 5 mar., 2010 March, in 2011, since 2012 people", "the third such transfer",
        "the 21st round, May third game, x third-place finish", "more than twenty-one people; one person",
        "the count of the votes 5, the total 6; totals 7 tally 8", "2,300 of the 4,000 people were killed",
        "the population stood at about US 5, the age stands at roughly $ twenty, the budget was US$twenty",
        "one in five voters, 3 out of every 10 people, call +49 (0)40 890 85-433 or (555) 123-4567 in {0}",
        "six-plus rounds, 20+ years, five-and-a-half points, two and a half years, a two-on-one, six-foot-five",
        "the iPhone 11 and 11 Pro models, the e-tron Sportback 50 quattro; in Kabul 12 people died",
        "the toll$5, so far$6, in total€7, the total$8, death toll£9 and the tally$10", "height was {0}$ 4",
        "A total of 288 candidates run for 125 seats, with 37 in {0}; the toll rose to 9, including 3 so far",
        "So far, a total of some 40 people died while 12 people are missing, 7 to date and 5 so far",
        "Seven people died in Texas, five in Arkansas and 3 in the West Bank, 2 in May; 4 homes at Dover, and 5 at Ely",
        "Meta was fined 1.3 billion euros; regulators fined Meta a record $1.2 billion, fined\n€5 and fined 2 $3",
        "It paid $1.3 billion (1.2 billion euros) for (5 pounds), 5 May) and (May. 6), 7 euros.) (in 2006 dollars)",
    ]  # fmt: skip
    spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u2028", "\u3000", " \n"]
    found = 0
    for template in templates:
        for space in spaces:
            for odd in ("", "İ", "Σ", "\u212a", "ſ"):
                text = template.replace(" ", space).format(odd)
                found += same(text) + same(odd + text) + same(text + odd) + same(text.upper()) + same(text.lower())
    assert found > 1000


def _corpora() -> list[Path]:
    found = [SAMPLES, ROOT.parent / "shared" / "data" / "ecb-dev" / "articles"]
    found += [Path(p) for p in os.environ.get("DEDUPE_CLAIMS_CORPORA", "").split(os.pathsep) if p]
    return [p for p in found if p.is_dir()]


@pytest.mark.parametrize("corpus", _corpora(), ids=lambda p: p.name)
def test_every_sentence_line_and_paragraph_of_the_corpora_says_the_same(corpus: Path) -> None:
    result = scan([corpus], ScanOptions(jobs=1, load=LoadOptions(respect_gitignore=False)))
    sentences = story_sentences(result, range(len(result.articles)), False, {})
    found = sum(same(s.text) for s in sentences)
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += sum(same(line) for line in text.splitlines())
        found += sum(same(paragraph) for paragraph in text.split("\n\n"))
    assert len(sentences) > 100 and found > 100


def test_white_space_is_one_set_and_lowering_keeps_it() -> None:
    """What the module's word spans rest on, over every code point: re's \\s is str.isspace() (so str.split()'s
    words are re's \\S+ runs), lowering keeps white space and makes none, makes no dot, comma or space of another
    character, lowers "İ" alone to two characters and, after a letter, a sigma alone to another one."""
    space = re.compile(r"\s")
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        assert bool(space.match(ch)) == ch.isspace(), hex(c)
        low = ch.lower()
        assert (low == ch) if ch.isspace() else not any(x.isspace() for x in low), hex(c)
        assert len(low) == 1 or ch == "İ", hex(c)
        assert not set(low) & {" ", ".", ","} or low == ch, hex(c)
        assert ("A" + ch + "A").lower()[1:-1] == low and ("A" + ch).lower()[1:] in (low, "ς"), hex(c)
    assert "AΣ".lower() == "aς" and "AΣB".lower() == "aσb" and not "ςσ".isascii()


# ---------------------------------------------------------------------------------------------------------------
# The work is bounded: counted (lines run, characters read from the sentence), never timed.
# ---------------------------------------------------------------------------------------------------------------


class _Text(str):
    """A sentence that counts the characters its slices, lower-casing, splitting and searches hand on."""

    read = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        part = str.__getitem__(self, key)
        _Text.read += len(part)
        return part

    def lower(self) -> str:
        _Text.read += len(self)
        return _Text(str.lower(self))

    def split(self, *args: Any, **kwargs: Any) -> list[str]:
        _Text.read += len(self)
        return str.split(self, *args, **kwargs)

    def strip(self, chars: str | None = None) -> str:
        _Text.read += len(self)
        return str.strip(self, chars)

    def rstrip(self, chars: str | None = None) -> str:
        _Text.read += len(self)
        return str.rstrip(self, chars)

    def lstrip(self, chars: str | None = None) -> str:
        _Text.read += len(self)
        return str.lstrip(self, chars)

    def find(self, *args: Any) -> int:
        _Text.read += len(self)
        return str.find(self, *args)

    def __contains__(self, part: object) -> bool:
        _Text.read += len(self)
        return isinstance(part, str) and str.__contains__(self, part)


class _Counted:
    """A compiled pattern that counts the characters its calls certainly read: up to the end of a match (or of
    the last one taken from ``finditer``), the whole window when a search or a ``finditer`` runs out."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    @staticmethod
    def _window(text: str, pos: int, endpos: int | None) -> int:
        return (len(text) if endpos is None else min(endpos, len(text))) - pos

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        m = self.pattern.match(text, pos, len(text) if endpos is None else endpos)
        _Text.read += m.end() - pos if m else 1
        return m

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        m = self.pattern.fullmatch(text, pos, len(text) if endpos is None else endpos)
        _Text.read += m.end() - pos if m else 1
        return m

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        m = self.pattern.search(text, pos, len(text) if endpos is None else endpos)
        _Text.read += m.end() - pos if m else self._window(text, pos, endpos)
        return m

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        read = 0
        try:
            for m in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):
                read = m.end() - pos
                yield m
            read = self._window(text, pos, endpos)
        finally:
            _Text.read += read

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        _Text.read += self._window(text, pos, endpos)
        return self.pattern.findall(text, pos, len(text) if endpos is None else endpos)


def _work(find: Callable[[str], object], sentence: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Lines run in the modules that read numbers (and the reference here) plus characters read while ``find``
    runs."""
    _Text.read = 0
    with monkeypatch.context() as m:
        for module in _READERS:
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    m.setattr(module, name, _Counted(value))
                elif isinstance(value, tuple) and value and all(isinstance(p, re.Pattern) for p in value):
                    m.setattr(module, name, tuple(_Counted(p) for p in value))
        with lines_run({str(module.__file__) for module in _READERS} | {__file__}) as lines:
            find(_Text(sentence))
    return lines[0] + _Text.read


def _tally(n: int) -> str:
    """A results table flattened into one sentence, with each rule's cue somewhere in it."""
    rows = [f"{(i * 37) % 900 + 10} votes to candidate {i % 50 + 1}" for i in range(n)]
    rows[n // 3] = "the number of spoiled ballots 41, the population of the ward stood at about 7"
    rows[n // 2] = "an increase of 5% in turnout, 3 March, 4 dollars\tto 5 pounds, the death toll 6"
    return "The count gave " + ", ".join(rows) + " in the end."


def _ragged(n: int) -> str:
    """Figures in odd company: long runs of white space, dots and hedges between them, chains of figures."""
    rows = [f"{i}{' ' * 9}people\t\t{i + 1};{i + 2};{i + 3} ,,,..{i + 4}..,, alleged  such  {i + 5}" for i in range(n)]
    rows = [row + " and twenty-one increase in prices" for row in rows]
    return "The population was " + " \u00a0".join(rows) + " so far."


def _chained(n: int) -> str:
    """Figures joined by apostrophes, each counting the rest of the chain, then many words a noun phrase skips."""
    chain = "'".join(str(i) for i in range(math.isqrt(16 * n)))
    return _tally(n) + " " + chain + " such" * (10 * n) + " people"


def _listed(n: int) -> str:
    """Model numbers listed after one, each after the last ("the iPhone 1 and 2 and 3"), shares, telephones and
    ranges."""
    models = " and ".join(str(i) for i in range(1, n + 1))
    shares = ", ".join(f"{i} in {i + 7} voters, call +49 (0)40 {i:03d} 85-433, ${i} or ${i + 5} paid" for i in range(n))
    return f"The iPhone {models} sold; {shares} today."


@pytest.mark.parametrize("shape", [_tally, _ragged, _chained, _listed])
def test_a_sentence_of_many_figures_costs_in_proportion(
    shape: Callable[[int], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = shape(60), shape(240)
    assert quantities(small) == head_quantities(small) and quantities(large) == head_quantities(large)
    new = _work(quantities, large, monkeypatch) / _work(quantities, small, monkeypatch)
    old = _work(head_quantities, large, monkeypatch) / _work(head_quantities, small, monkeypatch)
    assert old > 10  # the reference: every number re-reads the sentence (16 times the work for 4 times the text)
    assert new < 5  # in proportion (4), with a little for the bisections' depth
