"""A Markdown job summary: the verdict, counts by kind, and a table of the worst issues.

Article text and paths are escaped for GitHub-flavoured Markdown *and* HTML (GitHub
renders inline HTML in summaries): ``<``, ``>``, ``&`` and quotes become entities,
Markdown punctuation is backslash-escaped and ``@`` cannot mention anyone.
"""

from __future__ import annotations

import html
import re

from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.issues import RULES, Issue, issues
from dedupe_cli.model import Report, VerdictKind

#: Inline Markdown punctuation (emphasis, code, links, tables, strike-through, math); line-start
#: syntax cannot occur because a cell is one line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def escape_markdown(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, HTML entities, escaped punctuation."""
    flat = " ".join(text.split())
    escaped = html.escape(flat, quote=True).replace("@", "&#64;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def _row(issue: Issue) -> str:
    where = "<br>".join(escape_markdown(loc.label()) for loc in issue.locations)
    similarity = f"{issue.similarity:.2f}" if issue.similarity is not None else "\u2013"
    status = "\u274c fails" if issue.failing else "\u26a0\ufe0f"
    return f"| {status} | {issue.kind} | {similarity} | {where} | {escape_markdown(issue.excerpt)} |"


class MarkdownFormatter:
    """Renders a GitHub job summary (any Markdown viewer shows it)."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The summary document."""
        found = issues(report, options.max_excerpt)
        gate = report.gate
        if gate is None:
            heading = "## dedupe report"
        else:
            heading = "## dedupe check: " + ("\u2705 passed" if gate.passed else "\u274c failed")
        out = [heading, ""]
        scan = report.scan
        out.append(f"{len(scan.articles)} articles, {scan.paragraph_count} paragraphs.")
        if gate is not None:
            kinds = ", ".join(gate.fail_on) or "none"
            notes = [f"Fails on: {kinds}."]
            if gate.baselined:
                notes.append(f"{gate.baselined} accepted by the baseline.")
            if gate.changed_paths is not None:
                notes.append("Only issues involving changed files are reported.")
            out.append(" ".join(notes))
        out += ["", "| kind | reported | failing |", "| --- | ---: | ---: |"]
        for kind in RULES:
            of_kind = [i for i in found if i.kind == kind]
            out.append(f"| {kind} | {len(of_kind)} | {sum(1 for i in of_kind if i.failing)} |")
        if report.claims is not None and gate is None:
            agree = report.claims.count(VerdictKind.AGREE)
            out += ["", f"{len(report.claims.stories)} stories, {agree} claims agree."]
        if found:
            out += ["", "| | kind | similarity | where | excerpt |", "| --- | --- | ---: | --- | --- |"]
            out.extend(_row(issue) for issue in found[: options.max_rows])
            if len(found) > options.max_rows:
                out += ["", f"{len(found) - options.max_rows} more not listed; see the full report."]
        else:
            out += ["", "No issues found."]
        return "\n".join(out) + "\n"
