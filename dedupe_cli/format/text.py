"""The terminal report: a summary, then each finding with its places and an excerpt.

Article text reaches the terminal only as :class:`rich.text.Text` (never parsed as
markup) after control characters and escape sequences are stripped.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.text_claims import claims_renderables
from dedupe_cli.model import Finding, FindingKind, Report, ScanResult
from dedupe_cli.sanitize import excerpt, strip_controls

_KIND_STYLE = {
    FindingKind.INTERNAL_REPEAT: "magenta",
    FindingKind.CROSS_ARTICLE: "cyan",
    FindingKind.BOILERPLATE: "yellow",
}
_KIND_TITLE = {
    FindingKind.INTERNAL_REPEAT: "Repeated inside one article",
    FindingKind.CROSS_ARTICLE: "Shared across articles",
    FindingKind.BOILERPLATE: "Boilerplate",
}


def new_console(options: RenderOptions) -> tuple[Console, io.StringIO]:
    """A console that records into a string, coloured or not as asked."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        color_system="truecolor" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    return console, buffer


def summary_table(result: ScanResult, problems: int) -> Table:
    """Articles, paragraphs and findings by kind."""
    table = Table(title="dedupe scan", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("articles", str(len(result.articles)))
    table.add_row("paragraphs", str(result.paragraph_count))
    for kind in FindingKind:
        table.add_row(kind.value, Text(str(result.count(kind)), style=_KIND_STYLE[kind]))
    if problems:
        table.add_row("problems", Text(str(problems), style="red"))
    return table


def finding_panel(finding: Finding, options: RenderOptions) -> Panel:
    """One finding: each member's file:lines and similarity, and the canonical excerpt."""
    body = Text()
    shown = finding.members[: options.max_members]
    for n, member in enumerate(shown):
        lines = (
            f"{member.line_start}"
            if member.line_start == member.line_end
            else (f"{member.line_start}-{member.line_end}")
        )
        marker = "\u2605 " if n == 0 else "  "
        body.append(marker)
        body.append(f"{strip_controls(member.path)}:{lines}", style="bold")
        body.append(f"  [{strip_controls(member.source)}]", style="dim")
        if n:
            body.append(f"  J={member.similarity:.2f}", style="green")
        body.append("\n")
    if len(finding.members) > len(shown):
        body.append(
            f"  \u2026 and {len(finding.members) - len(shown)} more places (all in --format json)\n", style="dim"
        )
    body.append(excerpt(finding.members[0].text, options.max_excerpt), style="italic")
    title = Text.assemble(
        (finding.id, "bold"),
        " ",
        (finding.kind.value, _KIND_STYLE[finding.kind]),
        f"  similarity {finding.similarity:.2f}  {len(finding.members)} places",
    )
    return Panel(body, title=title, title_align="left", border_style=_KIND_STYLE[finding.kind])


def scan_renderables(result: ScanResult, options: RenderOptions, problems: int) -> list[object]:
    """The scan part of the terminal report, grouped by kind (``problems``: how many the run had)."""
    parts: list[object] = [summary_table(result, problems)]
    for kind in FindingKind:
        of_kind = [f for f in result.findings if f.kind == kind]
        if of_kind:
            parts.append(Text(f"\n{_KIND_TITLE[kind]} ({len(of_kind)})", style=f"bold {_KIND_STYLE[kind]}"))
            parts.extend(finding_panel(f, options) for f in of_kind)
    if not result.findings:
        parts.append(Text("\nNo near-duplicate paragraphs found.", style="green"))
    return parts


class TextFormatter:
    """Renders the rich terminal report."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report as text, with ANSI colour codes only when ``options.color``."""
        console, buffer = new_console(options)
        parts = [*scan_renderables(report.scan, options, len(report.problems)), *claims_renderables(report, options)]
        console.print(Group(*parts))  # type: ignore[arg-type]
        return buffer.getvalue()
