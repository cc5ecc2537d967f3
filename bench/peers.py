"""The pipelines a user might pick instead, run as whole processes by the benchmark.

``python -m bench.peers datasketch|rensa CORPUS OUT``: read every ``.txt`` article,
split paragraphs on blank lines, shingle each paragraph into word 5-grams in Python
(the same normalisation as dedupe), build one MinHash per paragraph, insert all into
an LSH index at threshold 0.5 and query every paragraph. The candidate pairs are
written to OUT as ``path line path line`` lines.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

_NONWORD = re.compile(r"[^\w\s]")


def paragraphs(root: Path) -> list[tuple[str, int, str]]:
    """(relative path, line, text) of every paragraph of every article."""
    out = []
    for path in sorted(root.rglob("*.txt")):
        rel = path.relative_to(root).as_posix()
        line = 1
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            if block.strip():
                out.append((rel, line, block))
            line += block.count("\n") + 2
    return out


def shingles(text: str) -> list[str]:
    """Word 5-grams of the normalised text."""
    ws = _NONWORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()
    k = min(5, len(ws))
    return [" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)] if ws else []


def run_datasketch(paras: list[tuple[str, int, str]]) -> list[tuple[int, int]]:
    """One MinHash per paragraph with update_batch, MinHashLSH insert and query."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    for i, (_, _, text) in enumerate(paras):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode() for s in shingles(text)])
        lsh.insert(i, m)
        sketches.append(m)
    return [(i, j) for i, m in enumerate(sketches) for j in lsh.query(m) if i < j]


def run_rensa(paras: list[tuple[str, int, str]]) -> list[tuple[int, int]]:
    """rensa's RMinHash and RMinHashLSH with Python shingling."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=16)
    sketches = []
    for i, (_, _, text) in enumerate(paras):
        m = RMinHash(num_perm=128, seed=1)
        m.update(shingles(text))
        lsh.insert(i, m)
        sketches.append(m)
    return [(i, j) for i, m in enumerate(sketches) for j in lsh.query(m) if i < j]


def main() -> None:
    """Run one peer on one corpus."""
    peer, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    paras = paragraphs(root)
    pairs = run_datasketch(paras) if peer == "datasketch" else run_rensa(paras)
    with out.open("w") as handle:
        for i, j in pairs:
            handle.write(f"{paras[i][0]}\t{paras[i][1]}\t{paras[j][0]}\t{paras[j][1]}\n")


if __name__ == "__main__":
    main()
