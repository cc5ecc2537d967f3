"""Pausing Python's cyclic garbage collector around allocation-heavy stages.

A scan of a million paragraphs holds millions of objects. Each full collection that
the allocations of a stage trigger walks all of them (about 0.5 s each at 1M
paragraphs), although the scan makes no reference cycles worth collecting.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic garbage collection paused for the block (left as it was when already paused)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
