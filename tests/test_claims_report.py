"""What the claims report shows: only claims that assert something checkable (pure mentions are not
claims), one line per claim a sentence makes, and the terminal layout (80 columns, conflicts before
agreements before single-source claims, a capped single-source list whose rest the JSON keeps)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.claims import reconcile
from dedupe_cli.cli import app
from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.text import new_console
from dedupe_cli.format.text_claims import context, story_renderables
from dedupe_cli.model import ClaimMember, Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan
from tests.conftest import SEEDS

runner = CliRunner()


def _single(tmp_path: Path, *sentences: str) -> list[Verdict]:
    """The verdicts of one article made of the given sentences, one paragraph each."""
    body = "\n\n".join(sentences)
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Harbour works\npublished: 2026-03-02\n---\n\n{body}\n", encoding="utf-8")
    result = scan([path], ScanOptions())
    return list(reconcile(result, [Story("s1", (0,))], ClaimsOptions()))


def _values(verdicts: list[Verdict]) -> list[str]:
    return [m.value for v in verdicts for m in v.members]


@pytest.mark.parametrize(
    ("sentence", "noise"),
    [
        ("Trade between the two neighboring nations grew quickly after the accord was signed.", "2 neighboring"),
        ("Reid, 33, checked into the clinic after a long night in the city.", "33"),
        ("The governor of California did nothing while the fire spread across the hills.", "California"),
        ("The board was elected in December after a long campaign in the city.", "December"),
        ("She found her 1999 role in the film hard to forget after the premiere.", "1,999"),
    ],
)
def test_pure_mentions_are_not_claims(tmp_path: Path, sentence: str, noise: str) -> None:
    values = _values(_single(tmp_path, sentence))
    assert not [v for v in values if noise in v]


def test_dateline_is_not_a_claim_but_a_dated_event_is(tmp_path: Path) -> None:
    verdicts = _single(
        tmp_path,
        "Published 21 January 2026",
        "WASHINGTON, DC, January 20, 2026",  # a dateline of names: ecb-dev's was a claim
        "The council voted on 3 February 2026 to close the old harbour bridge for repairs.",
        "NASA Administrator Bill Nelson visited on 4 February 2026.",  # names and one word in lower case
    )
    dates = [m for v in verdicts if v.kind == "date" for m in v.members]
    assert [m.value for m in dates] == ["2026-02-03", "2026-02-04"]


def test_checkable_claims_stay(tmp_path: Path) -> None:
    verdicts = _single(
        tmp_path,
        "The storm destroyed 40 homes along the coast on Monday night.",
        "Ed Snider, the chairman of Comcast-Spectacor, backed the plan for the new arena.",
    )
    values = _values(verdicts)
    assert any(v.startswith("40 home") for v in values)
    assert "Comcast-Spectacor" in values
    assert all(v.verdict == VerdictKind.SINGLE_SOURCE for v in verdicts)


def test_one_sentence_one_claim_when_one_subsumes_another(tmp_path: Path) -> None:
    verdicts = _single(
        tmp_path,
        '"Tara was 100 percent professional," the producer Mark O\'Connor told reporters.',
        "Reid checked herself in on Tuesday, December 9, 2008, after the premiere of her film.",
    )
    kinds = sorted(v.kind for v in verdicts)
    assert kinds == ["date", "quote"]
    assert [m.value for v in verdicts if v.kind == "date" for m in v.members] == ["2008-12-09"]


def test_a_speaker_repeating_himself_is_one_claim(tmp_path: Path) -> None:
    verdicts = _single(
        tmp_path,
        "US prosecutors have assured Mexico that the death penalty will not be pursued for the men.",
        "The men landed in three cities on Tuesday evening under heavy guard.",
        "US prosecutors have committed to not seeking the death penalty for these men, respecting Mexico's law.",
    )
    assert len([v for v in verdicts if v.kind == "attribution"]) == 1


def _render(verdicts: tuple[Verdict, ...], result: object, width: int, limit: int) -> str:
    from dedupe_cli.model import ScanResult

    assert isinstance(result, ScanResult)
    options = RenderOptions(width=width)
    console, buffer = new_console(options)
    story = Story("S1", tuple(range(len(result.articles))))
    for part in story_renderables(story, result.articles, verdicts, options, limit=limit):
        console.print(part)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def seeds() -> tuple[object, tuple[Verdict, ...]]:
    result = scan([SEEDS], ScanOptions())
    return result, reconcile(result, [Story("S1", tuple(range(len(result.articles))))], ClaimsOptions())


def test_layout_order_width_and_cap(seeds: tuple[object, tuple[Verdict, ...]]) -> None:
    result, verdicts = seeds
    single = [v for v in verdicts if v.verdict == VerdictKind.SINGLE_SOURCE]
    assert len(single) > 3
    out = _render(verdicts, result, 80, 3)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    order = [out.index(title) for title in ("Conflicts (", "Agreements (", "Single-source claims (")]
    assert order == sorted(order)
    assert f"\u2026 {len(single) - 3} more (all in --format json)" in out
    tail = out[order[2] :]
    assert sum(1 for line in tail.splitlines() if line.startswith("    L")) == 3
    conflict_title = next(line for line in lines if "conflict" in line and "S1-1" in line)
    assert conflict_title.count("polarity") == 1


def test_single_source_claims_are_grouped_by_article(seeds: tuple[object, tuple[Verdict, ...]]) -> None:
    result, verdicts = seeds
    out = _render(verdicts, result, 80, 100)
    tail = out[out.index("Single-source claims (") :].splitlines()[1:]
    heads = [line.strip().split()[0] for line in tail if line.startswith("  ") and not line.startswith("    ")]
    assert len(heads) == len(set(heads)) == 2
    assert "more (all in --format json)" not in out


def test_json_keeps_every_single_source_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = runner.invoke(app, ["claims", str(SEEDS), "-q"])
    data = runner.invoke(app, ["claims", str(SEEDS), "-q", "--format", "json"])
    singles = [c for c in json.loads(data.stdout)["claims"] if c["verdict"] == "single_source"]
    assert f"Single-source claims ({len(singles)})" in text.stdout
    assert max(len(line) for line in text.stdout.splitlines()) <= 80


def test_a_date_without_a_year_reads_as_a_date_in_text_and_stays_iso_in_json(tmp_path: Path) -> None:
    body = "The prisoner escaped from the county hospital on Nov. 30 while two guards watched him in the ward."
    for name in ("a.md", "b.md"):  # two sources, undated: the year cannot be told
        (tmp_path / name).write_text(f"---\ntitle: Escape\nsource: {name}\n---\n\n{body}\n", encoding="utf-8")
    text = runner.invoke(app, ["claims", str(tmp_path), "-q", "--no-cache"])
    data = runner.invoke(app, ["claims", str(tmp_path), "-q", "--no-cache", "--format", "json"])
    values = {m["value"] for c in json.loads(data.stdout)["claims"] if c["kind"] == "date" for m in c["members"]}
    assert values == {"--11-30"}
    assert "Nov 30 (no year)" in text.stdout
    assert "--11-30" not in text.stdout


def test_a_value_is_shown_in_its_words_where_its_span_says() -> None:
    # two dates of one sentence both showed it from its start, and "2.1 million" was not found as "2,100,000"
    sentence = "Repairs to the school roof were finished on Monday, a week early, and pupils return on Tuesday."
    money = "The work on the harbour is expected to cost 2.1 million euros."
    told = [
        (sentence, "2026-03-09", "on Monday"),
        (sentence, "2026-03-10", "on Tuesday"),
        (money, "2,100,000 EUR", "2.1"),
    ]
    for text, value, words in told:
        at = text.index(words)
        shown = context(ClaimMember("a", "a.md", "src", 8, text, value, (at, at + len(words))))
        assert shown.startswith("\u2026") and shown.endswith(text[at:])
        assert shown.index(words) <= 1 + 20 + len(max(text.split(), key=len))  # at most 20 characters before it
