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
        max_excerpt: the longest excerpt of article text shown per finding.
        max_members: the most places of one finding the text report lists (boilerplate
            can stand in thousands of articles; the machine formats list them all).
    """

    color: bool = False
    width: int = 100
    max_excerpt: int = 160
    max_members: int = 12


class Formatter(Protocol):
    """Renders a report as one document."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole document as text."""
        ...
