"""The policy of ``dedupe check``: which findings and conflicts are reported, and which fail.

Every finding and every claim conflict is an *item* with a stable key,
``kind:fingerprint`` (a content hash, so editing lines above a duplicate does not
change it). The policy drops items below ``min_similarity``, items that involve no
changed file (when only changes are checked) and items the baseline accepts; what is
left is reported, and the reported items of a ``fail_on`` kind fail the check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from dedupe_cli.model import ClaimsResult, Finding, Gate, Report, Verdict, VerdictKind

#: The kind of a claims conflict, as ``fail_on`` and baselines name it.
CONFLICT = "conflict"


def finding_key(finding: Finding) -> str:
    """The baseline key of a finding: its kind and content fingerprint."""
    return f"{finding.kind.value}:{finding.fingerprint}"


def verdict_key(verdict: Verdict) -> str:
    """The baseline key of a claims verdict: its kind and fingerprint.

    A verdict without a fingerprint gets one from its subtype and sentences, so
    that it is still stable across runs.
    """
    fingerprint = verdict.fingerprint
    if not fingerprint:
        parts = sorted({" ".join(m.sentence.split()) for m in verdict.members})
        digest = hashlib.sha256("\n".join([verdict.subtype, *parts]).encode()).hexdigest()
        fingerprint = digest[:32]
    return f"{verdict.verdict.value}:{fingerprint}"


@dataclass(frozen=True)
class Policy:
    """What ``dedupe check`` reports and fails on.

    Attributes:
        fail_on: the kinds that fail (finding kinds and ``conflict``); empty never fails.
        min_similarity: findings below this similarity are neither reported nor failed.
        baseline: accepted item keys; None when no baseline is used.
        changed: the changed files (resolved paths); None checks every file.
    """

    fail_on: tuple[str, ...]
    min_similarity: float = 0.0
    baseline: frozenset[str] | None = None
    changed: frozenset[Path] | None = None


def _touches(paths: Iterable[str], changed: frozenset[Path]) -> bool:
    return any(Path(p).resolve() in changed for p in paths)


def all_keys(report: Report, min_similarity: float = 0.0) -> frozenset[str]:
    """The keys of every finding at or above ``min_similarity`` and of every conflict (what a baseline records)."""
    keys = {finding_key(f) for f in report.scan.findings if f.similarity >= min_similarity}
    if report.claims is not None:
        keys.update(verdict_key(v) for v in report.claims.verdicts if v.verdict == VerdictKind.CONFLICT)
    return frozenset(keys)


def apply_policy(report: Report, policy: Policy) -> Report:
    """The report of a check: only the items the policy reports, with the :class:`Gate` outcome.

    Claims verdicts other than conflicts are left out: they are not issues.
    """
    filtered = baselined = 0
    changed_display: set[str] = set()

    def keep(key: str, paths: list[str], similarity: float) -> bool:
        nonlocal filtered, baselined
        if similarity < policy.min_similarity:
            filtered += 1
            return False
        if policy.changed is not None:
            if not _touches(paths, policy.changed):
                filtered += 1
                return False
            changed_display.update(p for p in paths if Path(p).resolve() in policy.changed)
        if policy.baseline is not None and key in policy.baseline:
            baselined += 1
            return False
        return True

    findings = tuple(f for f in report.scan.findings if keep(finding_key(f), [m.path for m in f.members], f.similarity))
    claims: ClaimsResult | None = None
    if report.claims is not None:
        verdicts = tuple(
            v
            for v in report.claims.verdicts
            if v.verdict == VerdictKind.CONFLICT and keep(verdict_key(v), [m.path for m in v.members], 1.0)
        )
        claims = replace(report.claims, verdicts=verdicts)
    failing = {finding_key(f) for f in findings if f.kind.value in policy.fail_on}
    if CONFLICT in policy.fail_on and claims is not None:
        failing.update(verdict_key(v) for v in claims.verdicts)
    gate = Gate(
        fail_on=policy.fail_on,
        failing=frozenset(failing),
        baselined=baselined,
        filtered=filtered,
        changed_paths=frozenset(changed_display) if policy.changed is not None else None,
    )
    return Report(scan=replace(report.scan, findings=findings), claims=claims, gate=gate)
