"""The claims stage as JSON: the ``dedupe claims`` document (schema: ``dedupe schema claims``)
and the ``stories`` and ``claims`` keys ``dedupe scan --claims`` adds to the scan document.
"""

from __future__ import annotations

from typing import Any

from dedupe_cli import __version__
from dedupe_cli.format.encode import Checked, dumps
from dedupe_cli.model import ClaimsResult, Problem, Report, ScanResult, Verdict

#: The version of the claims document's layout; bump the major part on breaking changes.
CLAIMS_SCHEMA_VERSION = "1.1"


def verdict_dict(verdict: Verdict) -> dict[str, Any]:
    """One reconciled claim as a JSON-ready dict."""
    return {
        "id": verdict.id,
        "story_id": verdict.story_id,
        "verdict": verdict.verdict.value,
        "kind": verdict.kind,
        "subtype": verdict.subtype,
        "reason": verdict.reason,
        "independent_sources": verdict.independent_sources,
        "approximate": verdict.approximate,
        "possible_update": verdict.possible_update,
        "fingerprint": verdict.fingerprint,
        "members": [
            {
                "article_id": m.article_id,
                "path": m.path,
                "source": m.source,
                "line": m.line,
                "sentence": m.sentence,
                "value": m.value,
                "span": list(m.span),
            }
            for m in verdict.members
        ],
    }


def problem_dict(problem: Problem) -> dict[str, Any]:
    """One problem as a JSON-ready dict (the scan document's and the claims document's ``problems``)."""
    return {"path": problem.path, "line": problem.line, "severity": problem.severity.value, "message": problem.message}


def claims_sections(scan: ScanResult, claims: ClaimsResult) -> dict[str, Any]:
    """The ``stories`` (with their articles' paths) and ``claims`` lists."""
    # Checked: only strings, ints, bools and lists and dicts of them (no floats), so the encoder need not walk
    # a large repository's claims again to see that orjson writes them as the standard library does
    return {
        "stories": Checked(
            {"id": story.id, "articles": [scan.articles[i].path for i in story.articles]} for story in claims.stories
        ),
        "claims": Checked(verdict_dict(v) for v in claims.verdicts),
    }


def claims_document(report: Report) -> dict[str, Any]:
    """The ``dedupe claims`` document: versions, parameters, stories, claims, and the run's problems (the
    scan's, then the claims stage's: stories whose claims could not be judged)."""
    claims = report.claims or ClaimsResult((), ())
    return {
        "schema_version": CLAIMS_SCHEMA_VERSION,
        "tool_version": __version__,
        "params": {**report.scan.params, **claims.params},
        **claims_sections(report.scan, claims),
        "problems": [problem_dict(p) for p in report.problems],
    }


class ClaimsJsonFormatter:
    """Renders the claims document as indented JSON (non-ASCII kept as is)."""

    def render(self, report: Report) -> str:
        """The JSON document, ending in a newline."""
        return dumps(claims_document(report)) + "\n"
