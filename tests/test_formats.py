"""The output-format registry: every format of the enum is handled and renders a scan."""

from __future__ import annotations

import pytest

from dedupe_cli.format import OutputFormat, RenderOptions, get_formatter
from dedupe_cli.model import Report
from dedupe_cli.scan import scan
from tests.conftest import SEED_B


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_is_handled_and_renders(fmt: OutputFormat) -> None:
    report = Report(scan([SEED_B]))
    text = get_formatter(fmt).render(report, RenderOptions())
    assert isinstance(text, str) and text.strip()
    assert "22" in text  # the repeated block's line is in every format
