"""``python -m bench [--sizes 10k,100k,1M]``: speed, memory and recall, written to docs/benchmarks.md.

Per size, on one generated corpus (bench/corpus.py) and as whole processes: ``dedupe
scan`` cold (empty cache), ``dedupe scan`` warm after 1% of the files changed, the
plain datasketch pipeline and rensa (bench/peers.py). Peers slower than five minutes
are run only up to ``--peer-max`` paragraphs (said in the table).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import templated
from bench.corpus import Corpus, generate, parse_size
from bench.measure import measure_command as measure

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def truth_of(corpus: Corpus) -> list[tuple[str, int, str, int]]:
    """Planted pairs at or above the scan's threshold (0.5)."""
    out = []
    for line in corpus.truth.read_text().splitlines():
        a, la, b, lb, j, _kind = line.split("\t")
        if float(j) >= 0.5:
            out.append((a, int(la), b, int(lb)))
    return out


def recall_scan(report: Path, corpus: Corpus, truth: list[tuple[str, int, str, int]]) -> float:
    """Share of planted pairs with both places in one finding."""
    doc = json.loads(report.read_text())
    where: dict[tuple[str, int], set[int]] = {}
    for n, finding in enumerate(doc["findings"]):
        for m in finding["members"]:
            rel = Path(m["path"]).resolve().relative_to(corpus.root.resolve()).as_posix()
            for line in range(m["line_start"], m["line_end"] + 1):
                where.setdefault((rel, line), set()).add(n)
    hit = sum(1 for a, la, b, lb in truth if where.get((a, la), set()) & where.get((b, lb), set()))
    return hit / len(truth) if truth else 1.0


def recall_pairs(pairs: Path, truth: list[tuple[str, int, str, int]]) -> float:
    """Share of planted pairs among a peer's candidate pairs."""
    found = set()
    for line in pairs.read_text().splitlines():
        a, la, b, lb = line.split("\t")
        found.add(frozenset(((a, int(la)), (b, int(lb)))))
    hit = sum(1 for a, la, b, lb in truth if frozenset(((a, la), (b, lb))) in found)
    return hit / len(truth) if truth else 1.0


def change_files(corpus: Corpus, share: float = 0.01) -> dict[Path, bytes]:
    """Append a new paragraph to ``share`` of all the files, taken evenly from those without planted pairs;
    return the originals."""
    planted = {p for line in corpus.truth.read_text().splitlines() for p in line.split("\t")[0:3:2]}
    every = sorted(corpus.root.rglob("*.txt"))
    files = [p for p in every if p.relative_to(corpus.root).as_posix() not in planted]
    count = min(len(files), max(1, round(share * len(every))))
    originals = {}
    for n, path in enumerate(files[int(k * len(files) / count)] for k in range(count)):
        originals[path] = path.read_bytes()
        extra = f"\nUpdate {n}: this article was changed after publication to add a correction of its figures.\n"
        path.write_bytes(originals[path] + extra.encode())
    return originals


