"""Merging one article's restatements: bucketing gives the groups the plain scan of every group gives."""

from __future__ import annotations

import importlib
import random
from collections.abc import Sequence

import pytest

from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.numbers import Quantity
from dedupe_cli.claims.quotebucket import INDEXED_FROM
from dedupe_cli.claims.restate import Group, _same, merge_article
from dedupe_cli.claims.sentences import Sentence


def _reference(claims: Sequence[Claim]) -> list[Group]:
    """The first version: every claim tried against every group, in order."""
    groups: list[Group] = []
    for claim in claims:
        for group in groups:
            if _same(group.rep, claim):
                group.claims.append(claim)
                break
        else:
            groups.append(Group([claim]))
    return groups


def _claims(rng: random.Random, n: int) -> list[Claim]:
    nouns = [("troop",), ("people",), ("vote",), ()]
    out = []
    for i in range(n):
        sentence = Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s", heading=rng.random() < 0.1)
        kind = rng.choice(
            ["quantity", "quantity", "total", "date", "quote", "polarity", "relation", "statement", "attribution"]
        )
        anchor = rng.choice(nouns)
        data = None
        value = rng.choice(["a", "b", "2019-05-01"])
        if kind in {"quantity", "total"}:
            number = rng.choice([3.0, 12.0, 12, 40.5, float("nan")])
            unit = rng.choice(["count", "percent"])
            data = Quantity(number, unit, "exact", anchor, False, kind == "total", 0, 2, str(number))
            value = str(number)
        elif kind == "quote":
            value = rng.choice(["we will win", "we will win the vote", "no comment"])
        speaker = rng.choice(["", "smith"])
        out.append(Claim(sentence, kind, anchor, value, "test", speaker=speaker, data=data))
    return out


def _merged_both_ways(claims: Sequence[Claim]) -> tuple[list[list[int]], list[list[int]]]:
    """The groups (as the claims' ids) of merge_article and of the plain scan."""
    got = [[id(c) for c in g.claims] for g in merge_article(claims)]
    return got, [[id(c) for c in g.claims] for g in _reference(claims)]


@pytest.mark.parametrize("seed", range(8))
def test_buckets_give_the_groups_of_the_plain_scan(seed: int) -> None:
    got, want = _merged_both_ways(_claims(random.Random(seed), 300))
    assert got == want
    assert any(len(g) > 1 for g in got)  # some restatements were merged


def _counting_same(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count, in the list returned, the restatement tests merge_article makes."""
    restate = importlib.import_module("dedupe_cli.claims.restate")
    calls = [0]

    def counted(a: Claim, b: Claim) -> bool:
        calls[0] += 1
        return _same(a, b)

    monkeypatch.setattr(restate, "_same", counted)
    return calls


def test_statements_are_not_tried_against_one_another(monkeypatch: pytest.MonkeyPatch) -> None:
    # a statement or an attribution restates nothing (_same never holds): an article of thousands of
    # sentences made millions of tests that all failed
    calls = _counting_same(monkeypatch)
    claims = [
        Claim(Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s"), kind, (), "affirmed", kind)
        for i in range(200)
        for kind in ("statement", "attribution")
    ]
    assert len(merge_article(claims)) == len(claims)
    assert calls[0] == 0


def test_quotes_are_tried_only_against_the_same_speakers_and_few_past_the_first_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # _same holds only for quotes of one speaker: two speakers' quotes are two buckets, not one; and past
    # INDEXED_FROM groups a speaker's quotes are looked up by their text, not tried pairwise (4,000 quotes of
    # one speaker made 7.4 million tests)
    tried: list[tuple[Claim, Claim]] = []
    restate = importlib.import_module("dedupe_cli.claims.restate")

    def recorded(a: Claim, b: Claim) -> bool:
        tried.append((a, b))
        return _same(a, b)

    monkeypatch.setattr(restate, "_same", recorded)
    claims = [
        Claim(Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s"), "quote", (), f"we said thing {i} today", "quote:said",
              speaker=("smith", "jones")[i % 2])
        for i in range(600)
    ]  # fmt: skip
    assert len(merge_article(claims)) == len(claims)
    assert all(a.speaker == b.speaker for a, b in tried)
    first = INDEXED_FROM * (INDEXED_FROM - 1) // 2  # a speaker's first groups, pairwise
    assert 2 * first <= len(tried) <= 2 * first + 600  # then about one test a quote, not 300 x 299 / 2


def _quotes(rng: random.Random, n: int) -> list[Claim]:
    """Quotes of two speakers that often hold one another: parts and extensions of earlier ones, short ones, and
    headings (a group's representative changes when a full sentence joins a group of headings)."""
    words = ["we", "will", "win", "the", "vote", "plan", "planned", "no", "comment", "now", "ok", "harbour"]
    said: list[str] = []
    out = []
    for i in range(n):
        roll = rng.random()
        if said and roll < 0.3:
            base = rng.choice(said).split()
            a = rng.randrange(len(base))
            text = " ".join(base[a : rng.randrange(a, len(base)) + 1])  # a part of an earlier quote
        elif said and roll < 0.5:
            text = rng.choice(said) + " " + rng.choice(words)  # an earlier quote, longer
        elif roll < 0.6:
            text = rng.choice(["no", "ok", "we", "plan", "no comment"])  # short ones
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(2, 9)))
        said.append(text)
        sentence = Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s", heading=rng.random() < 0.15)
        out.append(Claim(sentence, "quote", (), text, "quote:said", speaker=rng.choice(["smith", "jones"])))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_quotes_looked_up_give_the_groups_of_the_plain_scan(seed: int) -> None:
    got, want = _merged_both_ways(_quotes(random.Random(seed), 500))
    assert got == want
    assert sum(len(g) > 1 for g in got) > 20 and max(len(g) for g in got) > 5  # many restatements merged
    assert len(got) > 2 * INDEXED_FROM  # the buckets were indexed


def test_a_group_of_headings_is_looked_up_by_its_new_representative() -> None:
    def quote(i: int, text: str, heading: bool) -> Claim:
        sentence = Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s", heading=heading)
        return Claim(sentence, "quote", (), text, "quote:said", speaker="smith")

    claims = [quote(i, f"distinct words number {i} here", False) for i in range(INDEXED_FROM)]
    claims.append(quote(100, "the harbour plan", True))  # a heading: the group's representative for now
    claims.append(quote(101, "we back the harbour plan fully", False))  # holds it: joins, and represents it
    claims.append(quote(102, "back the harbour plan", False))  # held by the new representative only
    groups = merge_article(claims)
    assert groups == _reference(claims)
    assert [c.value for c in groups[-1].claims] == ["the harbour plan", "we back the harbour plan fully",
                                                    "back the harbour plan"]  # fmt: skip
