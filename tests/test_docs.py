"""Every command and every option the CLI offers is documented in README.md."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer

from dedupe_cli.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(command: Any, prefix: str = "dedupe") -> Iterator[tuple[str, Any]]:
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        path = f"{prefix} {name}"
        yield path, sub
        yield from _commands(sub, path)


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_there_are_commands() -> None:
    assert "dedupe scan" in dict(COMMANDS)


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
def test_command_is_documented(path: str) -> None:
    assert f"`{path}" in README, f"README.md does not document `{path}`"


@pytest.mark.parametrize(
    ("path", "option"),
    [
        (path, max(param.opts, key=len))
        for path, command in COMMANDS
        for param in command.params
        if param.param_type_name == "option" and not param.hidden and max(param.opts, key=len) != "--help"
    ],
)
def test_option_is_documented(path: str, option: str) -> None:
    assert f"`{option}" in README, f"README.md does not document {option} of `{path}`"


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```")[1]
    commands = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert commands[0].startswith("make run") and commands[1].startswith("make test")


@pytest.mark.parametrize("command", ["scan", "check", "config"])
def test_help_shows_bracketed_text_literally(command: str) -> None:
    """Help is rendered as rich markup: `[tool.dedupe]` must be escaped or it vanishes."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "[tool.dedupe]" in result.output


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
def test_command_summary_is_one_line(path: str) -> None:
    """The list of commands shows each one's first paragraph as written: rich markup keeps its line
    breaks, so a summary written over two lines is broken mid-sentence there."""
    command = dict(COMMANDS)[path]
    summary = (command.short_help or command.help or "").strip().split("\n\n")[0]
    assert summary and "\n" not in summary, f"`{path}`'s summary is not one line: {summary!r}"
