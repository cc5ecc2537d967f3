"""Word lists the claim rules use: qualifiers, hedges, cues, aliases, antonyms.

They are general English news vocabulary, not tuned to any corpus. Everything is
lower case; :func:`lemma` is the crude normaliser applied before lookups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from lemminflect import getLemma

from dedupe_cli.claims.synonyms import SYNONYMS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words and very common verbs that carry no claim content.
STOP = _words(
    """
    a about according after again all also although am amid among an and any are as at be because been before
    being between both but by can could did do does down during each few for from further had has have having
    he her here him his how i if in into is it it's its just least less may me might more most must my never
    no nor not of off on once one only or other our out over own per s said same say saying says shall she
    should since so some such t tell than that the their them then there these they this those though to told
    too under until up upon very via was we were what when where whether which while who whom whose why will
    with within without would yet you your
    """
)

#: Words that qualify a number: value qualifier name by phrase.
QUALIFIERS: dict[str, str] = {
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "nearly": "approx",
    "almost": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "close to": "approx",
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
    "no more than": "at_most",
}

#: Words that hedge a claim: the source does not vouch for it.
HEDGES = _words(
    """
    alleged allegedly apparently claimed possible possibly presumably presumed purported purportedly reported
    reportedly rumored rumoured suspected unconfirmed
    """
)

#: A preposition that opens a text: a statement starting so is a fragment, or a lead-in ("At one time, ...").
LEADING_PREPOSITION = re.compile(r"^(?:to|in|on|at|for|with|by|during|after|before|from|of)\b", re.I)

#: The words a spelled number is made of ("twenty-one", "three hundred").
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred",
)  # fmt: skip
#: The words of :data:`NUMBER_WORDS` that are a number alone, with its digits.
_SMALL_NUMBERS = {w: str(n) for n, w in zip([*range(1, 20), *range(20, 100, 10)], NUMBER_WORDS[:27], strict=True)}
#: One of :data:`NUMBER_WORDS`, as a regular expression's group.
NUMBER_WORD = r"(?:" + "|".join(NUMBER_WORDS) + r")"

#: Words before a number, in its clause, that make it a running total rather than one batch ("the toll rose to
#: 40"). A sum is no running total: "a total of 288 candidates", "in all", "altogether" and "overall" count once.
TOTAL_CUES = frozenset(["total", "totals", "tally", "toll", "cumulative", "so-far", "to-date"])
#: Phrases before a number, in its clause, that make it a running total ("so far, 11 employees").
TOTAL_PHRASES = ("so far", "to date", "brings the total", "bringing the total", "death toll")
#: Phrases after a number, with no comma between, that make it a running total ("12 have died so far").
TOTAL_AFTER = ("so far", "to date")

#: Reporting verbs (any inflection is matched through the stem list).
REPORTING = _words(
    """
    acknowledge acknowledged add added adds admit admitted announce announced announces argue argued argues
    ask asked asks assert asserted asserting call called calls caution cautioned cautions claim claimed claims confirm
    confirmed confirms declare declared declares defend defended defends denied denies deny describe described
    emphasised emphasize emphasized explain explained insist insisted insists note noted notes report reported
    reports said say saying says state stated states stating stress stressed stresses tell tells told warn
    warned warns write writes wrote tweet tweeted tweets
    """
)

#: Titles stripped from names before they are compared.
TITLES = _words(
    """
    agent ambassador attorney capt captain ceo chairman chairwoman chancellor chief col colonel commissioner
    councilman councilwoman deputy director dr former gen general gov governor judge justice king lady late
    leader lieutenant lord lt mayor minister miss mr mrs ms officer pope premier president prime prince
    princess prof professor queen rep representative secretary sen senator sergeant sgt sir spokesman
    spokesperson spokeswoman vice
    """
)

#: Words that make a name an organisation rather than a person.
ORG_WORDS = _words(
    """
    administration agency army assembly association authority bank board cartel college commission committee
    company congress corp corporation council court department federation force forces foundation government
    group house inc institute journal league ltd ministry navy network news office organisation organization
    parliament party police post press reuters senate service services times union university
    center centre hospital clinic school academy museum airport station church club fund bureau prison jail
    facility hotel stadium program programme watch division
    airline airlines airways lines motor motors electric brothers bros industries holdings partners capital energy
    technologies microsystems systems software pharmaceuticals communications telecom telekom entertainment media
    petroleum oil gas foods insurance securities investments ventures enterprises railways railroad financial
    electronics chemicals laboratories labs mining logistics automotive networks studios pictures publishing
    broadcasting bancorp semiconductor
    """
)

#: First words of many-word place names ("New York", "Los Angeles", "North Korea", "Hong Kong"): such a name is
#: a place, kept whole, not a person known by the last word ("York", "Korea").
PLACE_FIRST_WORDS = _words(
    """
    new los las san santa sao st saint fort port north south east west northern southern eastern western central
    upper lower hong sri el buenos costa puerto rio saudi sierra cape mount lake gulf isle
    """
)

#: Reporting verbs whose object is who was told, never who spoke ("told ESPN", "warned the council").
TO_SOMEONE = _words("tell tells told warn warns warned assured promised pledged vowed committed")

#: The forms of "be": before a reporting verb a passive ("is said to be"), before "called" a name given, before
#: "under" a state ("were under pressure").
BE_FORMS = "is|are|was|were|be|been|being"
#: Auxiliaries that may stand between a subject and its reporting verb ("Steele has said", "officials would say").
AUXILIARIES = frozenset(["has", "had", "have", "was", "were", "is", "are", "would", "will", "could", "can", "may"])

#: The days of the week, Monday first (``date.weekday()`` indexes them).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: The months' full names, January first.
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
#: Marks that end a clause read backwards from a word: punctuation, brackets, quote marks and dashes.
CLAUSE_MARKS = re.compile(r"[,;:()\"“”—–]")
#: Days and months: names of no side, subject or model ("On Tuesday", "closed on Tuesday at $185.25").
CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)
#: The months' abbreviations ("Nov.", "Sept."); "may" is written whole.
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

#: Last words of many-word place names ("Mexico City", "Orange County", "Hudson River"): such a name is a place,
#: kept whole, not a person known by the last word. Words that are also common surnames (Park, Lake, Hill,
#: Beach, Street) are left out.
PLACE_LAST_WORDS = _words(
    """
    city county island islands river valley province district region harbour harbor strait sea ocean desert
    canyon peninsula gulf township village borough territory republic kingdom emirates mountains coast
    street avenue road boulevard highway parkway square bridge st ave rd blvd hwy pkwy
    """
)

#: Words before "stop" that make it a noun, not a verb that negates the "-ing" after it ("the bus stop parking
#: area", "a pit stop", "one-stop shopping").
NOUN_STOP_BEFORE = _words("a an the bus truck pit rest full last next first final one each every tram train whistle")

#: Place and body aliases folded to one canonical name; demonyms fold to their country.
ALIASES: dict[str, str] = {
    "u.s.": "US",
    "us": "US",
    "u.s.a.": "US",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "american": "US",
    "americans": "US",
    "u.k.": "UK",
    "uk": "UK",
    "britain": "UK",
    "great britain": "UK",
    "united kingdom": "UK",
    "british": "UK",
    "u.n.": "UN",
    "un": "UN",
    "united nations": "UN",
    "e.u.": "EU",
    "eu": "EU",
    "european union": "EU",
    "mexican": "Mexico",
    "mexicans": "Mexico",
    "canadian": "Canada",
    "chinese": "China",
    "russian": "Russia",
    "french": "France",
    "german": "Germany",
    "italian": "Italy",
    "spanish": "Spain",
    "japanese": "Japan",
    "indian": "India",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "ukrainian": "Ukraine",
    "turkish": "Turkey",
    "türkiye": "Turkey",
    "brazilian": "Brazil",
    "australian": "Australia",
    "dutch": "Netherlands",
    "holland": "Netherlands",
    "nato": "NATO",
    "n.a.t.o.": "NATO",
}

#: Nouns that name a cause in causal framing ("to address pressure"), by class.
CAUSE_NOUNS: dict[str, str] = {
    "pressure": "pressure",
    "pressures": "pressure",
    "demand": "pressure",
    "demands": "pressure",
    "threat": "pressure",
    "threats": "pressure",
    "coercion": "pressure",
    "ultimatum": "pressure",
    "push": "pressure",
    "sanctions": "sanctions",
    "tariffs": "tariffs",
    "criticism": "criticism",
    "protests": "protests",
    "lobbying": "lobbying",
}

#: Words that negate the clause they stand in.
NEGATIONS = frozenset(["not", "n't", "never", "no", "neither", "nor", "none", "nobody", "nothing", "cannot"])


#: A word (what :func:`tokens` finds): letters and digits, joined by hyphens or apostrophes. It looks neither
#: behind nor ahead of its match, so its matches from a position are those of the text cut there.
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


#: The letters IGNORECASE matches to ASCII letters besides their own cases: long s, dotless i, dotted
#: capital I, the Kelvin sign.
_ASCII_CASES = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "K": "k"})


def fold(word: str) -> str:
    """A word a claim pattern matched, lower-cased as the pattern's IGNORECASE reads it ("ſecond" is "second",
    "Frıday" is "friday"), so that looking it up in a table of words cannot miss."""
    return word.translate(_ASCII_CASES).lower()


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A crude lower-case lemma: possessives and plural endings dropped, synonyms folded.

    A plural lemminflect's dictionary knows as a noun takes its singular from there ("movies" is a "movie",
    "witnesses" a "witness", "crises" a "crisis", "series" stays); any other word ending in "s" loses it
    ("ies" becomes "y"), as a regular plural or a verb's third person would, unless it ends in "ss", "us",
    "is" or "as".
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if "-" in w:  # "three-pointer" is a "3-pointer", "a three-year deal" one of "3-year"
        first, _, rest = w.partition("-")
        spelled = first in _SMALL_NUMBERS and rest and rest.partition("-")[0] not in NUMBER_WORDS  # not "twenty-one"
        w = f"{_SMALL_NUMBERS[first]}-{rest}" if spelled else w
    if len(w) > 3 and w.endswith("s"):
        nouns = getLemma(w, upos="NOUN", lemmatize_oov=False)
        if nouns:
            w = nouns[0]
        elif len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif not w.endswith(("ss", "us", "is", "as")):  # a word in "as" it does not know is a name: Texas, Vegas
            w = w[:-1]
    return SYNONYMS.get(w, w)


def tokens(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, hyphen and apostrophe joined), original case."""
    return WORD.findall(text)


