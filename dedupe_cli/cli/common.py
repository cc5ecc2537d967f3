"""Pieces every command shares: exit codes, output, option parsing helpers."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dedupe_cli.cli.terminal import Stderr
from dedupe_cli.sanitize import no_legacy_command, strip_controls

if TYPE_CHECKING:
    from dedupe_cli.model import Problem
    from dedupe_cli.options import LoadOptions


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
    """Parse ``--fail-on`` values: kinds separated by commas, or ``any`` / ``none`` alone."""
    from dedupe_cli.config import select_kinds

    try:
        return frozenset(select_kinds(value.split(","), allowed))
    except ValueError as exc:
        raise fail(console, f"--fail-on: {exc}") from None


def emit(text: str | bytes | list[bytes | memoryview], output: Path | None, fmt: str = "text") -> None:
    """Write a report in format ``fmt`` to ``output`` atomically, or to stdout; bytes are UTF-8, given whole
    or in pieces (see :func:`dedupe_cli.format.render_bytes` and :func:`dedupe_cli.format.render_pieces`).

    On stdout, which GitHub's runner reads for workflow commands, ``##[`` is written so that it issues
    none (:func:`dedupe_cli.sanitize.no_legacy_command`); a file is written as rendered.

    A write that fails (a folder where the file should be, a full disk) is a one-line error, exit 2;
    a reader of stdout that went away ends the command quietly, exit 2.
    """
    try:
        _write(text, output, fmt)
    except BrokenPipeError:
        with contextlib.suppress(OSError):  # the interpreter's last flush must not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.ERROR)) from None
    except OSError as exc:
        where = "stdout" if output is None else str(output)
        raise fail(Stderr(False), f"cannot write the report to {where}: {exc.strerror or exc}") from None


def check_outputs(
    outputs: Sequence[Path | None],
    paths: Sequence[Path],
    load: LoadOptions,
    console: Stderr,
    also_read: Mapping[Path, str] | None = None,
) -> None:
    """Stop (exit 2) before any work when an output could not be written (see
    :func:`dedupe_cli.atomic.output_problem`), when two outputs name one file, or when an output
    would overwrite a file the command reads: one of its inputs, or one of ``also_read`` (a file and
    what it is, e.g. the baseline). Discovery runs for the inputs only when an existing output file
    lies at or below one of ``paths``."""
    from dedupe_cli.atomic import output_problem

    named = [o for o in outputs if o is not None]
    for output in named:
        problem = output_problem(output)
        if problem is not None:
            raise fail(console, f"cannot write to {problem}")
    replaced = [o for o in named if _is_regular(o) or not os.path.exists(o)]  # devices and pipes are written through
    files = {os.path.realpath(o): o for o in replaced}
    if len(files) < len(replaced):
        raise fail(console, "two outputs name one file; each needs its own")
    for read, what in (also_read or {}).items():
        if os.path.realpath(read) in files:
            raise fail(console, f"{files[os.path.realpath(read)]}: would overwrite {what}")
    roots = [os.path.realpath(p) for p in paths]
    near = {w: o for w, o in files.items() if os.path.isfile(w) and any(_at_or_below(w, r) for r in roots)}
    if not near:
        return
    from dedupe_cli.discover import discover

    names = {os.path.basename(w) for w in near}
    for name in discover(paths, load).files.system_names():
        if os.path.basename(name) in names and os.path.realpath(name) in near:
            output = near[os.path.realpath(name)]
            raise fail(console, f"{output}: is one of the files this command reads; write the output elsewhere")


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _at_or_below(path: str, root: str) -> bool:
    return path == root or path.startswith(os.path.join(root, ""))


def _write(text: str | bytes | list[bytes | memoryview], output: Path | None, fmt: str) -> None:
    if output is not None:
        from dedupe_cli.atomic import write_atomic, write_bytes_atomic

        if isinstance(text, str):
            write_atomic(output, text)
        else:
            write_bytes_atomic(output, text, durable=True)
        return
    if not isinstance(text, str):
        text = (text if isinstance(text, bytes) else b"".join(text)).decode("utf-8")
    text = no_legacy_command(text, fmt)
    # a lone surrogate (a file name that is not UTF-8) is written as its escape \udcXX, as in a report
    # file, whatever the stream's error handler (surrogateescape would write the raw byte: invalid JSON)
    encoding = sys.stdout.encoding or "utf-8"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    else:
        sys.stdout.flush()
        buffer.write(text.encode(encoding, "backslashreplace"))
        buffer.flush()
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
