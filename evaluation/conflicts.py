"""Conflict detection: precision and recall on rte3-dev, and every conflict found on ecb-dev for reading.

rte3-dev: each ``pairs/<id>/`` (a.md + b.md) is its own two-article input, scanned and
reconciled as one story; a pair is a found contradiction when a ``conflict`` verdict has
members in both files. Scored against the ``contradiction`` label.

ecb-dev: the corpus is scanned once, its truth ``stories`` are the stories, and every
conflict is printed with both sides so that its precision can be judged by reading.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from dedupe_cli.claims import reconcile
from dedupe_cli.model import Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan


def _pair_conflicts(pair: Path, options: ClaimsOptions) -> list[Verdict]:
    files = [pair / "a.md", pair / "b.md"]
    result = scan(files, ScanOptions())
    verdicts = reconcile(result, [Story("s1", tuple(range(len(result.articles))))], options)
    out = []
    for v in verdicts:
        if v.verdict == VerdictKind.CONFLICT:
            sides = {Path(m.path).name for m in v.members}
            if {"a.md", "b.md"} <= sides:
                out.append(v)
    return out


def _score(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"found {tp + fp}: true {tp}, false {fp}, missed {fn}; precision {precision:.3f}  recall {recall:.3f}"


def rte3(data: Path, options: ClaimsOptions | None = None) -> str:
    """Precision and recall of found contradictions on rte3-dev: the whole, the development half (even
    pair ids, the only one whose pairs were read while writing rules) and the held-out half (odd ids)."""
    options = options or ClaimsOptions()
    corpus = data / "rte3-dev"
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    counts: Counter[tuple[str, str]] = Counter()
    subtypes: Counter[tuple[str, str, bool]] = Counter()
    for entry in truth["conflicts"]:
        pair = corpus / Path(entry["a"]["file"]).parent
        found = _pair_conflicts(pair, options)
        gold = entry["label"] == "contradiction"
        half = "odd" if int(entry.get("id", pair.name)) % 2 else "even"
        for subtype in {v.subtype for v in found}:
            subtypes[(subtype, half, gold)] += 1
        outcome = ("tp" if gold else "fp") if found else ("fn" if gold else "tn")
        counts[(half, outcome)] += 1
        counts[("all", outcome)] += 1
    lines = [
        f"rte3-dev: {len(truth['conflicts'])} pairs, {counts[('all', 'tp')] + counts[('all', 'fn')]} contradictions"
    ]
    names = {"all": "whole", "even": "development half (even ids)", "odd": "held-out half (odd ids)"}
    for key, label in names.items():
        lines.append(f"  {label}: " + _score(counts[(key, "tp")], counts[(key, "fp")], counts[(key, "fn")]))
    lines.append("  floor: precision >= 0.5 at recall >= 0.2, on the whole and on each half")
    for subtype in sorted({s for s, _, _ in subtypes}):
        parts = [
            f"{half} true {subtypes[(subtype, half, True)]} / false {subtypes[(subtype, half, False)]}"
            for half in ("even", "odd")
        ]
        lines.append(f"  {subtype}: " + ", ".join(parts))
    return "\n".join(lines)


def ecb(data: Path, options: ClaimsOptions | None = None) -> str:
    """Every conflict found within the truth stories of ecb-dev, both sides shown."""
    options = options or ClaimsOptions()
    corpus = data / "ecb-dev"
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    result = scan([corpus / "articles"], ScanOptions())
    index = {Path(a.path).resolve(): i for i, a in enumerate(result.articles)}
    stories = []
    for n, paths in enumerate(truth["stories"], 1):
        members = tuple(sorted(index[(corpus / p).resolve()] for p in paths if (corpus / p).resolve() in index))
        stories.append(Story(f"story{n}", members))
    verdicts = reconcile(result, stories, options)
    counts = Counter(v.verdict for v in verdicts)
    lines = [
        f"ecb-dev: {len(stories)} stories, {len(result.articles)} articles: "
        + ", ".join(f"{k.value} {counts[k]}" for k in VerdictKind)
    ]
    for v in verdicts:
        if v.verdict != VerdictKind.CONFLICT:
            continue
        flag = " possible update" if v.possible_update else ""
        lines.append(f"- {v.id} {v.subtype}{flag}: {v.reason}")
        for m in v.members:
            lines.append(f"    {Path(m.path).name}:{m.line} [{m.value}] {m.sentence}")
    return "\n".join(lines)


def run(data: Path) -> str:
    """Both measurements, as printed by ``python -m evaluation conflicts``."""
    return rte3(data) + "\n" + ecb(data)
