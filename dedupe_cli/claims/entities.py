"""Named actors and places, with aliases folded (who said what: :mod:`dedupe_cli.claims.speakers`).

Without a tagger a name is a run of capitalised words (joined by "of", "de", "the"...)
that is not a sentence-initial common word. Aliases (U.S. / US / United States) fold
through :data:`~dedupe_cli.claims.lexicon.ALIASES`; person names fold to their surname
so "President Claudia Sheinbaum" and "Sheinbaum" meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedupe_cli.claims.lexicon import (
    ALIASES,
    HELD_TITLES,
    NUMBER_WORDS,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    PLACE_LAST_WORDS,
    STOP,
    TITLES,
)
from dedupe_cli.claims.naming import dictionary_word, plural

_CAP = r"(?:[A-Z][\w’'&.-]*|U\.S\.|U\.K\.|U\.N\.|E\.U\.)"
#: Generation suffixes after a surname ("Jr.", "II"), which are not the name a person is known by.
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_NUMBERED = ("No.", "Nos.")  # "Juror No. 8": a designation by number, no name
_DIGIT_AFTER = re.compile(r"\s*\d")
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of(?:\s+the)?|de|del|la|van|von|bin|al)\s+)?{_CAP})*")
#: Capitalised words that do not start a name at the start of a sentence.
_SENTENCE_WORDS = STOP | frozenset(
    [
        "in",
        "on",
        "at",
        "after",
        "before",
        "during",
        "while",
        "despite",
        "following",
        "amid",
        "however",
        "meanwhile",
        "but",
        "and",
        "yet",
        "still",
        "earlier",
        "later",
        "last",
        "next",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "you",
        "i",
    ]
)


#: A plural noun and "of" opening a sentence ("Critics of the NYPD's policy", "Residents of Baltimore"): who they
#: are is the name after it, not a name of its own.
_PLURAL_OF = re.compile(r"[A-Z][a-z]+s\s+of(?:\s+the)?\s+")
#: A verb written onto a pronoun ("They've", "We'll", "I'm").
_CONTRACTED = re.compile(r"['’](?:ve|d|ll|re|m)\Z")


def _spelled_number(word: str) -> bool:
    """Whether a word is a number spelled out ("Two", "Twenty-one")."""
    return all(part in NUMBER_WORDS for part in word.lower().split("-"))


@dataclass(frozen=True)
class Name:
    """A name in a sentence: canonical form, whether it reads as a person, span."""

    canonical: str
    person: bool
    start: int
    end: int
    text: str


def _titled_person(words: list[str]) -> str:
    """The surname of the person a body's title names ("House Resources Committee Chairman Nick J. Rahall" is
    Rahall), or "" when no title is followed by a person's name alone."""
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES]
    if not titles:
        return ""
    rest = [w.lower().rstrip(".") for w in words[titles[-1] + 1 :]]
    if set(rest) & (ORG_WORDS | TITLES) or any(w in ALIASES for w in rest) or len(rest[-1]) < 2:
        return ""
    return words[-1].rstrip(".")


#: Last words of a two-word name that make it a team's or a body's, never a person's ("Ohio State", "Leeds
#: United", "Cal Fire", "Access Hollywood").
_BODY_LAST = frozenset(["state", "united", "fire", "hollywood"])


def canonical(name: str) -> tuple[str, bool]:
    """The folded form of a name and whether it is a person's name."""
    clean = name.strip(" .,'’").replace("’s", "").replace("'s", "")
    head, of, held = clean.partition(" of ")
    if of and head.lower() in HELD_TITLES and len(held.split()) == 1:
        return clean, True  # "the Duke of York": the title is the name, not "York"
    if of and len(head.split()) >= 2:  # "Kassie Siegel of the Center for Biological Diversity": Siegel
        named, person = canonical(head)
        if person and named.lower().rstrip(".") not in TITLES:  # "Former Secretary of State Colin Powell": Powell
            return named, person
    folded = ALIASES.get(clean.lower()) or ALIASES.get(clean.lower() + ".")
    if folded:
        return folded, False
    words = clean.split()
    while len(words) > 1 and words[-1].lower().rstrip(".,") in _SUFFIXES:
        words = words[:-1]
    body = {w.lower().rstrip(".") for w in words} & ORG_WORDS
    place = len(words) > 1 and (
        words[0].lower().rstrip(".") in PLACE_FIRST_WORDS or words[-1].lower().rstrip(".") in PLACE_LAST_WORDS
    )
    if body or place:
        # a body or a place kept whole, unless a title in it names a person ("Santa Monica City Attorney Terry White")
        titled_name = _titled_person(words)
        return (titled_name, True) if titled_name else (clean, False)
    titled = False
    if len(words) == 2 and words[1].lower() in _BODY_LAST:
        return clean, False  # "Ohio State", "Leeds United", "Cal Fire": a team or a body, not a Mr. State
    if len(words) == 2 and words[0].lower() in ALIASES and dictionary_word(words[1].lower()):
        return clean, False  # "USA Today", "American Pie", "French Open": a name of its own, not "Today"
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES or words[0].lower() in ALIASES):
        titled = titled or words[0].lower().rstrip(".") in TITLES
        words = words[1:]
    if any(w.lower() in ALIASES for w in words) and not titled:
        return " ".join(words), False
    person = len(words) >= 2 or titled
    return (words[-1] if person else words[0]), person


def names(sentence: str) -> list[Name]:
    """The names of a sentence, aliases folded."""
    out: list[Name] = []
    for m in _NAME.finditer(sentence):
        text = m.group()
        start = m.start()
        first = text.split()[0]
        opening = start == 0 or sentence[:start].rstrip()[-1:] in {'"', "“", "("}
        plural_of = _PLURAL_OF.match(text) if opening else None
        if plural_of and plural(first.lower()):
            start += plural_of.end()  # "Critics of the NYPD's policy argued": NYPD, not "Critics of the NYPD"
            text = text[plural_of.end() :]
        elif opening and _spelled_number(text):
            continue  # "Two workers were injured": a count; "Seven Network" stays a name
        elif first.lower() in _SENTENCE_WORDS and opening:
            rest = text[len(first) :].lstrip()
            if not rest:
                continue
            start += len(text) - len(rest)
            text = rest
        if text.lower() in STOP or _CONTRACTED.sub("", text.lower()) in STOP or len(text) < 2:
            continue  # "They've", "We'll": a pronoun with its verb written on
        if text.endswith(_NUMBERED) and _DIGIT_AFTER.match(sentence, m.end()):
            continue  # "Juror No. 8", "Patient No. 3": a number given to someone, no name
        form, person = canonical(text)
        out.append(Name(form, person, start, start + len(text), text))
    return out


def name_set(sentence: str) -> frozenset[str]:
    """The canonical names of a sentence."""
    return frozenset(n.canonical for n in names(sentence))


def people(text: str) -> list[str]:
    """The persons named in a text, in order (used to resolve he/she)."""
    return [n.canonical for n in names(text) if n.person]
