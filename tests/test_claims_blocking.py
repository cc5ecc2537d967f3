"""Two results pages of one template are compared line with line: past a budget of pairs only claims sharing
a rare word are compared (a fraction of the links and tests), and below it a count's other numbers break the
ties among lines told alike."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from dedupe_cli.claims import blocking, reconcile, statements
from dedupe_cli.model import Story, Verdict
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan

LINES = 150


def _pages(tmp_path: Path) -> list[Path]:
    """Two results pages of one template: line i of each is about district i; a tenth of the counts differ,
    and a tenth of the lines deny what the other page's line asserts."""
    paths = []
    for n in range(2):
        lines = []
        for i in range(LINES):
            votes = 1000 + 37 * i + (5 if n and i % 10 == 3 else 0)
            lines.append(f"The council of district {100 + i} counted {votes} votes on Monday.")
            denied = " not" if n and i % 10 == 7 else ""
            lines.append(f"The mayor of district {100 + i} did{denied} approve the harbour plan for the ward.")
        path = tmp_path / f"p{n}.md"
        body = "\n\n".join(lines)
        path.write_text(f'---\ntitle: "Results"\nsource: "s{n}"\n---\n\n{body}\n', encoding="utf-8")
        paths.append(path)
    return paths


def _conflicts(paths: list[Path]) -> set[tuple[str, int, int]]:
    """The conflicts of the two pages as one story: subtype and the two lines."""
    result = scan(paths, ScanOptions())
    verdicts: Sequence[Verdict] = reconcile(result, [Story("s1", (0, 1))], ClaimsOptions())
    found = set()
    for v in verdicts:
        if v.verdict.value == "conflict":
            lines = {Path(m.path).name: m.line for m in v.members}
            found.add((v.subtype, lines["p0.md"], lines["p1.md"]))
    return found


def _counted(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[int]:
    real, calls = getattr(target, name), [0]

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, counted)
    return calls


#: The conflicts planted in the pages: district i's lines stand at 6 + 4i (its count) and 8 + 4i (its mayor).
PLANTED = {("numeric", 6 + 4 * i, 6 + 4 * i) for i in range(LINES) if i % 10 == 3} | {
    ("polarity", 8 + 4 * i, 8 + 4 * i) for i in range(LINES) if i % 10 == 7
}


def test_pages_past_the_budget_are_compared_line_with_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _pages(tmp_path)
    links = _counted(monkeypatch, importlib.import_module("dedupe_cli.claims.align"), "link")
    tests = _counted(monkeypatch, statements._Read, "conflict")
    monkeypatch.setattr(blocking, "BUDGET", 0)
    monkeypatch.setattr(blocking, "STATEMENTS", 0)
    assert _conflicts(paths) == PLANTED  # each district's lines with each other's, and only those
    assert 0 < links[0] < 5 * LINES and 0 < tests[0] < 5 * LINES  # every pair: 13,501 links, 9,015 tests


def test_pages_compared_pair_by_pair_pair_a_districts_lines_too(tmp_path: Path) -> None:
    # every pair compared (below the budget), lines told alike but for their numbers met other districts'
    # lines: 30 conflicts were found, none of them planted. A count's other numbers now break the tie, and
    # two statements telling numbers, none the same, never conflict.
    assert _conflicts(_pages(tmp_path)) == PLANTED


@pytest.mark.parametrize(("first", "second", "conflicts"), [(12, 12, 1), (12, 40, 0)])
def test_statements_of_other_numbers_do_not_conflict(tmp_path: Path, first: int, second: int, conflicts: int) -> None:
    paths = []
    for n, (district, did) in enumerate(((first, "did not approve"), (second, "approved"))):
        path = tmp_path / f"p{n}.md"
        text = f"The mayor of district {district} {did} the harbour plan for the ward on Monday."
        path.write_text(f'---\ntitle: "Plan"\nsource: "s{n}"\n---\n\n{text}\n', encoding="utf-8")
        paths.append(path)
    assert len(_conflicts(paths)) == conflicts


def test_a_rare_word_pairs_claims_and_a_common_one_does_not() -> None:
    left = [frozenset({"district", "101", "vote"}), frozenset({"district", "vote"})]
    right = [frozenset({"district", "vote", "102"}), frozenset({"101", "district"}), frozenset({"x"})]
    assert blocking.sharing_rare(left, right, rare=2) == [[1], []]  # "vote" is held by 3, "district" by 4: not rare
    assert blocking.sharing_rare(left, right, rare=4) == [[0, 1], [0, 1]]
