"""When a number in a sentence names something rather than counts it, and where the noun it counts ends.

A count is a number and the noun phrase after it ("37 cartel members"). Many numbers in news text are
not counts: a code or a model written onto letters ("5G", "3D", "4x4"), a house number ("325 E. Dahlia
Ave."), a numbered thing ("Route 66", "article 60", "Flight 370"), a street ("E. 31st St.") or a part of
a name ("the Second World War"). :mod:`dedupe_cli.claims.numbers` asks these rules before it makes a
claim of one. Each reads only the few words around the number, so that a sentence of many figures is
read in time proportional to its length.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getLemma

from dedupe_cli.claims.lexicon import CALENDAR, STOP, WEEKDAYS

__all__ = [
    "PERIOD_NOUNS",
    "PHRASE_ENDS",
    "adverb",
    "counts_many",
    "describing",
    "first_word",
    "house_number",
    "inside",
    "measure_or_apart",
    "noun",
    "numbered",
    "participle",
    "past_verb",
    "phone_spans",
    "plural",
    "plural_head",
    "street_ordinal",
    "year_before",
]

#: Letters written onto a number that make it a measure ("10km", "5kg", "40C"); any other letters make the
#: number part of a name or a code ("5G", "3D", "4x4", "the 1990s", a hash), which is not a quantity. One
#: letter must match in case ("5g" is grams, "5G" a network); longer units are matched in lower case.
_ATTACHED_UNITS = frozenset(
    """
    km kg mg mm cm ml mph kph kmh ft lb lbs oz ha kw kwh mw mwh gw gwh kb mb gb tb min mins hr hrs sec secs yr yrs
    yo km2 m2 sqm sqft mpg bpd hz khz mhz ghz mi nm kt kts
    """.split()  # noqa: SIM905
)
_ATTACHED_LETTERS = frozenset("g h l t C F".split())  # noqa: SIM905
_ATTACHED = re.compile(r"[^\W_]+")
#: What follows a house number: a street's name (up to three capitalised words, after a compass point) and its
#: kind ("325 E. Dahlia Ave.", "1200 Main Street"), or "block of" ("the 1200 block of Elm"). Matched with case.
_STREET = r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Place|Pl|Court|Ct|Highway|Hwy|Parkway|Pkwy"
_STREET += r"|Terrace|Square|Sq)\b"
_ADDRESS = re.compile(
    r"\s+(?:block\s+of\b|(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:[A-Z0-9][\w'’.-]*\s+){1,3}" + _STREET + ")"
)
#: What follows an ordinal that names a street ("E. 31st St.", "Fifth Avenue", "East 52nd street"): with case
#: but for the words no other noun shares.
_ORDINAL_STREET = re.compile(r"\s+(?:(?i:street|avenue|ave|st|boulevard|blvd)\b|" + _STREET + ")")

#: First nouns after an ordinal that make it a period or a kind, not a place in a sequence ("the 11th-hour offer",
#: "a 17th-century artist", "the second-half rally", "a 9th generation processor"; an "8th-round knockout" is one).
PERIOD_NOUNS = frozenset(["hour", "generation", "century", "half", "quarter", "year"])

#: Words that end the noun phrase a number counts: when and how, not what ("3 days later", "$19bn Friday",
#: "20 sites including ...", "3 goals apiece", "8 games last season", "2 guards today", "a 5-year deal worth").
PHRASE_ENDS = frozenset(WEEKDAYS) | frozenset(
    """
    later earlier ago including apiece each alone altogether respectively today tonight yesterday tomorrow last
    next worth following against despite toward towards amidst across behind beyond inside outside near versus vs
    unlike onto throughout along around plus minus compared
    """.split()  # noqa: SIM905
)
#: Plurals that describe the noun after them ("3 sports cars", "2 arms dealers", "5 savings accounts").
_PLURAL_MODIFIERS = frozenset(
    "sports arms savings sales communications customs goods means operations systems services".split()  # noqa: SIM905
)
#: Words before a number that make it one of a kind, as a year is ("the 2005 season", "Brand's 2008 contract").
_DETERMINERS = frozenset("the a an this that its his her their our my your whose".split())  # noqa: SIM905
_WORDS_AFTER = re.compile(r"[^\W\d_][\w'’-]*")

#: The word after a number (and the white space between).
_WORD_AFTER = re.compile(r"[ \t\u00a0]*([^\W\d_]+)")
#: The word before a number and the white space between (searched in the few characters before the number); letters
#: joined by "&" are one word, a name in capitals ("the S&P 500 closed").
_WORD_BEFORE = re.compile(r"((?:[^\W\d_]+&)*[^\W\d_]+)[ \t\u00a0]+\Z")
#: A name with a capital inside after a small letter: a product's ("iPhone", "iOS", "eBay").
_CAMEL = re.compile(r"[a-z]+[A-Z][A-Za-z]*")
#: A number and a conjunction right before another number ("11 and 11 Pro").
_LISTED_AFTER = re.compile(r"(?<![\w.,])(\d+)[ \t]+(?:and|or|&)[ \t]+\Z")
#: A telephone number: a country code, or an area code in brackets, then groups of digits ("+49 (0)40 890
#: 85-433", "(555) 123-4567"); or a North American one's three groups ("555-123-4567").
_PHONE = re.compile(
    r"(?:\+\d{1,3}[ .-]?|\(\d{1,4}\)[ .-]?)(?:\(\d{1,4}\)[ .-]?)?\d[\d .-]{5,}\d|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
)
_LEAD = re.compile(r"\s*")
#: A word of four letters or more (the words :func:`title_case` counts).
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")
#: Nouns a number after which names one of a kind, not a count of it: "article 60", "Route 66", "type 2".
_NUMBERED = frozenset(
    """
    article section chapter clause paragraph amendment resolution proposition prop volume vol episode series
    version model type class category grade level stage phase route interstate highway platform channel precinct
    pier berth apollo windows
    """.split()  # noqa: SIM905
)
#: The same for nouns that also start a phrase before a count ("in the room 12 people", "last week 5 died"):
#: only capitalised ("Room 101", "Flight 370", "Game 7", "Week 5").
_NUMBERED_NAMES = frozenset(
    """
    flight gate terminal room district ward zone sector unit part act title game week season round line track
    step
    """.split()  # noqa: SIM905
)


def measure_or_apart(sentence: str, end: int) -> bool:
    """Whether a number ending at ``end`` stands apart from the next word, or has a unit written onto it."""
    attached = _ATTACHED.match(sentence, end)
    if attached is None:
        return True
    letters = attached.group()
    return letters in _ATTACHED_LETTERS or (len(letters) > 1 and letters.lower() in _ATTACHED_UNITS)


def house_number(sentence: str, end: int) -> bool:
    """Whether the number ending at ``end`` is a house number: a street's name and kind, or "block of", follow."""
    return _ADDRESS.match(sentence, end) is not None


