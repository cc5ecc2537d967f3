"""No command's output can issue a GitHub workflow command, whatever the articles and their file names hold.

GitHub's runner reads ``::command::`` at the start of a line (after white space) and the older
``##[command]`` anywhere in a line of a step's stdout or stderr.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.format import OutputFormat
from dedupe_cli.sanitize import no_legacy_command

runner = CliRunner()

BODY = (
    "::error title=x::The council approved the budget of 5 million dollars on Monday after a long debate.\n\n"
    "##[stop-commands]tok The mayor said the vote was not close and 12 members backed the plan at the end.\n\n"
    "The deputy mayor said the vote was close ##[set-output name=failing;]0 and 9 members backed the plan.\n"
)
_V2 = re.compile(r"::(error|warning|notice) [^:]*::.*")


@pytest.fixture()
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three articles sharing hostile paragraphs, two of them with hostile names."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("::warning::a", "##[error]b", "c"):
        head = f'---\ntitle: "##[group]{name}"\nsource: "src {name}"\n---\n\n'
        (folder / f"{name}.md").write_text(head + BODY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def _commands_in(output: str, fmt: str) -> list[str]:
    found = []
    for line in output.splitlines():
        if "##[" in line or (line.lstrip().startswith("::") and not (fmt == "github" and _V2.fullmatch(line))):
            found.append(line)
    return found


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_check_and_scan_print_no_command(news: Path, fmt: str) -> None:
    for command in (["check", "--exit-zero"], ["scan", "--claims"]):
        result = runner.invoke(app, [*command, "news", "--no-cache", "-f", fmt])
        assert result.exit_code == 0, result.output
        assert not _commands_in(result.output, fmt), (command, fmt)
        if fmt == "json":
            paths = {m["path"] for f in json.loads(result.stdout)["findings"] for m in f["members"]}
            assert "news/##[error]b.md" in paths  # the escape reads back as the name


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_claims_and_index_print_no_command(news: Path, fmt: str) -> None:
    for args in (["claims", "news", "--no-cache"], ["index", "add", "news"], ["index", "query", "news"]):
        result = runner.invoke(app, [*args, "-f", fmt])
        assert result.exit_code == 0, result.output
        assert not _commands_in(result.output, fmt), (args, fmt)


def test_warnings_name_hostile_files_without_a_command(news: Path) -> None:
    (news / "##[add-mask]x.md").write_bytes(b"\x00binary\x00" * 20)
    result = runner.invoke(app, ["scan", "news", "--no-cache"])
    assert "add-mask" in result.output and not _commands_in(result.output, "text")


def test_the_escapes_read_back() -> None:
    assert json.loads(no_legacy_command(json.dumps("a ##[error]b"), "json")) == "a ##[error]b"
    assert "##[" not in no_legacy_command("a ##[error]b ###[x", "text")
    assert no_legacy_command("a ##[x", "junit") == "a ##&#91;x"


def test_config_and_the_baseline_summary_print_no_command(news: Path) -> None:
    import tomllib

    (news.parent / ".dedupe.toml").write_text('baseline = "##[stop-commands]b.json"\n')
    shown = runner.invoke(app, ["config", "."])
    assert shown.exit_code == 0 and not _commands_in(shown.output, "text")
    assert tomllib.loads(shown.output)["baseline"] == "##[stop-commands]b.json"  # the escape is TOML's too
    updated = runner.invoke(app, ["check", "news", "--no-cache", "--update-baseline"])
    assert updated.exit_code == 0, updated.output
    assert "baseline" in updated.output and not _commands_in(updated.output, "text")
