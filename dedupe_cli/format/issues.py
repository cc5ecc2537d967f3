"""The report as a flat list of issues, for the formats that annotate places (SARIF, GitHub, JUnit, Markdown).

An issue is a finding or a claims conflict with a primary location (the copy, or
the place in a changed file) and the other places it stands. Its message is plain,
control-free, one-line text; each format escapes it for its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dedupe_cli.model import Finding, FindingKind, Report, Verdict, VerdictKind
from dedupe_cli.policy import CONFLICT, finding_key, verdict_key
from dedupe_cli.sanitize import excerpt, strip_controls

#: Every rule an issue can break, with its short description.
RULES: dict[str, str] = {
    FindingKind.INTERNAL_REPEAT.value: "A block of text is repeated inside one article.",
    FindingKind.CROSS_ARTICLE.value: "A paragraph or block is shared by two or more articles.",
    FindingKind.BOILERPLATE.value: "Recurring text in many articles of one source.",
    CONFLICT: "Articles of one story make conflicting claims.",
}

_TITLES = {
    FindingKind.INTERNAL_REPEAT.value: "Repeated inside one article",
    FindingKind.CROSS_ARTICLE.value: "Shared across articles",
    FindingKind.BOILERPLATE.value: "Boilerplate",
    CONFLICT: "Conflicting claims",
}


@dataclass(frozen=True)
class Location:
    """A place an issue stands: a path as reports show it and a 1-based inclusive line range."""

    path: str
    line_start: int
    line_end: int
    note: str = ""

    def label(self) -> str:
        """``path:line`` or ``path:start-end`` (control-free)."""
        lines = str(self.line_start) if self.line_start == self.line_end else f"{self.line_start}-{self.line_end}"
        return f"{strip_controls(self.path)}:{lines}"


@dataclass(frozen=True)
class Issue:
    """One finding or conflict, ready to annotate.

    Attributes:
        key: the baseline key, ``kind:fingerprint``.
        kind: the rule: a finding kind or ``conflict``.
        title: the rule's short title.
        message: one line of plain text: what, where else, and an excerpt.
        locations: the primary location first, then the others.
        similarity: the finding's similarity (None for conflicts).
        failing: whether the issue fails the check.
        excerpt: a short control-free excerpt of the text.
    """

    id: str
    key: str
    kind: str
    title: str
    message: str
    locations: tuple[Location, ...]
    similarity: float | None
    failing: bool
    excerpt: str

    @property
    def fingerprint(self) -> str:
        """The content fingerprint part of the key."""
        return self.key.partition(":")[2]


def _primary(paths: list[str], changed: frozenset[str] | None) -> int:
    if changed:
        for i, path in enumerate(paths):
            if path in changed:
                return i
    return len(paths) - 1


def _finding_issue(finding: Finding, report: Report, limit: int) -> Issue:
    changed = report.gate.changed_paths if report.gate else None
    members = list(finding.members)
    first = _primary([m.path for m in members], changed)
    order = [members[first], *(m for i, m in enumerate(members) if i != first)]
    locations = tuple(
        Location(m.path, m.line_start, m.line_end, "original" if m is members[0] else "copy") for m in order
    )
    others = ", ".join(loc.label() for loc in locations[1:])
    text = excerpt(finding.members[0].text, limit)
    kind = finding.kind.value
    message = f"{_TITLES[kind]} (similarity {finding.similarity:.2f}); also at {others}: \u201c{text}\u201d"
    key = finding_key(finding)
    failing = report.gate is not None and key in report.gate.failing
    return Issue(finding.id, key, kind, _TITLES[kind], message, locations, finding.similarity, failing, text)


def _verdict_issue(verdict: Verdict, report: Report, limit: int) -> Issue:
    changed = report.gate.changed_paths if report.gate else None
    members = list(verdict.members)
    first = _primary([m.path for m in members], changed) if members else 0
    order = [members[first], *(m for i, m in enumerate(members) if i != first)] if members else []
    locations = tuple(Location(m.path, m.line, m.line, strip_controls(m.source)) for m in order)
    says = "; ".join(
        f"{strip_controls(m.source) or 'a source'} ({Location(m.path, m.line, m.line).label()}): "
        f"\u201c{excerpt(m.sentence, limit // 2)}\u201d"
        for m in verdict.members
    )
    subtype = f" ({strip_controls(verdict.subtype)})" if verdict.subtype else ""
    reason = f" {excerpt(verdict.reason, limit)}." if verdict.reason else ""
    message = f"{_TITLES[CONFLICT]}{subtype}:{reason} {says}"
    key = verdict_key(verdict)
    failing = report.gate is not None and key in report.gate.failing
    text = excerpt(verdict.members[0].sentence, limit) if verdict.members else ""
    return Issue(verdict.id, key, CONFLICT, _TITLES[CONFLICT], message, locations, None, failing, text)


def issues(report: Report, limit: int = 160) -> list[Issue]:
    """The findings and claim conflicts of ``report``, worst first: failing, then most similar.

    ``limit`` caps each excerpt's length.
    """
    found = [_finding_issue(f, report, limit) for f in report.scan.findings]
    if report.claims is not None:
        found.extend(
            _verdict_issue(v, report, limit) for v in report.claims.verdicts if v.verdict == VerdictKind.CONFLICT
        )
    return sorted(found, key=lambda i: (not i.failing, -(i.similarity or 1.0), i.kind, i.key))


def gate_dict(report: Report) -> dict[str, Any] | None:
    """The check's outcome as a JSON-ready dict (None outside ``dedupe check``)."""
    gate = report.gate
    if gate is None:
        return None
    return {
        "passed": gate.passed,
        "fail_on": list(gate.fail_on),
        "failing": len(gate.failing),
        "baselined": gate.baselined,
        "filtered": gate.filtered,
        "changed_paths": sorted(gate.changed_paths) if gate.changed_paths is not None else None,
    }
