"""`dedupe check` in a real git repository: exit codes, --since, --changed-files, baseline round trip, formats."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner, Result

from dedupe_cli.cli import app
from tests.conftest import DATA, SEEDS

runner = CliRunner()
GATE = ["--fail-on", "internal_repeat,cross_article", "-q"]

HARBOUR = [
    "Harbour dredging",
    "The city council voted seven to two on Monday to begin dredging the inner harbour in April, ending a dispute "
    "that has delayed the project for three years.",
    "Fishermen had argued that silt was making the channel unsafe at low tide, while residents worried about the "
    "noise of the dredgers working through the night.",
    "The work is expected to cost four million pounds and will be paid for by the port authority and a regional "
    "development grant.",
]
FERRY = [
    "Ferry timetable changes",
    "The island ferry will run two extra crossings on weekdays from next month, the operator said, after complaints "
    "about crowded morning sailings.",
    "The first departure moves to six fifteen so that commuters can reach the mainland station before the early "
    "train to the city leaves.",
    "The first departure moves to six fifteen so that commuters can reach the mainland station before the early "
    "train to the city leaves.",
]
MARKET = [
    "Market hall reopens",
    "The restored market hall reopened on Saturday with forty stalls selling local produce, crafts and hot food to "
    "crowds that queued along the high street.",
    # copied from the harbour story, one word changed: a near-duplicate, not an exact one
    "The city council voted seven to two on Monday to begin dredging the inner harbour in May, ending a dispute "
    "that has delayed the project for three years.",
]


def _write(path: Path, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity."""
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two committed articles (one repeats a paragraph), tagged ``base``; then a commit adding a copy of one."""
    root = tmp_path / "newsroom"
    root.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.chdir(root)
    git(root, "init", "-q", "-b", "main")
    _write(root / "articles" / "harbour.txt", HARBOUR)
    _write(root / "articles" / "ferry.txt", FERRY)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "old articles")
    git(root, "tag", "base")
    _write(root / "articles" / "market.txt", MARKET)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "new article")
    return root


def check(*args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["check", "articles", *args], input=input)


def test_exit_codes(repo: Path) -> None:
    failed = check(*GATE)
    assert failed.exit_code == 1, failed.output
    assert "market.txt" in failed.stdout and "ferry.txt" in failed.stdout
    assert check("--fail-on", "boilerplate", "-q").exit_code == 0
    assert check("--fail-on", "none", "-q").exit_code == 0
    assert check(*GATE, "--exit-zero").exit_code == 0
    # the copy is a near-duplicate (one word changed), the ferry repeat exact
    assert check("--fail-on", "cross_article", "--min-similarity", "0.95", "-q").exit_code == 0
    assert check("--fail-on", "internal_repeat", "--min-similarity", "0.95", "-q").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-on", "everything"], "unknown kind"),
        (["--report", "pdf:out.pdf"], "unknown format"),
        (["--report", "sarif"], "FMT:PATH"),
        (["--baseline", "missing.json"], "baseline not found"),
        (["--since", "no-such-ref"], "no such commit"),
        (["--since", "base", "--changed-files", "-"], "not both"),
        (["--config", "missing.toml"], "not found"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str], message: str) -> None:
    result = check(*args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_missing_path_and_no_articles_exit_2(repo: Path) -> None:
    assert runner.invoke(app, ["check", "nowhere"]).exit_code == 2
    (repo / "empty").mkdir()
    assert runner.invoke(app, ["check", "empty"]).exit_code == 2


def test_since_reports_only_findings_involving_changed_files(repo: Path) -> None:
    result = check(*GATE, "--since", "base", "--format", "jsonl")
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    findings = [r for r in records if r["type"] == "finding"]
    assert [f["kind"] for f in findings] == ["cross_article"]  # the old ferry repeat is left out
    assert {m["path"] for m in findings[0]["members"]} == {"articles/market.txt", "articles/harbour.txt"}
    assert records[-1]["check"]["changed_paths"] == ["articles/market.txt"]
    # nothing changed since HEAD: nothing to report, even though the corpus holds duplicates
    assert check(*GATE, "--since", "HEAD").exit_code == 0


def test_since_counts_uncommitted_and_untracked_files(repo: Path) -> None:
    _write(repo / "articles" / "draft.txt", ["Draft", FERRY[1]])
    result = check("--fail-on", "cross_article", "-q", "--since", "HEAD", "--format", "jsonl")
    assert result.exit_code == 1
    paths = {m["path"] for line in result.stdout.splitlines() for m in json.loads(line).get("members", [])}
    assert "articles/draft.txt" in paths


def test_since_outside_a_git_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    _write(plain / "a.txt", HARBOUR)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "plain", "--since", "main"])
    assert result.exit_code == 2 and "not in a git repository" in " ".join(result.output.split())


def test_changed_files_from_stdin_and_file(repo: Path) -> None:
    assert check(*GATE, "--changed-files", "-", input="articles/harbour.txt\n").exit_code == 1
    assert check(*GATE, "--changed-files", "-", input="articles/other.txt\n").exit_code == 0
    listing = repo / "changed.txt"
    listing.write_text("articles/ferry.txt\n", encoding="utf-8")
    result = check("--fail-on", "internal_repeat", "-q", "--changed-files", str(listing), "-f", "jsonl")
    kinds = [json.loads(line).get("kind") for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and kinds.count("internal_repeat") == 1 and "cross_article" not in kinds


def test_changed_files_with_a_byte_order_mark_or_bytes_not_utf8(repo: Path) -> None:
    listing = repo / "changed.txt"
    listing.write_bytes(b"\xef\xbb\xbfarticles/harbour.txt\n")
    assert check(*GATE, "--changed-files", str(listing)).exit_code == 1  # the first name is not lost to the mark
    odd = os.fsdecode(b"articles/caf\xe9.txt")
    os.rename(repo / "articles" / "harbour.txt", repo / odd)
    assert check(*GATE, "--changed-files", "-", input=b"articles/caf\xe9.txt\n").exit_code == 1
    listing.write_bytes(b"articles/caf\xe9.txt\n")
    result = check(*GATE, "--changed-files", str(listing))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_baseline_round_trip(repo: Path) -> None:
    baseline = repo / ".dedupe-baseline.json"
    made = check(*GATE, "--update-baseline")
    assert made.exit_code == 0, made.output
    assert baseline.is_file() and "2 added, 0 removed" in made.output
    assert check(*GATE, "--baseline", str(baseline)).exit_code == 0

    # lines inserted above the duplicates do not change their fingerprints
    _write(repo / "articles" / "harbour.txt", [HARBOUR[0], "Updated at noon with the vote count.", *HARBOUR[1:]])
    assert check(*GATE, "--baseline", str(baseline)).exit_code == 0

    # a new copy fails, and only it is reported
    _write(repo / "articles" / "weekend.txt", ["Weekend", MARKET[1]])
    result = check(*GATE, "--baseline", str(baseline), "-f", "jsonl")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in records if r["type"] == "finding"] == ["cross_article"]
    assert records[-1]["check"]["baselined"] == 2

    (repo / "articles" / "ferry.txt").unlink()
    updated = check(*GATE, "--update-baseline", "--baseline", str(baseline))
    assert "1 added, 1 removed" in updated.output
    assert "+ cross_article:" in updated.output and "- internal_repeat:" in updated.output
    accepted = json.loads(baseline.read_text(encoding="utf-8"))["accepted"]
    assert accepted == sorted(accepted) and len(accepted) == 2


def test_config_file_sets_the_policy_and_the_command_line_wins(repo: Path) -> None:
    (repo / ".dedupe.toml").write_text('fail-on = ["boilerplate"]\nformat = "jsonl"\n', encoding="utf-8")
    passed = check("-q")
    assert passed.exit_code == 0 and passed.stdout.startswith("{")
    assert check("-q", "--fail-on", "cross_article").exit_code == 1
    assert check("-q", "--isolated").exit_code == 1  # the default policy fails on copies
    (repo / ".dedupe.toml").write_text("fail-on = 'everything'\n", encoding="utf-8")
    assert check("-q").exit_code == 2


def test_every_format_to_stdout_and_to_report_files(repo: Path) -> None:
    reports = {fmt: repo / "out" / f"report.{fmt}" for fmt in ("json", "jsonl", "sarif", "github", "markdown", "junit")}
    args = [arg for fmt, path in reports.items() for arg in ("--report", f"{fmt}:{path}")]
    result = check(*GATE, "--format", "github", *args)
    assert result.exit_code == 1
    assert all(line.startswith("::") for line in result.stdout.splitlines())
    assert result.stdout == reports["github"].read_text(encoding="utf-8")
    doc = json.loads(reports["json"].read_text(encoding="utf-8"))
    assert len(doc["findings"]) == 2 and doc["check"]["passed"] is False
    sarif = json.loads(reports["sarif"].read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"articles/market.txt", "articles/ferry.txt"}  # the copy, not the original, is annotated
    junit = ET.parse(reports["junit"]).getroot()
    assert junit.get("failures") == "2"
    assert "dedupe check: \u274c failed" in reports["markdown"].read_text(encoding="utf-8")
    assert reports["jsonl"].read_text(encoding="utf-8").count("\n") >= 3
    assert not list((repo / "out").glob(".*.tmp"))  # atomic writes leave no temporary files


def test_markdown_summary_is_appended_to_github_step_summary(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert check(*GATE).exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n") and "dedupe check: \u274c failed" in text


def test_conflict_gate_on_the_seeds() -> None:
    """The two seeds disagree on whether the extradition answered US pressure."""
    failed = runner.invoke(app, ["check", str(SEEDS), "--fail-on", "conflict", "-q", "-f", "jsonl"])
    assert failed.exit_code == 1, failed.output
    records = [json.loads(line) for line in failed.stdout.splitlines()]
    conflicts = [r for r in records if r["type"] == "verdict"]
    assert conflicts and all(r["verdict"] == "conflict" and r["failing"] for r in conflicts)
    assert any(r["subtype"] == "polarity" for r in conflicts)
    assert {Path(m["path"]).name for m in conflicts[0]["members"]} == {p.name for p in SEEDS.iterdir()}
    skipped = runner.invoke(app, ["check", str(SEEDS), "--fail-on", "conflict", "-q", "--no-claims"])
    assert skipped.exit_code == 0


def test_a_further_exact_copy_of_an_accepted_paragraph_fails(repo: Path) -> None:
    cost = HARBOUR[3]
    _write(repo / "articles" / "wire.txt", ["Wire copy", cost])  # the exact copy the baseline accepts
    baseline = repo / ".dedupe-baseline.json"
    assert check(*GATE, "--update-baseline").exit_code == 0
    assert check(*GATE, "--baseline", str(baseline)).exit_code == 0
    _write(repo / "articles" / "syndicated.txt", ["Syndicated", cost])  # one more exact copy of it
    result = check(*GATE, "--baseline", str(baseline), "--format", "jsonl")
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(r["members"]) for r in records if r.get("failing")] == [3]
