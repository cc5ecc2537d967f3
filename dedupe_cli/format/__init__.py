"""Output formats: one module per format behind :class:`Formatter`, chosen by :class:`OutputFormat`."""

from __future__ import annotations

from dedupe_cli.format.base import Formatter, OutputFormat, RenderOptions
from dedupe_cli.format.json import JsonFormatter
from dedupe_cli.format.text import TextFormatter

__all__ = ["Formatter", "OutputFormat", "RenderOptions", "get_formatter"]

_FORMATTERS: dict[OutputFormat, type] = {
    OutputFormat.TEXT: TextFormatter,
    OutputFormat.JSON: JsonFormatter,
}


def get_formatter(fmt: OutputFormat) -> Formatter:
    """The formatter for ``fmt``; every member of :class:`OutputFormat` has one."""
    formatter: Formatter = _FORMATTERS[fmt]()
    return formatter
