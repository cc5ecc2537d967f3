"""``dedupe claims`` and ``dedupe scan --claims``: exit codes, formats, the schema, readability and hostile text.

The claims engine is replaced here by a stand-in that returns one verdict of each kind built from the articles'
own sentences, so these tests pin the plumbing and the report, not what the engine extracts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.model import ClaimMember, ScanResult, Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.schemas import load_schema
from tests.conftest import SEEDS

runner = CliRunner()
HOSTILE = 'The mayor said "[bold]forty[/bold] \x1b[31mhomes\x1b[0m were lost" [link=http://x]click[/link] today.'


def stand_in(
    result: ScanResult,
    stories: Sequence[Story],
    options: ClaimsOptions,
    jobs: int = 1,
    cache_dir: object = None,
    on_problem: object = None,
) -> tuple[Verdict, ...]:
    """One conflict, one agreement and one single-source claim per story of two or more articles."""
    verdicts: list[Verdict] = []
    for story in stories:
        if len(story.articles) < 2:
            continue
        first, second = (result.articles[i] for i in story.articles[:2])

        def member(article: Any, value: str) -> ClaimMember:
            paragraph = article.paragraphs[-1]
            return ClaimMember(article.id, article.path, article.source, paragraph.line_start, paragraph.text, value)

        n = len(verdicts)
        verdicts += [
            Verdict(
                f"C{n + 1}",
                story.id,
                VerdictKind.CONFLICT,
                "polarity",
                "polarity",
                "one side asserts, the other denies",
                2,
                (member(first, "asserted"), member(second, "denied")),
            ),
            Verdict(
                f"C{n + 2}",
                story.id,
                VerdictKind.AGREE,
                "quantity",
                "",
                "37 and about 40 are compatible",
                2,
                (member(first, "37 members"), member(second, "about 40 members")),
                approximate=True,
            ),
            Verdict(
                f"C{n + 3}",
                story.id,
                VerdictKind.SINGLE_SOURCE,
                "quantity",
                "",
                "only one source gives it",
                1,
                (member(first, "92 extradited"),),
            ),
        ]
    return tuple(verdicts)


def no_conflict(*args: Any, **kwargs: Any) -> tuple[Verdict, ...]:
    """The stand-in's verdicts less the conflicts."""
    return tuple(v for v in stand_in(*args, **kwargs) if v.verdict != VerdictKind.CONFLICT)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The stand-in engine in place of :func:`dedupe_cli.claims.reconcile`."""
    monkeypatch.setattr("dedupe_cli.reconcile.reconcile", stand_in)
    return monkeypatch


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Two reports of one event whose last paragraphs carry rich markup and ANSI escapes."""
    body = (
        "Floods swept through the river town of Weyford on Monday, destroying homes along the Wey embankment, "
        "the Weyford council said, as the river rose to a record height."
    )
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(
            f'---\ntitle: "Weyford floods"\nsource: "{name}"\n---\n\n{body}\n\n{HOSTILE}\n', encoding="utf-8"
        )
    return tmp_path


