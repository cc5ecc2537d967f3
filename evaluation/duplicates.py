"""Recall and precision of the duplicate scan against ``duplicate_pairs`` truth.

Recall: the share of true pairs (Jaccard >= 0.8, and >= 0.5) the scan reports.
Precision: the share of reported pairs whose true Jaccard, recomputed with the truth's own definition, is >= 0.5.
A unit is (file, text): an identical paragraph repeated inside one file counts once, as in the truth.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

from dedupe_cli.options import MatchOptions, ScanOptions
from dedupe_cli.scan import scan


def _words(paragraph: str) -> list[str]:
    text = unicodedata.normalize("NFKC", paragraph).casefold()
    return re.sub(r"[^\w\s]", " ", text).split()


def _shingles(ws: list[str], k: int = 5) -> set[str]:
    return {" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)}


def true_jaccard(a: str, b: str) -> float:
    """The Jaccard of two paragraphs exactly as the truth files define it."""
    sa, sb = _shingles(_words(a)), _shingles(_words(b))
    if not sa and not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def evaluate_corpus(corpus: Path, options: ScanOptions | None = None) -> dict[str, float]:
    """Scan one corpus's articles and score the reported pairs against its truth."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = scan([corpus / "articles"], options)
    seconds = time.perf_counter() - started
    rel = {a.path: Path(a.path).resolve().relative_to(corpus.resolve()).as_posix() for a in result.articles}

    reported: dict[frozenset[tuple[str, str]], float] = {}
    for (ai, pi), (bi, qi), score in result.graph.unit_pairs():
        a, b = result.articles[ai], result.articles[bi]
        ua = (rel[a.path], a.paragraphs[pi].text)
        ub = (rel[b.path], b.paragraphs[qi].text)
        if ua != ub:
            reported[frozenset((ua, ub))] = score
    true_pairs = {
        frozenset(((p["a"]["file"], p["a"]["text"]), (p["b"]["file"], p["b"]["text"]))): p["jaccard"]
        for p in truth["duplicate_pairs"]
    }
    high = [key for key, j in true_pairs.items() if j >= 0.8]
    mid = [key for key, j in true_pairs.items() if j >= 0.5]
    correct = 0
    for key in reported:
        (_, ta), (_, tb) = tuple(key)
        correct += true_jaccard(ta, tb) >= 0.5
    return {
        "articles": len(result.articles),
        "paragraphs": result.paragraph_count,
        "true_pairs_ge_0.8": len(high),
        "true_pairs_ge_0.5": len(mid),
        "reported_pairs": len(reported),
        "recall_ge_0.8": sum(k in reported for k in high) / len(high) if high else 1.0,
        "recall_ge_0.5": sum(k in reported for k in mid) / len(mid) if mid else 1.0,
        "precision": correct / len(reported) if reported else 1.0,
        "seconds": seconds,
    }


def run(data: Path) -> str:
    """Evaluate every corpus of ``data`` that has ``duplicate_pairs`` truth."""
    lines = []
    for corpus in sorted(p for p in data.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        if "duplicate_pairs" not in truth:
            continue
        m = evaluate_corpus(corpus)
        lines.append(
            f"{corpus.name}: {m['articles']} articles, {m['paragraphs']} paragraphs, "
            f"{m['reported_pairs']} pairs reported in {m['seconds']:.2f} s\n"
            f"  recall @J>=0.8 {m['recall_ge_0.8']:.4f} ({m['true_pairs_ge_0.8']} true pairs)\n"
            f"  recall @J>=0.5 {m['recall_ge_0.5']:.4f} ({m['true_pairs_ge_0.5']} true pairs)\n"
            f"  precision (true J>=0.5) {m['precision']:.4f}"
        )
        lines.append("  threshold sweep (reported pairs / recall@0.5 / precision):")
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            opts = ScanOptions(match=MatchOptions(threshold=threshold, lsh_threshold=min(0.3, threshold * 0.6)))
            s = evaluate_corpus(corpus, opts)
            lines.append(
                f"    {threshold:.1f}: {s['reported_pairs']:5d} / {s['recall_ge_0.5']:.4f} / {s['precision']:.4f}"
            )
    return "\n".join(lines) or "no corpus with duplicate_pairs"
