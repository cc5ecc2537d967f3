"""Dates in a sentence, absolute or relative to the article's ``published`` date.

Values are ISO strings at their granularity ("2005", "2005-05", "2005-05-17"); a month
and day without a year take the year of ``published`` when it is known (the next one when a future is told
and the day has passed, the last one when the day lies more than half a year ahead), a weekday
("on Wednesday") resolves to the closest such day on or before ``published``, and
otherwise stays a weekday name, which is compatible with any date on that weekday.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

from dedupe_cli.claims.lexicon import CLAUSE_MARKS, MONTHS, REPORTING, WEEKDAYS, fold
from dedupe_cli.claims.naming import first_word, inside

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_M = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: "said Saturday", "beat the Bruins 4-2 Saturday": news drops the "on". A weekday in capitals after a word or a
#: figure (not "every Sunday" or "a Sunday bulletin"; "Black Friday" and "Super Tuesday" are left out by the word
#: before them), before no capitalised word ("the Sunday Times").
_WEEKDAY_NAMES = "|".join(w.capitalize() for w in WEEKDAYS)
#: The words before a weekday that place it ("on Monday", "next Monday"): the weekday pattern after them reads it,
#: and what that pattern leaves is no bare weekday.
_WEEKDAY_LEADS = ("on", "last", "this", "next", "since", "until", "by", "from")
_NOT_AFTER = "".join(rf"(?<!\b{w}\s)" for w in _WEEKDAY_LEADS)
_BARE_WEEKDAY = re.compile(
    rf"(?<=[\w,]\s)(?<!every\s)(?<!each\s)(?<!\ba\s)(?<!\ban\s){_NOT_AFTER}(?P<weekday>{_WEEKDAY_NAMES})"
    r"(?![\w-])(?!\s+[A-Z]|['’]s\s+[A-Z])(?!\s+(?:morning|afternoon|evening|night)s\b)"
)
#: A month told without its day or year after a word that places it ("pleaded guilty in January", "since March",
#: "mid-July", "next May"): of the published date's year, or the year the word or a future tense points to.
_MONTH_ALONE = re.compile(
    r"\b(?P<lead>(?i:in|since|until|by|from|during|early|late|last|this|next)\s+|(?i:mid)-)"
    r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + ")"
    r"(?![\w-])(?!\s*,?\s*\d)(?!\s+[A-Z])"  # "in May Day parades": part of a name
)
_PATTERNS = (
    re.compile(r"\b" + _M + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>1[5-9]\d\d|20\d\d))?\b", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M + r"(?:,?\s+(?P<year>1[5-9]\d\d|20\d\d))?\b", re.I
    ),
    re.compile(r"\b" + _M + r"\s+(?:of\s+)?(?P<year>1[5-9]\d\d|20\d\d)\b", re.I),
    re.compile(r"\b(?P<iso>(?P<year>20\d\d|19\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d))\b"),
    re.compile(
        r"\b(?:in|since|by|until|of|from|during|before|after|early|late|mid-?)\s+(?P<year>1[5-9]\d\d|20\d\d)\b", re.I
    ),
    # "on Sunday afternoons" is every Sunday, not one
    re.compile(
        r"\b(?:" + "|".join(_WEEKDAY_LEADS) + r")\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
        r"(?!\s+(?:morning|afternoon|evening|night)s\b)",
        re.I,
    ),
    re.compile(r"\b(?P<rel>yesterday|today|tomorrow)\b", re.I),
    _BARE_WEEKDAY,
    _MONTH_ALONE,
)


#: Per pattern, what a sentence must hold for it to match (looked for first: most sentences hold no date).
#: A future tense in the clause before a weekday ("pupils will return to class on Tuesday", "is due to open on
#: Friday"), or a thing set for a day to come ("Sentencing was set for January 15", "adjourned until Monday"): the
#: weekday comes after the date of publication, not before it.
_FUTURE = re.compile(
    r"(?:\b(?:will|shall|going\s+to|expected\s+to|(?:re)?scheduled\s+(?:to|for)|due\s+to|set\s+(?:to|for)"
    r"|slated\s+(?:to|for)|planned\s+for|plans?\s+to|(?:postponed|adjourned|delayed)\s+(?:to|until|till))|['’]ll)\b"
    r"[^.;:!?]*\Z",
    re.I,
)
_FUTURE_REACH = 60
#: A date right after a weekday ("Saturday, May 18", "Tuesday, 9 December 2008").
_DATE_AFTER = re.compile(r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _M + r"\b", re.I)
#: Every month name begins with one of these; every weekday, "today" and "yesterday" end in "day".
_MONTH_PREFIXES = tuple(dict.fromkeys(name[:3] for name in _MONTHS))
_DIGIT = re.compile(r"\d")


def _can_match(sentence: str) -> tuple[bool, ...]:
    """Per pattern of ``_PATTERNS``, whether the sentence holds what it needs."""
    folded = fold(sentence)
    digit = _DIGIT.search(sentence) is not None
    month = digit and any(prefix in folded for prefix in _MONTH_PREFIXES)
    day = "day" in folded
    named = any(prefix in folded for prefix in _MONTH_PREFIXES)
    return (month, month, month, digit, digit, day, day or "tomorrow" in folded, day, named)


@dataclass(frozen=True)
class DateMention:
    """A date found in a sentence: ISO value (or weekday name), granularity and span."""

    value: str
    granularity: str
    start: int
    end: int
    text: str


def _month_of(token: str) -> int:
    return _MONTHS[fold(token).rstrip(".")]


def _resolve(m: re.Match[str], base: dt.date | None) -> tuple[str, str] | None:
    try:
        return _resolved(m, base)
    except OverflowError:  # "tomorrow" of 9999-12-31, "on Friday" of 0001-01-01: past the calendar's ends
        return None


def _resolved(m: re.Match[str], base: dt.date | None) -> tuple[str, str] | None:
    groups = m.groupdict()
    if groups.get("rel"):
        if base is None or (groups["rel"][0].isupper() and inside(m.string, m.start(), first_word(m.string))):
            return None  # "via USA Today", "the Today show": a capital inside a sentence names
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[fold(groups["rel"])]
        return (base + dt.timedelta(days=shift)).isoformat(), "day"
    if groups.get("weekday"):
        if _DATE_AFTER.match(m.string, m.end()):
            return None  # "on Saturday, May 18": the date names the day (its own pattern finds it)
        wd = WEEKDAYS.index(fold(groups["weekday"]))
        if base is None:
            return WEEKDAYS[wd].capitalize(), "weekday"
        back = (base.weekday() - wd) % 7
        word = m.group().split()[0].lower()
        ahead = word == "next" or _FUTURE.search(m.string, max(0, m.start() - _FUTURE_REACH), m.start()) is not None
        ahead = ahead or _scheduled(m.string, m.start())  # "Preorders begin Friday": a day to come
        day = base + dt.timedelta(days=(7 - back) % 7) if ahead else base - dt.timedelta(days=back)
        return day.isoformat(), "day"
    year = int(groups["year"]) if groups.get("year") else (base.year if base else None)
    month = int(groups["mnum"]) if groups.get("mnum") else (_month_of(groups["month"]) if groups.get("month") else None)
    day_s = groups.get("day")
    try:
        if month and day_s:
            if year is None:
                return f"--{month:02d}-{int(day_s):02d}", "day"
            day = dt.date(year, month, int(day_s))
            if base is not None and not groups.get("year"):
                day = _year_around(day, base, _FUTURE.search(m.string, max(0, m.start() - _FUTURE_REACH), m.start()))
            return day.isoformat(), "day"
    except ValueError:
        return None
    if month and year and groups.get("lead") is not None and base is not None:
        year = _month_year(month, base, groups["lead"], m)
    if month and year:
        return f"{year:04d}-{month:02d}", "month"
    if year:
        return f"{year:04d}", "year"
    return None


#: A dateline's place before its date (in capitals, at the sentence's start) and what follows the date: the
#: agency in brackets, then a dash ("WASHINGTON, Nov. 3 —", "LONDON, March 5 (AFP) -").
_DATELINE_BEFORE = re.compile(r"\s*[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.]*)?,\s*\Z")
_DATELINE_AFTER = re.compile(r"(?:,?\s+\d{4})?\s*(?:\([^()]{1,40}\))?\s*[-—–]")

#: How far after ``published`` a day told without a year may be and still be of its year ("on Dec. 28" in an
#: article of January 5 is last December's).
_AHEAD = dt.timedelta(days=183)


def _year_around(day: dt.date, base: dt.date, future: re.Match[str] | None) -> dt.date:
    """``day`` (in ``base``'s year) moved to the year it is told of: the next year when a future is told before
    it and the day has passed ("will take office on January 1" in November), the last one when it lies more than
    half a year ahead."""
    try:
        if future is not None and day < base:
            return day.replace(year=day.year + 1)
        if future is None and day - base > _AHEAD:
            return day.replace(year=day.year - 1)
    except ValueError:  # February 29th of a year without one
        return day
    return day


#: How many words right before a month told alone (and one more after it) are read for a past verb ("began in",
#: "pleaded guilty in", "In January, the law took effect"), and how far they may reach.
_PAST_WORDS, _PAST_REACH = 3, 48


@lru_cache(maxsize=4096)
def _verb_forms(word: str) -> tuple[frozenset[str], ...]:
    """Per verb ``word`` may be a form of, the forms it is (Penn tags: "VBD" past, "VBZ" present, ...)."""
    found = []
    for lemma in getAllLemmas(word).get("VERB", ()):
        forms = getAllInflections(lemma, upos="VERB")
        found.append(frozenset(tag for tag, spellings in forms.items() if word in spellings))
    return tuple(found)


def _past(word: str) -> bool:
    """Whether ``word`` is a verb's past form ("began", "pleaded", "was"), not its present ("loses", "starts")."""
    return any(tags & {"VBD", "VBN"} for tags in _verb_forms(word))


#: The two words right before a weekday (or before its "on").
_WORDS_BEFORE = re.compile(r"(?:([A-Za-z]+)\s+)?([a-z]+)\s+\Z")


def _scheduled(text: str, start: int) -> bool:
    """Whether the weekday at ``text[start:]`` follows a verb in the present tense, as news tells a thing set for a
    day to come ("Preorders begin Friday", "The store opens on Saturday", "The trial starts on Monday"); a reporting
    verb tells none ("says")."""
    before = _WORDS_BEFORE.search(text, max(0, start - 32), start)
    if before is None or before.group(2) in REPORTING:
        return False
    word, subject = before.group(2), (before.group(1) or "").lower()
    if not _present(word, bool(subject) and word.endswith("s") and _singular_noun(subject)):
        return False
    return not _told_past(text[max(0, start - _CLAUSE_REACH) : before.start(2)])


#: How far before a weekday its clause is read for a verb in the past tense.
_CLAUSE_REACH = 80
#: Words after which a past form describes a noun ("the postponed trial").
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "its", "their", "his", "her", "our"])


