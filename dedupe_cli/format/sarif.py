"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

One result per finding or conflict: the primary location is the copy (or the place
in a changed file), the other places are related locations, and
``partialFingerprints`` carry the content fingerprint so that viewers follow an issue
across line moves. Messages are plain text inside JSON.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from dedupe_cli import __version__
from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.encode import dumps
from dedupe_cli.format.issues import RULES, Issue, Location, issues
from dedupe_cli.model import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dedupe-cli/dedupe-cli"


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI reference: relative paths stay relative, absolute ones become ``file://``."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, errors="surrogateescape")
    return quote(posix, errors="surrogateescape")  # a name that is not UTF-8: its own bytes, percent-encoded


def _location(loc: Location, n: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(loc.path)},
        "region": {"startLine": max(1, loc.line_start), "endLine": max(1, loc.line_start, loc.line_end)},
    }
    out: dict[str, Any] = {"physicalLocation": physical}
    if n is not None:
        out["id"] = n
        out["message"] = {"text": loc.note or "also here"}
    return out


def _result(issue: Issue, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": issue.kind,
        "ruleIndex": rule_index,
        "level": "error" if issue.failing else "warning",
        "message": {"text": issue.message},
        "locations": [_location(issue.locations[0])] if issue.locations else [],
        "partialFingerprints": {"dedupeFingerprint/v1": issue.fingerprint},
    }
    if len(issue.locations) > 1:
        result["relatedLocations"] = [_location(loc, n) for n, loc in enumerate(issue.locations[1:], start=1)]
    if issue.similarity is not None:
        result["properties"] = {"similarity": round(issue.similarity, 6)}
    return result


class SarifFormatter:
    """Renders a SARIF 2.1.0 log with one run."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The SARIF log as indented JSON."""
        rule_ids = list(RULES)
        rules = [
            {
                "id": rule,
                "name": "".join(part.title() for part in rule.split("_")),
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": "warning"},
            }
            for rule, text in RULES.items()
        ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "dedupe",
                    "version": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "results": [_result(i, rule_ids.index(i.kind)) for i in issues(report, options.max_excerpt)],
        }
        if report.gate is not None:
            run["properties"] = {"passed": report.gate.passed, "baselined": report.gate.baselined}
        log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return dumps(log, default=None) + "\n"
