"""Markdown front matter that YAML parses but cannot be used: warned about, the body still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_cli.load import Loaded, load_file
from dedupe_cli.options import LoadOptions
from dedupe_cli.segment import segment

P = "The central bank raised interest rates by half a point on Tuesday, officials said."


def _load(path: Path) -> Loaded:
    return load_file(path, path.name, LoadOptions())


def _write(tmp_path: Path, header: str) -> Path:
    f = tmp_path / "a.md"
    f.write_text(f"---\nsource: Daily\n{header}\n---\n{P}\n")
    return f


@pytest.mark.parametrize(
    ("header", "line", "why"),
    [
        ("title: Rates\ndate: 2024-13-45", 4, "month must be in 1..12"),
        ("title: " + "9" * 5000, 3, "an integer too long to read"),
        ("title: " + "[" * 5000 + "]" * 5000, 3, "nested too deeply"),
        ("title:\n" + "".join(" " * i + "-\n" for i in range(1, 200)) + " " * 200 + "- x", 53, "nested too deeply"),
    ],
)
def test_front_matter_values_that_cannot_be_built_are_ignored(tmp_path: Path, header: str, line: int, why: str) -> None:
    loaded = _load(_write(tmp_path, header))
    assert [(p.line, p.message) for p in loaded.problems] == [(line, f"malformed YAML front matter ({why}), ignored")]
    doc = loaded.documents[0]
    assert (doc.title, doc.published, doc.source) == ("", "", tmp_path.name)
    assert [(p.line_start, p.text) for p in segment(doc).paragraphs] == [(header.count("\n") + 5, P)]


def test_aliases_in_front_matter_are_refused(tmp_path: Path) -> None:
    # a small version of the alias bomb: nine levels of nine aliases are 9**9 nodes
    header = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: *b"
    loaded = _load(_write(tmp_path, header))
    assert [(p.line, p.message) for p in loaded.problems] == [
        (4, "malformed YAML front matter (aliases are not allowed), ignored")
    ]
    assert loaded.documents[0].title == "" and loaded.documents[0].body == P + "\n"


def test_a_list_or_mapping_value_is_ignored_with_its_line(tmp_path: Path) -> None:
    loaded = _load(_write(tmp_path, "id: 12\ntitle: [a, b]\nurl: {x: 1}\ndate: 2024-01-02"))
    assert [(p.line, p.message) for p in loaded.problems] == [
        (4, 'front matter "title" is a list, not a single value; ignored'),
        (5, 'front matter "url" is a mapping, not a single value; ignored'),
    ]
    doc = loaded.documents[0]
    assert (doc.id, doc.title, doc.url, doc.published, doc.source) == ("12", "", "", "2024-01-02", "Daily")
