"""Who said what: direct quotes with their speakers, and the speaker and reporting verb of a clause.

A speaker is the name nearest a reporting verb ("said Steele", "Steele said"), the person a description
names ("said Anchorage businessman Andrew Halcro", "Steele, chief of the department, said") or a
resolved he/she. A quote's speaker is looked for in the clause after it, then in the one before it,
outside the quote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedupe_cli.claims.entities import Name, names, people
from dedupe_cli.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    REPORTING,
    STOP,
    TO_SOMEONE,
    WEEKDAYS,
    WORD,
)
from dedupe_cli.claims.naming import adverb, describes_person, noun

#: Days and months: capitalised, but no one who speaks ("late Saturday, authorities said").
_CALENDAR = frozenset(WEEKDAYS) | (frozenset(MONTHS) - {"may"}) | frozenset(MONTH_ABBREVIATIONS)
_PRONOUNS = frozenset({"he", "she", "they"})
_QUOTE = re.compile(r"[\"“]([^\"“”]{3,600}?)[\"”]")


@dataclass(frozen=True)
class Quote:
    """A direct quote: its words, the speaker (canonical name, may be empty), the reporting verb, span."""

    words: str
    speaker: str
    verb: str
    start: int
    end: int


#: Reporting words that are also nouns, and what makes one a noun: a determiner, a possessive or a word that
#: describes reports before it ("his claim that", "the ministry's claim", "media reports", "the state").
_HOMOGRAPHS = frozenset(
    {"call", "calls", "claim", "claims", "note", "notes", "report", "reports", "state", "states", "stress", "say"}
)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|such|any|no|every|each|new|false|earlier"
    r"|recent|unconfirmed|media|news|press|initial|similar|conflicting)|[’']s)\s+\Z",
    re.I,
)

#: A preposition right before a name: the name is what a description is about ("a spokesperson for ...").
_OBJECT = re.compile(r"\b(?:for|of|at|with|from|in|on|to)\s+\Z")
_NAMED_BEFORE = re.compile(rf"(?:\b(?:{BE_FORMS})\s+|\bso-)\Z", re.I)
#: A thing with an indefinite article right before "called", the object of a word before it: a name given ("on a
#: hydrocarbon called acetylene", "founded a group called ..."); not a subject ("A spokesman called it ...").
_THING_CALLED = re.compile(r"\b(?!(?:and|but|or|as|while|when)\s)[a-z]+\s+(?:a|an)\s+(?:[a-z-]+\s+){0,2}[a-z-]+\s+\Z")


def _reporting_verb(text: str) -> tuple[str, int] | None:
    """The first reporting verb of ``text`` and where it starts (a noun of the same spelling is passed over)."""
    for m in re.finditer(r"[A-Za-z]+", text):
        word = m.group()
        if word not in REPORTING:
            continue
        if word in _HOMOGRAPHS and _NOUN_BEFORE.search(text, max(0, m.start() - 14), m.start()):
            continue
        if word.startswith("call") and (
            _NAMED_BEFORE.search(text, max(0, m.start() - 7), m.start())
            or _THING_CALLED.search(text, max(0, m.start() - 40), m.start())
        ):
            continue  # "what is called", "the so-called", "a hydrocarbon called": a name given, not something said
        return word.lower(), m.start()
    return None


#: The most words of a role between a reporting verb and the person it describes ("fire department spokeswoman").
_ROLE_WORDS = 3
#: Words that start a clause of their own: a name after one ("police said once Gray had been hit") is not the
#: speaker of a "said Gray" inversion.
_CLAUSE_WORDS = frozenset(
    "once when whenever after before that as while because if though although since until".split()  # noqa: SIM905
)


#: What may come before a sentence's subject: nothing, or a conjunction.
_OPENS = re.compile(r"\s*(?:(?:But|And|So|Yet)\s+)?")
#: Words of time between a pronoun and its reporting verb ("she later said") that are also adjectives.
_LATER = frozenset(["later", "earlier", "then", "again", "still", "previously", "once"])
#: A description set off by commas just before a reporting verb: ", the U.S. commander, " (said).
_APPOSITION = re.compile(
    r"(?:,\s+\d{1,3})?,\s+(?:(?:the|a|an|his|her|its|their)\s+|[a-z]|[A-Z][\w.-]*['’]s\s)[^,]{1,120},\s*\Z"
)  # after the name's age, when it is given ("King, 39, a medical records clerk at ...,")


def _speakers(text: str) -> list[Name]:
    """The names of ``text`` that may name a speaker: not a day or a month (see ``_CALENDAR``)."""
    return [n for n in names(text) if n.canonical.lower().rstrip(".") not in _CALENDAR]


def speaker_of(text: str, last_person: str) -> tuple[str, str]:
    """The speaker and reporting verb of a clause: the name nearest the verb, or a resolved pronoun (words in
    brackets or between dashes are an aside: "Sen. Barbara Boxer (D-Calif.) said" is Boxer)."""
    text = without_asides(text)
    found = _reporting_verb(text)
    if not found:
        m = re.search(r"according to ([^,.;]+)", text)
        if m:
            ns = _speakers(m.group(1))
            return (ns[0].canonical if ns else "", "according to")
        return "", ""
    verb, pos = found
    before = text[:pos]
    named = described(before)
    if named is not None:
        return named.canonical, verb
    spoke = [(n, who) for n in _speakers(before) if (who := _spoken_by(n, before[n.end :]))]
    if verb.endswith("ing"):  # "Obama directed the Interior department to review it, stating": the subject
        subject = next((who for n, who in spoke if n.person), "")
        if subject:
            return subject, verb
    words = before.lower().split()
    while len(words) > 1 and (words[-1] in _LATER or adverb(words[-1])):  # "she also said", "he instead told"
        words = words[:-1]
    pronoun = bool(words) and words[-1] in _PRONOUNS | {"has", "had", "was"} and any(w in _PRONOUNS for w in words[-2:])
    if pronoun:  # "Wilhelm's pickup truck, where he said": he, not a name just before him; "they" is no one
        return ("" if "they" in words[-2:] else last_person), verb  # person named before ('"...," they said')
    candidates = [who for n, who in spoke if n.end >= len(before.rstrip()) - 25]
    if candidates:
        return candidates[-1], verb
    after = [] if verb in TO_SOMEONE else _speakers(text[pos : pos + 80])  # "a barber told The New York Times"
    close = bool(after) and (after[0].start < 12 or _role(text[pos : pos + after[0].start].split()[1:]))
    if close and not _CLAUSE_WORDS & set(text[pos : pos + after[0].start].lower().split()):
        return named_first(text[pos:], after), verb
    # a name far before the verb speaks when it is a person's, in the verb's clause or the subject the text opens
    # with ("But King, in her interview ..., never said"); "Moments after the shooting, one cop ... said" is no one's
    comma = before.rfind(",")  # read once: a name after it is in the verb's clause
    near = [who for n, who in spoke if n.person or n.end > comma or _subject_first(before, n)]
    return (near[-1] if near else ""), verb  # (a pronoun right before the verb was read above)


def _role(words: list[str]) -> bool:
    """Whether ``words`` (between a reporting verb and a name) describe the person named after them: up to three
    nouns in small letters ("said police spokesman John Smith", "said fire department spokeswoman Jane Doe")."""
    return 0 < len(words) <= _ROLE_WORDS and describes_person(words, person=False)


def _subject_first(before: str, name: Name) -> bool:
    """Whether ``name`` opens ``before`` (after "But", "And" or "So") and a comma follows it: the subject, set
    apart by a description."""
    return bool(_OPENS.fullmatch(before, 0, name.start)) and before[name.end : name.end + 1] == ","


def without_asides(text: str) -> str:
    """``text`` with words in brackets or between dashes blanked out (same length: positions hold)."""
    return _DASHED.sub(_blank, _ASIDE.sub(_blank, text))


def described(before: str) -> Name | None:
    """The name a description set off by commas at the end of ``before`` follows, when one does: "Robertson, the
    U.S. commander," or "Steele, chief of the department," (said): the speaker, not a name inside it."""
    apposed = _APPOSITION.search(before)
    if apposed is None:
        return None
    named = [n for n in _speakers(before[: apposed.start()]) if n.end == apposed.start()]
    if named and _OBJECT.search(before, max(0, named[-1].start - 6), named[-1].start):
        # "Robertson, a spokesperson for Inherent Resolve, the U.S. operation, said": a description's object
        return described(before[: apposed.start()] + ",") or named[-1]
    return named[-1] if named else None