def _told_past(before: str) -> bool:
    """Whether the clause ending ``before`` has a verb in the past tense, not a reporting one: then a plural noun
    before a weekday is no verb ("Hamas released four Israeli female soldiers on Saturday": no "soldiers" to come;
    "The company said its store opens Saturday" is one to come)."""
    edge = max((m.end() for m in CLAUSE_MARKS.finditer(before)), default=0)
    words = re.findall(r"[A-Za-z]+", before[edge:])
    return any(
        w.islower() and w not in REPORTING and _past(w) and (i == 0 or words[i - 1].lower() not in _DETERMINERS)
        for i, w in enumerate(words)
    )


@lru_cache(maxsize=4096)
def _singular_noun(word: str) -> bool:
    """Whether ``word`` may be a singular noun: a verb's subject ("trial" in "The trial starts on Monday")."""
    return word in getAllLemmas(word).get("NOUN", ())


@lru_cache(maxsize=4096)
def _present(word: str, after_subject: bool = False) -> bool:
    """Whether ``word`` is a verb's present form ("begin", "opens"), no past form ("put") and no adjective; and no
    noun ("fight on Monday", "levels on Wednesday": a noun may end the words before a weekday) unless it follows a
    singular noun that is its subject (``after_subject``: "trial starts")."""
    lemmas = getAllLemmas(word)
    if ("NOUN" in lemmas and not after_subject) or "ADJ" in lemmas:
        return False
    return any(tags & {"VBZ", "VBP"} and "VBD" not in tags for tags in _verb_forms(word))