def median_of(runs: int, prepare: Callable[[], None], cmd: list[str]) -> dict[str, Any]:
    """The run of median wall time among ``runs`` runs of ``cmd`` (``prepare`` before each); all walls kept."""
    results = []
    for _ in range(max(1, runs)):
        prepare()
        results.append(measure(cmd))
    results.sort(key=lambda m: m.get("wall", 0.0))
    middle: dict[str, Any] = dict(results[len(results) // 2])
    middle["walls"] = [m.get("wall", 0.0) for m in results]
    return middle


def spread(m: dict[str, Any]) -> str:
    """The smallest and largest wall time of repeated runs."""
    walls = m.get("walls") or [m.get("wall", 0.0)]
    return f"{min(walls):.1f}-{max(walls):.1f}"


def _restore(kept: Path, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(kept, cache)


def machine() -> str:
    """CPU, cores, RAM, Python and package versions, load."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    mem = next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    pkgs = ", ".join(f"{p} {version(p)}" for p in ("dedupe-cli", "datasketch", "rensa", "numpy"))
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(mem) // 2**20} GiB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {pkgs}"
    )


def row(name: str, size: str, m: dict[str, float], corpus: Corpus, recall: float) -> str:
    wall = m.get("wall", 0.0) or 1e-9
    return (
        f"| {name} | {size} | {m.get('wall', 0):.1f} | {corpus.paragraphs / wall:,.0f} | "
        f"{corpus.bytes / 2**20 / wall:.1f} | {m.get('peak_rss_mb', 0):.0f} | {m.get('tree_rss_mb', 0):.0f} | "
        f"{recall:.4f} |"
    )


def main() -> None:
    """Run the benchmark and write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="10k,100k,1M", help="corpus sizes in paragraphs, e.g. 10k,100k")
    parser.add_argument("--peer-max", default="100k", help="largest size the datasketch peer runs at")
    parser.add_argument("--jobs", default="0", help="--jobs for dedupe scan")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each dedupe measurement (median reported)")
    parser.add_argument("--templated", type=int, default=8000, help="lines per templated page (0: not measured)")
    args = parser.parse_args()
    dedupe = str(Path(sys.executable).parent / "dedupe")
    load_before = os.getloadavg()
    rows, notes = [], []
    for label in args.sizes.split(","):
        n = parse_size(label)
        print(f"[{label}] generating corpus", file=sys.stderr)
        corpus = generate(OUT / f"c{label}", n)
        truth = truth_of(corpus)
        cache = OUT / f"cache-{label}"
        shutil.rmtree(cache, ignore_errors=True)
        report = OUT / f"report-{label}.json"
        scan = [dedupe, "scan", str(corpus.root), "--no-gitignore", "-q", "-f", "json", "-o", str(report)]
        scan += ["--jobs", args.jobs, "--cache-dir", str(cache)]
        print(f"[{label}] dedupe cold x{args.repeat}", file=sys.stderr)
        cold = median_of(args.repeat, functools.partial(shutil.rmtree, cache, ignore_errors=True), scan)
        rows.append(row("dedupe scan, cold", label, cold, corpus, recall_scan(report, corpus, truth)))
        kept = OUT / f"cache-{label}-after-cold"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(cache, kept)
        originals = change_files(corpus)
        try:
            print(f"[{label}] dedupe warm x{args.repeat}", file=sys.stderr)
            warm = median_of(args.repeat, functools.partial(_restore, kept, cache), scan)
            rows.append(row("dedupe scan, warm (1% changed)", label, warm, corpus, recall_scan(report, corpus, truth)))
        finally:
            for path, data in originals.items():
                path.write_bytes(data)
            shutil.rmtree(kept, ignore_errors=True)
        notes.append(
            f"{label}: dedupe cold {spread(cold)} s, warm {spread(warm)} s over {args.repeat} runs (median in the "
            f"table); warm re-scan {cold['wall'] / max(warm['wall'], 1e-9):.1f}x faster than cold"
        )
        for peer in ("rensa", "datasketch"):
            if peer == "datasketch" and n > parse_size(args.peer_max):
                notes.append(f"{label}: datasketch not run (over {args.peer_max}; measured at {args.peer_max})")
                continue
            print(f"[{label}] {peer}", file=sys.stderr)
            pairs = OUT / f"pairs-{peer}-{label}.tsv"
            m = measure([sys.executable, "-m", "bench.peers", peer, str(corpus.root), str(pairs)])
            rows.append(row(f"{peer} pipeline", label, m, corpus, recall_pairs(pairs, truth)))
        print("\n".join(rows), file=sys.stderr)
    if args.templated:
        print(f"[templated] 3 pages of {args.templated} lines, then one more", file=sys.stderr)
        rows += templated.run(args.templated, 3)
        notes.append("templated pages: bench/templated.py (recall: the pairs of lines of one score)")
    write(Path(args.output), rows, notes, load_before, os.getloadavg())


def write(path: Path, rows: list[str], notes: list[str], before: tuple[float, ...], after: tuple[float, ...]) -> None:
    """The results page."""
    header = (
        "| pipeline | paragraphs | seconds | paragraphs/s | MB/s | peak RSS MB (largest process) "
        "| peak RSS MB (process tree) | recall of planted pairs |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    text = f"""# Benchmarks

Measured by `make bench` (`python -m bench`, code in `bench/`) on {time.strftime("%Y-%m-%d %H:%M")}.

Machine: {machine()}. Load average before the run {before[0]:.2f}, after {after[0]:.2f} (the machine is shared).

{header}
{chr(10).join(rows)}

Notes: {"; ".join(notes)}.

"""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text() if path.exists() else ""
    marker = "<!-- analysis -->"
    tail = old[old.index(marker) :] if marker in old else marker + "\n"
    path.write_text(text + tail)


if __name__ == "__main__":
    main()
