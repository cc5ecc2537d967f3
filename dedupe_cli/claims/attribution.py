"""Attributed statements without quote marks: who said what ("Seven people died, the fire chief said").

:func:`attribution` finds the first reporting verb that is not a passive (or the sentence's closing one, when
the first is inside a clause: "..., which he claimed ..., officials said"), then what was said (after the verb,
before a comma the verb follows, or on both sides of a reporting clause set off by commas) and who said it: a
person named after the verb ("..., said the minister"), the subject of the verb it is joined to ("arrived and
declared"), a plain noun phrase in the verb's own clause ("witnesses said"), the name
:func:`~dedupe_cli.claims.speakers.speaker_of` finds, or the subject before the verb. What follows the verb is
what was said only when it is a clause ("announced the arrest of ..." announces a thing).
"""

from __future__ import annotations

import itertools
import re

from dedupe_cli.claims.entities import Name, names
from dedupe_cli.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    LEADING_PREPOSITION,
    REPORTING,
    STOP,
    TO_SOMEONE,
    tokens,
)
from dedupe_cli.claims.naming import adverb, dictionary_word, noun, past_verb
from dedupe_cli.claims.speakers import described, named_first, speaker_of, without_asides

#: A reporting verb and what leads to the statement: up to three words and "that", or the one told ("told the
#: New York Daily News that", "confirmed to The Associated Press that").
_ATTRIBUTION = re.compile(
    r"\b(said|says|stated|told|added|noted|emphasi[sz]ed|stressed|warned|explained|asserted|claimed|announced|"
    r"insisted|argued|declared|confirmed|denied|acknowledged|admitted|assured|pledged|promised|vowed|"
    r"cautioned)\b(?:\s+(?:\w+\s+){0,3}?that\b|"
    # the one told, up to eight words, none a pronoun (that would be the subject of what was said), then "that"
    r"(?:(?<=told)|\s+to)\s+(?:(?!(?:he|she|they|it|we|I)\s)[\w.'’-]+\s+){1,8}?that\b|\s+to\b)?",
)
#: A relative clause set off by commas right before a reporting verb (", who took office in May,").
_CLAUSE_BEFORE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,]{0,120},\s*\Z")
#: Where the clause whose subject speaks starts: punctuation, or a word that opens a clause ("after which",
#: "what young men and women said", "officials say that").
_BOUNDARY = re.compile(r"[,;:—–()\"“”]|\b(?:that|which|who|what|when|where|while|because|after|before|if|as)\b", re.I)
_RELATIVES = frozenset(["who", "that", "which"])
#: Auxiliaries between a subject and its reporting verb ("officials have said").
_AUXILIARIES_BEFORE = AUXILIARIES | {"also", "later", "earlier", "previously", "then", "again", "not", "never"}
#: A verb of being right before a reporting verb: a passive, whose subject is what was said about.
_PASSIVE = re.compile(rf"\b(?:{BE_FORMS})\s+\Z", re.I)
#: Words that start a clause of their own: a reporting verb after them belongs to that clause.
_RELATIVE = frozenset(["who", "whom", "whose", "which", "that", "what", "when", "where", "while", "because", "if"])
#: At most this many words name who said what came before a comma: after a reporting verb that follows the comma
#: ("..., said the minister"), or between the comma and the verb ("..., the fire chief said").
_INVERTED_TAIL = 8
#: Most content words of a plain subject ("Industry and business representatives").
_PLAIN_WORDS = 4
#: Words that start what was said after a reporting verb, not who said it ("..., said he backed King").
_SUBJECTS = frozenset(["he", "she", "they", "it", "we", "i", "you", "there"])
#: Words that end a clause's opening: a reporting clause after them reports only what follows it ("after which,
#: the police said, someone hit an officer").
_OPENERS = frozenset(["after", "before", "as", "because", "since", "when", "while", "although", "though", "and"])
#: Reporting verbs whose words after them are what was said even with no "that" ("said the bridge is closed").
_CLAUSE_VERBS = frozenset(["said", "says", "told", "stated"])
#: Verb forms that make a clause of the words after a reporting verb ("announced the team has relieved him").
_FINITE = AUXILIARIES | {"will", "would", "could", "should", "might", "must", "did", "does", "do", "can", "may", "be"}
#: Where the first clause of what follows a reporting verb ends: a word that opens another one.
_CLAUSE_END = re.compile(
    r";|\b(?:because|which|who|whom|that|where|when|while|before|after|since|if|until|saying|according|to|but|"
    r"whether)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")
