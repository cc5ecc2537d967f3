"""Named actors and places, with aliases folded, and who said what (quotes and reporting verbs).

Without a tagger a name is a run of capitalised words (joined by "of", "de", "the"...)
that is not a sentence-initial common word. Aliases (U.S. / US / United States) fold
through :data:`~dedupe_cli.claims.lexicon.ALIASES`; person names fold to their surname
so "President Claudia Sheinbaum" and "Sheinbaum" meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedupe_cli.claims.lexicon import ALIASES, ORG_WORDS, REPORTING, STOP, TITLES

_CAP = r"(?:[A-Z][\w’'&.-]*|U\.S\.|U\.K\.|U\.N\.|E\.U\.)"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of(?:\s+the)?|de|del|la|van|von|bin|al)\s+)?{_CAP})*")
_QUOTE = re.compile(r"[\"“]([^\"“”]{3,600}?)[\"”]")
_PRONOUNS = frozenset({"he", "she", "they"})
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


@dataclass(frozen=True)
class Name:
    """A name in a sentence: canonical form, whether it reads as a person, span."""

    canonical: str
    person: bool
    start: int
    end: int
    text: str


def canonical(name: str) -> tuple[str, bool]:
    """The folded form of a name and whether it is a person's name."""
    clean = name.strip(" .,'’").replace("’s", "").replace("'s", "")
    folded = ALIASES.get(clean.lower()) or ALIASES.get(clean.lower() + ".")
    if folded:
        return folded, False
    words = clean.split()
    if {w.lower().rstrip(".") for w in words} & ORG_WORDS:
        return clean, False
    titled = False
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
        if first.lower() in _SENTENCE_WORDS and (start == 0 or sentence[:start].rstrip()[-1:] in {'"', "“", "("}):
            rest = text[len(first) :].lstrip()
            if not rest:
                continue
            start += len(text) - len(rest)
            text = rest
        if text.lower() in STOP or len(text) < 2:
            continue
        form, person = canonical(text)
        out.append(Name(form, person, start, start + len(text), text))
    return out


def name_set(sentence: str) -> frozenset[str]:
    """The canonical names of a sentence."""
    return frozenset(n.canonical for n in names(sentence))


@dataclass(frozen=True)
class Quote:
    """A direct quote: its words, the speaker (canonical name, may be empty), the reporting verb, span."""

    words: str
    speaker: str
    verb: str
    start: int
    end: int


def _reporting_verb(text: str) -> tuple[str, int] | None:
    for m in re.finditer(r"[A-Za-z]+", text):
        if m.group() in REPORTING:
            return m.group().lower(), m.start()
    return None


def speaker_of(text: str, last_person: str) -> tuple[str, str]:
    """The speaker and reporting verb of a clause: the name nearest the verb, or a resolved pronoun."""
    found = _reporting_verb(text)
    if not found:
        m = re.search(r"according to ([^,.;]+)", text)
        if m:
            ns = names(m.group(1))
            return (ns[0].canonical if ns else "", "according to")
        return "", ""
    verb, pos = found
    before = text[:pos]
    candidates = [n for n in names(before) if n.end >= len(before.rstrip()) - 25]
    if candidates:
        return candidates[-1].canonical, verb
    words = before.lower().split()
    if words and words[-1] in _PRONOUNS | {"has", "had", "was"} and any(w in _PRONOUNS for w in words[-2:]):
        return last_person, verb
    after = names(text[pos : pos + 60])
    if after and after[0].start < 12:
        return after[0].canonical, verb
    ns = names(before)
    return (ns[-1].canonical if ns else last_person if words[-1:] and words[-1] in _PRONOUNS else ""), verb


def quotes(paragraph: str, last_person: str) -> list[Quote]:
    """The direct quotes of a paragraph with their speakers (searched outside the quote marks)."""
    out: list[Quote] = []
    for m in _QUOTE.finditer(paragraph):
        words = m.group(1).strip(" ,.")
        if len(words.split()) < 2:
            continue
        left = paragraph[max(0, m.start() - 160) : m.start()]
        left = re.split(r"[.!?][\"”]?\s", left)[-1]
        right = paragraph[m.end() : m.end() + 80]
        right = re.split(r"[.!?;]", right)[0]
        earlier = people(re.sub(r"[\"“][^\"“”]*[\"”]", " ", paragraph[: m.start()]))
        resolved = earlier[-1] if earlier else last_person
        speaker, verb = speaker_of(right, resolved)
        if not speaker:
            speaker, verb = speaker_of(left, resolved)
        out.append(Quote(words, speaker, verb, m.start(), m.end()))
    return out


def people(text: str) -> list[str]:
    """The persons named in a text, in order (used to resolve he/she)."""
    return [n.canonical for n in names(text) if n.person]
