"""What a sum of money is, when no noun after it names it: a unit's price ("$85 a share"), a purchase's value ("to
buy Initech for $12 billion"), what it is in ("$250,000 in bribes"), what it is worth ("$5 million worth of
jewelry", "jewelry worth $3 million"), a valuation ("values the company at about $12 billion"), a film's opening
("debuted with $152 million"), a settlement ("to pay $1.4 billion to settle"), a cost told with its verb ("will
cost $999", "will start at $1,099") or a fine ("fined Meta a record 1.2 billion euros").
"""

from __future__ import annotations

import re

from dedupe_cli.claims.lexicon import STOP, lemma
from dedupe_cli.claims.naming import noun
from dedupe_cli.claims.phrases import SentenceText

#: A sum of money for one unit: "$85 a share", "$70 per barrel", "$4 a gallon".
_PER_UNIT = re.compile(r"\s+(?:a|an|per|each)\s+(share|barrel|gallon|ounce|ton|tonne|kilogram|unit)\b", re.I)
#: A purchase's price right before its sum: "to buy software maker Initech for $12 billion", "sold it for".
_BOUGHT_FOR = re.compile(
    r"\b(?:buy|buys|bought|acquire|acquires|acquired|purchase|purchased|sell|sells|sold)\s+[^,;.]{1,40}?\s+for\s+"
    r"(?:about\s+|nearly\s+|roughly\s+|some\s+|around\s+)?(?:US)?[$€£]?\s?\Z",
    re.I,
)
#: How a sum is paid, not what it is: "$12 billion in cash", "in cash and stock".
_PAID_IN = frozenset(["cash", "stock", "share"])
#: What a sum of money is, after "in" and in lower case: "$250,000 in bribes" (not "$5 million in New York").
_MONEY_IN = re.compile(r"\s+in\s+(?=[a-z])")
#: What a sum is the value of, after it or before it: "$5 million worth of jewelry", "jewelry worth $3 million".
_WORTH_OF = re.compile(r"\s+worth\s+of\s+(?=[a-z])")
_WORTH_BEFORE = re.compile(
    r"\b([a-z]+)\s+worth\s+(?:about\s+|nearly\s+|roughly\s+|some\s+|around\s+|more\s+than\s+|over\s+)?"
    r"(?:US)?[$€£]?\s?\Z"
)
#: A valuation before its sum: "values the company at about $12 billion", "is valued at roughly $11 billion".
_VALUED_AT = re.compile(
    r"\bvalu(?:e|es|ed|ing)\b[^.;:!?$€£]{0,40}?\bat\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|around\s+"
    r"|more\s+than\s+)?(?:US)?[$€£]?\s?\Z",
    re.I,
)
#: A film's takings in its first days, told with its verb: "debuted with $152 million", "opened to $118 million".
_OPENED = re.compile(
    r"\b(?:debut|debuts|debuted|open|opens|opened)\s+(?:with|to)\s+(?:about\s+|nearly\s+|roughly\s+|an\s+estimated\s+)?"
    r"(?:US)?[$€£]?\s?\Z",
    re.I,
)
#: A thing's price told with its verb: "will cost $999", "will start at $1,099", "is priced at", "retails for".
_PRICED = re.compile(
    r"\b(?:cost|costs|costing|starts?\s+at|starting\s+at|priced\s+at|retails?\s+(?:at|for)|sells?\s+for)\s+"
    r"(?:about\s+|nearly\s+|roughly\s+|around\s+|just\s+)?(?:US)?[$€£]?\s?\Z",
    re.I,
)
#: A sum paid to end a dispute, told by what it does: "agreed to pay $1.4 billion to settle a lawsuit".
_TO_SETTLE = re.compile(r"\s+to\s+(?:settle|resolve)\b", re.I)
#: A fine told with its verb: "fined Meta a record 1.2 billion euros", "was fined $5,000".
_FINED = re.compile(r"\bfined\b[^.;:!?$€£\d]{0,40}?(?:US)?[$€£]?\s?\Z", re.I)
#: A price of one thing: "pricing shares at $26 each" (the thing before "at", "each" after the sum).
_EACH = re.compile(r"\s+(?:each|apiece)\b", re.I)
_PRICED_AT = re.compile(r"\b([a-z]+)\s+at\s+(?:US)?[$€£]?\s?\Z")


def what(t: SentenceText, start: int, end: int) -> tuple[str, ...]:
    """What the sum at ``t.text[start:end]`` is (lemmas, the head last), or () when the words around it do not say."""
    per = _PER_UNIT.match(t.text, end)
    if per:  # "$85 a share", "$70 per barrel": a price of one unit
        return (lemma(per.group(1)), "price")
    if _BOUGHT_FOR.search(t.text, max(0, start - 60), start):
        return ("deal",)  # "agreed to buy Initech for $12 billion": the deal's value
    money_in = _MONEY_IN.match(t.text, end)
    if money_in:  # "$250,000 in bribes", "$2 million in damages": what the money is ("in cash" is how it is paid)
        return tuple(w for w in t.phrase(money_in.end())[0] if w not in _PAID_IN)
    priced = _PRICED_AT.search(t.text, max(0, start - 30), start) if _EACH.match(t.text, end) else None
    if priced:
        return (lemma(priced.group(1)), "price")  # "pricing shares at $26 each": a share's price
    if _OPENED.search(t.text, max(0, start - 40), start):
        return ("opening",)  # "debuted with $152 million": a film's opening, as "a $148 million opening" is
    if _TO_SETTLE.match(t.text, end):
        return ("settlement",)  # "to pay $1.4 billion to settle", as "a $1.5 billion settlement" is
    if _PRICED.search(t.text, max(0, start - 30), start):
        return ("cost",)  # "will cost $999", "will start at $1,099", "The repairs cost 180,000 euros"
    return _worth(t, start, end)


def _worth(t: SentenceText, start: int, end: int) -> tuple[str, ...]:
    """What the sum at ``t.text[start:end]`` is the value of, told with "worth": "$5 million worth of jewelry",
    "jewelry worth $3 million"; a valuation ("values the company at about $12 billion"); a fine ("fined Meta a
    record 1.2 billion euros"), looked for last as the reference test reads them; () when it is told otherwise."""
    after = _WORTH_OF.match(t.text, end)
    if after:
        return tuple(w for w in t.phrase(after.end())[0] if w not in _PAID_IN)
    before = _WORTH_BEFORE.search(t.text, max(0, start - 40), start)
    if before and before.group(1) not in STOP and noun(before.group(1)):
        return (lemma(before.group(1)),)
    if _VALUED_AT.search(t.text, max(0, start - 60), start):
        return ("valuation",)
    return ("fine",) if _FINED.search(t.text, max(0, start - 50), start) else ()
