"""The report's articles list kept as JSON text beside each segment of the scan state."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from dedupe_cli.article_json import ARTICLES_FILE, SegmentText
from dedupe_cli.format import RenderOptions, get_formatter, render_bytes
from dedupe_cli.format.base import OutputFormat
from dedupe_cli.model import Report, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.scan import scan
from dedupe_cli.state import state_dir
from tests.conftest import SEEDS

#: Titles that hold what stands between two articles in the document, escaped, and more.
_ODD = ['He said "no"', "a\\b", "ünïcödé ✓", 'x},\n    {\n      "id": "y', "tab\there", ""]


def _feeds(root: Path, items: int = 3) -> None:
    """Plain files and JSON Lines feeds (several articles per file) with odd titles, and an empty file."""
    shutil.copytree(SEEDS, root)
    body = "\n\n".join((SEEDS / "003_349bbea392316a4c.txt").read_text().split("\n\n")[:4])
    for n in range(3):
        records = [
            {"id": f"f{n}-{k}", "title": _ODD[(n + k) % len(_ODD)], "published": f"2024-01-0{k + 1}", "text": body}
            for k in range(items + n)
        ]
        (root / f"feed{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (root / "empty.txt").write_text("")


def _without_kept_text(result: ScanResult) -> bytes:
    return render_bytes(get_formatter(OutputFormat.JSON), Report(dataclasses.replace(result, articles_json=None)), _R)


_R = RenderOptions()


def test_kept_articles_text_is_the_list_the_report_writes(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _feeds(root)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    for round_ in range(3):
        result = scan([root], options)
        assert result.articles_json is not None and result.articles_json() is not None
        kept = render_bytes(get_formatter(OutputFormat.JSON), Report(result), _R)
        assert kept == _without_kept_text(result)
        assert [a["title"] for a in json.loads(kept)["articles"]].count(_ODD[3]) >= 1
        if round_ == 0:  # one feed changes: its segment's text is new, the others' are copied
            (root / "feed1.jsonl").write_text((root / "feed1.jsonl").read_text().replace('"f1-0"', '"f1-new"'))
        elif round_ == 1:  # a file added between others
            shutil.copy(root / "feed0.jsonl", root / "feed0b.jsonl")
    assert list(state_dir(options).glob(f"seg-*/{ARTICLES_FILE}"))


def test_a_damaged_articles_file_is_made_again(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _feeds(root)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    expected = render_bytes(get_formatter(OutputFormat.JSON), Report(first), _R)
    (kept,) = state_dir(options).glob(f"seg-*/{ARTICLES_FILE}")
    good = kept.read_bytes()
    for damaged in (good[:-1], good[:40] + b"\xff" * 8 + good[48:], b"", b"x" * len(good)):
        kept.write_bytes(damaged)
        assert SegmentText.read(kept) is None or damaged == good
        again = scan([root], options)
        assert render_bytes(get_formatter(OutputFormat.JSON), Report(again), _R) == expected
        assert kept.read_bytes() == good  # made again and kept


@pytest.mark.parametrize("count", [0, 1, 5])
def test_segment_text_splits_the_list_article_by_article(count: int) -> None:
    from dedupe_cli.article_json import article_dict
    from dedupe_cli.format.encode import fragment_text

    meta = [(f"id{n}", f"p/{n}.txt", "src", _ODD[n % len(_ODD)], "", "", 1) for n in range(count)]
    text = SegmentText.of(meta, list(range(count)))
    assert text is not None and text.starts.size == count
    for n in range(count):
        item = bytes(text.text[int(text.starts[n]) : int(text.ends[n])])
        assert b"[\n    " + item + b"\n  ]" == fragment_text([article_dict(meta[n], n)], 1)


def test_a_path_orjson_cannot_write_leaves_the_list_to_the_report() -> None:
    meta = [("a", "p/\udcff.txt", "src", "t", "", "", 1)]
    assert SegmentText.of(meta, [2]) is None
