"""The report encoder writes exactly what the standard library's json writes."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
from typing import Any

import pytest

from dedupe_cli.format.encode import Checked, dumps

#: every character: control characters, quotes, backslash, DEL, line separators, non-BMP
ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


class Colour(enum.Enum):
    RED = "red"


class Small(float):
    pass


@dataclasses.dataclass
class Point:
    x: int


def _reference(doc: Any, indent: bool, default: Any = str) -> str:
    if indent:
        return json.dumps(doc, ensure_ascii=False, indent=2, default=default)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=default)


FLOATS = [0.0, -0.0, 1.0, 0.5, 1 / 3, 0.0001, 9.99e-05, 1e-05, 1e-07, 5e-324, 1e16, 1.5e16, 1e300, -2.5, 123456.789]

DOCS: list[Any] = [
    {"text": ALL_CHARS, "empty": {}, "none": [], "nested": [[], {}, [None, True, False]], "n": [-5, 0, 2**63 - 1]},
    {"floats": FLOATS, "rounded": [round(i / 997, 6) for i in range(998)]},
    {"nan": float("nan"), "inf": [float("inf"), -float("inf")]},
    {"big": 2**80},
    {1: "int key", "s": "x"},
    {"enum": Colour.RED},
    {"subclass": Small(0.5)},
    {"dataclass": Point(1)},
    {"when": datetime.datetime(2024, 1, 2, 3, 4, 5)},
    {"surrogate": "a\udc80b"},
    ("tuple", 1, 2.5),
    "just text \n\t\x00",
]


@pytest.mark.parametrize("indent", [True, False])
@pytest.mark.parametrize("doc", DOCS, ids=range(len(DOCS)))
def test_same_text_as_json(doc: Any, indent: bool) -> None:
    assert dumps(doc, indent) == _reference(doc, indent)


@pytest.mark.parametrize("indent", [True, False])
def test_every_rounded_similarity_written_alike(indent: bool) -> None:
    values = [round(i / 1_000_000, 6) for i in range(0, 1_000_001, 7)]
    assert dumps({"s": values}, indent) == _reference({"s": values}, indent)


def test_checked_lists_written_as_lists() -> None:
    doc = {"members": Checked([{"a": 1, "t": "é\x1f"}, {"a": 2, "t": ""}]), "after": [1.0]}
    assert dumps(doc) == _reference(doc, True)
    odd = {"members": Checked([Point(1), Small(0.25)])}  # a builder that vouched wrongly still gets json's text
    assert dumps(odd) == _reference(odd, True)


def test_without_default_unknown_types_raise() -> None:
    with pytest.raises(TypeError):
        dumps({"p": Point(1)}, default=None)


def test_the_claims_document_is_written_as_json_writes_it() -> None:
    # its stories and claims are marked Checked (the encoder does not look into them): true of real verdicts
    from dedupe_cli.format.json_claims import claims_document
    from dedupe_cli.model import Report
    from dedupe_cli.options import ClaimsOptions, ScanOptions
    from dedupe_cli.reconcile import run_claims
    from dedupe_cli.scan import scan
    from tests.conftest import SAMPLES

    result = scan([SAMPLES], ScanOptions(jobs=1))
    doc = claims_document(Report(result, run_claims(result, ClaimsOptions(), jobs=1)))
    assert isinstance(doc["claims"], Checked) and len(doc["claims"]) > 10
    assert dumps(doc) == _reference(doc, True)
