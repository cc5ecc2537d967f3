"""Whole-behaviour tests of the scan: the seeds' exact findings and golden input/expected pairs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dedupe_cli.format.json import scan_document
from dedupe_cli.model import Finding, FindingKind
from dedupe_cli.scan import scan
from tests.conftest import SEED_A, SEED_B, SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden"


def _places(finding: Finding) -> list[tuple[str, int, int]]:
    return [(Path(m.path).name, m.line_start, m.line_end) for m in finding.members]


def test_seed_b_repeats_are_three_blocks() -> None:
    result = scan([SEED_B])
    name = SEED_B.name
    assert [(f.kind, _places(f)) for f in result.findings] == [
        (FindingKind.INTERNAL_REPEAT, [(name, 1, 1), (name, 11, 11)]),
        (FindingKind.INTERNAL_REPEAT, [(name, 12, 18), (name, 22, 28)]),
        (FindingKind.INTERNAL_REPEAT, [(name, 21, 21), (name, 30, 30)]),
    ]
    headline, body, analysis = result.findings
    assert 0.85 <= headline.similarity < 1.0  # "Headline: " prefix and "**" suffix
    assert body.similarity == 1.0 and analysis.similarity == 1.0


def test_no_finding_between_the_two_seeds() -> None:
    result = scan([SEEDS])
    assert len(result.articles) == 2
    for finding in result.findings:
        assert {m.path for m in finding.members} == {result.articles[1].path}
    assert not any(f.kind == FindingKind.CROSS_ARTICLE for f in result.findings)
    assert scan([SEED_A]).findings == ()


def _normalised(doc: dict, root: Path) -> dict:  # type: ignore[type-arg]
    """The scan document without what varies by run or machine."""
    doc = json.loads(json.dumps(doc))
    doc.pop("tool_version")
    doc.pop("params")
    for article in doc["articles"]:
        article["path"] = Path(article["path"]).relative_to(root).as_posix()
        if article["id"].startswith(str(root)):
            article["id"] = Path(article["id"]).relative_to(root).as_posix()
    for finding in doc["findings"]:
        for m in finding["members"]:
            m["path"] = Path(m["path"]).relative_to(root).as_posix()
            m["article_id"] = m["article_id"].replace(str(root) + "/", "")
    for problem in doc["problems"]:
        problem["path"] = Path(problem["path"]).relative_to(root).as_posix()
    return doc


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_golden(case: str, tmp_path: Path) -> None:
    """Each tests/golden/CASE/input is scanned; the document must equal CASE/expected.json.

    Set DEDUPE_UPDATE_GOLDEN=1 to rewrite expected.json after a deliberate change (then review the diff).
    """
    root = tmp_path / "in"
    shutil.copytree(GOLDEN / case / "input", root)
    doc = _normalised(scan_document(scan([root])), root)
    expected_file = GOLDEN / case / "expected.json"
    if os.environ.get("DEDUPE_UPDATE_GOLDEN"):
        expected_file.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert doc == json.loads(expected_file.read_text(encoding="utf-8"))


def test_a_paragraph_repeated_four_times_is_one_finding_of_four_places(tmp_path: Path) -> None:
    para = "The committee will publish its final report on the harbour project before the end of the summer."
    (tmp_path / "a.txt").write_text("\n\n".join([para, "Other text one here.", para, para, "More.", para]) + "\n")
    result = scan([tmp_path / "a.txt"])
    assert [(f.kind, [m.line_start for m in f.members]) for f in result.findings] == [
        (FindingKind.INTERNAL_REPEAT, [1, 5, 7, 11])
    ]
