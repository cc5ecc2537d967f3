"""Statements of a story are tested only against those they may conflict with: the alignment equals the
one that tests every pair of statements, and skips most pairs."""

from __future__ import annotations

import importlib
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from dedupe_cli.claims import statements
from dedupe_cli.claims.align import Cluster, link
from dedupe_cli.claims.extract import Claim, extract
from dedupe_cli.claims.restate import family, merge_article
from dedupe_cli.claims.sentences import story_sentences
from dedupe_cli.claims.statements import StatementIndex, statement_conflict
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan

align_module = importlib.import_module("dedupe_cli.claims.align")

_NAMES = ["Maria Lopez", "Daniel Okafor", "Ana Silva", "Tom Berg", "Li Wei", "Omar Haddad", "Eva Novak", "he"]
_VERBS = ["approved", "rejected", "won", "lost", "signed", "opened"]
_OBJECTS = ["the budget plan", "the harbour contract", "the final vote", "the new bridge", "the water deal"]
_TAILS = ["on Monday.", "after a long debate.", "in the capital.", "despite protests.", "."]


def _sentence(rng: random.Random) -> str:
    who, verb, what, tail = rng.choice(_NAMES), rng.choice(_VERBS), rng.choice(_OBJECTS), rng.choice(_TAILS)
    if rng.random() < 0.3:
        verb = {"approved": "did not approve", "won": "did not win", "signed": "never signed"}.get(verb, verb)
    if rng.random() < 0.1:
        verb = "allegedly " + verb
    text = f"{who} {verb} {what} {tail}".replace(" .", ".")
    return text[0].upper() + text[1:]


def _claims(tmp_path: Path, seed: int) -> tuple[list[Claim], tuple[int, ...]]:
    rng = random.Random(seed)
    paths = []
    for n in range(8):
        body = "\n\n".join(" ".join(_sentence(rng) for _ in range(3)) for _ in range(6))
        path = tmp_path / f"a{n}.md"
        path.write_text(f'---\ntitle: ""\nsource: "s{n}"\nurl: ""\npublished: ""\n---\n\n{body}\n', encoding="utf-8")
        paths.append(path)
    result = scan(paths, ScanOptions())
    articles = tuple(range(len(result.articles)))
    return extract(result, story_sentences(result, articles, False, {})), articles


def _every_pair(claims: Sequence[Claim], articles: Sequence[int], opts: ClaimsOptions) -> list[Cluster]:
    """The alignment before the statement index: every group scored against every cluster's groups."""
    clusters: list[Cluster] = []
    for a in articles:
        groups = merge_article([c for c in claims if c.sentence.article == a])
        for fam in dict.fromkeys(family(g.rep) for g in groups):
            mine = [g for g in groups if family(g.rep) == fam]
            open_ = [c for c in clusters if c.family == fam]
            scores = np.full((len(mine), len(open_)), -1.0)
            for i, g in enumerate(mine):
                for j, cluster in enumerate(open_):
                    allowed = [
                        x.score + (0.5 if x.strong else 0.0) for h in cluster.groups if (x := link(g, h, opts)).allowed
                    ]
                    if allowed:
                        scores[i, j] = max(allowed)
            taken: set[int] = set()
            if open_ and mine:
                for i, j in zip(*linear_sum_assignment(-scores), strict=True):
                    if scores[i, j] >= 0:
                        open_[j].groups.append(mine[i])
                        taken.add(int(i))
            clusters.extend(Cluster(fam, [g]) for i, g in enumerate(mine) if i not in taken)
    return clusters


def _shape(clusters: Sequence[Cluster]) -> list[tuple[str, list[list[int]]]]:
    return [(c.family, [[id(claim) for claim in g.claims] for g in c.groups]) for c in clusters]


@pytest.mark.parametrize("seed", range(3))
def test_alignment_equals_testing_every_pair(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    claims, articles = _claims(tmp_path, seed)
    opts = ClaimsOptions()
    calls = {"n": 0}

    def counted(a: Claim, b: Claim, o: ClaimsOptions) -> object:
        calls["n"] += 1
        return statement_conflict(a, b, o)

    monkeypatch.setattr(align_module, "statement_conflict", counted)
    want = _shape(_every_pair(claims, articles, opts))
    every_pair, calls["n"] = calls["n"], 0
    tested = statements._Read.conflict

    def counted_read(read: statements._Read, other: statements._Read, o: ClaimsOptions) -> object:
        calls["n"] += 1
        return tested(read, other, o)

    monkeypatch.setattr(statements._Read, "conflict", counted_read)
    got = _shape(align_module.align(claims, articles, opts))
    assert got == want
    conflicts = [c for c in got if c[0] == "statement" and len(c[1]) > 1]
    assert conflicts  # some statements conflict: the test compares something
    assert calls["n"] < every_pair / 2  # and most pairs were never tested


def test_scores_are_those_of_every_pair(tmp_path: Path) -> None:
    claims, _ = _claims(tmp_path, 7)
    opts = ClaimsOptions()
    said = [c for c in claims if c.kind == "statement"]
    earlier = [c for c in said if c.sentence.article < 4]
    later = [c for c in said if c.sentence.article >= 4]
    index = StatementIndex()
    for n, claim in enumerate(earlier):
        index.add(n, claim)
    got = index.scores(later, len(earlier), opts)
    want = np.array([[1.5 if statement_conflict(a, b, opts) else -1.0 for b in earlier] for a in later])
    assert (got == want).all()
    assert (got > 0).any() and (got < 0).any()
