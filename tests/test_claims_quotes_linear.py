"""A paragraph of many quotes costs the quote finder in proportion to its length: the last person named before
each quote (the quotes before it blanked out) is carried from quote to quote instead of searched for again in
all the text before. Checked against a verbatim copy of the former code, which blanked and searched the whole
text before every quote: on every paragraph of the corpora and on thousands of seeded random paragraphs, the
same quotes and speakers.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import dedupe_cli.claims.entities as entities_module
import dedupe_cli.claims.speakers as speakers_module
from dedupe_cli.claims.entities import people
from dedupe_cli.claims.speakers import _QUOTE, Quote, quotes, speaker_of

from .conftest import ROOT, SAMPLES
from .linecount import lines_run

SEED = 20261124

# ---------------------------------------------------------------------------------------------------------------
# The reference: ``quotes`` as it was (then in dedupe_cli/claims/entities.py), verbatim but for its name.
# ---------------------------------------------------------------------------------------------------------------


def head_quotes(paragraph: str, last_person: str) -> list[Quote]:
    """The direct quotes of a paragraph with their speakers (searched outside the quote marks)."""
    out: list[Quote] = []
    for m in _QUOTE.finditer(paragraph):
        words = m.group(1).strip(" ,.")
        if len(words.split()) < 2 or speakers_module._is_title(words):  # (a rule added since: a quoted title)
            continue
        if speakers_module._NAMING.search(paragraph, max(0, m.start() - 20), m.start()):  # (since: "so-called")
            continue
        left = paragraph[max(0, m.start() - 160) : m.start()]
        left = speakers_module.LEFT_END.split(left)[-1]  # (since: no end after an initial or "Mr.")
        left = re.sub(r"\([^()]*\)|\A[^()]*\)", lambda b: " " * len(b.group()), left)  # (since: an aside)
        right = paragraph[m.end() : m.end() + 80]
        right = speakers_module.RIGHT_END.split(right)[0]
        if speakers_module._ENDS_SENTENCE.search(m.group(1)) and re.match(r"\s+[A-Z]", paragraph[m.end() :]):
            right = ""  # (since: a sentence after a quote that ends one)
        earlier = people(re.sub(r"[\"“][^\"“”]*[\"”]", " ", paragraph[: m.start()]))
        resolved = earlier[-1] if earlier else last_person
        speaker, verb = speaker_of(right, resolved)
        if not speaker or verb in ("report", "reports", "reported", "according to"):  # (since: a relaying source)
            said = speakers_module._after_quote(left, resolved) or speaker_of(left, resolved)  # (since)
            said = (speakers_module._apposed(paragraph, m.start(), left) or said[0], said[1])  # (since)
            if said[0] and (not speaker or said[1] not in ("report", "reports", "reported", "according to")):
                speaker, verb = said
        out.append(Quote(words, speaker, verb, m.start(), m.end()))
    return out


def head_earlier(paragraph: str, start: int) -> str | None:
    """The former search for the last person before a quote, alone."""
    earlier = people(re.sub(r"[\"“][^\"“”]*[\"”]", " ", paragraph[:start]))
    return earlier[-1] if earlier else None


# ---------------------------------------------------------------------------------------------------------------
# Random paragraphs
# ---------------------------------------------------------------------------------------------------------------

_MARKS = ['"', "“", "”"]
_NAMES = ["Smith", "Claudia Sheinbaum", "Mr. Jones", "Dr. Ana de la Cruz", "President Lula", "Bank of England",
          "U.S.", "United States", "Van Rompuy", "the European Central Bank", "Lagarde", "Ms. Lagarde",
          "O'Neil", "Jean-Luc Picard", "Al Gore", "Reuters", "Kim", "Paris", "Mr", "bin Salman",
          "Mohammed bin Salman"]  # fmt: skip
_WORDS = ["said", "told", "says", "added", "according to", "he", "she", "they", "has", "had", "was", "the", "of",
          "de", "la", "van", "al", "vote", "will", "win", "today", "In", "However", "The", "But", "This", "We",
          "and", "later", "officials", "percent", "1,200", "2026", "on", "in", "that", "of the", "del", "bin",
          "von", "offer", "dear", "all", "then", "U.K.", "E.U.", "so-called", "is called", "known as", "claim",
          "his claim", "reports", "Nov.", "Feb", "tweeted", "a spokesperson for", "for", "(", ")",
          "(R-Texas)"]  # fmt: skip
_PUNCT = [".", ",", ";", ":", "!", "?", "(", ")", " - ", "’s", "'s", "...", "\n", "  ", " "]


def _words(rng: random.Random, n: int) -> str:
    parts: list[str] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            parts.append(rng.choice(_NAMES))
        elif r < 0.8:
            parts.append(rng.choice(_WORDS))
        else:
            parts.append(rng.choice(_PUNCT))
        if rng.random() < 0.2:
            parts.append(rng.choice(_PUNCT))
    return rng.choice(["", " "]).join(parts) if rng.random() < 0.1 else " ".join(parts)


def random_paragraph(rng: random.Random, pieces: int | None = None) -> str:
    """Text and quotes: straight and curly, balanced or not, nested, adjacent, with names around them."""
    out: list[str] = []
    for _ in range(pieces if pieces is not None else rng.randint(0, 14)):
        r = rng.random()
        if r < 0.35:
            out.append(_words(rng, rng.randint(0, 8)))
        elif r < 0.75:  # a quote, its marks of any kind
            inner = _words(rng, rng.randint(0, 6))
            if rng.random() < 0.15:  # nested
                inner += f" {rng.choice(_MARKS)}{_words(rng, 3)}{rng.choice(_MARKS)} " + _words(rng, 2)
            out.append(f"{rng.choice(_MARKS)}{inner}{rng.choice(_MARKS)}")
        elif r < 0.85:
            out.append(rng.choice(_MARKS))  # a lone mark
        else:
            verb = rng.choice(["said", "told reporters", "added", "according to", "says"])
            out.append(f"{rng.choice(_MARKS)}{_words(rng, 4)},{rng.choice(_MARKS)} {verb} {rng.choice(_NAMES)}.")
    return rng.choice(["", " ", "\n"]).join(out)


def _check(paragraph: str, last_person: str) -> int:
    assert quotes(paragraph, last_person) == head_quotes(paragraph, last_person), paragraph
    earlier = speakers_module._EarlierPeople(paragraph)
    starts = [m.start() for m in _QUOTE.finditer(paragraph)]
    for start in starts:  # the carried search alone, at every quote (also those too short to keep)
        assert earlier.before(start) == head_earlier(paragraph, start), (paragraph, start)
    return len(starts)


def test_random_paragraphs_say_the_same() -> None:
    rng = random.Random(SEED)
    compared = 0
    for _ in range(6000):
        compared += _check(random_paragraph(rng), rng.choice(["", "Smith", "Lagarde"]))
    for n in (40, 120, 300):  # long ones
        for _ in range(5):
            compared += _check(random_paragraph(rng, n), "Kim")
    assert compared > 10000


@pytest.mark.parametrize(
    "paragraph",
    [
        'Smith said "a b c d" and "e f g',  # an unclosed mark stays text
        'Mr. Jones met "a b “c d" said Mr. Lee "e f g" more',  # “ ends a pair that did not close
        '"one two" "three four" Sheinbaum "five six"',  # adjacent
        'Bank of "x y z" England "said he" Dr. Ana de "q r s" la Cruz "t u v"',  # names across a blank
        "In “in out” Paris Claudia Sheinbaum ” said “ the word “ told ” he “quote of two”",
        'a "Mr. Smith "quote one" Jones" of "two three" the',
        '"He said" ("Lagarde told" “and she”) "said it"',
        "Van “x y” Rompuy of “a b” the Bank “c d” of England “e f” said",
    ],
)
def test_edge_paragraphs_say_the_same(paragraph: str) -> None:
    _check(paragraph, "Kim")


# ---------------------------------------------------------------------------------------------------------------
# The corpora: every paragraph (the body after the front matter, split on blank lines)
# ---------------------------------------------------------------------------------------------------------------


def _corpora() -> list[Path]:
    found = [SAMPLES, ROOT.parent / "shared" / "data" / "ecb-dev" / "articles"]
    return [p for p in found if p.is_dir()]


def _paragraphs(corpus: Path) -> list[str]:
    out: list[str] = []
    for path in sorted([*corpus.rglob("*.md"), *corpus.rglob("*.txt")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4 :] if end >= 0 else text
        out += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return out


@pytest.mark.parametrize("corpus", _corpora(), ids=lambda p: p.parent.name if p.name == "articles" else p.name)
def test_every_paragraph_of_the_corpora_says_the_same(corpus: Path) -> None:
    paragraphs = _paragraphs(corpus)
    found = sum(_check(p, "") for p in paragraphs)
    assert len(paragraphs) > 50
    assert found > 20


# ---------------------------------------------------------------------------------------------------------------
# The work: lines run for a paragraph of N and of 4N quotes
# ---------------------------------------------------------------------------------------------------------------


def _bench(n: int) -> str:
    return " ".join(f'"We will win the vote number {i} today," said Smith.' for i in range(n))


def _work(function: object, n: int) -> int:
    files = {speakers_module.__file__, entities_module.__file__, __file__}
    paragraph = _bench(n)
    with lines_run(files) as lines:
        got = function(paragraph, "")  # type: ignore[operator]
    assert len(got) == n
    return lines[0]


def test_work_grows_with_the_quotes() -> None:
    small, large = _work(quotes, 100), _work(quotes, 400)
    assert large < 5 * small, (small, large)
    before_small, before_large = _work(head_quotes, 100), _work(head_quotes, 400)
    assert before_large > 10 * before_small, (before_small, before_large)
