"""Token-level precision, recall and F1 of the HTML loader's text against ``extraction`` truth.

Scored as the article-extraction benchmark does: the bag of tokens of the extracted text against the bag of
tokens of the annotated article body, per page, then averaged over pages.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from dedupe_cli.load import load_file
from dedupe_cli.options import LoadOptions
from dedupe_cli.sign import words


def score(extracted: str, truth: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the tokens of ``extracted`` against those of ``truth``."""
    got, want = Counter(words(extracted)), Counter(words(truth))
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(data: Path) -> str:
    """Evaluate extraction on every corpus of ``data`` with ``extraction`` truth."""
    lines = []
    for corpus in sorted(p for p in data.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        if "extraction" not in truth:
            continue
        scores, failed = [], 0
        started = time.perf_counter()
        for entry in truth["extraction"]:
            path = corpus / entry["file"]
            loaded = load_file(path, entry["file"], LoadOptions())
            text = "\n".join(d.body for d in loaded.documents)
            failed += not loaded.documents
            scores.append(score(text, entry["text"]))
        seconds = time.perf_counter() - started
        n = len(scores)
        p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
        lines.append(
            f"{corpus.name}: {n} pages in {seconds:.1f} s, {failed} without text\n"
            f"  token precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}"
        )
    return "\n".join(lines) or "no corpus with extraction truth"
