"""Files that are not regular files (a pipe, a device behind a link) are skipped with a warning, never read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS


@pytest.mark.parametrize("cache", [True, False])
def test_a_pipe_and_a_device_are_skipped_and_the_rest_scanned(tmp_path: Path, cache: bool) -> None:
    folder = Path(shutil.copytree(SEEDS, tmp_path / "news"))
    os.mkfifo(folder / "pipe.md")  # no writer: opening it to read would wait for ever
    (folder / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    args = [sys.executable, "-m", "dedupe_cli", "scan", str(folder), "-f", "json", "--cache-dir", str(tmp_path / "c")]
    done = subprocess.run(
        [*args] if cache else [*args, "--no-cache"], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "pipe.md: warning: not a regular file" in done.stderr
    assert "zero.txt: warning: not a regular file" in done.stderr
    assert '"internal_repeat"' in done.stdout  # the seeds were scanned
