"""``python -m bench.stories_bench [--sizes 4000,40000] [--legacy]``: story grouping at scale.

Builds corpora of N articles in a temporary directory by copying ecb-dev's 200 articles
with small perturbations: each copy ``c`` renames every capitalised word (so copy ``c`` of
a story names its own people and places and is a story of its own, as in a real
repository where thousands of events each have a handful of reports) and drops about one
word in ten. The truth is (copy, ecb-dev story), so the adjusted Rand index at scale is
measured too. Per size, in a fresh process, it prints the wall time and the peak RSS of
``group_stories`` (the process's RSS after loading, then its peak), and the ARI.

``--legacy FILE`` runs the grouping of another stories module (e.g. the previous version
taken from git) for a before/after comparison.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "data" / "ecb-dev"
_CAPITAL = re.compile(r"\b([A-Z][a-z]+)\b")
_TAGS = "bcdfghjklmnpqrstvwxz"


def _tag(copy: int) -> str:
    letters = []
    copy += 1
    while copy:
        copy, digit = divmod(copy, len(_TAGS))
        letters.append(_TAGS[digit])
    return "".join(letters)


def build(size: int, out: Path, seed: int = 7) -> dict[str, tuple[int, int]]:
    """Write ``size`` perturbed copies of ecb-dev articles under ``out``; their truth labels by path."""
    truth = json.loads((ECB / "truth.json").read_text(encoding="utf-8"))
    label = {path: n for n, story in enumerate(truth["stories"]) for path in story}
    sources = sorted(label)
    rng = random.Random(seed)
    labels: dict[str, tuple[int, int]] = {}
    for n in range(size):
        copy, index = divmod(n, len(sources))
        tag = _tag(copy)
        text = (ECB / sources[index]).read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        body = _CAPITAL.sub(r"\g<1>" + tag, body)
        words = body.split(" ")
        body = " ".join(w for w in words if "\n" in w or rng.random() > 0.1)
        folder = out / f"c{copy:04d}"
        folder.mkdir(exist_ok=True)
        path = folder / Path(sources[index]).name
        path.write_text(head + "\n---\n" + body, encoding="utf-8")
        labels[str(path)] = (copy, label[sources[index]])
    return labels


def _module(legacy: str | None) -> object:
    if legacy is None:
        import dedupe_cli.stories as module

        return module
    spec = importlib.util.spec_from_file_location("legacy_stories", legacy)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(size: int, legacy: str | None) -> dict[str, float]:
    """Time, memory and ARI of grouping one generated corpus of ``size`` articles (in this process)."""
    from dedupe_cli.options import ClaimsOptions, ScanOptions
    from dedupe_cli.progress import NullListener
    from dedupe_cli.scan import load_articles
    from evaluation.stories import adjusted_rand_index

    with tempfile.TemporaryDirectory() as tmp:
        labels = build(size, Path(tmp))
        articles, _ = load_articles(sorted(Path(p) for p in labels), ScanOptions(), NullListener())
    module = _module(legacy)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    stories = module.group_stories(articles, ClaimsOptions())  # type: ignore[attr-defined]
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = {i: n for n, story in enumerate(stories) for i in story.articles}
    truth = [hash(labels[a.path]) for a in articles]
    ari = adjusted_rand_index(truth, [found[i] for i in range(len(articles))])
    return {"size": size, "wall_s": round(wall, 2), "rss_before_mb": round(before), "peak_rss_mb": round(peak),
            "ari": round(ari, 3), "stories": len(stories)}  # fmt: skip


def main() -> None:
    """Measure each size in a fresh process and print one JSON line per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="4000,40000")
    parser.add_argument("--legacy", default=None, help="a stories module file to measure instead")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.legacy)))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, "-m", "bench.stories_bench", "--one", str(size)]
        cmd += ["--legacy", args.legacy] if args.legacy else []
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        print(res.stdout.strip() or res.stderr.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
