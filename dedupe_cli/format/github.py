"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per issue.

GitHub shows at most 10 annotations of each level per step, so the worst issues
(failing first, then most similar) are annotated up to ``max_annotations`` per level
and the rest are summarised in one notice. Messages and properties are escaped the
way the Actions toolkit does (``%``, CR and LF; in properties also ``:`` and ``,``), so
article text can never end the annotation or start a workflow command of its own.
"""

from __future__ import annotations

from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.issues import Issue, issues
from dedupe_cli.model import Report
from dedupe_cli.sanitize import strip_controls


def escape_data(text: str) -> str:
    """Escape a workflow command's message: line breaks as the runner's escapes (a file name keeps them),
    other control characters and terminal escapes removed."""
    return strip_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(issue: Issue) -> str:
    """One issue as a workflow command line."""
    level = "error" if issue.failing else "warning"
    props = [f"title={escape_property('dedupe: ' + issue.title)}"]
    if issue.locations:
        loc = issue.locations[0]
        props = [
            f"file={escape_property(loc.path)}",
            f"line={max(1, loc.line_start)}",
            f"endLine={max(1, loc.line_start, loc.line_end)}",
            *props,
        ]
    return f"::{level} {','.join(props)}::{escape_data(issue.message)}"


class GithubFormatter:
    """Renders workflow annotations, capped per level, with a summary notice for the rest."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The annotation lines."""
        shown = {"error": 0, "warning": 0}
        lines: list[str] = []
        left_out = 0
        all_issues = issues(report, options.max_excerpt)
        for issue in all_issues:
            level = "error" if issue.failing else "warning"
            if shown[level] >= options.max_annotations:
                left_out += 1
                continue
            shown[level] += 1
            lines.append(annotation(issue))
        failing = sum(1 for i in all_issues if i.failing)
        summary = f"{len(all_issues)} issue(s), {failing} failing the check"
        if left_out:
            summary += f"; {left_out} not annotated (GitHub shows {options.max_annotations} per level), see the report"
        if report.gate is not None and report.gate.baselined:
            summary += f"; {report.gate.baselined} accepted by the baseline"
        lines.append(f"::notice title=dedupe::{escape_data(summary)}")
        return "\n".join(lines) + "\n"
