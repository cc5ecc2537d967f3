"""Report files as bytes: a formatter's own bytes when it writes them, else its text in UTF-8."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe_cli.cli.common import emit
from dedupe_cli.format import OutputFormat, RenderOptions, get_formatter, render_bytes
from dedupe_cli.model import Report
from dedupe_cli.scan import scan
from tests.conftest import SEED_B


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_the_bytes_of_a_report_are_its_text_in_utf8(fmt: OutputFormat, tmp_path: Path) -> None:
    report = Report(scan([SEED_B]))
    formatter = get_formatter(fmt)
    data = render_bytes(formatter, report, RenderOptions())
    assert data == formatter.render(report, RenderOptions()).encode("utf-8")
    emit(data, tmp_path / "report")
    emit(formatter.render(report, RenderOptions()), tmp_path / "text")
    assert (tmp_path / "report").read_bytes() == (tmp_path / "text").read_bytes() == data


class _Own:
    def render(self, report: Report, options: RenderOptions) -> str:
        return "text \udcff"

    def render_bytes(self, report: Report, options: RenderOptions) -> bytes:
        return b"own bytes"


def test_a_formatter_that_writes_bytes_is_taken_at_its_word() -> None:
    report = Report(scan([SEED_B]))
    assert render_bytes(_Own(), report, RenderOptions()) == b"own bytes"


def test_a_lone_surrogate_is_written_as_its_escape(tmp_path: Path) -> None:
    class Text(_Own):
        render_bytes = None  # type: ignore[assignment]

    assert render_bytes(Text(), Report(scan([SEED_B])), RenderOptions()) == b"text \\udcff"
    emit("text \udcff", tmp_path / "report")
    assert (tmp_path / "report").read_bytes() == b"text \\udcff"


@pytest.mark.parametrize("cached", [False, True])
def test_report_pieces_are_its_bytes_even_around_findings_kept_as_json(cached: bool, tmp_path: Path) -> None:
    from dedupe_cli.format import render_pieces
    from dedupe_cli.options import ScanOptions

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = 'A line that holds the mark \x00findings\x00 and a quote " in the shared paragraph text.'
    body = "\n\n".join(SEED_B.read_text().split("\n\n")[:6])
    for n in range(3):  # JSON Lines: a NUL stands in a text only there
        record = {"id": f"s{n}", "title": f"Story {n}", "text": f"{hostile}\n\n{body}"}
        (corpus / f"a{n}.jsonl").write_text(json.dumps(record) + "\n")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache") if cached else None)
    scan([corpus], options)
    report = Report(scan([corpus], options))  # with a cache: every finding's JSON read back from the state
    assert report.scan.findings
    for fmt in OutputFormat:
        formatter = get_formatter(fmt)
        pieces = render_pieces(formatter, report, RenderOptions())
        assert b"".join(pieces) == render_bytes(formatter, report, RenderOptions())
        if fmt == OutputFormat.JSON:
            assert (len(pieces) > 1) == cached  # written around the kept findings only when there are some
            assert b"\\u0000findings\\u0000" in b"".join(pieces)  # the mark's look-alike, escaped, in a finding
        emit(pieces, tmp_path / "report")
        assert (tmp_path / "report").read_bytes() == b"".join(pieces)