#: Months: a month told alone with no verb to tell its year is the one less than this far from the published date.
_HALF_YEAR = 6


def _month_year(month: int, base: dt.date, lead: str, m: re.Match[str]) -> int:
    """The year of a month told alone (see ``_MONTH_ALONE``): "last June" is the last June before ``base``, "next
    May" the next one; a month a future is told of is the next such month ("will open in January" in November),
    one a past verb right before tells the last ("pleaded guilty in December" in May), and any other the nearest
    ("goes on sale in late January" in November, "to begin dredging in April" in March)."""
    word = lead.strip().lower()
    if word == "last":
        return base.year - (month >= base.month)
    if word == "next":
        return base.year + (month <= base.month)
    if word == "this":
        return base.year
    if _FUTURE.search(m.string, max(0, m.start() - _FUTURE_REACH), m.start()):
        return base.year + (month < base.month)
    before = m.string[max(0, m.start() - _PAST_REACH) : m.start()].split()[-_PAST_WORDS:]
    after = m.string[m.end() : m.end() + _PAST_REACH].split()[: _PAST_WORDS + 1]  # "In January, the law took effect"
    # a reporting verb is past in all news ("starts in April, the council said"): it tells nothing of the month
    if any(_past(w) for w in (w.lower().strip(",.") for w in before + after) if w not in REPORTING):
        return base.year - (month > base.month)
    ahead = month - base.month  # the nearest: less than half a year away
    return base.year - (ahead > _HALF_YEAR) + (ahead < -_HALF_YEAR)


