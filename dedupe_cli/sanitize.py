"""Make untrusted article text safe to show.

Article text can hold terminal escape sequences, control characters and very long
runs; every output format passes excerpts through :func:`excerpt` or
:func:`strip_controls` before its own escaping.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_controls(text: str, keep_newlines: bool = False) -> str:
    """Remove ANSI escape sequences and control characters (newlines become spaces unless kept)."""
    text = _ANSI.sub("", text)
    if keep_newlines:
        return "\n".join(_CONTROLS.sub(" ", line) for line in text.split("\n"))
    return _CONTROLS.sub(" ", text.replace("\n", " "))


def excerpt(text: str, limit: int = 160) -> str:
    """A one-line, control-free excerpt of at most ``limit`` characters."""
    flat = " ".join(strip_controls(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


#: How a line begins that GitHub's runner reads as a workflow command (after leading white space):
#: ``::command::`` and the older ``##[command]``.
_COMMAND_STARTS = ("::", "##[")

#: ``##[`` written so that it reads the same in each format (a JSON or XML escape), else with an
#: invisible word joiner between the two ``#``.
_LEGACY_SAFE = {
    "json": "##\\u005b",
    "jsonl": "##\\u005b",
    "sarif": "##\\u005b",
    "junit": "##&#91;",
    "markdown": "##&#91;",
}


def not_a_command(line: str, prefix: str = "\u203a ") -> str:
    """``line`` with ``prefix`` before it when GitHub's runner would read it as a workflow command
    (a path gets ``./``: the same file)."""
    return prefix + line if line.lstrip().startswith(_COMMAND_STARTS) else line


def no_legacy_command(text: str, fmt: str = "text") -> str:
    """``text`` (a whole report in format ``fmt``, or a message) with every ``##[`` written so that
    GitHub's runner finds no command in it.

    The runner reads the older ``##[command]data`` form anywhere in a line of a step's output, not
    only at its start (``stop-commands`` and ``set-output`` among the commands), so article text and
    file names printed on stdout or stderr could issue one. JSON, JUnit and Markdown get an escape
    their readers turn back into ``[``; text an invisible word joiner.
    """
    return text.replace("##[", _LEGACY_SAFE.get(fmt, "#\u2060#[")) if "##[" in text else text