def street_ordinal(sentence: str, end: int) -> bool:
    """Whether the ordinal ending at ``end`` names a street ("31st St.", "Fifth Avenue")."""
    return _ORDINAL_STREET.match(sentence, end) is not None


def numbered(sentence: str, start: int, end: int) -> bool:
    """Whether the number at ``sentence[start:end]`` names one thing rather than counts: it follows a noun it numbers
    ("Series 3", "article 60", "Flight 370") or a name written in capitals ("GTX 1660"); or it is a model's number
    (:func:`_model_number`: "iPhone 11", "the e-tron Sportback 50 quattro", "Lego Star Wars 75188 Bombardiere"),
    or one listed right after such a number ("the iPhone 11 and 11 Pro"). The word before it is read once."""
    before = _WORD_BEFORE.search(sentence, max(0, start - 40), start)
    if (before is not None and _numbers_it(sentence, before)) or _model_number(sentence, start, end, before):
        return True
    if before is not None and before.group(1)[0].isupper() and _craft_after(sentence, end, before.group(1)):
        return True
    listed = _LISTED_AFTER.search(sentence, max(0, start - 20), start)
    if listed is None:
        return False
    first, last = listed.span(1)
    return _model_number(sentence, first, last, _WORD_BEFORE.search(sentence, max(0, first - 40), first))


def _numbers_it(sentence: str, before: re.Match[str]) -> bool:
    """Whether the word ``before`` a number is a noun the number numbers or a name in capitals."""
    word = before.group(1)
    if len(word) >= 2 and word.isupper():  # "GTX 1660", "FTSE 100", "COVID 19": a name in capitals numbered
        earlier = _WORD_BEFORE.search(sentence, max(0, before.start() - 40), before.start())
        heading = earlier is not None and len(earlier.group(1)) >= 2 and earlier.group(1).isupper()
        return not heading  # a heading in capitals ("POLICE SAY 12 DEAD") counts
    return word.lower() in _NUMBERED or (word[0].isupper() and word.lower() in _NUMBERED_NAMES)