#: How many words before and after a figure tell what it is of (:func:`tokens_around`).
AROUND = (6, 5)


def tokens_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The :data:`AROUND` words before ``text[start:end]`` (in order) and after it."""
    before, after = AROUND
    return tokens(text[:start])[-before:], tokens(text[end:])[:after]


class SpanWords:
    """The words of a text longer than one character, with their spans, read once for many spans of it.

    ``WORD`` neither looks around its match nor stops before a word character, so the words of ``text[:start]``
    are the text's words that end by ``start``, then the pieces of the word ``start`` cuts, read again (a piece
    may be one character, or lose a hyphen or apostrophe it ended on); ``text[end:]`` alike. A word of one
    character is never cut.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        found = [m for m in WORD.finditer(text) if m.end() - m.start() > 1]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]  # in order too: the words do not overlap
        self.words = [m.group() for m in found]

    def touched(self, start: int, end: int) -> tuple[int, int]:
        """The words ``text[start:end]`` touches, as a range: those before it end by ``start``, those after it
        start at or after ``end``."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def cut(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The words (longer than one character) of the pieces the span leaves of the words it cuts: before
        ``start`` and after ``end``."""
        first, last = self.touched(start, end)
        left = right = ""
        if first < last and self.starts[first] < start:
            left = self.text[self.starts[first] : start]
        if first < last and self.ends[last - 1] > end:
            right = self.text[end : self.ends[last - 1]]
        return [w for w in tokens(left) if len(w) > 1], [w for w in tokens(right) if len(w) > 1]


