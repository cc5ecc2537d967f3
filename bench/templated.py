"""``python -m bench.templated [--lines 8000] [--files 3]``: pages made from one template.

Each file is a results table, one paragraph per line: "Team i scored s points in the
match on the field." with the score ``s`` drawn from 1..120 (fixed seed). Two lines of
one score share 5 of their 9 distinct word 5-grams (Jaccard 0.56, a near-duplicate);
two lines of different scores share 3 of 11 (0.27, below the threshold but close to the
LSH's 0.3, so about half of all pairs share a bucket). The truth is therefore exact: every
two lines of one score, in one file or two, are a pair to find.

Measured as whole processes (``bench.measure``): ``dedupe scan`` cold, then warm after one
more file of the template is added. Prints the table rows and returns them to ``bench``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from bench.measure import measure_command

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
_LINE = "Team {} scored {} points in the match on the field."


def _page(path: Path, lines: int, seed: int) -> list[int]:
    """Write one results page; its scores, line by line."""
    rng = random.Random(seed)
    scores = [rng.randint(1, 120) for _ in range(lines)]
    path.write_text("\n\n".join(_LINE.format(i, s) for i, s in enumerate(scores)) + "\n")
    return scores


def recall(report: Path, root: Path, scores: dict[str, list[int]]) -> float:
    """Share of the pairs of lines of one score (the truth) that stand in one finding together."""
    where: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, finding in enumerate(json.loads(report.read_text())["findings"]):
        for m in finding["members"]:
            name = Path(m["path"]).name
            for line in range(m["line_start"], m["line_end"] + 1):
                where[(name, line)].add(n)
    by_score: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for name, page in scores.items():
        for i, s in enumerate(page):
            by_score[s].append((name, 2 * i + 1))  # a blank line between lines
    found = total = 0
    for places in by_score.values():
        pairs = len(places) * (len(places) - 1) // 2
        total += pairs
        if set.intersection(*(where.get(p, set()) for p in places)):
            found += pairs  # all of them in one finding
            continue
        found += sum(
            1 for k, a in enumerate(places) for b in places[k + 1 :] if where.get(a, set()) & where.get(b, set())
        )
    return found / total if total else 1.0


def run(lines: int, files: int) -> list[str]:
    """Cold and warm rows of the table for ``files`` pages of ``lines`` lines."""
    root = OUT / f"templated-{files}x{lines}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "pages").mkdir(parents=True)
    scores = {f"page{n}.txt": _page(root / "pages" / f"page{n}.txt", lines, n) for n in range(files)}
    cache, report = root / "cache", root / "report.json"
    dedupe = str(Path(sys.executable).parent / "dedupe")
    scan = [dedupe, "scan", str(root / "pages"), "--no-gitignore", "-q", "-f", "json", "-o", str(report)]
    scan += ["--cache-dir", str(cache)]
    rows = []
    for label in ("cold", "warm (one page added)"):
        if label != "cold":
            scores[f"page{files}.txt"] = _page(root / "pages" / f"page{files}.txt", lines, files)
        m = measure_command(scan)
        paragraphs = sum(len(s) for s in scores.values())
        size = sum(p.stat().st_size for p in (root / "pages").iterdir())
        wall = m.get("wall", 0.0) or 1e-9
        rows.append(
            f"| dedupe scan, {label}, templated pages | {len(scores)} x {lines:,} lines | {wall:.1f} | "
            f"{paragraphs / wall:,.0f} | {size / 2**20 / wall:.1f} | {m.get('peak_rss_mb', 0):.0f} | "
            f"{m.get('tree_rss_mb', 0):.0f} | {recall(report, root, scores):.4f} |"
        )
    return rows


def main() -> None:
    """Measure and print the rows."""
    parser = argparse.ArgumentParser(prog="python -m bench.templated")
    parser.add_argument("--lines", type=int, default=8000, help="lines per page")
    parser.add_argument("--files", type=int, default=3, help="pages in the cold scan (the warm one adds one)")
    args = parser.parse_args()
    print("\n".join(run(args.lines, args.files)))


if __name__ == "__main__":
    main()
