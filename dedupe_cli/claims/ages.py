"""A person's age as a sentence gives it: "Kimani Gray, 16,", "16-year-old Kimani Gray", "the 36-year-old Klitschko".

News gives the age of a person it names at the name, set off by commas after it or as "N-year-old" before it.
The age is a claim about that person: two sources that give the same person two ages disagree ("Kimani Gray, 16"
and "17-year-old Kimani Gray"). The person is known by the surname, and by the first name where it is written,
so that two people of one family ("Kimani Gray, 16" and "his sister Mahnefah Gray, 19") are not one person.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import NamedTuple

from dedupe_cli.claims.entities import Name, canonical, names
from dedupe_cli.claims.lexicon import ALIASES, NUMBER_WORD, TITLES
from dedupe_cli.claims.naming import describes_person, noun
from dedupe_cli.claims.numbers import number_value

#: The age set off by commas right after a name ("Kimani Gray, 16, was shot").
_AFTER = re.compile(r",\s+(?:aged\s+)?(\d{1,3}),")
#: The age told with a verb of being right after a name, nothing but a clause's end after it ("Acemoglu is 57,",
#: "Robinson is 65.", "Johnson is 61 and"; "Smith was 5 when" is another time's age).
_IS = re.compile(r"\s+(?:is|was|turned|turns)\s+(\d{1,3})(?:\s+years\s+old)?(?=\s*(?:[.,;]|and\b|\Z))")
#: A number of years in digits or words written onto "-year-old" ("16-year-old", "Sixteen-year-old").
_NUMBER = r"(\d{1,3}|" + NUMBER_WORD + r"(?:-" + NUMBER_WORD + r")?)-year-old\s+"
#: The age written onto "-year-old" before a name, up to two words between ("16-year-old Kimani Gray", "the
#: 36-year-old Klitschko", "the 61-year-old retired nurse Maria Lopez").
_BEFORE = re.compile(r"\b" + _NUMBER + r"(?P<between>(?:[a-z]+\s+){0,2})\Z", re.I)
#: The same at the start of a name that opens a sentence with it ("Sixteen-year-old Kimani Gray").
_OPENING = re.compile(_NUMBER, re.I)
#: The lower-case word right after a name.
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
#: An age told after what a person did: "died on Sunday at age 90", "at the age of 90".
_AT_AGE = re.compile(r"\bat\s+(?:the\s+)?age\s+(?:of\s+)?(\d{1,3})\b(?!\s*(?:%|percent))", re.I)
#: A sentence that gives only the age of the person the last sentence named: "He was 84." (an obituary's).
_PRONOUN_AGE = re.compile(r"\s*(?:He|She)\s+(?:was|is)\s+(\d{1,3})(?:\s+years\s+old)?\s*[.!]?\s*")
#: How far before a name its "N-year-old" is looked for.
_REACH = 40
#: The oldest age read as one (a larger number after a name is something else: "Smith, 1999,").
OLDEST = 120


class Age(NamedTuple):
    """A person's age in a sentence: surname (canonical), first name (lower case, "" when not written), the age,
    and the span of the name and age."""

    surname: str
    first: str
    years: int
    start: int
    end: int


def ages(sentence: str, persons: Mapping[str, Collection[str]] | None = None, last: str = "") -> list[Age]:
    """The ages of the persons ``sentence`` names, in order.

    ``persons``: surnames (canonical) known to be persons' from earlier in the article, with the first names
    written with each: "Ana Rivera", then "Rivera, 46," is Ana Rivera's age (a surname of two first names, two
    people of one family, gives none). ``last``: the surname of the person the sentences before named last, whose
    age a sentence of a pronoun and an age alone gives ("Harold Wynn ... died on Sunday. He was 84.").
    """
    persons = persons or {}
    alone = _PRONOUN_AGE.fullmatch(sentence) if last else None
    if alone is not None:
        told = int(alone.group(1))
        firsts = persons.get(last, ())
        first = next(iter(firsts)) if len(firsts) == 1 else ""
        return [Age(last, first, told, alone.start(1), alone.end(1))] if 0 < told <= OLDEST else []
    out: list[Age] = []
    named = names(sentence)
    for name in named:
        text, at = name.text, name.start
        found = _OPENING.match(text)  # "Sixteen-year-old Kimani Gray", read as one name
        span = (name.start, name.end)
        if found:
            text, at = text[found.end() :], at + found.end()
        elif name.person or name.canonical in persons or _head(sentence, name.end, text):
            after = (
                _AFTER.match(sentence, name.end) or _IS.match(sentence, name.end)
                if name.person or name.canonical in persons
                else None
            )
            # a surname alone is a person's when "N-year-old" stands before it ("the 36-year-old champion Klitschko")
            found = after or _BEFORE.search(sentence, max(0, at - _REACH), at)
            if found is not None and not after and not describes_person(found.group("between").split(), name.person):
                # "16-year-old was released Wednesday", "rival on Nostrand Ave.": no description of the person
                found = None
            if found is not None:
                span = (name.start, found.end(1)) if after else (found.start(), name.end)
        years = number_value(found.group(1)) if found is not None and text else math.inf  # inf: not a number
        if not 0 < years <= OLDEST:
            continue
        out.append(_age(text, int(years), span, persons))
    if not out:
        out.extend(_at_age(sentence, named, persons))
    return out


def _age(text: str, years: int, span: tuple[int, int], persons: Mapping[str, Collection[str]]) -> Age:
    """The age of the person named ``text``, known by the first name written or the one the article gave."""
    surname = canonical(text)[0]
    first = first_name(text, surname)
    if not first and len(persons.get(surname, ())) == 1:
        (first,) = persons[surname]
    return Age(surname, first, years, *span)


def _at_age(sentence: str, named: list[Name], persons: Mapping[str, Collection[str]]) -> list[Age]:
    """The age "at age 90" gives the one person the sentence names before it ("John Smith died on Sunday at age
    90"); none when it names two or none. ``named``: the sentence's names."""
    found = _AT_AGE.search(sentence)
    if found is None:
        return []
    named = [n for n in named if n.end <= found.start() and (n.person or n.canonical in persons)]
    years = number_value(found.group(1))
    if len({n.canonical for n in named}) != 1 or not 0 < years <= OLDEST:
        return []
    return [_age(named[0].text, int(years), (named[0].start, found.end()), persons)]


def _head(sentence: str, end: int, text: str) -> bool:
    """Whether a one-word name ending at ``end`` is the person "N-year-old" describes: not a people or a country
    ("40-year-old American") and no noun after it that it describes ("16-year-old Brooklyn resident")."""
    if text.lower() in ALIASES:
        return False
    if text.endswith(("'s", "’s")):  # "the 36-year-old Klitschko's record": his
        return True
    following = _NEXT_WORD.match(sentence, end)
    return following is None or not noun(following.group(1))


#: Words that describe a person at the head of a name, as titles do ("Democrat Ana Rivera", "Actress Tara Reid").
_DESCRIBING = frozenset(
    [
        "democrat", "democratic", "republican", "independent", "conservative", "liberal", "labour", "tory",
        "socialist", "incumbent", "challenger", "candidate", "actress", "actor", "singer", "rapper", "star", "coach",
    ]
)  # fmt: skip


#: A possessive's ending, which a surname as written may carry ("Reid's, 33,").
_POSSESSIVE = re.compile(r"['’]s\Z")


def first_name(text: str, surname: str | None = None) -> str:
    """The first name of a person's name as written ("Kimani Gray": kimani), "" when only a surname (and titles) is
    written ("Mr. Gray", "Klitschko"); ``surname``: the name's canonical form, when the caller has it."""
    opening = _OPENING.match(text)  # "Sixteen-year-old Kimani Gray"
    words = text[opening.end() if opening else 0 :].split()
    surname = canonical(text)[0] if surname is None else surname
    # the words before the surname ("Reid's," is the surname alone), after the last title among them ("Former
    # Riverton Mayor John Keller": John)
    end = max((i for i, w in enumerate(words) if _POSSESSIVE.sub("", w.rstrip(".,")) == surname), default=-1)
    titled = [i for i, w in enumerate(words[: max(end, 0)]) if w.lower().rstrip(".") in TITLES | _DESCRIBING]
    given = words[titled[-1] + 1 if titled else 0 : max(end, 0)]
    return given[0].lower().rstrip(".") if given else ""