#: Titles held of one place, by which their holder is named ("the Duke of Edinburgh", "the Bishop of Durham").
HELD_TITLES = frozenset(
    [
        "duke",
        "duchess",
        "prince",
        "princess",
        "earl",
        "countess",
        "marquess",
        "baron",
        "baroness",
        "archbishop",
        "bishop",
    ]
)
#: A paragraph of this many words or more is English only with a function word (:data:`STOP`) in every
#: :data:`_ENGLISH_EVERY` of them; a shorter one may be a headline of names.
_ENGLISH_WORDS = 12
_ENGLISH_EVERY = 25
#: Function words of the Romance languages news pages carry most (Spanish, Portuguese, Italian, French) that are
#: no English words: a paragraph with more than twice as many of these as English ones (and at least 4) is not
#: English, though "a", "as" or "no" among them are ("Receba em seu email nosso ebook ... um guia completo").
_ROMANCE = frozenset(
    [
        "de", "del", "della", "delle", "dei", "degli", "la", "las", "los", "el", "le", "les", "il", "lo", "gli", "une",
        "des", "du", "au", "aux", "et", "est", "sont", "pour", "par", "avec", "dans", "que", "qui", "mais", "ou", "em",
        "um", "uma", "uns", "umas", "os", "seu", "seus", "sua", "suas", "nosso", "para", "pelo", "pela", "com", "não",
        "nao", "é", "e", "y", "o", "da", "das", "dos", "na", "nas", "nos", "non", "che", "su", "sul", "sulla", "una",
        "con", "ma", "sono", "ci", "si", "ne", "al", "ao", "à", "se", "mas", "pois", "isso", "muito", "como", "pero",
        "muy",
    ]
)  # fmt: skip
_ROMANCE_LEAST = 4


