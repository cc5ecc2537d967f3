"""Output formats: one module per format behind :class:`Formatter`, chosen by :class:`OutputFormat`."""

from __future__ import annotations

from dedupe_cli.format.base import Formatter, OutputFormat, RenderOptions
from dedupe_cli.format.github import GithubFormatter
from dedupe_cli.format.json import JsonFormatter
from dedupe_cli.format.jsonl import JsonlFormatter
from dedupe_cli.format.junit import JunitFormatter
from dedupe_cli.format.markdown import MarkdownFormatter
from dedupe_cli.format.sarif import SarifFormatter
from dedupe_cli.format.text import TextFormatter

__all__ = ["Formatter", "OutputFormat", "RenderOptions", "get_formatter"]

_FORMATTERS: dict[OutputFormat, type] = {
    OutputFormat.TEXT: TextFormatter,
    OutputFormat.JSON: JsonFormatter,
    OutputFormat.JSONL: JsonlFormatter,
    OutputFormat.SARIF: SarifFormatter,
    OutputFormat.GITHUB: GithubFormatter,
    OutputFormat.MARKDOWN: MarkdownFormatter,
    OutputFormat.JUNIT: JunitFormatter,
}


def get_formatter(fmt: OutputFormat) -> Formatter:
    """The formatter for ``fmt``; every member of :class:`OutputFormat` has one."""
    formatter: Formatter = _FORMATTERS[fmt]()
    return formatter
