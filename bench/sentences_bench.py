"""``python -m bench.sentences_bench [--sentences 500,2000,4000]``: sentences of one long paragraph.

pysbd's rules run over the whole text for every sentence they find, so splitting one
paragraph of ``n`` sentences takes time in ``n`` squared. ``dedupe`` gives pysbd a long
paragraph a piece at a time (:func:`dedupe_cli.claims.sentences.pieces`). Measured in the
same run, on the same paragraph (news sentences of the samples, repeated and joined):
:func:`~dedupe_cli.claims.sentences.sentence_spans`, and pysbd given the paragraph whole
(``char_span`` mode, what the spans are checked against in the tests), with whether the two
give the same spans.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import pysbd

from dedupe_cli.claims.sentences import pieces, sentence_spans

ROOT = Path(__file__).resolve().parent.parent


def paragraph(sentences: int, seed: int = 1) -> str:
    """One paragraph of ``sentences`` sentences drawn from the samples' plain paragraphs."""
    found: list[str] = []
    for path in sorted((ROOT / "samples").rglob("*")):
        if path.suffix in {".txt", ".md"}:
            for block in path.read_text(encoding="utf-8").split("\n\n"):
                if len(block.split()) > 8 and not any(q in block for q in "\"“”'‘’"):
                    found.extend(s.strip() + "." for s in block.replace("\n", " ").split(". ") if len(s.split()) > 3)
    rng = random.Random(seed)
    return " ".join(rng.choice(found).rstrip(".") + "." for _ in range(sentences))


def main() -> None:
    """Print one row per size: characters, pieces, seconds of dedupe and of pysbd whole, same spans."""
    parser = argparse.ArgumentParser(prog="python -m bench.sentences_bench")
    parser.add_argument("--sentences", default="500,2000,4000", help="sentences in the paragraph, e.g. 500,4000")
    args = parser.parse_args()
    print("| sentences | characters | pieces | dedupe s | pysbd whole s | same spans |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for n in (int(x) for x in args.sentences.split(",")):
        text = paragraph(n)
        start = time.perf_counter()
        ours = sentence_spans(text)
        mid = time.perf_counter()
        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        whole = [(s.start, s.end) for s in segmenter.segment(text)]
        end = time.perf_counter()
        same = "yes" if ours == whole else "no"
        print(f"| {n:,} | {len(text):,} | {len(pieces(text))} | {mid - start:.2f} | {end - mid:.2f} | {same} |")


if __name__ == "__main__":
    main()
