"""Render what ``index add`` and ``index query`` did, as plain text or JSON.

Article text is untrusted: excerpts pass through :func:`dedupe_cli.sanitize.excerpt`
(no control characters or escape sequences) and the text output is never coloured,
so nothing in an article can reach the terminal as markup.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dedupe_cli import __version__
from dedupe_cli.format.encode import dumps
from dedupe_cli.index.ingest import AddResult, QueryFinding, QueryResult
from dedupe_cli.model import Problem
from dedupe_cli.sanitize import excerpt, not_a_command, strip_controls

SCHEMA_VERSION = "1.0"


def _where(path: str, start: int, end: int) -> str:
    lines = f"{start}" if start == end else f"{start}-{end}"
    return f"{not_a_command(strip_controls(path), './')}:{lines}"


def _problems(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    return [{"path": p.path, "line": p.line, "severity": p.severity.value, "message": p.message} for p in problems]


def add_text(result: AddResult) -> str:
    """One summary line of an ``add``."""
    s = result.stats
    articles, paragraphs = result.indexed
    return (
        f"{strip_controls(result.location)}: added {s.added} articles ({s.paragraphs} paragraphs), "
        f"replaced {s.replaced}, unchanged {s.unchanged}; the index holds {articles} articles, "
        f"{paragraphs} paragraphs\n"
    )


def add_json(result: AddResult) -> str:
    """The ``add`` summary as a JSON document."""
    articles, paragraphs = result.indexed
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "index": result.location,
        "summary": {"articles": result.articles, **asdict(result.stats)},
        "indexed": {"articles": articles, "paragraphs": paragraphs},
        "problems": _problems(result.problems),
    }
    return dumps(doc, default=None) + "\n"


def _finding_text(finding: QueryFinding) -> list[str]:
    more = f" (best {len(finding.matches)} shown)" if finding.total > len(finding.matches) else ""
    lines = [
        f"{_where(finding.path, finding.line_start, finding.line_end)}: matches {finding.total} indexed "
        f"paragraph{'s' if finding.total != 1 else ''}{more}",
        f"    {not_a_command(excerpt(finding.text, 100))}",
    ]
    for match in finding.matches:
        r = match.record
        lines.append(f"  {match.similarity:.2f}  {_where(r.path, r.line_start, r.line_end)}  {excerpt(r.excerpt, 60)}")
    return lines


def query_text(result: QueryResult) -> str:
    """The findings of a ``query``, then a summary line."""
    lines: list[str] = []
    for finding in result.findings:
        lines.extend(_finding_text(finding))
        lines.append("")
    articles, paragraphs = result.indexed
    lines.append(
        f"{len(result.findings)} of {result.paragraphs} paragraphs in {result.articles} articles match the index "
        f"{strip_controls(result.location)} ({articles} articles, {paragraphs} paragraphs) at Jaccard >= "
        f"{result.options.threshold:g}"
    )
    return "\n".join(lines) + "\n"


def query_json(result: QueryResult) -> str:
    """The findings of a ``query`` as a JSON document."""
    articles, paragraphs = result.indexed
    findings = []
    for f in result.findings:
        findings.append(
            {
                "path": f.path,
                "article_id": f.article_id,
                "line_start": f.line_start,
                "line_end": f.line_end,
                "text": f.text,
                "total_matches": f.total,
                "matches": [
                    {
                        "path": m.record.path,
                        "article_id": m.record.article_id,
                        "line_start": m.record.line_start,
                        "line_end": m.record.line_end,
                        "similarity": round(m.similarity, 4),
                        "text": m.record.excerpt,
                    }
                    for m in f.matches
                ],
            }
        )
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "index": result.location,
        "params": {**asdict(result.params), **asdict(result.options)},
        "summary": {
            "articles": result.articles,
            "paragraphs": result.paragraphs,
            "matching_paragraphs": len(result.findings),
        },
        "indexed": {"articles": articles, "paragraphs": paragraphs},
        "findings": findings,
        "problems": _problems(result.problems),
    }
    return dumps(doc, default=None) + "\n"
