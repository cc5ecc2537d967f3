"""The Python lines run in given files while a block runs: a measure of work that does not depend on the
machine's speed or load (the tests time nothing; speed is for ``make bench``)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any


@contextlib.contextmanager
def lines_run(files: set[str]) -> Iterator[list[int]]:
    """Count, in the list yielded (one number), the lines run in ``files`` while the block runs."""
    lines = [0]

    def local(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            lines[0] += 1
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename in files else None

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield lines
    finally:
        sys.settrace(old)