def english(text: str) -> bool:
    """Whether the claims rules, which are English, may read a paragraph: most of its letters are Latin, and
    one of 12 words or more has English function words ("the", "of", "was") among them, and no paragraph has
    more than twice as many Romance function words ("de", "para", "che") as English ones. A recipe in Cyrillic
    or a paragraph in Portuguese makes no claims."""
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            latin += ch < "\u0250"  # Basic Latin to Latin Extended-B
    if 2 * latin < letters:
        return False
    words = [w.lower() for w in tokens(text)]
    function = sum(w in STOP for w in words)
    romance = sum(w in _ROMANCE for w in words)
    if (romance >= _ROMANCE_LEAST and romance > 2 * function) or (romance >= _ROMANCE_LEAST - 1 and not function):
        return False  # "Somente os 12 primeiros disputam o título nas 10 últimas corridas": 3, and no English one
    return len(words) < _ENGLISH_WORDS or _ENGLISH_EVERY * function >= len(words)


def short(text: str) -> bool:
    """Whether a paragraph has too few words for :func:`english` to tell its language by its function words
    (a headline, a byline, "Tempo de leitura: 1 minuto"): it is read as its article is."""
    return len(tokens(text)) < _ENGLISH_WORDS


def content_lemmas(text: str) -> frozenset[str]:
    """Lemmas of the content words of ``text`` (no stop words, no single letters)."""
    return frozenset(lemma(t) for t in tokens(text) if t.lower() not in STOP and len(t) > 1)
