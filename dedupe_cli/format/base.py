"""The one small interface every output format implements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from dedupe_cli.model import Report


class OutputFormat(StrEnum):
    """The output formats, as named on the command line."""

    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True)
class RenderOptions:
    """How a report is rendered.

    Attributes:
        color: use terminal colours (text format only; machine formats never colour).
        width: the terminal width the text format lays out for.
        max_excerpt: the longest excerpt of article text shown per member.
    """

    color: bool = False
    width: int = 100
    max_excerpt: int = 160


class Formatter(Protocol):
    """Renders a report as one document."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole document as text."""
        ...