def _model_number(sentence: str, start: int, end: int, before: re.Match[str] | None) -> bool:
    """Whether the number at ``sentence[start:end]`` (``before``: the word before it) is a model's number: after a
    name with a capital inside ("iPhone 11", "iOS 13"), or after a capitalised word no dictionary holds that is not
    the sentence's first, with no English word after it ("Sportback 50 quattro"; "Kabul 12 people" still counts);
    or five digits or more, with no comma, before a capitalised word no dictionary holds ("75188 Bombardiere")."""
    after = _WORD_AFTER.match(sentence, end)
    if end - start >= 5 and sentence[start:end].isdigit() and after and after.group(1)[0].isupper():
        return not _english(after.group(1).lower())  # a code before a name: "Lego 75188 Bombardiere"
    if before is None or before.start() == 0:
        return False
    word = before.group(1)
    if _CAMEL.fullmatch(word):
        return True
    if not word[0].isupper() or word.isupper() or _english(word.lower()):
        return False
    if after is None:
        return True
    following = after.group(1)
    return following.islower() and not _english(following) and following not in STOP


#: Made things a model's name comes before: "the Falcon 9 rocket", "Boeing 737 jets", "a Patriot 3 missile".
_CRAFT = frozenset(
    """
    rocket jet jetliner airliner aircraft plane spacecraft capsule booster missile engine helicopter drone phone
    smartphone console tank
    """.split()  # noqa: SIM905
)
#: A model's suffix after its number: "737 Max", "iPhone 15 Pro".
_MODEL_SUFFIX = frozenset(["Max", "Pro", "Plus", "Ultra", "Mini"])


def _craft_after(sentence: str, end: int, name: str) -> bool:
    """Whether the number ending at ``end`` after the capitalised word ``name`` is a model's: a model's suffix or a
    made thing comes after it ("Falcon 9 rocket", "737 Max 9 jets"; "Kabul 12 people" and "On Tuesday 3 jets"
    still count)."""
    after = _WORD_AFTER.match(sentence, end)
    if after is None or name.lower() in CALENDAR:
        return False
    word = after.group(1)
    if word in _MODEL_SUFFIX or _made(word):
        return True
    # or a word of its kind before it: "737 Max 9 passenger jets"
    following = _WORD_AFTER.match(sentence, after.end()) if word.islower() else None
    return following is not None and _made(following.group(1))


def _made(word: str) -> bool:
    """Whether a word, in lower case, names a made thing of :data:`_CRAFT` or several."""
    return word.islower() and (word in _CRAFT or word.removesuffix("s") in _CRAFT)


@lru_cache(maxsize=1 << 14)
def _english(word: str) -> bool:
    """Whether lemminflect's tables hold ``word`` (lower case) as any part of speech."""
    return bool(getAllLemmas(word))


def dictionary_word(word: str) -> bool:
    """Whether ``word``, lower-cased, is in lemminflect's tables ("Worried" is; "Rahman" is not)."""
    return _english(word.lower())


