"""A warm re-scan's findings as a :class:`FindingList`: the kept ones left as columns, read as findings
only when asked, and every shortcut the report and the scan state take agreeing with the objects."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from dedupe_cli.findinglist import FindingList, KeptFinding, with_fragments
from dedupe_cli.format.json import finding_fragment
from dedupe_cli.model import FindingKind, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.scan import scan

_BOILER = "Comments on this story are closed; read our community guidelines before you post again today."


def _text(n: int, topic: int) -> str:
    return " ".join(f"t{topic}w{(n * 7 + i * 3) % 97}" for i in range(16)) + "."


def _write(root: Path, name: str, paragraphs: list[str]) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Title {path.stem}\n\n" + "\n\n".join(paragraphs) + "\n")


@pytest.fixture
def scans(tmp_path: Path) -> tuple[ScanResult, ScanResult, Path]:
    """A warm scan after one file changed (its findings reused), the cold scan of the same files,
    and the corpus."""
    root = tmp_path / "corpus"
    for n in range(12):  # every kind: copies across articles, repeats inside one, boilerplate of one source
        body = [_text(n, 1), _text(n % 3, 2), _text(n, 3)]
        if n % 4 == 0:
            body.append(body[0])
        _write(root, f"src{n % 2}/a{n:02d}.txt", [*body, _BOILER])
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([root], options)
    _write(root, "src0/a00.txt", [_text(50, 1), _text(0, 2), _text(3, 3), _BOILER])
    warm = scan([root], options)
    cold = scan([root], ScanOptions(jobs=1))
    return warm, cold, root


def test_a_warm_scan_keeps_its_findings_as_columns_and_equals_a_cold_scan(
    scans: tuple[ScanResult, ScanResult, Path],
) -> None:
    warm, cold, _ = scans
    assert isinstance(warm.findings, FindingList)
    assert {f.kind for f in cold.findings} == set(FindingKind)
    assert warm.findings == cold.findings and cold.findings == warm.findings
    assert warm.findings != cold.findings[:-1]
    assert any(isinstance(f, KeptFinding) for f in warm.findings)


def test_the_shortcuts_agree_with_the_findings_as_objects(scans: tuple[ScanResult, ScanResult, Path]) -> None:
    warm, cold, _ = scans
    findings = warm.findings
    assert isinstance(findings, FindingList)
    for kind in FindingKind:
        assert findings.kind_count(kind) == warm.count(kind) == sum(f.kind is kind for f in cold.findings)
    assert findings.ids() == [f.id for f in cold.findings]
    views = findings.fragment_views()
    assert [bytes(v) if v is not None else None for v in views] == [
        bytes(v) if (v := f.fragment_view()) is not None else None for f in findings
    ]


def test_one_finding_is_read_without_making_them_all(scans: tuple[ScanResult, ScanResult, Path]) -> None:
    warm, cold, _ = scans
    findings = warm.findings
    assert isinstance(findings, FindingList)
    items = [findings[n] for n in range(len(findings))]  # each one alone, before the list is made
    assert findings._items is None
    assert items == list(cold.findings)
    assert findings[-1] == cold.findings[-1]
    assert findings[1:3] == tuple(cold.findings[1:3])
    with pytest.raises(IndexError):
        findings[len(findings)]


def test_the_state_sees_which_findings_are_kept(scans: tuple[ScanResult, ScanResult, Path]) -> None:
    warm, _, _ = scans
    findings = warm.findings
    assert isinstance(findings, FindingList)
    columns = findings._columns
    numbers = findings.numbers_in(columns)
    for finding, number in zip(findings, numbers.tolist(), strict=True):
        assert number == (finding.__dict__["_n"] if isinstance(finding, KeptFinding) else -1)
    assert 0 < (numbers >= 0).sum() < len(findings)  # kept ones and built ones
    assert (findings.numbers_in(None) == -1).all()


def test_json_fragments_are_added_to_the_built_findings_only(scans: tuple[ScanResult, ScanResult, Path]) -> None:
    warm, _, _ = scans
    assert isinstance(warm.findings, FindingList)
    findings = warm.findings.with_built(lambda f: replace(f, fragment=None))  # as refind gives them
    assert isinstance(findings, FindingList)
    written = with_fragments(findings)
    assert isinstance(written, FindingList) and written == findings
    built = 0
    for before, after in zip(findings, written, strict=True):
        if isinstance(before, KeptFinding):
            assert isinstance(after, KeptFinding) and after.fragment == before.fragment
        else:
            built += 1
            assert before.fragment is None and after.fragment == finding_fragment(before) is not None
    assert built


def test_it_pickles_as_a_tuple(scans: tuple[ScanResult, ScanResult, Path]) -> None:
    warm, cold, _ = scans
    again = pickle.loads(pickle.dumps(warm.findings))
    assert isinstance(again, tuple) and again == tuple(cold.findings)