def _spoken_by(name: Name, between: str) -> str:
    """Who spoke, by a name followed by ``between`` up to a reporting verb: the name; "Lohan's attorney" when it
    is a possessive before a noun; "" when a noun follows it straight away ("Forensic experts said", "an
    Eastern Conference executive said": the name only describes who spoke)."""
    first = WORD.match(between.lstrip(" \t\u00a0"))
    word = first.group() if first else ""
    if not word or not word[0].islower() or word in AUXILIARIES or word in _LATER or not noun(word):
        return name.canonical
    if not name.text.endswith(("'s", "’s")):
        return ""
    owned = []  # "The Bible Church's head minister said": what the name has, up to the verb
    for w in between.split()[:3]:
        if not w.islower() or w in AUXILIARIES or w in _LATER or adverb(w) or not noun(w):
            break
        owned.append(w)
    return f"{name.canonical}'s {' '.join(owned) or word}"


#: Between a name and a person it goes on to name: a description ending in a comma (" fire chief, ").
_DESCRIBED_NAME = re.compile(r"(?:\s+[a-z][\w-]*){1,3},\s+")
#: A common noun right after a name that only describes it, ending what is named ("a Western diplomat, who").
_NOUN_AFTER = re.compile(r"\s+([a-z][a-z-]+)(?=[\s,.;:]|$)(?!\s+[a-z])")


