"""Golden behaviour of the claims engine on the two seed articles (one story, source A and source B)."""

from __future__ import annotations

import pytest

from dedupe_cli.claims import reconcile
from dedupe_cli.model import ScanResult, Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan
from tests.conftest import SEED_A, SEED_B


@pytest.fixture(scope="module")
def seeds() -> tuple[ScanResult, tuple[Verdict, ...]]:
    result = scan([SEED_A, SEED_B], ScanOptions())
    story = Story("s1", tuple(range(len(result.articles))))
    return result, reconcile(result, [story], ClaimsOptions())


def _side(v: Verdict, seed: object) -> list[str]:
    return [m.sentence for m in v.members if m.path.endswith(str(seed).rsplit("/", 1)[-1])]


def _find(verdicts: tuple[Verdict, ...], kind: VerdictKind, text: str) -> list[Verdict]:
    return [v for v in verdicts if v.verdict == kind and any(text in m.sentence for m in v.members)]


def test_the_37_extradited_agree_across_both_sources(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    _, verdicts = seeds
    found = [v for v in _find(verdicts, VerdictKind.AGREE, "37") if v.kind == "quantity"]
    assert len(found) == 1
    v = found[0]
    assert any("37 high-profile cartel operatives" in s for s in _side(v, SEED_A))
    assert any("37 alleged cartel members" in s for s in _side(v, SEED_B))
    assert v.independent_sources == 2


def test_sovereign_decision_quote_agrees(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    _, verdicts = seeds
    found = [v for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quote"]
    assert any("sovereign decision" in v.reason and "Sheinbaum" in " ".join(m.value for m in v.members) for v in found)


def test_pressure_framing_conflicts(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    _, verdicts = seeds
    found = [v for v in verdicts if v.verdict == VerdictKind.CONFLICT and v.subtype == "polarity"]
    assert found
    v = found[0]
    assert _side(v, SEED_A) and _side(v, SEED_B)
    assert "pressure" in v.reason


@pytest.mark.parametrize(
    ("seed", "text"),
    [
        ("A", "to 92"),
        ("B", "third such"),
        ("B", "seven armed"),
        ("B", "50% decrease in fentanyl"),
        ("B", "death penalty will not be pursued"),
    ],
)
def test_single_source_claims(seeds: tuple[ScanResult, tuple[Verdict, ...]], seed: str, text: str) -> None:
    _, verdicts = seeds
    found = _find(verdicts, VerdictKind.SINGLE_SOURCE, text)
    assert found
    assert all(v.independent_sources == 1 for v in found)
    path = SEED_A if seed == "A" else SEED_B
    assert all(m.path.endswith(path.name) for v in found for m in v.members)


def test_no_spurious_conflicts(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    _, verdicts = seeds
    conflicts = [v for v in verdicts if v.verdict == VerdictKind.CONFLICT]
    assert all(v.subtype == "polarity" for v in conflicts)
    for v in conflicts:
        values = " ".join(m.value for m in v.members)
        assert "92" not in values and "2026" not in values
        # both sides in different articles: the repeated block inside B never conflicts with itself
        assert len({m.path for m in v.members}) == len(v.members)


def test_repeated_block_inside_b_is_one_source(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    _, verdicts = seeds
    third = [v for v in verdicts if v.kind == "ordinal"]
    assert third
    assert all(len(v.members) == 1 and v.independent_sources == 1 for v in third)
    lines = [m.line for v in verdicts for m in v.members if m.path.endswith(SEED_B.name)]
    assert not any(line >= 22 for line in lines), "claims from the copied block must not appear twice"


def test_ids_and_fingerprints_are_stable(seeds: tuple[ScanResult, tuple[Verdict, ...]]) -> None:
    result, verdicts = seeds
    again = reconcile(result, [Story("s1", tuple(range(len(result.articles))))], ClaimsOptions())
    assert [v.fingerprint for v in verdicts] == [v.fingerprint for v in again]
    assert len({v.id for v in verdicts}) == len(verdicts)
    assert all(v.reason and v.members for v in verdicts)
