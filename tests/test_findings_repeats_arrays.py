"""Repeats inside one article, found on arrays (dedupe_cli/repeats.py), are exactly those the pair-by-pair
code they replaced found: that code is kept below verbatim (as methods of FindingBuilder) and
both are run on generated corpora of repeated blocks, headings between them, near-copies and
copies across files, and on a templated page."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli.findings import FindingBuilder, _Span
from dedupe_cli.format.json import finding_dict
from dedupe_cli.graphs import components
from dedupe_cli.model import Finding, FindingKind
from dedupe_cli.options import ScanOptions
from dedupe_cli.scan import scan

# ---- the code before (d8e55bf), verbatim ---------------------------------------------------------


def _same_article_pairs(self: FindingBuilder) -> dict[int, list[tuple[int, int]]]:
    by_group: dict[int, dict[int, list[int]]] = {}
    unit_places = self._places()
    groups = self.graph.groups
    home = np.full(len(groups), -1, dtype=np.int64)  # per group, its one article (-1: several, or none)
    # articles in the order they are first met, group by group (the order findings come out in)
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for g in self._matched_groups():
        members = groups[g]
        if len(members) == 1:  # most matched groups: one paragraph with an edge
            article, index = unit_places[members[0]]
            by_group[g] = {article: [index]}
            home[g] = article
            pairs.setdefault(article, [])
            continue
        places: dict[int, list[int]] = defaultdict(list)
        for u in members:
            article, index = unit_places[u]
            places[article].append(index)
        by_group[g] = places
        if len(places) == 1:
            home[g] = article
        for article, indices in places.items():
            pairs[article].extend((a, b) for n, a in enumerate(indices) for b in indices[n + 1 :])
    edges = self._edge_array()
    # an edge between groups that each stand in one article pairs nothing unless it is the same one
    ends = home[edges]
    maybe = (ends[:, 0] < 0) | (ends[:, 1] < 0) | (ends[:, 0] == ends[:, 1])
    for g, h in edges[maybe].tolist():
        first, second = by_group[g], by_group[h]
        for article in first.keys() & second.keys():
            pairs[article].extend((min(a, b), max(a, b)) for a in first[article] for b in second[article])
    return pairs


def _internal_repeats(self: FindingBuilder) -> list[Finding]:
    found: list[tuple[FindingKind, list[_Span]]] = []
    for article, pairs in _same_article_pairs(self).items():
        if not pairs:
            continue
        blocks: list[list[int]] = []  # [first_i, last_i, first_j, last_j]
        for i, j in sorted(set(pairs), key=lambda p: (p[1] - p[0], p[0])):
            last = blocks[-1] if blocks else None
            if (
                last is not None
                and j - i == last[2] - last[0]
                and i < last[2]
                and self._short_between(article, last[1], i)
                and self._short_between(article, last[3], j)
                and self._gap_alike(article, last[1], i, last[3])
            ):
                last[1], last[3] = i, j
            else:
                blocks.append([i, i, j, j])
        # a block repeated n times gives one finding of n places, not n * (n - 1) / 2 pairs
        spans = sorted({(fi, li) for fi, li, _, _ in blocks} | {(fj, lj) for _, _, fj, lj in blocks})
        number = {span: n for n, span in enumerate(spans)}
        joined = [(number[(fi, li)], number[(fj, lj)]) for fi, li, fj, lj in blocks]
        label = components(len(spans), np.array(joined, dtype=np.int64).reshape(-1, 2)).tolist()
        places: dict[int, list[_Span]] = defaultdict(list)
        for span, n in number.items():
            places[label[n]].append(_Span(article, *span))
        found.extend((FindingKind.INTERNAL_REPEAT, group) for group in places.values())
    return self._findings(found)


# ---- generated corpora ----------------------------------------------------------------------------


def _paragraph(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(rng.choice(vocab) for _ in range(rng.randrange(8, 16))) + "."


def _edited(rng: random.Random, text: str, vocab: list[str]) -> str:
    words = text.rstrip(".").split()
    for _ in range(rng.randrange(0, 3)):
        words[rng.randrange(len(words))] = rng.choice(vocab)
    return " ".join(words) + "."


def _corpus(root: Path, seed: int) -> None:
    """Files of paragraphs and short headings, with blocks repeated inside a file (exactly, edited, with
    the headings between them repeated or not), paragraphs repeated many times, and copies across files."""
    rng = random.Random(seed)
    vocab = [f"w{n}" for n in range(rng.choice([12, 40, 200]))]
    shared: list[str] = []
    for f in range(rng.randrange(3, 9)):
        units: list[str] = []
        for _ in range(rng.randrange(5, 40)):
            roll = rng.random()
            if roll < 0.15:
                units.append(f"## Part {rng.randrange(4)}")  # short: matches nothing on its own
            elif roll < 0.35 and units:
                start = rng.randrange(len(units))
                block = units[start : start + rng.randrange(1, 5)]
                for u in block:  # a paragraph perhaps edited, a heading perhaps another
                    if u.startswith("#"):
                        units.append(u if rng.random() < 0.5 else f"## Chapter {rng.randrange(9)} of the story")
                    else:
                        units.append(_edited(rng, u, vocab) if rng.random() < 0.3 else u)
            elif roll < 0.45 and shared:
                units.append(_edited(rng, rng.choice(shared), vocab))
            else:
                units.append(_paragraph(rng, vocab))
                if rng.random() < 0.2:
                    shared.append(units[-1])
        (root / f"a{f}.md").write_text("\n\n".join(units) + "\n")


def _report(root: Path) -> list[dict[str, object]]:
    return [finding_dict(f) for f in scan([root], ScanOptions(jobs=1)).findings]


@pytest.mark.parametrize("seed", range(40))
def test_repeats_on_arrays_equal_the_pair_by_pair_code(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path, seed)
    now = _report(tmp_path)
    monkeypatch.setattr(FindingBuilder, "_internal_repeats", _internal_repeats)
    assert now == _report(tmp_path)


def test_a_templated_page_gives_the_repeats_of_the_pair_by_pair_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(4)
    lines = [f"Team {i} scored {rng.randint(1, 9)} points in the match on the field." for i in range(300)]
    (tmp_path / "page.txt").write_text("\n\n".join(lines) + "\n")
    (tmp_path / "copy.txt").write_text("\n\n".join(lines[::-3]) + "\n")
    now = _report(tmp_path)
    assert sum(f["kind"] == "internal_repeat" for f in now) >= 9  # a finding per score and page at least
    monkeypatch.setattr(FindingBuilder, "_internal_repeats", _internal_repeats)
    assert now == _report(tmp_path)