def named_first(text: str, found: list[Name]) -> str:
    """The speaker named first in ``text`` (after a reporting verb), or the person it goes on to describe:
    "said Anchorage businessman and blogger Andrew Halcro", "said Ms. Davis's sister Crystal", "said Cal Fire
    spokeswoman Maria Ortiz" (a body's name read as a person's, then a role)."""
    first = found[0]
    role = len(found) > 1 and found[1].person and _role(text[first.end : found[1].start].split())
    if first.person and not first.text.endswith(("'s", "’s")) and not role:
        return first.canonical
    for later in found[1:]:
        between = text[first.end : later.start]
        described = _DESCRIBED_NAME.fullmatch(between)  # "the Central Mat-Su fire chief, James Steele"
        if later.start - first.end > 40 or (any(ch in between for ch in ',;:.()"“”') and not described):
            break
        if later.person or first.text.endswith(("'s", "’s")):
            return later.canonical
    after = _NOUN_AFTER.match(text, first.end)
    common = after is not None and after.group(1) not in STOP and noun(after.group(1))
    if after and common and not first.person and not first.text.endswith(("'s", "’s")):
        return f"{first.text} {after.group(1)}"  # "said a Western diplomat": the diplomat
    return first.canonical


#: A place no name (:data:`dedupe_cli.claims.entities._NAME`) covers: a character none of its parts takes, or the
#: first character of a word (after white space, complete) that neither starts with a capital nor is a joining
#: word ("of", "de").
_GAP = re.compile(r"[^\w\s’'&.\-]|(?<=\s)(?![A-Z]|(?:of|the|de|del|la|van|von|bin|al)\s)(?=\S+\s)\S")


class _EarlierPeople:
    """The last person named before each quote of a paragraph, with its earlier quotes blanked out.

    It is ``people(re.sub(r"[\"“][^\"“”]*[\"”]", " ", paragraph[:start]))[-1]`` for growing ``start``, found
    without redoing the text before. The substitution pairs an opening mark with the next mark of any kind when
    that closes, so the marks are walked once: the text up to the last closed pair is settled (the same for every
    longer prefix); after it the prefix is plain text (an opening mark with no closer in the prefix stays text).
    A name cannot cover a gap (:data:`_GAP`), so the names of a text are those of the text before its last gap
    followed by those from the gap on: the settled text is cut at its gaps as it grows, keeping only the last
    person of the part before the last gap and the text after it.
    """

    def __init__(self, paragraph: str) -> None:
        self.paragraph = paragraph
        self.marks = [m.start() for m in re.finditer(r"[\"“”]", paragraph)]
        self.next_mark = 0  # the first mark not yet walked
        self.pending = -1  # an opening mark whose closer is not yet known, or -1
        self.done = 0  # the paragraph up to here is settled
        self.open_text = ""  # the settled blanked text from its last gap (from its start while it has none)
        self.settled: str | None = None  # the last person of the settled blanked text before that gap

    def _settle(self, piece: str) -> None:
        text = self.open_text + piece
        last = -1
        for g in _GAP.finditer(text, 1):
            last = g.start()
        if last > 0:
            found = people(text[:last])
            if found:
                self.settled = found[-1]
            text = text[last:]
        self.open_text = text

    def before(self, start: int) -> str | None:
        """The last person before ``start`` (a quote's opening mark; calls in increasing order), or None."""
        paragraph, marks = self.paragraph, self.marks
        while self.next_mark < len(marks) and marks[self.next_mark] < start:
            at = marks[self.next_mark]
            self.next_mark += 1
            if self.pending >= 0:
                opened, self.pending = self.pending, -1
                if paragraph[at] != "“":
                    self._settle(paragraph[self.done : opened] + " ")
                    self.done = at + 1
                    continue
            if paragraph[at] != "”":
                self.pending = at
        found = people(self.open_text + paragraph[self.done : start])
        return found[-1] if found else self.settled