#: "we" or "I" as the subject of a reporting verb (the writer's own report).
_FIRST_PERSON = re.compile(r"\b(?:we|i)\s+(?:[a-z]+\s+)?\Z", re.I)
#: "they" as the subject of a reporting verb ("They said", "they also argued").
_THEY = re.compile(r"\bthey(?:['’](?:ve|d|ll))?\s+(?:[a-z]+\s+)?\Z", re.I)
#: A reporting verb opening a clause set off by a comma ("Nichols, who argued ...,").
_RELATIVE_OPEN = re.compile(r",\s+(?:who|which)\s+(?:[a-z]+\s+)?\Z")
#: A reporting verb inside a clause of its own ("which he claimed", "who she said").
_EMBEDDED = re.compile(r"\b(?:which|who|whom|that|where|when)\s+(?:\S+\s+){0,2}\Z", re.I)
#: Who was told, right after "told" with no "that" ("told Polygraph.info the allegations are false", "told
#: reporters the plan was dead").
_TOLD = re.compile(
    r"(?:(?:the\s+)?(?:[A-Z][\w.'’&-]*\s+)+|(?:reporters|journalists|lawmakers|investigators|me|us|him|her|them)\s+)"
    r"(?=[a-z])|(?:the\s+)?(?:[A-Z][\w.'’&-]*\s+)*[A-Z][\w.'’&-]*:\s*"  # "told the New York Post: ..."
)
_THAT = re.compile(r"\Athat\s+")
#: Where something was said, then "that" ("at a City Council hearing on Tuesday that ...").
_WHERE_THAT = re.compile(r"(?:at|in|on|during|before|after|to)\s[^,;\"“]{0,80}?\bthat\s+")
#: A closing report at the end of what was said ("..., MyFoxHouston.com reports", "..., he said"): who
#: reports the report, not what was said.
_CLOSING = re.compile(r",\s+([^,;]{1,60}?)\s+(?:said|says|reports|reported|told|added|wrote|writes)(?:\s+[A-Za-z]+)?\Z")
#: The same after its verb ("..., reports AP", "..., according to the Associated Press").
_CLOSING_AFTER = re.compile(r",\s+(?:said|says|reports|reported|according\s+to)\s+(?:the\s+)?[A-Z][^,;]{0,50}\Z")
#: A reporting word opening what follows the verb ("said Saturday, adding that investigators ..."): dropped.
_ADDING = re.compile(r"\A(?:adding|noting|saying|stressing|explaining)\s+(?:that\s+)?")
#: A conjunction that opens the sentence, not what was said ("But Delhi is not doomed, Prakash said.").
_CONJUNCTION = re.compile(r"\A(?:But|And|Yet|So|Still|However|Meanwhile),?\s+(?=\S)")
#: A reporting verb denied ("have not explained", "did not say", "never said"): nothing was said.
_DENIED = re.compile(r"\b(?:not|never|n['’]t)\s+(?:[a-z]+\s+)?\Z")
#: What says that nothing was said ("never said a word about whether ...", "said nothing about the deal").
_NOTHING_SAID = re.compile(r"\A(?:a\s+word|nothing|anything|little|much)\s+(?:about|on|of|regarding)\b")
#: Verbs whose "to" opens an intention, not what was said ("promised to protect Medicaid").
_INTENT = frozenset(["promised", "pledged", "vowed", "claimed"])
#: Prepositions after "Those" that make it who spoke ("Those in favor of punishment said").
_THOSE_PREPOSITIONS = frozenset(["in", "at", "on", "with", "from", "for", "of", "inside", "outside", "near"])
#: Articles: a participle after one describes a noun ("a threatened species").
_ARTICLES = frozenset(["a", "an", "the"])
#: Words ending in "-ing" that are no gerund ("nothing was taken").
_NOT_GERUNDS = frozenset(["nothing", "something", "anything", "everything"])
#: An amount right after "added": what was added, not what was said ("employers added 254,000 jobs").
_AMOUNT = re.compile(r"\s+(?:about\s+|nearly\s+|some\s+|another\s+|more\s+than\s+|an\s+additional\s+)?[$€£]?\d")
#: A passive's agent after a reporting verb ("the changes announced by the secretary").
_BY = re.compile(r"\s+by\b")
#: Words opening an adjunct, not what was said, when what follows the verb starts with one ("said before ...").
_ADJUNCT_OPENERS = frozenset(["before", "after", "while", "when", "during"])
#: Words that start an adjunct after a reporting verb, not what was said ("Cook said while visiting ...").
_ADJUNCTS = _ADJUNCT_OPENERS | {"at", "in", "on", "adding", "noting", "citing"}
#: When something was said, right after the reporting verb ("said Thursday the actress checked in").
_WHEN = re.compile(
    r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?![\w'’])",
    re.I,
)
#: A reporting verb joined to the verb before it ("... and declared", "... but later said"): its subject is theirs.
_COORDINATED = re.compile(r"\b(?:and|but)\s+(?:(?:also|later|then|again|still|publicly|repeatedly)\s+)?\Z")
#: What may stand before the name a sentence starts with: titles ("Mr. Nichols, ...", "Sen. Boxer").
_TITLES_ONLY = re.compile(r"\s*(?:[A-Z][a-z]{0,4}\.\s+)*")
#: How far into the words after a reporting verb the person who spoke is looked for ("said study co-author ...").
_NAMED_NEAR = 40
#: Where a noun phrase's head is followed by what it is of, from or about ("reports from Ashgabat").
_PREPOSITION = re.compile(r"\s(?:of|with|from|in|at|on|for|about|near|inside|outside)\s|,", re.I)


def _names_a_speaker(clause: str, tail: str) -> bool:
    """Whether the ``clause`` between a comma and a reporting verb names who spoke, and the few words after the verb
    (``tail``) only say when or to whom ("..., the fire chief said Tuesday", "..., his agent told ESPN"); not a
    clause of its own ("..., blasted outsiders who he said escalated tensions")."""
    words = clause.lower().split()
    if not words or len(words) > _INVERTED_TAIL or _RELATIVE & set(words):
        return False
    return not any(w.endswith("ed") or past_verb(w) for w in tail.lower().split())


def _person_described(lead: str) -> bool:
    """Whether the words before a reporting verb are a person and a description set off by commas ("John Owen,
    the city's public safety director," says ...): the speaker, not what was said."""
    named = described(lead)
    return named is not None and named.person


def attribution(text: str, last_person: str) -> tuple[str, str, str] | None:
    """An attributed statement without quote marks: (speaker, reporting verb, what was said)."""
    if '"' in text or "“" in text:
        return None
    # a passive ("... is said to be ...", "were announced") has no one who said it: the next verb may have
    # ... nor has "changes announced by the secretary"
    found = [
        v
        for v in _ATTRIBUTION.finditer(text)
        if not _PASSIVE.search(text, max(0, v.start() - 12), v.start())
        and not _BY.match(text, v.end())
        and not (v.group(1) == "added" and _AMOUNT.match(text, v.end()))
    ]
    if not found:
        return None
    m = found[0]
    embedded = _EMBEDDED.search(text, max(0, m.start() - 30), m.start())
    if len(found) > 1 and embedded and _reports_all(text, found[-1]):
        m = found[-1]  # "..., which he claimed he needed, officials said.": the sentence's report is the last
    lead, tail = text[: m.start()].rstrip(), text[m.end() :].strip(" ,.:")
    plain = m.end() - m.start() == len(m.group(1)) and m.group(1) not in TO_SOMEONE
    short = len(tail.split()) <= _INVERTED_TAIL
    named = names(tail) if lead.endswith(",") and plain else []
    person = next((n for n in named if n.person and n.start < _NAMED_NEAR), None)
    inverted = lead.endswith(",") and plain and (short or tail[:1].isupper() or person)
    inverted = inverted and _first(tail) not in _ADJUNCT_OPENERS  # "..., said before Kelly appeared": no one after
    # not "Snider, who attended the news conference, said he backed King": a clause of the speaker's, then what
    # was said, with its own subject
    clause_first = _CLAUSE_BEFORE.search(lead + " ") or _first(tail) in _SUBJECTS
    if inverted and not clause_first and not _person_described(lead):
        # "The bridge will close, said the minister.": what was said comes first, who said it after; a long
        # description names its person near its start ("..., said The We Company's executive chair Marcelo Claure
        # in an email to staff", "..., said study co-author Anezina Solomonidou, a research fellow")
        speaker = _inverted_speaker(tail, named, short)
        said = _CONJUNCTION.sub("", lead.rstrip(",").strip(), count=1)
        return (speaker, m.group(1).lower(), said) if speaker and len(said.split()) >= 4 else None
    comma, said, start, from_tail = lead.rstrip(",").rfind(","), tail, 0, True
    when = _WHEN.match(tail)  # "said Thursday the actress checked in": when, then what was said
    if when:
        said = tail[when.end() :].lstrip(" ,")
    told = _TOLD.match(said) if m.group() == "told" else None  # "told Polygraph.info the allegations are false"
    if told:
        said = _THAT.sub("", said[told.end() :], count=1)
    where = _WHERE_THAT.match(said)  # "said at a City Council hearing on Tuesday that the violence ..."
    if where:
        said = said[where.end() :]
    # "..., witnesses said, following a vigil", "..., the operator announced on Wednesday, two weeks later": set off
    closed = text[m.end() :].lstrip().startswith(",") or bool(when and tail[when.end() :].startswith(","))
    # "..., the star's rep confirmed to People and Us Weekly on Friday": after "to", who was told, not what
    told_to = m.group().endswith("to") and tail[:1].isupper()
    short_tail = len(tail.split()) < 4 or told_to or _first(tail) in _ADJUNCTS
    if (
        (short_tail or closed)
        and comma > 0
        and _names_a_speaker(lead[comma + 1 :], "" if closed else tail)
        and not _person_described(lead)  # "Williams, a critic of NYPD policy, said before ...": who spoke
    ):
        # "Seven people died, the fire chief said Tuesday.": the speaker is named between the comma and the verb;
        # "Once that person has a gun, he said, the threat is imminent": what was said is on both sides of it
        said, start, from_tail = lead[:comma].strip(), comma + 1, False
        opener = (said.split()[-1:] or [""])[0].lower()
        if closed and tail:
            # "after which, the police said, ...", "In fact, he said, ...", "At one time, Owen said, ...": a lead-in
            # ("That, Audi says, allows ...": a subject, not a lead-in)
            subject = said.lower() in _SUBJECTS | {"that", "this"}
            brief = len(said.split()) < 3 and not subject
            opening = (opener in _RELATIVE and not subject) or opener in _OPENERS or brief
            rest = tail[when.end() :].lstrip(" ,") if when else tail
            said = rest if opening or LEADING_PREPOSITION.match(said) else f"{said}{' ' if subject else ', '}{rest}"
    if from_tail and _RELATIVE_OPEN.search(text, max(0, m.start() - 24), m.start()):
        said = said.split(",", 1)[0]  # "Nichols, who argued he was insane, spoke ...": the clause ends at its comma
    if said[:1] in "'‘" and said[1:2].isupper():  # "'Tara Reid has checked in,' her rep says": the quote marks
        said = said[1:-1] if said[-1:] in "'’" else said[1:]
    closing = _CLOSING.search(said) if from_tail else None
    if closing and _names_a_speaker(closing.group(1), ""):
        said = said[: closing.start()]  # "Officials said X took two officers hostage, MyFoxHouston.com reports"
    closing = _CLOSING_AFTER.search(said) if from_tail else None
    if closing:
        said = said[: closing.start()]  # "..., reports AP", "..., according to the Associated Press"
    if from_tail:
        said = _ADDING.sub("", said, count=1)  # "said Saturday, adding that investigators were considering arson"
        if _first(said) in _ADJUNCT_OPENERS | _FINITE or _NOTHING_SAID.match(said):
            return None  # "said before Kelly appeared", "which Kempthorne said were not as extensive": no subject
    if from_tail and m.group(1) not in _CLAUSE_VERBS and _a_thing(m, said):
        return None  # "announced the arrest of a 19-year-old", "claimed another coach": a thing, not what was said
    if _DENIED.search(text, max(start, m.start() - 24), m.start()):
        return None  # "His friends have not explained exactly what caused ...": nothing was said
    if _FIRST_PERSON.search(text, max(start, m.start() - 16), m.start()):
        return None  # "but we confirmed that ...": the writer, no one the report names
    coordinated = _COORDINATED.search(text, max(start, m.start() - 24), m.start())
    leader = _leader(text, start, m.start()) if coordinated else ""
    if leader:  # "Rahman arrived in Germany on Monday and declared ...": Rahman
        return (leader, m.group(1).lower(), said) if len(said.split()) >= 4 else None
    clause = _verb_clause(without_asides(text[start : m.start()]))  # read once for both subject rules
    speaker = _plain_subject(clause)
    verb = ""
    if not speaker:
        # from after any other reporting word: "reported changes, which Secretary Kempthorne said were ..."
        other = [w.end() for w in _WORD.finditer(text, start, m.start()) if w.group() in REPORTING]
        referent = _leader(text, 0, m.start()) or last_person  # "Kempthorne, ..., when he noted": Kempthorne
        they = _THEY.search(text, max(start, m.start() - 24), m.start())
        speaker, verb = speaker_of(text[max([start, *other[-1:]]) : m.end()], "" if they else referent)
        if they and not speaker:
            return None  # "They said ...": no one person named before, and no noun to read them by
    if not speaker and not coordinated:  # "... called a hearing to review the regulations and said": not them
        speaker = _subject(clause)
    said = _CONJUNCTION.sub("", said, count=1)
    return (speaker, verb or m.group(1).lower(), said) if speaker and len(said.split()) >= 4 else None


def _first(text: str) -> str:
    """The first word of ``text``, lower-cased ("" when there is none)."""
    words = text.split(maxsplit=1)
    return words[0].lower() if words else ""


#: The words before a reporting verb (less a relative clause set off right before it), the last clause boundary
#: in them and the words after it: see :func:`_verb_clause`.
_Clause = tuple[str, re.Match[str] | None, str]


def _verb_clause(before: str) -> _Clause:
    """The words before a reporting verb less a relative clause set off right before it ("The mayor, who took
    office in May,"), the last clause boundary in them, and the words after it: the verb's own clause."""
    clause = _CLAUSE_BEFORE.search(before)
    before = before[: clause.start()] if clause else before
    last = max(_BOUNDARY.finditer(before), key=lambda b: b.start(), default=None)
    return before, last, before[last.end() :] if last else before


def _leader(text: str, start: int, end: int) -> str:
    """The name ``text[start:end]`` starts with (after titles) when it is a name and no common word: the
    sentence's subject ("Mr. Nichols, who ..., confessed", "Kempthorne, for his part, ..."); else ""."""
    leader = names(text[start:end])[:1]
    if not leader or not _TITLES_ONLY.fullmatch(text, start, start + leader[0].start):
        return ""
    named = leader[0]
    return named.canonical if named.person or " " in named.text or not dictionary_word(named.text) else ""


def _reports_all(text: str, m: re.Match[str]) -> bool:
    """Whether the reporting verb ``m`` closes the sentence after a comma and names who spoke between them
    ("..., officials said.", "..., the fire chief said Tuesday.")."""
    lead = text[: m.start()].rstrip()
    comma = lead.rfind(",")
    tail = text[m.end() :].strip(" ,.")
    return comma > 0 and len(tail.split()) < 4 and m.group() == m.group(1) and _names_a_speaker(lead[comma + 1 :], tail)


def _a_thing(m: re.Match[str], said: str) -> bool:
    """Whether what follows the reporting verb ``m`` is a thing announced, claimed or confirmed rather than what
    was said: no clause after the bare verb, an intention after "promised to" ("promised to protect Medicaid"), or
    a deed after "admitted to" ("admitted to threatening the girl")."""
    if m.group() == m.group(1):
        return not _a_clause(said)
    if not m.group().endswith("to"):
        return False
    return m.group(1) in _INTENT or _gerund(said)


def _gerund(said: str) -> bool:
    """Whether ``said`` opens with a gerund ("having sex with ...", "threatening the girl")."""
    first = said.split(maxsplit=1)[:1]
    return bool(first) and first[0].islower() and first[0].endswith("ing") and first[0] not in _NOT_GERUNDS


def _a_clause(said: str) -> bool:
    """Whether what follows a reporting verb (with no "that") is a clause: it starts with a pronoun, or has a
    finite verb before a word that opens another clause ("the team has relieved Cheeks", "the regulations
    overhauled policy"); not a thing announced, claimed or confirmed ("the restoration of rules that help ...")."""
    if _first(said) in _SUBJECTS:
        return True
    head = _CLAUSE_END.split(said, maxsplit=1)[0].split()
    if _gerund(said):  # "denied having sex with girls supplied to him": a deed, unless a verb follows it
        return any(w.lower() in _FINITE for w in head[1:])  # "argued allowing it would ..."
    # a participle after an article describes a noun ("declared polar bears a threatened species")
    return any(
        w.lower() in _FINITE or (past_verb(w.lower()) and before.lower() not in _ARTICLES)
        for before, w in itertools.pairwise(head)
    )


def _inverted_speaker(tail: str, named: list[Name], short: bool) -> str:
    """Who speaks after the reporting verb of "..., said the minister": a person named near its start; else a
    name it starts with, or its words before a preposition ("said reports from Ashgabat": reports) when short; else
    (a long description starting with a capital) the person :func:`named_first` finds, or no one."""
    person = next((n for n in named if n.person and n.start < _NAMED_NEAR), None)
    if person is not None:
        return person.canonical
    if not short:
        return named_first(tail, named) if named and named[0].start < _NAMED_NEAR else ""
    lead = _PREPOSITION.split(tail, maxsplit=1)[0]
    words = [w for w in tokens(lead) if w.lower() not in STOP]
    if named and (not words or (named[0].start < len(lead) and tail[named[0].start :].startswith(words[0]))):
        return named[0].canonical
    return " ".join(words) if words else " ".join(w for w in tokens(tail) if w.lower() not in STOP)


def _plain_subject(clause: _Clause) -> str:
    """The subject before a reporting verb when it is a plain noun phrase in the verb's own clause, naming no one:
    "..., witnesses said", "Yesterday, the police explained", "Industry and business representatives said",
    "A league source with knowledge of the team's thinking said" (league source), "Police in Baltimore said"
    (police), "An opinion poll published by Ethnos said" (opinion poll); "" otherwise."""
    trimmed, last, segment = clause  # "The German automaker, which has ..., says": the automaker
    if last is not None and last.group().lower() == "who":
        # "Two jurors who spoke at Howard's news conference said": the clause is about who said it, named before it
        _, last, segment = _verb_clause(trimmed[: last.start()])
    if last is not None and last.group().lower() in _RELATIVE:
        return ""  # a clause of its own ("what young men and women said")
    if any(n.person for n in names(segment)):
        return ""
    # the whole phrase ("Officials at the Interior and Commerce departments"), else its head before a preposition
    return _noun_phrase(tokens(segment)) or _noun_phrase(tokens(_PREPOSITION.split(segment, maxsplit=1)[0]))


def _noun_phrase(words: list[str]) -> str:
    """``words`` less determiners before, past a participle and auxiliaries after, when they are 1 to 4 content
    words ending in a common noun; else "". "Those" and a preposition before them are kept: they are who spoke
    ("Those in favor of punishment", "Those at the meeting")."""
    given = words
    while words and words[0].lower() in STOP:
        words = words[1:]
    those = len(given) > 2 and given[0].lower() == "those" and given[1].lower() in _THOSE_PREPOSITIONS
    kept = given[: len(given) - len(words)] if those else []
    cut = next((i for i, w in enumerate(words) if i and past_verb(w.lower())), len(words))  # "a poll published by"
    words = words[:cut]
    while words and (words[-1].lower() in _AUXILIARIES_BEFORE or adverb(words[-1])):
        words = words[:-1]
    content = [w for w in words if w.lower() not in STOP]
    if not 1 <= len(content) <= _PLAIN_WORDS:
        return ""
    final = words[-1]
    common = final[:1].islower() or (len(words) == 1 and noun(final.lower()))  # "Police in Baltimore said"
    common = common and final.lower() not in STOP  # not "a guard for Temple and he"
    if not common or (final.endswith("ing") and not kept) or any(adverb(w) or past_verb(w) for w in content):
        return ""
    return " ".join(kept + words)


def _subject(clause: _Clause) -> str:
    """Who speaks when :func:`speaker_of` names no one, from the words before the reporting verb: the person named
    after the last clause boundary, or those words (less determiners and auxiliaries) when they are 1 to 4 content
    words ("after which, the police said", "what young men and women said", "a statement from her office said");
    after "who" or "that" opening the last clause, the two words before it ("a woman who lives nearby told");
    else the last person named, or the last two content words."""
    before, last, segment = clause  # "The mayor, who took office in May, said": the mayor
    named = [n for n in names(segment) if n.person]
    if named:
        return named[-1].canonical
    words = tokens(segment)
    while words and words[0].lower() in STOP:
        words = words[1:]
    while words and words[-1].lower() in _AUXILIARIES_BEFORE:
        words = words[:-1]
    content = [w.lower() for w in words if w.lower() not in STOP]
    if 1 <= len(content) <= 4 and not any(adverb(w) or past_verb(w) for w in content):
        return " ".join(words)
    relative = last is not None and last.group().lower() in _RELATIVES  # the clause described the speaker
    head = before[: last.start()] if last is not None and relative else before
    named = [] if relative else [n for n in names(head) if n.person]
    return named[-1].canonical if named else " ".join([w for w in tokens(head) if w.lower() not in STOP][-2:])