def test_text_report_names_the_stories_without_claims_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "poem.md").write_text("---\ntitle: Rain\n---\n\nsoft rain on the roof tonight\n", encoding="utf-8")
    (tmp_path / "news.md").write_text(
        "---\ntitle: Fire\n---\n\nFirefighters said 12 homes burned on Monday in the village of Weyford.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["claims", str(tmp_path), "--no-cache"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    headings = [line for line in out.splitlines() if line.startswith("Story ")]
    assert len(headings) == 1 and "1 single-source" in headings[0]
    assert out.rstrip().splitlines()[-1].startswith("Stories with no claims (1): S")
    assert "poem.md" not in out


def test_text_report_shows_conflicts_first_then_agreements_then_single_source(engine: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["claims", str(SEEDS)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Story S1" in out
    assert out.index("Conflicts (1)") < out.index("Agreements (1)") < out.index("Single-source claims (1)")
    assert "000_4d574c085c21eb7c.txt" in out and "003_349bbea392316a4c.txt" in out
    assert "approximate" in out


def test_fail_on_conflict_exits_1_only_when_a_conflict_exists(engine: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["claims", str(SEEDS), "--fail-on", "conflict", "-q"]).exit_code == 1
    assert runner.invoke(app, ["claims", str(SEEDS), "-q"]).exit_code == 0
    engine.setattr("dedupe_cli.reconcile.reconcile", no_conflict)
    assert runner.invoke(app, ["claims", str(SEEDS), "--fail-on", "conflict", "-q"]).exit_code == 0


def test_usage_and_input_errors_exit_2(engine: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert runner.invoke(app, ["claims", str(SEEDS), "--fail-on", "agreement"]).exit_code == 2
    assert runner.invoke(app, ["claims", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["claims", str(tmp_path)]).exit_code == 2  # no articles
    assert runner.invoke(app, ["claims", str(SEEDS), "--story-threshold", "2"]).exit_code == 2


def test_json_document_validates_and_names_every_article_once(engine: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["claims", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema("claims"))
    assert [[Path(p).name for p in s["articles"]] for s in doc["stories"]] == [
        ["000_4d574c085c21eb7c.txt", "003_349bbea392316a4c.txt"]
    ]
    assert doc["params"]["claims"]["story_threshold"] == ClaimsOptions().story_threshold
    conflict = next(c for c in doc["claims"] if c["verdict"] == "conflict")
    assert conflict["subtype"] == "polarity" and conflict["story_id"] == "S1"
    assert {m["path"] for m in conflict["members"]} == set(doc["stories"][0]["articles"])
    assert all(isinstance(m["line"], int) and m["sentence"] for m in conflict["members"])


def test_story_threshold_reaches_the_grouping(engine: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["claims", str(SEEDS), "-f", "json", "--story-threshold", "0.99"])
    doc = json.loads(result.stdout)
    assert len(doc["stories"]) == 2 and doc["claims"] == []
    assert doc["params"]["claims"]["story_threshold"] == 0.99


def test_output_file_is_written_and_stdout_stays_empty(engine: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "claims.json"
    result = runner.invoke(app, ["claims", str(SEEDS), "-f", "json", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    jsonschema.validate(json.loads(target.read_text(encoding="utf-8")), load_schema("claims"))


def test_scan_with_claims_adds_stories_and_claims(engine: pytest.MonkeyPatch) -> None:
    doc = json.loads(runner.invoke(app, ["scan", str(SEEDS), "--claims", "-f", "json"]).stdout)
    jsonschema.validate(doc, load_schema("scan"))
    claims_part = {k: doc[k] for k in ("schema_version", "tool_version", "params", "stories", "claims")}
    jsonschema.validate(claims_part, load_schema("claims"))
    assert len(doc["stories"]) == 1 and len(doc["claims"]) == 3
    plain = json.loads(runner.invoke(app, ["scan", str(SEEDS), "-f", "json"]).stdout)
    assert "stories" not in plain and "claims" not in plain
    text = runner.invoke(app, ["scan", str(SEEDS), "--claims"]).stdout
    assert "internal_repeat" in text and "Story S1" in text and "Conflicts (1)" in text


def test_readable_at_80_columns_with_sides_next_to_each_other(
    engine: pytest.MonkeyPatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = runner.invoke(app, ["claims", str(SEEDS)]).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert any("asserted" in line and "denied" in line for line in out.splitlines())


def test_hostile_text_is_shown_literally(engine: pytest.MonkeyPatch, hostile: Path) -> None:
    out = runner.invoke(app, ["claims", str(hostile), "--color", "always"]).stdout
    assert "[bold]forty[/bold]" in out
    assert "[link=http://x]click[/link]" in out
    assert "\x1b[31mhomes" not in out and "\x1b[0m were" not in out
    assert "homes" in out
    doc = json.loads(runner.invoke(app, ["claims", str(hostile), "-f", "json"]).stdout)
    assert HOSTILE in {m["sentence"] for c in doc["claims"] for m in c["members"]}  # JSON keeps the text as is


def test_schema_command_prints_a_valid_schema() -> None:
    result = runner.invoke(app, ["schema", "claims"])
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_help_lists_every_option() -> None:
    out = runner.invoke(app, ["claims", "--help"]).stdout
    for option in ("--story-threshold", "--format", "--output", "--fail-on", "--quiet", "--color", "--include"):
        assert option in out
    assert "--claims" in runner.invoke(app, ["scan", "--help"]).stdout


def test_the_real_engine_output_on_the_seeds_validates_and_gates() -> None:
    result = runner.invoke(app, ["claims", str(SEEDS), "-f", "json", "--fail-on", "conflict"])
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, load_schema("claims"))
    assert len(doc["stories"]) == 1
    assert result.exit_code == (1 if any(c["verdict"] == "conflict" for c in doc["claims"]) else 0)
    assert all(c["story_id"] == "S1" for c in doc["claims"])


def test_a_report_is_the_same_in_every_process() -> None:
    # sets iterate in an order that changes with the process's hash seed: nothing of that order may
    # reach a report (a conflict's reason once named a verb by whichever lemma a set gave first)
    samples = Path(__file__).resolve().parents[1] / "samples"
    command = [sys.executable, "-m", "dedupe_cli", "scan", str(samples), "--claims", "--no-cache", "-f", "json", "-q"]
    reports = set()
    for seed in ("1", "2"):
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        reports.add(done.stdout)
    assert len(reports) == 1
    assert json.loads(reports.pop())["claims"]  # claims were judged: there was something to compare


def test_text_report_counts_and_names_the_stories_not_judged(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import dedupe_cli.claims as engine

    (tmp_path / "fire.md").write_text("Firefighters said 12 homes burned on Monday in Weyford.\n", encoding="utf-8")
    (tmp_path / "vote.md").write_text("The council voted 7-2 on Tuesday to close the Harlow pool.\n", encoding="utf-8")
    real = engine.extract  # type: ignore[attr-defined]

    def breaks_on_the_vote(result: ScanResult, sentences: Any) -> Any:
        if "council voted" in repr(sentences):
            raise AssertionError("a rule broke")
        return real(result, sentences)

    monkeypatch.setattr(engine, "extract", breaks_on_the_vote)
    result = runner.invoke(app, ["claims", str(tmp_path), "--no-cache", "--jobs", "1"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"^not judged\s+1$", out, re.M)
    assert "No claims found" not in out and "Stories with no claims" not in out
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("Stories not judged, their claims left out (1): S")
    assert "AssertionError: a rule broke" in result.stderr


@pytest.mark.parametrize("command", [["scan", "--claims"], ["check", "--exit-zero"], ["claims"]])
def test_a_story_whose_claims_fail_is_a_problem_in_the_report(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    import dedupe_cli.claims as engine

    def breaks(*args: object) -> object:
        raise ValueError("tuple.index(x): x not in tuple")

    monkeypatch.setattr(engine, "extract", breaks)
    args = [command[0], str(SEEDS), *command[1:], "-f", "json", "--jobs", "1", "--no-cache"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    jsonschema.validate(doc, load_schema("claims" if command[0] == "claims" else "scan"))
    told = [p for p in doc["problems"] if "not judged" in p["message"]]
    assert told and all("ValueError" in p["message"] and p["path"].endswith(".txt") for p in told)
    assert "not judged" in done.stderr
