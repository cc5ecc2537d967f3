"""The `dedupe scan` and `dedupe schema` commands as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.format import OutputFormat
from dedupe_cli.schemas import load_schema
from tests.conftest import SAMPLES, SEED_B, SEEDS

runner = CliRunner()
PARA = "The council approved the new budget on Monday after a debate that lasted more than six hours."


def test_seeds_text_report_lists_the_repeats() -> None:
    result = runner.invoke(app, ["scan", str(SEEDS), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "internal_repeat" in result.output
    assert f"{SEED_B.name}:12-18" in result.output.replace(str(SEEDS) + "/", "")
    assert "\x1b[" not in result.output  # not a TTY: no colour


def test_color_always_colours_and_never_does_not() -> None:
    coloured = runner.invoke(app, ["scan", str(SEED_B), "--color", "always", "-q"], env={"NO_COLOR": ""})
    assert "\x1b[" in coloured.output
    plain = runner.invoke(app, ["scan", str(SEED_B), "--color", "never", "-q"])
    assert "\x1b[" not in plain.output


def test_json_report_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(SAMPLES), "--format", "json", "--output", str(out), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, load_schema("scan"))
    kinds = {f["kind"] for f in doc["findings"]}
    assert kinds == {"internal_repeat", "cross_article", "boilerplate"}  # the samples show every kind
    assert doc["summary"]["articles"] == len(doc["articles"])


def test_schema_command_prints_valid_json_schema() -> None:
    result = runner.invoke(app, ["schema", "scan"])
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(result.output))
    bad = runner.invoke(app, ["schema", "nope"])
    assert bad.exit_code == 2


def test_fail_on_sets_exit_code() -> None:
    assert runner.invoke(app, ["scan", str(SEED_B), "-q", "--fail-on", "internal_repeat"]).exit_code == 1
    assert runner.invoke(app, ["scan", str(SEED_B), "-q", "--fail-on", "cross_article"]).exit_code == 0
    assert runner.invoke(app, ["scan", str(SEED_B), "-q", "--fail-on", "any"]).exit_code == 1
    bad = runner.invoke(app, ["scan", str(SEED_B), "-q", "--fail-on", "everything"])
    assert bad.exit_code == 2 and "unknown kind" in bad.output


def test_missing_path_and_empty_directory_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["scan", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert missing.output.count("no such file or directory") == 1 and "Traceback" not in missing.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(app, ["scan", str(tmp_path / "empty")])
    assert empty.exit_code == 2 and "no articles found" in empty.output


def test_bad_file_is_warned_and_the_rest_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PARA + "\n")
    (tmp_path / "b.txt").write_text(PARA + "\n")
    (tmp_path / "c.jsonl").write_text('{"text": oops}\n')
    result = runner.invoke(app, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert "c.jsonl:1: warning: malformed JSON record" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["summary"]["findings"]["cross_article"] == 1


def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    hostile = f"[bold red]{PARA}[/] \x1b[31mred\x1b[0m \x1b]8;;http://x.invalid\x07link\x1b]8;;\x07 end."
    (tmp_path / "a.txt").write_text(hostile + "\n")
    (tmp_path / "b.txt").write_text(hostile + "\n")
    result = runner.invoke(app, ["scan", str(tmp_path), "-q", "--color", "always"], env={"NO_COLOR": ""})
    assert "[bold red]" in result.output  # markup not interpreted
    assert "\x1b[31mred" not in result.output and "\x1b]8" not in result.output  # article escapes stripped


def test_report_fits_80_columns(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["scan", str(SAMPLES), "-q"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_output_file_is_written_atomically_and_inputs_untouched(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PARA + "\n")
    before = (tmp_path / "a.txt").read_bytes()
    out = tmp_path / "out" / "report.txt"
    assert runner.invoke(app, ["scan", str(tmp_path / "a.txt"), "-o", str(out), "-q"]).exit_code == 0
    assert "articles" in out.read_text()
    assert (tmp_path / "a.txt").read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["report.txt"]  # no temporary file left behind


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dedupe_cli", "scan", str(SEED_B), "--format", "json", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["findings"]) == 3


def test_boilerplate_across_many_articles_is_reported_apart_and_summarised(tmp_path: Path) -> None:
    footer = "Sign up for our morning newsletter to get the day's local news and weather in your inbox before seven."
    for n in range(15):
        story = f"Story number {n} reports on a different local event with its own words and details, item {n * 7}."
        (tmp_path / f"s{n:02d}.txt").write_text(f"{story}\n{footer}\n")
    result = runner.invoke(app, ["scan", str(tmp_path), "--format", "json", "-q"])
    doc = json.loads(result.stdout)
    assert [f["kind"] for f in doc["findings"]] == ["boilerplate"]
    assert len(doc["findings"][0]["members"]) == 15
    text = runner.invoke(app, ["scan", str(tmp_path), "-q"]).output
    assert "and 3 more places" in text
    two = runner.invoke(app, ["scan", str(tmp_path / "s00.txt"), str(tmp_path / "s01.txt"), "-f", "json", "-q"])
    assert [f["kind"] for f in json.loads(two.stdout)["findings"]] == ["cross_article"]


def test_unwritable_cache_is_warned_about_and_the_scan_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    result = runner.invoke(app, ["scan", str(SEED_B), "--cache-dir", str(blocker / "cache"), "-f", "json"])
    assert result.exit_code == 0
    assert "cannot write the scan cache" in result.stderr and "corrupt" not in result.stderr
    assert len(json.loads(result.stdout)["findings"]) == 3


def test_every_format_writes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    raw = b"caf\xe9.txt"
    try:
        (folder / os.fsdecode(raw)).write_text(PARA + "\n")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses a file name that is not UTF-8")
    (folder / "plain.txt").write_text(PARA + "\n")
    for fmt in OutputFormat:
        out = tmp_path / f"report.{fmt.value}"
        result = runner.invoke(app, ["scan", str(folder), "-q", "-f", fmt.value, "-o", str(out)])
        assert result.exit_code == 0, (fmt, result.output, result.exception)
        assert out.stat().st_size > 0
        printed = runner.invoke(app, ["scan", str(folder), "-q", "-f", fmt.value])
        assert printed.exit_code == 0, (fmt, printed.exception)
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    paths = {os.fsencode(m["path"]).rsplit(b"/", 1)[-1] for f in doc["findings"] for m in f["members"]}
    assert raw in paths  # the escape reads back as the file's own name


def test_a_warning_about_a_file_named_like_a_workflow_command_is_not_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("::error title=x::bin.md").write_bytes(b"\x00\x01binary\x00" * 50)
    Path("ok.md").write_text(PARA + "\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", ".", "--no-cache"])
    assert "bin.md" in result.output
    assert not [line for line in result.output.splitlines() if line.lstrip().startswith("::")]
