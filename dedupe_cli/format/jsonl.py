"""JSON Lines: one record per line (findings, verdicts, problems), then a summary record.

Each line is a complete JSON object with a ``type`` field, so the report streams into
``jq`` or a log pipeline; article text is JSON-escaped and cannot break a line.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dedupe_cli import __version__
from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.encode import dumps
from dedupe_cli.format.issues import gate_dict
from dedupe_cli.format.json import SCHEMA_VERSION, finding_dict
from dedupe_cli.format.json_claims import problem_dict
from dedupe_cli.model import FindingKind, Report, VerdictKind
from dedupe_cli.policy import finding_key, verdict_key


def _line(record: dict[str, Any]) -> str:
    return dumps(record, indent=False) + "\n"


class JsonlFormatter:
    """Renders one JSON object per line."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The records, then ``{"type": "summary", ...}``."""
        failing = report.gate.failing if report.gate else frozenset()
        out: list[str] = []
        for finding in report.scan.findings:
            key = finding_key(finding)
            out.append(_line({"type": "finding", "key": key, "failing": key in failing, **finding_dict(finding)}))
        verdicts = report.claims.verdicts if report.claims else ()
        for verdict in verdicts:
            key = verdict_key(verdict)
            out.append(_line({"type": "verdict", "key": key, "failing": key in failing, **asdict(verdict)}))
        for p in report.problems:
            out.append(_line({"type": "problem", **problem_dict(p)}))
        summary: dict[str, Any] = {
            "type": "summary",
            "schema_version": SCHEMA_VERSION,
            "tool_version": __version__,
            "articles": len(report.scan.articles),
            "paragraphs": report.scan.paragraph_count,
            "findings": {kind.value: report.scan.count(kind) for kind in FindingKind},
        }
        if report.claims is not None:
            summary["verdicts"] = {kind.value: report.claims.count(kind) for kind in VerdictKind}
        gate = gate_dict(report)
        if gate is not None:
            summary["check"] = gate
        out.append(_line(summary))
        return "".join(out)
