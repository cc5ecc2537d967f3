"""Story grouping on ecb-dev: adjusted Rand index and pairwise precision/recall/F1 against truth ``stories``.

ecb-dev's hard negatives are pairs of stories on one topic (two different celebrities entering rehab): a grouping
that merges by topic scores well on recall and badly on precision. The floor is ARI >= 0.8.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import load_articles
from dedupe_cli.stories import group_stories

CORPUS = "ecb-dev"
#: Thresholds shown around the default, to show how sensitive the grouping is.
SWEEP = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def _comb2(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand_index(truth: Sequence[int], predicted: Sequence[int]) -> float:
    """The adjusted Rand index (Hubert and Arabie 1985) of two labelings of the same items."""
    pairs = Counter(zip(truth, predicted, strict=True))
    sum_cells = sum(_comb2(c) for c in pairs.values())
    sum_truth = sum(_comb2(c) for c in Counter(truth).values())
    sum_pred = sum(_comb2(c) for c in Counter(predicted).values())
    expected = sum_truth * sum_pred / _comb2(len(truth)) if len(truth) > 1 else 0.0
    maximum = (sum_truth + sum_pred) / 2
    if maximum == expected:
        return 1.0
    return (sum_cells - expected) / (maximum - expected)


def pairwise_scores(truth: Sequence[int], predicted: Sequence[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of items put in one group."""
    together_truth = {(i, j) for i, j in combinations(range(len(truth)), 2) if truth[i] == truth[j]}
    together_pred = {(i, j) for i, j in combinations(range(len(truth)), 2) if predicted[i] == predicted[j]}
    both = len(together_truth & together_pred)
    precision = both / len(together_pred) if together_pred else 1.0
    recall = both / len(together_truth) if together_truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(data: Path, threshold: float) -> tuple[float, float, float, float, int, int]:
    """(ARI, precision, recall, F1, stories found, stories in truth) on ecb-dev at ``threshold``."""
    corpus = data / CORPUS
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    label = {path: n for n, story in enumerate(truth["stories"]) for path in story}
    files = sorted(corpus / p for p in label)
    articles, _ = load_articles(files, ScanOptions(), NullListener())
    stories = group_stories(articles, ClaimsOptions(story_threshold=threshold))
    found = {i: n for n, story in enumerate(stories) for i in story.articles}
    truth_labels = [label[Path(a.path).relative_to(corpus).as_posix()] for a in articles]
    predicted = [found[i] for i in range(len(articles))]
    ari = adjusted_rand_index(truth_labels, predicted)
    return (ari, *pairwise_scores(truth_labels, predicted), len(stories), len(truth["stories"]))


def run(data: Path) -> str:
    """The figures at the default threshold, then a sweep of thresholds."""
    default = ClaimsOptions().story_threshold
    lines = [f"{CORPUS}: story grouping (document tf-idf cosine, average link)"]
    lines.append("threshold  ARI    precision  recall  F1     stories (truth)")
    for threshold in sorted({default, *SWEEP}):
        ari, p, r, f1, found, expected = score(data, threshold)
        mark = " *" if threshold == default else ""
        lines.append(f"{threshold:<9.2f}  {ari:.3f}  {p:.3f}      {r:.3f}   {f1:.3f}  {found} ({expected}){mark}")
    lines.append("* the default --story-threshold; floor: ARI >= 0.8")
    return "\n".join(lines)
