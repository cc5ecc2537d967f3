"""Output formats: one module per format behind :class:`Formatter`, chosen by :class:`OutputFormat`.

A formatter's module is imported only when its format is asked for (the text format pulls
in rich, which a JSON report never needs).
"""

from __future__ import annotations

import importlib

from dedupe_cli.format.base import Formatter, OutputFormat, RenderOptions, render_bytes, render_pieces

__all__ = ["Formatter", "OutputFormat", "RenderOptions", "get_formatter", "render_bytes", "render_pieces"]

#: Each format's module and formatter class.
_FORMATTERS: dict[OutputFormat, tuple[str, str]] = {
    OutputFormat.TEXT: ("dedupe_cli.format.text", "TextFormatter"),
    OutputFormat.JSON: ("dedupe_cli.format.json", "JsonFormatter"),
    OutputFormat.JSONL: ("dedupe_cli.format.jsonl", "JsonlFormatter"),
    OutputFormat.SARIF: ("dedupe_cli.format.sarif", "SarifFormatter"),
    OutputFormat.GITHUB: ("dedupe_cli.format.github", "GithubFormatter"),
    OutputFormat.MARKDOWN: ("dedupe_cli.format.markdown", "MarkdownFormatter"),
    OutputFormat.JUNIT: ("dedupe_cli.format.junit", "JunitFormatter"),
}


def get_formatter(fmt: OutputFormat) -> Formatter:
    """The formatter for ``fmt``; every member of :class:`OutputFormat` has one."""
    module, name = _FORMATTERS[fmt]
    formatter: Formatter = getattr(importlib.import_module(module), name)()
    return formatter
