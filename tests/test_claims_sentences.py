"""Sentence spans: the same as pysbd's char_span mode, found without a pattern per sentence."""

from __future__ import annotations

import itertools
import random

import pysbd
import pytest

from dedupe_cli.claims import sentences
from dedupe_cli.claims.sentences import sentence_spans
from tests.conftest import SAMPLES, SEEDS

_CASES = [
    "",
    "One.",
    "The minister said it. The minister said it. The minister said it.",
    "Mr. Smith went to Washington D.C. on Monday. He left at 5 p.m.  Then he flew home.\n",
    "Prices rose 3.5% in May.\u00a0Analysts (e.g. at the bank) expected 3.2%. \u2018Fine,\u2019 he said.",
    "  Leading white space. Trailing white space.   ",
    "a. a. a. a.",
    '"Stop!" she shouted. "Now?" he asked... And then nothing.',
]


def _reference(text: str) -> list[tuple[int, int]]:
    if not text:
        return []
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return [(s.start, s.end) for s in segmenter.segment(text)]


def _paragraphs() -> list[str]:
    texts = list(_CASES)
    for folder in (SEEDS, SAMPLES):
        for path in sorted(folder.rglob("*.txt"))[:12]:
            texts.extend(p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    rng = random.Random(3)
    pieces = ["It rose.", "It rose. ", "Dr. No left.", "\n", "  ", "(It fell 2.5%.)", "Yes!", "U.S. troops"]
    texts.extend("".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14))) for _ in range(200))
    return texts


@pytest.mark.parametrize("text", _paragraphs())
def test_spans_equal_pysbd_char_spans(text: str) -> None:
    assert sentence_spans(text) == _reference(text)


def _one_liners() -> list[str]:
    """Paragraphs of one sentence and near misses: words with the marks pysbd's rules read."""
    rng = random.Random(5)
    words = ["The", "council", "approved", "a", "budget", "of", "$3", "million", "on", "Monday", "said", "Smith"]
    marks = ["it's", "“fine”", "(2024)", "–", ",", "U.S", "No.", "5.5", "a)", "•", ";", ":", "’", "  ", "\n", "!", "?"]
    ends = [".", "!", "?", "", " ", ".\n", ". ", "\t", ".”", "...", "?!"]
    texts = []
    for _ in range(400):
        sentence = [rng.choice(words) for _ in range(rng.randrange(1, 16))]
        if rng.random() < 0.4:
            sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(marks))
        texts.append(rng.choice(["", " "]) * (rng.random() < 0.1) + " ".join(sentence) + rng.choice(ends))
    return texts


def test_one_sentence_paragraphs_are_not_given_to_pysbd_and_split_as_it_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _one_liners()
    for text in texts:
        assert sentence_spans(text) == _reference(text), text
    whole = [t for t in texts if sentences._one_sentence(t)]
    assert 100 < len(whole) < len(texts) - 100  # both ways were compared

    def no_pysbd() -> None:
        raise AssertionError("pysbd asked")

    monkeypatch.setattr(sentences, "_segmenter", no_pysbd)
    text = "The council approved the budget on Monday, Smith said."
    assert sentence_spans(text) == [(0, len(text))]
    with pytest.raises(AssertionError):
        sentence_spans("The council approved the budget. Smith said so.")


def _long_paragraphs() -> list[str]:
    """Paragraphs of more than :data:`sentences.PIECE` characters: sample paragraphs without quotation marks
    (pysbd keeps a quotation whole, and one left open by a paragraph would run on into the next) joined."""
    plain: list[str] = []
    for folder in (SEEDS, SAMPLES):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".txt", ".md"}:
                paragraphs = path.read_text(encoding="utf-8").split("\n\n")
                plain.extend(p for p in paragraphs if len(p.split()) > 8 and not any(q in p for q in "\"“”'‘’"))
    rng = random.Random(7)
    texts = [" ".join(rng.sample(plain, min(len(plain), 30))) for _ in range(6)]
    texts.append(" ".join(["Gen. Smith met the mayor at approx. noon on Monday."] * 80))  # abbreviations
    return texts


@pytest.mark.parametrize("text", _long_paragraphs())
def test_a_long_paragraph_in_pieces_splits_as_pysbd_splits_it_whole(text: str) -> None:
    assert len(text) > sentences.PIECE and len(sentences.pieces(text)) > 1
    assert sentence_spans(text) == _reference(text)


def _hostile() -> list[str]:
    return [
        " ".join(["The council approved the plan."] * 3000),  # pysbd alone: about 15 s on this text
        "a. " * 6000,  # no capital letter: cut at white space
        "a.b." * 20000,  # no white space: cut at the longest piece
        "Gen. Smith left. " * 3000,  # after an abbreviation a sentence may go on: never cut there
    ]


@pytest.mark.parametrize("text", _hostile())
def test_pysbd_is_given_a_long_paragraph_a_piece_at_a_time(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[int] = []
    segmenter = sentences._segmenter()

    class Recorder:
        def processor(self, piece: str) -> object:
            given.append(len(piece))
            return segmenter.processor(piece)

    monkeypatch.setattr(sentences, "_segmenter", Recorder)
    spans = sentence_spans(text)
    assert given and max(given) <= sentences.LONGEST
    assert spans[0][0] >= 0 and spans[-1][1] <= len(text)
    assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))


def test_the_pieces_cover_the_text_and_are_cut_where_a_sentence_surely_ends() -> None:
    text = ("The mayor met Gen. Smith at approx. noon. " * 200) + "x" * 20000
    bounds = sentences.pieces(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(bounds))
    assert all(sentences.PIECE <= end - start <= sentences.LONGEST for start, end in bounds[:-1])
    for _, end in bounds[:-1]:
        before = text[:end].rstrip()
        assert before.endswith(("noon.", "x")), before[-20:]  # never after "Gen." or "approx."
    assert sentences.pieces("Short. Text.") == [(0, 12)]


def test_a_time_of_day_does_not_end_a_sentence_when_a_day_month_or_time_zone_goes_on_with_it() -> None:
    text = (
        "Firefighters arrived at about 9:45 p.m. Friday and found flames coming out of windows. Police came at "
        "10 p.m. The fire was out by 11 p.m. EST on Saturday. It started at 9 a.m. Sept. 5 in the basement."
    )
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == [
        "Firefighters arrived at about 9:45 p.m. Friday and found flames coming out of windows.",
        "Police came at 10 p.m.",  # a new sentence after the time stays one
        "The fire was out by 11 p.m. EST on Saturday.",
        "It started at 9 a.m. Sept. 5 in the basement.",
    ]
