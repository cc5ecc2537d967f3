"""Report files as bytes: a formatter's own bytes when it writes them, else its text in UTF-8."""

from __future__ import annotations

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