def phone_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the telephone numbers of ``sentence`` stand ("+49 (0)40 890 85-433", "(555) 123-4567")."""
    return [m.span() for m in _PHONE.finditer(sentence)]


def first_word(sentence: str) -> int:
    """Where the first word of ``sentence`` starts (its leading white space read alone)."""
    lead = _LEAD.match(sentence)
    return lead.end() if lead else 0


def inside(sentence: str, start: int, first: int) -> bool:
    """Whether ``start`` is inside the sentence: past its first word (which starts at ``first``), and not the
    first word after a quote mark, a colon or a bracket (the few characters before it are read)."""
    if start <= first:
        return False
    lead = sentence[max(0, start - 3) : start].rstrip()
    return not lead or lead[-1] not in '"“‘:(['


def title_case(sentence: str) -> bool:
    """Whether most of the sentence's words of four letters or more start with a capital (a headline's
    "Police Say Three Killed In Crash"), where a capital inside it names nothing."""
    words: list[str] = _LONG_WORD.findall(sentence)
    return 2 * sum(w[0].isupper() for w in words) > len(words)


def counts_many(sentence: str, end: int) -> bool:
    """Whether the word after a number ending at ``end`` is a plural noun ("5m people", "50k users", "2.5m
    barrels"): then its "m" or "k" is a million or a thousand, not metres or kilometres ("a 5m wall", "the 10k
    race")."""
    after = _WORD_AFTER.match(sentence, end)
    return after is not None and _plural(after.group(1).lower())


@lru_cache(maxsize=1 << 14)
def _plural(word: str) -> bool:
    if word in ("people", "persons"):
        return True
    nouns = getLemma(word, upos="NOUN", lemmatize_oov=False)
    return bool(nouns) and word not in nouns


@lru_cache(maxsize=1 << 14)
def past_verb(word: str) -> bool:
    """Whether ``word`` is only a verb's inflected form ("came", "fled", "took", "won"): the counted noun ends
    before it, as before a regular "-ed" one ("3 people fled" counts people)."""
    if word.endswith("ing"):  # "a 3-game losing streak": a gerund may still describe the noun
        return False
    forms = getAllLemmas(word)
    verbs = forms.get("VERB", ())
    return bool(verbs) and word not in verbs and not forms.keys() & {"NOUN", "ADJ", "PROPN"}


def describes_person(words: list[str], person: bool) -> bool:
    """Whether ``words`` describe the person named right after them ("retired nurse" in "the 61-year-old retired
    nurse Maria Lopez", "police spokesman" in "said police spokesman John Smith"): lower-case, no function word or
    verb; before a name that is not surely a person's (``person`` False) only nouns ("champion" before
    "Klitschko")."""
    if any(not w.islower() or w in STOP or past_verb(w) for w in words):
        return False
    return person or all(noun(w) for w in words)


@lru_cache(maxsize=1 << 14)
def noun(word: str) -> bool:
    """Whether ``word`` may be a noun ("official", "experts"; lemminflect's tables)."""
    return "NOUN" in getAllLemmas(word)


@lru_cache(maxsize=1 << 14)
def adverb(word: str) -> bool:
    """Whether ``word`` is only an adverb ("fatally", "quickly"): after a noun it ends the noun phrase a number
    counts ("3 officers fatally shot" counts officers)."""
    forms = getAllLemmas(word)
    return bool(forms) and forms.keys() <= {"ADV"}


@lru_cache(maxsize=1 << 14)
def participle(word: str) -> bool:
    """Whether ``word`` is a verb's "-ing" form and no noun: at the end of a counted noun phrase it starts a
    clause ("2 guards driving him", "3 societies representing them"); before a noun it still describes it
    ("a 3-game losing streak"), so only a phrase's last words are dropped for it."""
    if not word.endswith("ing"):
        return False
    forms = getAllLemmas(word)
    return "VERB" in forms and "NOUN" not in forms


def year_before(sentence: str, start: int, end: int, words: int) -> bool:
    """Whether the year-shaped number at ``sentence[start:end]`` names a year before a noun: a determiner or a
    possessive comes before it and none of the ``words`` words of the noun phrase after it is a plural ("the
    2005 season", "Brand's 2008 contract", "the 2012 Olympic final"); a count counts a plural ("the 2000
    troops", "the 1500 new homes")."""
    before = _WORD_BEFORE.search(sentence, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1).lower()
    possessive = word == "s" and before.start() > 0 and sentence[before.start() - 1] in "'’"
    if word not in _DETERMINERS and not possessive:
        return False
    after = _WORDS_AFTER.finditer(sentence, end, min(len(sentence), end + 80))
    return not any(plural(raw.group().lower()) for _, raw in zip(range(words), after, strict=False))


@lru_cache(maxsize=1 << 14)
def plural(word: str) -> bool:
    """Whether ``word`` (lower case) is a noun's plural, also one lemminflect takes for a lemma of its own
    ("troops")."""
    return _plural(word) or (word.endswith("s") and word[:-1] in getLemma(word, upos="NOUN", lemmatize_oov=False))


def plural_head(word: str) -> bool:
    """Whether ``word`` (lower case), a plural, is the head a counted noun phrase ends with ("2 transport officers
    hostage" counts officers, "288 candidates running" candidates); a few plurals describe the noun after them
    ("3 sports cars")."""
    return word not in _PLURAL_MODIFIERS and plural(word)


@lru_cache(maxsize=1 << 14)
def describing(word: str) -> bool:
    """Whether ``word`` (a lemma) only describes: an adjective that is no noun ("new", "correctional"), or a
    superlative ("best", "biggest"). Two counted noun phrases with different heads that share only such words count
    different things ("two best heavyweights", "two best shots"); a shared noun may still tie them ("31 fire
    trucks", "31 fire apparatus"; "six games", "a six-game loss")."""
    forms = getAllLemmas(word)
    return "ADJ" in forms and ("NOUN" not in forms or word.endswith("est"))
