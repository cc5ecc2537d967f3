"""A reproducible generator of realistic news-like corpora with planted duplicates.

Articles are plain-text files (a title line, then paragraphs separated by blank lines)
in one folder per source. Words are drawn from a large synthetic vocabulary with
Zipf-Mandelbrot frequencies (frequent words short, rare words long), in sentences of
8 to 22 words. Planted into the corpus, and recorded in ``truth.tsv``:

- ``cross``: one to three consecutive paragraphs of an earlier article copied into a
  later one, edited by word substitutions to a chosen 5-gram Jaccard (1.0 to 0.55);
- ``internal``: a paragraph repeated later in its own article (exact or edited);
- boilerplate: two notices per source appended to about a third of its articles (not
  in the truth file: they are one cluster per source, not pairs).

The Jaccard recorded is measured on the word 5-gram sets of the two paragraphs, the
definition the scan verifies with. The same seed always gives the same corpus.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 4
SOURCES = 25
TARGETS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.55)
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["an", "er", "in", "on", "st", "th", "ch", "sh"]


@dataclass(frozen=True)
class Corpus:
    """A generated corpus on disk."""

    root: Path
    paragraphs: int
    files: int
    bytes: int
    truth: Path


def parse_size(label: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    label = label.strip()
    scale = {"k": 1_000, "m": 1_000_000}.get(label[-1:].lower(), 1)
    return int(float(label[:-1] if scale > 1 else label) * scale)


def _vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        rank = len(words)
        n_syll = 1 + min(4, int(rng.exponential(0.4 + rank / 15000)))
        word = "".join(_SYLLABLES[i] for i in rng.integers(0, len(_SYLLABLES), n_syll))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    """Builds paragraph texts from word ids and keeps the truth."""

    def __init__(self, seed: int, vocab_size: int = 60_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab = _vocabulary(self.rng, vocab_size)
        ranks = np.arange(1, vocab_size + 1, dtype=np.float64)
        p = 1.0 / (ranks + 2.7) ** 1.07
        self.cdf = np.cumsum(p / p.sum())
        self._pool = np.empty(0, dtype=np.int64)

    def draw(self, n: int) -> np.ndarray:
        if self._pool.size < n:
            fresh = np.searchsorted(self.cdf, self.rng.random(max(n, 1 << 20)))
            self._pool = np.concatenate((self._pool, np.minimum(fresh, len(self.vocab) - 1)))
        out, self._pool = self._pool[:n], self._pool[n:]
        return out

    def text(self, ids: np.ndarray) -> str:
        words = [self.vocab[i] for i in ids.tolist()]
        out: list[str] = []
        start = 0
        rng = self.rng
        while start < len(words):
            end = min(len(words), start + int(rng.integers(8, 23)))
            sentence = words[start:end]
            sentence[0] = sentence[0].capitalize()
            if len(sentence) > 6 and rng.random() < 0.4:
                cut = int(rng.integers(3, len(sentence) - 2))
                sentence[cut] += ","
            out.append(" ".join(sentence) + ".")
            start = end
        return " ".join(out)

    def edit(self, ids: np.ndarray, target: float) -> np.ndarray:
        """A copy of ``ids`` with enough substitutions to bring 5-gram Jaccard near ``target``."""
        if target >= 1.0:
            return ids.copy()
        shingles = max(1, ids.size - 4)
        destroyed = shingles * (1 - target) / (1 + target)
        subs = max(1, round(destroyed / 5))
        out = ids.copy()
        positions = self.rng.choice(ids.size, size=min(subs, ids.size), replace=False)
        out[positions] = self.draw(positions.size)
        return out


def jaccard5(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard of the word 5-gram sets of two word-id sequences."""

    def grams(x: np.ndarray) -> set[tuple[int, ...]]:
        xs = x.tolist()
        k = min(5, len(xs))
        return {tuple(xs[i : i + k]) for i in range(len(xs) - k + 1)}

    sa, sb = grams(a), grams(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def generate(root: Path, paragraphs: int, seed: int = 20240601) -> Corpus:
    """Write a corpus of about ``paragraphs`` paragraphs under ``root`` (replaced if present)."""
    manifest = root / "manifest.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text())
        if meta.get("version") == GENERATOR_VERSION and meta.get("seed") == seed and meta["target"] == paragraphs:
            return Corpus(root, meta["paragraphs"], meta["files"], meta["bytes"], root / "truth.tsv")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    w = _Writer(seed)
    rng = w.rng
    boiler = [
        [w.text(w.draw(int(rng.integers(20, 40)))) for _ in range(2)] for _ in range(SOURCES)
    ]  # per source notices
    history: list[tuple[str, int, np.ndarray]] = []  # (path, line, ids) of earlier paragraphs, sampled
    truth: list[str] = []
    written = files = size = 0
    while written < paragraphs:
        source = int(rng.integers(0, SOURCES))
        rel = f"src{source:02d}/a{files:07d}.txt"
        n = int(rng.integers(8, 33))
        paras: list[np.ndarray] = [w.draw(int(rng.integers(50, 115))) for _ in range(n)]
        planted: list[tuple[int, str, int, np.ndarray, float]] = []  # (index, path, line, original ids, J)
        if history and rng.random() < 0.35:
            run = int(rng.integers(1, 4))
            origin = int(rng.integers(0, len(history)))
            target = float(TARGETS[int(rng.integers(0, len(TARGETS)))])
            at = int(rng.integers(0, n))
            for r in range(run):
                if origin + r >= len(history) or history[origin + r][0] != history[origin][0]:
                    break
                o_path, o_line, o_ids = history[origin + r]
                copy = w.edit(o_ids, target)
                paras.insert(at + r, copy)
                planted.append((at + r, o_path, o_line, o_ids, jaccard5(o_ids, copy)))
        if rng.random() < 0.05:
            src = int(rng.integers(0, len(paras)))
            target = float(TARGETS[int(rng.integers(0, 3))])
            copy = w.edit(paras[src], target)
            dst = int(rng.integers(src + 1, len(paras) + 1))
            paras.insert(dst, copy)
            planted = [(i + (i >= dst), p, ln, ids, j) for i, p, ln, ids, j in planted]
            src_line = 3 + 2 * src
            truth.append(f"{rel}\t{src_line}\t{rel}\t{3 + 2 * dst}\t{jaccard5(paras[src], copy):.4f}\tinternal")
        for i, o_path, o_line, _ids, j in planted:
            truth.append(f"{o_path}\t{o_line}\t{rel}\t{3 + 2 * i}\t{j:.4f}\tcross")
        texts = [w.text(p) for p in paras]
        if rng.random() < 0.33:
            texts.extend(boiler[source])
        title = " ".join(x.capitalize() for x in (w.vocab[i] for i in w.draw(int(rng.integers(4, 10))).tolist()))
        body = title + "\n\n" + "\n\n".join(texts) + "\n"
        path = root / rel
        path.parent.mkdir(exist_ok=True)
        data = body.encode()
        path.write_bytes(data)
        for i, p in enumerate(paras):
            if rng.random() < 0.1:
                history.append((rel, 3 + 2 * i, p))
        written += len(texts)
        files += 1
        size += len(data)
    (root / "truth.tsv").write_text("\n".join(truth) + "\n")
    meta = {"version": GENERATOR_VERSION, "seed": seed, "target": paragraphs}
    meta.update(paragraphs=written, files=files, bytes=size)
    manifest.write_text(json.dumps(meta))
    return Corpus(root, written, files, size, root / "truth.tsv")
