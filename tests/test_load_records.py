"""JSON and JSON Lines records: one bad record never costs the others, field types, ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe_cli.load import Loaded, load_file
from dedupe_cli.options import LoadOptions

P = "The central bank raised interest rates by half a point on Tuesday, officials said."
HUGE = "9" * 5000  # past Python's 4300-digit limit on int()


def _load(path: Path) -> Loaded:
    return load_file(path, path.name, LoadOptions())


def _problems(loaded: Loaded) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in loaded.problems]


def test_the_records_of_a_large_json_array_keep_their_lines(tmp_path: Path) -> None:
    # counted from the record before, not from the file's start (that was quadratic: 6 s for these;
    # speed is for the benchmarks, the lines are what this checks)
    f = tmp_path / "big.json"
    f.write_text(json.dumps([{"text": f"{P} {i}"} for i in range(20_000)], indent=1))
    loaded = _load(f)
    assert len(loaded.documents) == 20_000
    assert [d.fixed_line for d in loaded.documents[:3]] == [2, 5, 8]
    assert loaded.documents[-1].fixed_line == 2 + 3 * 19_999


def test_jsonl_huge_integer_costs_no_record_and_warns_where_it_is_used(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(
        f'{{"text": "{P} 1"}}\n{{"text": "{P} 2", "n": {HUGE}}}\n{{"text": "{P} 3", "id": {HUGE}}}\n'
        f'{{"text": "{P} 4"}}\n'
    )
    loaded = _load(f)
    assert [d.id for d in loaded.documents] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4"]
    assert len(loaded.problems) == 1
    line, message = _problems(loaded)[0]
    assert line == 3 and '"id" is a number too long to read' in message and "ignored" in message


def test_jsonl_deeply_nested_line_is_skipped_alone(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(f'{{"text": "{P} 1"}}\n' + "[" * 100_000 + f'\n{{"text": "{P} 3"}}\n')
    loaded = _load(f)
    assert [d.fixed_line for d in loaded.documents] == [1, 3]
    assert _problems(loaded) == [(2, "record nested too deeply to read, skipped")]


def test_json_array_reads_past_a_huge_integer_and_a_deeply_nested_record(tmp_path: Path) -> None:
    f = tmp_path / "list.json"
    deep = "[" * 100_000 + '"]]}{"' + "]" * 100_000  # brackets inside a string do not count
    f.write_text(f'[\n{{"text": "{P} 1", "n": {HUGE}}},\n{deep},\n{{"text": "{P} 3"}}\n]\n')
    loaded = _load(f)
    assert [(d.body, d.fixed_line) for d in loaded.documents] == [(f"{P} 1", 2), (f"{P} 3", 4)]
    assert _problems(loaded) == [(3, "record nested too deeply to read, skipped")]


def test_json_array_with_an_unclosed_deep_record_reports_the_rest_skipped(tmp_path: Path) -> None:
    f = tmp_path / "list.json"
    f.write_text(f'[\n{{"text": "{P} 1"}},\n' + "[" * 100_000 + "\n")
    loaded = _load(f)
    assert [d.fixed_line for d in loaded.documents] == [2]
    assert _problems(loaded) == [(3, "record nested too deeply to read, skipped; rest of the file skipped")]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": ["a", {"b": 2}]}, 'field "title" is an array, not a string or a list of strings; ignored'),
        ({"title": {"x": 1}}, 'field "title" is an object, not a string or a list of strings; ignored'),
        ({"id": False}, 'field "id" is a boolean, not a string or an integer; ignored'),
        ({"id": 1.5}, 'field "id" is a number, not a string or an integer; ignored'),
        ({"source": ["Daily"]}, 'field "source" is an array, not a string or a number; ignored'),
        ({"url": True}, 'field "url" is a boolean, not a string or a number; ignored'),
    ],
)
def test_a_metadata_field_of_the_wrong_type_is_ignored_with_a_warning(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"text": P}) + "\n" + json.dumps({"text": P, **record}) + "\n")
    loaded = _load(f)
    doc = loaded.documents[1]
    assert (doc.id, doc.title, doc.url, doc.source) == ("feed.jsonl:2", "", "", tmp_path.name)
    assert _problems(loaded) == [(2, message)]


@pytest.mark.parametrize("text", [{"x": 1}, [P, [P, None]], 42, True])
def test_a_text_field_of_the_wrong_type_skips_the_record_with_a_warning(tmp_path: Path, text: object) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": P}) + "\n")
    loaded = _load(f)
    assert [d.fixed_line for d in loaded.documents] == [2]
    [(line, message)] = _problems(loaded)
    assert line == 1 and message.startswith('field "text" is ') and message.endswith("; record skipped")


def test_valid_field_types_are_read(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    record = {"text": {"x": 1}, "body": [P, P], "title": ["Rates", "up"], "id": 7, "published": 1700000000}
    f.write_text(json.dumps(record) + "\n")
    loaded = _load(f)
    doc = loaded.documents[0]
    assert (doc.body, doc.title, doc.id, doc.published) == (f"{P}\n\n{P}", "Rates\n\nup", "7", "1700000000")
    assert _problems(loaded) == [(1, 'field "text" is an object, not a string or a list of strings; ignored')]


def test_records_sharing_a_line_get_distinct_ids(tmp_path: Path) -> None:
    f = tmp_path / "min.json"
    line_1 = json.dumps([{"text": P}, {"nope": 1}, {"text": P, "id": "own"}, {"text": P}])[:-1]
    f.write_text(f'{line_1},\n{{"text": "{P}"}}]\n')
    loaded = _load(f)
    assert [d.id for d in loaded.documents] == ["min.json:1", "own", "min.json:1#4", "min.json:2"]
    assert [d.fixed_line for d in loaded.documents] == [1, 1, 1, 2]
