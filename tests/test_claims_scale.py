"""An article of many figures (a results table, a tally) costs the claims stage in proportion to its claims."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import dedupe_cli.claims.coverage as coverage
from dedupe_cli.claims import reconcile
from dedupe_cli.claims.extract import Claim, extract
from dedupe_cli.claims.sentences import story_sentences
from dedupe_cli.model import Story
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan

ROWS = 200


def _tables(tmp_path: Path) -> list[Path]:
    paths = []
    for n, (noun, verb) in enumerate((("Team", "scored"), ("Club", "collected"))):
        rows = "\n\n".join(f"{noun} {i} {verb} {i * 7 + 13} points in the match on the field." for i in range(ROWS))
        path = tmp_path / f"t{n}.md"
        path.write_text(f'---\ntitle: "Results"\nsource: "s{n}"\n---\n\n{rows}\n', encoding="utf-8")
        paths.append(path)
    return paths


def test_the_claims_of_an_article_share_its_set_of_figures(tmp_path: Path) -> None:
    result = scan(_tables(tmp_path)[:1], ScanOptions())
    claims = extract(result, story_sentences(result, (0,), False, {}))
    numbers = [c for c in claims if c.kind == "quantity"]
    assert len(numbers) >= ROWS
    assert len({id(c.doc_values) for c in claims}) == 1  # one set, not a copy per claim
    assert len(claims[0].doc_values) >= ROWS


def test_pruning_reads_each_claim_of_a_story_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pruning indexes each sentence's claims by span (dedupe_cli.claims.coverage): a claim's span is read a
    # few times, not once per other claim of its story (tens of thousands of pairs) or of its sentence
    result = scan(_tables(tmp_path), ScanOptions())
    calls = 0
    real = coverage.span

    def counted(claim: Claim) -> tuple[int, int]:
        nonlocal calls
        calls += 1
        return real(claim)

    monkeypatch.setattr(coverage, "span", counted)
    verdicts = reconcile(result, [Story("s1", (0, 1))], ClaimsOptions())
    assert len(verdicts) >= ROWS
    assert 0 < calls < 4 * len(verdicts)


def test_relations_without_based_are_found_by_the_narrow_pattern_alike() -> None:
    ex = importlib.import_module("dedupe_cli.claims.extract")  # the module (the package exports its function)

    texts = [
        "He was born in Paris and later elected mayor of New York City.",
        "The Boston-based firm, headquartered in the United States of America, said so.",
        "A U.S.-based group and the capital of France met. " + "A." * 300,
        "President of the Republic Macron, born in Amiens, spoke.",
        "The London-based bank was based in Leeds.",
    ]
    for text in texts:
        full = [(m.span(), m.groupdict()) for m in ex._RELATION.finditer(text)]
        chosen = ex._RELATION if "-based" in text else ex._RELATION_NOT_BASED
        assert [(m.span(), m.groupdict()) for m in chosen.finditer(text)] == full
        assert full or "-based" not in text