#: A full stop that ends no sentence: after an initial ("Nick J. Rahall"), a title ("Mr.", "Sen."), "No. 8" or a
#: month ("on Nov. 5").
_NOT_AN_END = "".join(
    rf"(?<!\b{a})" for a in ("[A-Z]", "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "No")
) + "".join(rf"(?<!\b{m.title()})" for m in MONTH_ABBREVIATIONS)
#: Where the clause before a quote starts (its last sentence end) and where the one after it ends.
LEFT_END = re.compile(rf"(?:[!?]|{_NOT_AN_END}\.)[\"”]?\s")
RIGHT_END = re.compile(rf"[!?;]|{_NOT_AN_END}\.")

#: Small words a title or a name in quote marks leaves in lower case ("The Bank of the West").
_TITLE_JOINS = frozenset("of the and for a an in on at to de la".split())  # noqa: SIM905


def _is_title(words: str) -> bool:
    """Whether quoted words are a name or a title ("The Creamery Corporation"), not something said: a few words,
    each capitalised but for joining words."""
    split = words.split()
    return len(split) <= 6 and all(w[:1].isupper() or w in _TITLE_JOINS for w in split) and split[0][:1].isupper()


#: Words that name what the quote marks hold: a label, not something said ('the so-called "medical conscience" rule').
_NAMING = re.compile(r"\b(?:called|dubbed|termed|labell?ed|nicknamed|known\s+as)\s*\Z", re.I)
#: Words in brackets before a quote: an aside, whose reporting verb is not the quote's (blanked, same length).
_ASIDE = re.compile(r"\([^()]*\)")
#: Words between two dashes, an aside as words in brackets are ("Andy Beshear — whose father ... — promised").
_DASHED = re.compile(r"\s[—–]\s[^—–]{1,160}?\s[—–]\s")
_BRACKETED = re.compile(_ASIDE.pattern + r"|\A[^()]*\)")  # the window read may start inside the brackets
#: How far before a quote the name a long description follows is looked for (see :func:`_apposed`).
_APPOSED_REACH = 320
#: A quote's words that end a sentence, and a sentence that begins after it: what follows ('"... wrong." And 70
#: percent of Americans say ...') is a sentence of its own, not the quote's attribution (which follows a comma).
_ENDS_SENTENCE = re.compile(rf"{_NOT_AN_END}\.\s*\Z")
_NEXT_SENTENCE = re.compile(r"\s+[A-Z]")
#: Verbs by which a source relays what someone else said: a speaker with a verb of saying is preferred.
_RELAYING = frozenset(["report", "reports", "reported", "according to"])


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def quotes(paragraph: str, last_person: str) -> list[Quote]:
    """The direct quotes of a paragraph with their speakers (searched outside the quote marks)."""
    out: list[Quote] = []
    earlier = _EarlierPeople(paragraph)
    for m in _QUOTE.finditer(paragraph):
        words = m.group(1).strip(" ,.")
        if len(words.split()) < 2 or _is_title(words) or _NAMING.search(paragraph, max(0, m.start() - 20), m.start()):
            continue
        left = paragraph[max(0, m.start() - 160) : m.start()]
        left = _BRACKETED.sub(_blank, LEFT_END.split(left)[-1])  # "(44 percent of Americans say ...)" says nothing
        right = paragraph[m.end() : m.end() + 80]
        right = "" if _ENDS_SENTENCE.search(m.group(1)) and _NEXT_SENTENCE.match(right) else RIGHT_END.split(right)[0]
        person = earlier.before(m.start())
        resolved = last_person if person is None else person
        speaker, verb = speaker_of(right, resolved)
        if not speaker or verb in _RELAYING:
            # "Steele said the department was 'treating it as arson', the Daily News reported": Steele spoke
            said = _after_quote(left, resolved) or speaker_of(left, resolved)
            said = (_apposed(paragraph, m.start(), left) or said[0], said[1])
            if said[0] and (not speaker or said[1] not in _RELAYING):
                speaker, verb = said
        out.append(Quote(words, speaker, verb, m.start(), m.end()))
    return out


def _after_quote(left: str, last_person: str) -> tuple[str, str] | None:
    """The speaker and verb after the last quote in ``left``, if named ('told ... "X" while Cerar said "Y"')."""
    closed = max(left.rfind('"'), left.rfind("”"))
    if closed < 0:
        return None
    said = speaker_of(left[closed + 1 :], last_person)
    return said if said[0] else None


def _apposed(paragraph: str, start: int, left: str) -> str:
    """The speaker a description between commas before ``left``'s reporting verb follows when it began before
    ``left`` ("Jamie Rappaport Clark, executive ... under President Clinton, said" is Clark), or ""."""
    found = _reporting_verb(left)
    wide = LEFT_END.split(paragraph[max(0, start - _APPOSED_REACH) : start])[-1]
    if found is None or len(wide) <= len(left):
        return ""
    named = described(wide[: len(wide) - len(left) + found[1]])
    return named.canonical if named is not None else ""
