"""Merging one article's restatements: bucketing gives the groups the plain scan of every group gives."""

from __future__ import annotations

import importlib
import random
from collections.abc import Sequence

import pytest

from dedupe_cli.claims.align import Group, _same, merge_article
from dedupe_cli.claims.extract import Claim
from dedupe_cli.claims.numbers import Quantity
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


@pytest.mark.parametrize("seed", range(8))
def test_buckets_give_the_groups_of_the_plain_scan(seed: int) -> None:
    claims = _claims(random.Random(seed), 300)
    got = [[id(c) for c in g.claims] for g in merge_article(claims)]
    want = [[id(c) for c in g.claims] for g in _reference(claims)]
    assert got == want
    assert any(len(g) > 1 for g in got)  # some restatements were merged


def _counting_same(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count, in the list returned, the restatement tests merge_article makes."""
    align = importlib.import_module("dedupe_cli.claims.align")  # the module (the package exports its function)
    calls = [0]

    def counted(a: Claim, b: Claim) -> bool:
        calls[0] += 1
        return _same(a, b)

    monkeypatch.setattr(align, "_same", counted)
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


def test_quotes_are_tried_only_against_the_same_speakers(monkeypatch: pytest.MonkeyPatch) -> None:
    # _same holds only for quotes of one speaker: two speakers' quotes are two buckets, not one
    calls = _counting_same(monkeypatch)
    claims = [
        Claim(Sentence(0, i, i + 1, 0, 10, f"sentence {i}", "s"), "quote", (), f"we said thing {i} today", "quote:said",
              speaker=("smith", "jones")[i % 2])
        for i in range(200)
    ]  # fmt: skip
    assert len(merge_article(claims)) == len(claims)
    assert calls[0] == 2 * (100 * 99 // 2)  # each speaker's quotes pairwise; the two speakers' never
