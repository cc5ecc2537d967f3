"""The one small interface every output format implements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dedupe_cli.model import Report


class OutputFormat(StrEnum):
    """The output formats, as named on the command line."""

    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"
    JUNIT = "junit"


@dataclass(frozen=True)
class RenderOptions:
    """How a report is rendered.

    Attributes:
        color: use terminal colours (text format only; machine formats never colour).
        width: the terminal width the text format lays out for.
        max_excerpt: the longest excerpt of article text shown per finding.
        max_members: the most places of one finding the text report lists (boilerplate
            can stand in thousands of articles; the machine formats list them all).
        max_annotations: the most GitHub annotations written per level (error,
            warning); GitHub shows only 10 of each per step, so the worst are
            annotated and the rest summarised.
        max_rows: the most issues listed in a Markdown summary.
    """

    color: bool = False
    width: int = 100
    max_excerpt: int = 160
    max_members: int = 12
    max_annotations: int = 10
    max_rows: int = 50


class Formatter(Protocol):
    """Renders a report as one document."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole document as text."""
        ...


def render_bytes(formatter: Formatter, report: Report, options: RenderOptions) -> bytes:
    """The document as the UTF-8 bytes a report file holds.

    A formatter that writes bytes itself has a ``render_bytes`` method with ``render``'s
    signature, used as is: the JSON report of a million paragraphs is some 50 MB, and a
    round trip through str costs about 0.1 s. Any other's text is encoded, a lone
    surrogate (from a file name that is not UTF-8) written as its escape ``\\udcXX``.
    """
    own = getattr(formatter, "render_bytes", None)
    if own is not None:
        data: bytes = own(report, options)
        return data
    return formatter.render(report, options).encode("utf-8", "backslashreplace")


def render_pieces(formatter: Formatter, report: Report, options: RenderOptions) -> list[bytes | memoryview]:
    """:func:`render_bytes`'s bytes in pieces, to be written one after the other. A formatter with a
    ``render_pieces`` method gives them itself (the JSON report writes the findings kept in the scan
    state as they stand there)."""
    own = getattr(formatter, "render_pieces", None)
    if own is not None:
        pieces: list[bytes | memoryview] = own(report, options)
        return pieces
    return [render_bytes(formatter, report, options)]