def _capital_before(text: str, at: int) -> bool:
    """Whether the word before ``text[at:]`` (after the white space there) begins with a capital: a weekday after
    one is part of a name ("Black Friday", "Super Tuesday", "Good Friday"). Reads that word alone."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end][:1].isupper()


def dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    """Every date mention of a sentence (longest match wins where patterns overlap)."""
    found: list[DateMention] = []
    # the spans taken by earlier patterns, disjoint and in order (so their ends are in order too): a match
    # overlaps one of them when the last that starts before the match's end ends after the match's start (a
    # bisection, not a test of every span taken: a flattened calendar holds thousands of dates)
    starts: list[int] = []
    ends: list[int] = []
    for pattern, may_match in zip(_PATTERNS, _can_match(sentence), strict=True):
        if not may_match:
            continue
        # the matches of one pattern do not overlap one another: they are tested against earlier patterns' only
        mine: list[tuple[int, int]] = []
        for m in pattern.finditer(sentence):
            at = bisect_left(starts, m.end()) - 1
            if at >= 0 and m.start() < ends[at]:
                continue
            if m.groupdict().get("month") == "may" and not m.group("month")[0].isupper():
                continue
            if pattern is _BARE_WEEKDAY and _capital_before(sentence, m.start()):
                continue  # "Black Friday", "Super Tuesday": a name's word before it
            if _DATELINE_BEFORE.match(sentence, 0, m.start()) and _DATELINE_AFTER.match(sentence, m.end()):
                continue  # "SAN FRANCISCO, Oct 27 (Reuters) -": when the report was filed, not an event's date
            resolved = _resolve(m, published)
            if resolved is None:
                continue
            mine.append((m.start(), m.end()))
            found.append(DateMention(resolved[0], resolved[1], m.start(), m.end(), m.group()))
        if mine:
            taken = sorted([*zip(starts, ends, strict=True), *mine])  # two sorted runs: merged in linear time
            starts, ends = [s for s, _ in taken], [e for _, e in taken]
    return sorted(found, key=lambda d: d.start)


def _weekday_of(value: str) -> int | None:
    try:
        return dt.date.fromisoformat(value).weekday()
    except ValueError:
        return None


def compatible(a: DateMention, b: DateMention) -> bool:
    """Whether two dates can name the same day: equal at the coarser granularity, or weekday-consistent."""
    if a.value == b.value:
        return True
    if a.granularity == "weekday" or b.granularity == "weekday":
        weekday, other = (a, b) if a.granularity == "weekday" else (b, a)
        if other.granularity == "weekday":
            return False
        wd = _weekday_of(other.value)
        return wd is None or WEEKDAYS[wd] == weekday.value.lower()
    x, y = a.value.lstrip("-"), b.value.lstrip("-")
    if a.value.startswith("--") or b.value.startswith("--"):
        return x[-5:] == y[-5:] if len(x) >= 5 and len(y) >= 5 else True
    short, long_ = sorted((x, y), key=len)
    return long_.startswith(short)
