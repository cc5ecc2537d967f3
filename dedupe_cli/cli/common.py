"""Pieces every command shares: exit codes, output, option parsing helpers."""

from __future__ import annotations

import sys
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dedupe_cli.cli.terminal import Stderr
from dedupe_cli.sanitize import strip_controls

if TYPE_CHECKING:
    from dedupe_cli.model import Problem


class ExitCode(IntEnum):
    """The process exit codes, as ruff and jscpd use them."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


def fail(console: Stderr, message: str) -> typer.Exit:
    """Print a one-line error on stderr and return the exit to raise (code 2)."""
    from rich.text import Text

    console.print(Text.assemble(("error", "red"), ": ", strip_controls(message)), soft_wrap=True)
    return typer.Exit(int(ExitCode.ERROR))


def parse_kinds(value: str, allowed: tuple[str, ...], console: Stderr) -> frozenset[str]:
    """Parse ``--fail-on`` values: kinds separated by commas, or ``any`` / ``none``."""
    kinds = {v.strip().lower() for v in value.split(",") if v.strip()}
    if not kinds or kinds == {"none"}:
        return frozenset()
    if "any" in kinds:
        return frozenset(allowed)
    unknown = sorted(kinds - set(allowed))
    if unknown:
        raise fail(
            console, f"--fail-on: unknown kind {', '.join(unknown)} (choose from {', '.join(allowed)}, any, none)"
        )
    return frozenset(kinds)


def emit(text: str | bytes | list[bytes | memoryview], output: Path | None) -> None:
    """Write a report to ``output`` atomically, or to stdout; bytes are UTF-8, given whole or in pieces
    (see :func:`dedupe_cli.format.render_bytes` and :func:`dedupe_cli.format.render_pieces`)."""
    if output is not None:
        from dedupe_cli.atomic import write_atomic, write_bytes_atomic

        if isinstance(text, str):
            write_atomic(output, text)
        else:
            write_bytes_atomic(output, text, durable=True)
        return
    if not isinstance(text, str):
        text = (text if isinstance(text, bytes) else b"".join(text)).decode("utf-8")
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a lone surrogate from a file name that is not UTF-8: written escaped
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    sys.stdout.flush()


def input_errors(problems: tuple[Problem, ...] | list[Problem]) -> bool:
    """Whether there were input errors (missing paths); the command's listener has printed them."""
    return any(p.severity.value == "error" for p in problems)


def split_fields(values: list[str] | None, console: Stderr) -> dict[str, tuple[str, ...]]:
    """Parse ``--json-field ROLE=NAME[,NAME]`` options into {role: names}."""
    roles = ("text", "title", "source", "url", "published", "id")
    out: dict[str, tuple[str, ...]] = {}
    for value in values or []:
        role, sep, names = value.partition("=")
        role = role.strip().lower()
        if not sep or role not in roles or not names.strip():
            raise fail(
                console, f"--json-field {value!r}: expected ROLE=NAME[,NAME] with ROLE one of {', '.join(roles)}"
            )
        out[role] = tuple(n.strip() for n in names.split(",") if n.strip())
    return out
