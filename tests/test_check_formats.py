"""Every output format renders a report, and hostile article text never changes what the output means."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from dedupe_cli.format import OutputFormat, RenderOptions, get_formatter
from dedupe_cli.format.github import escape_data, escape_property
from dedupe_cli.format.markdown import escape_markdown
from dedupe_cli.model import (
    Article,
    ClaimMember,
    ClaimsResult,
    Finding,
    FindingKind,
    Gate,
    MatchGraph,
    Member,
    Paragraph,
    Report,
    ScanResult,
    Story,
    Verdict,
    VerdictKind,
)
from dedupe_cli.policy import finding_key, verdict_key
from tests.conftest import DATA

SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

HOSTILE = (
    "::set-env name=x::y\n::error file=x.md::pwned %0A::warning::injected\r\n"
    "</details></td></table><script>alert(1)</script> [red]markup[/red] | pipe `tick` *star* @everyone "
    "\x1b[31mred\x1b]8;;http://evil\x07link\x1b[0m \x00\x07 " + "very long line " * 3000
)
#: A path with the characters workflow-command properties must escape.
ODD_PATH = "news/a,b:c%25.md"


def _article(n: int, path: str) -> Article:
    return Article(
        id=f"a{n}",
        path=path,
        source="wire",
        title="t",
        published="",
        url="",
        paragraphs=(Paragraph(0, HOSTILE, 3, 5),),
    )


def _finding(n: int, kind: FindingKind = FindingKind.CROSS_ARTICLE, similarity: float = 0.9) -> Finding:
    members = (
        Member("a1", ODD_PATH, "wire", 3, 5, HOSTILE, 0, 0),
        Member("a2", "news/new.md", "local", 7, 7, HOSTILE, 0, 0, similarity),
    )
    return Finding(f"F{n}", kind, similarity, members, f"{n:032x}")


def _verdict() -> Verdict:
    members = (
        ClaimMember("a1", ODD_PATH, "wire", 4, HOSTILE, "independent of pressure"),
        ClaimMember("a2", "news/new.md", "local", 8, "It was made to address " + HOSTILE, "made to address pressure"),
    )
    return Verdict(
        "V1", "S1", VerdictKind.CONFLICT, "polarity", "polarity", "</details>" + HOSTILE, 2, members, "c" * 32
    )


def make_report(findings: tuple[Finding, ...], failing: bool = True, claims: bool = True) -> Report:
    """A report of ``findings`` (and one conflict), with a gate that fails them all when ``failing``."""
    scan = ScanResult(
        articles=(_article(1, ODD_PATH), _article(2, "news/new.md")),
        findings=findings,
        graph=MatchGraph((), (), ()),
        problems=(),
    )
    result = ClaimsResult((Story("S1", (0, 1)),), (_verdict(),)) if claims else None
    keys = {finding_key(f) for f in findings} | ({verdict_key(_verdict())} if claims else set())
    gate = Gate(("cross_article", "conflict"), frozenset(keys) if failing else frozenset())
    return Report(scan, result, gate)


def render(fmt: OutputFormat, report: Report) -> str:
    return get_formatter(fmt).render(report, RenderOptions())


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_has_a_formatter_and_renders_a_plain_scan(fmt: OutputFormat) -> None:
    report = make_report((_finding(1),), failing=False, claims=False)
    out = render(fmt, Report(report.scan))
    assert out.endswith("\n") and out.strip()


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_hostile_text_leaves_no_control_characters(fmt: OutputFormat) -> None:
    out = render(fmt, make_report((_finding(1),)))
    assert "\x1b" not in out and "\x00" not in out and "\x07" not in out and "\r" not in out


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, f"not a workflow command: {line[:80]!r}"
    props = {}
    for item in (match.group(2) or "").split(","):
        key, _, value = item.partition("=")
        props[key] = value
    return match.group(1), props, match.group(3)


def _unescape(value: str) -> str:
    return value.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_stay_annotations() -> None:
    lines = render(OutputFormat.GITHUB, make_report((_finding(1),))).splitlines()
    parsed = [_parse_command(line) for line in lines]
    assert [cmd for cmd, _, _ in parsed] == ["error", "error", "notice"]
    _, props, message = parsed[0]
    assert set(props) == {"file", "line", "endLine", "title"}
    assert _unescape(props["file"]) in (ODD_PATH, "news/new.md")
    assert int(props["line"]) <= int(props["endLine"])
    # the article's "%0A" stays text: it is escaped to %250A, never a newline
    assert "%250A" in message and "::set-env" in message
    assert len(message) < 2000  # very long lines are cut to an excerpt


def test_github_escaping_functions() -> None:
    assert escape_data("50%\r\nnext").startswith("50%25") and "\r" not in escape_data("a\rb")
    assert escape_data("a%b") == "a%25b"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert "\n" not in escape_data("one\ntwo")
    assert escape_property("news/two\nlines.md") == "news/two%0Alines.md"  # the runner reads back the name


def test_github_caps_annotations_and_summarises_the_rest() -> None:
    findings = tuple(_finding(n, similarity=0.5 + n / 100) for n in range(25))
    lines = render(OutputFormat.GITHUB, make_report(findings, failing=False, claims=False)).splitlines()
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) == RenderOptions().max_annotations
    assert "0.74" in warnings[0]  # the most similar first
    assert lines[-1].startswith("::notice ") and "15 not annotated" in lines[-1]


def test_sarif_validates_and_keeps_the_text() -> None:
    doc = json.loads(render(OutputFormat.SARIF, make_report((_finding(1),))))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"cross_article", "conflict"}
    assert all(r["level"] == "error" for r in results)
    finding = next(r for r in results if r["ruleId"] == "cross_article")
    assert finding["partialFingerprints"]["dedupeFingerprint/v1"] == _finding(1).fingerprint
    assert finding["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert "::set-env" in finding["message"]["text"] and "<script>" in finding["message"]["text"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert all("," not in u or "%2C" in u for u in uris) and all(" " not in u for u in uris)


def test_sarif_of_a_plain_scan_validates() -> None:
    report = make_report(tuple(_finding(n, kind) for n, kind in enumerate(FindingKind)), failing=False)
    doc = json.loads(render(OutputFormat.SARIF, Report(report.scan)))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    assert {r["level"] for r in doc["runs"][0]["results"]} == {"warning"}


def test_markdown_escapes_html_and_markdown() -> None:
    out = render(OutputFormat.MARKDOWN, make_report((_finding(1),)))
    assert "<script>" not in out and "</details>" not in out and "</td>" not in out
    assert "&lt;script&gt;" in out
    assert "@everyone" not in out
    assert "\u274c failed" in out
    table_rows = [line for line in out.splitlines() if line.startswith("| \u274c")]
    assert len(table_rows) == 2  # one row each, however many pipes the text holds
    assert all(line.count(" | ") == 4 for line in table_rows)  # escaped pipes do not add columns
    assert escape_markdown("a|b") == "a\\|b"


def test_junit_parses_and_counts_failures() -> None:
    out = render(OutputFormat.JUNIT, make_report((_finding(1), _finding(2, FindingKind.BOILERPLATE))))
    root = ET.fromstring(out.split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 3
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == 3 and root.get("failures") == "3"
    assert "<script>" in (failures[0].get("message") or "")  # kept as text, escaped by XML


def test_junit_without_issues_has_one_passing_case() -> None:
    report = make_report((), failing=False, claims=False)
    root = ET.fromstring(render(OutputFormat.JUNIT, report).split("\n", 1)[1])
    assert len(root.findall("./testsuite/testcase")) == 1 and not root.findall(".//failure")


def test_jsonl_one_record_per_line_and_text_round_trips() -> None:
    lines = render(OutputFormat.JSONL, make_report((_finding(1),))).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["type"] for r in records] == ["finding", "verdict", "summary"]
    assert records[0]["members"][0]["text"] == HOSTILE
    assert records[0]["failing"] is True and records[2]["check"]["passed"] is False


def test_json_and_text_render_the_hostile_report(tmp_path: Path) -> None:
    report = make_report((_finding(1),))
    assert json.loads(render(OutputFormat.JSON, report))["findings"][0]["members"][0]["text"] == HOSTILE
    text = render(OutputFormat.TEXT, report)
    assert "[red]markup[/red]" in text  # shown literally, not parsed as rich markup


@pytest.mark.parametrize("changed", [None, frozenset({"a.txt"})])
def test_the_check_section_of_a_json_report_is_in_its_schema(changed: frozenset[str] | None) -> None:
    from dataclasses import replace

    from dedupe_cli.schemas import load_schema

    report = make_report((_finding(1),))
    assert report.gate is not None
    report = replace(report, gate=replace(report.gate, changed_paths=changed, baselined=2))
    doc = json.loads(render(OutputFormat.JSON, report))
    schema = load_schema("scan")
    jsonschema.validate(doc, schema)
    assert set(doc["check"]) == set(schema["properties"]["check"]["required"])  # every key described
    doc["check"]["failing"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
