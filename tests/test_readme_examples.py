"""The README's command examples run as written (in a copy of the samples, in a fresh git repository)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from tests.conftest import ROOT, SAMPLES

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
EXAMPLES = [
    line.split("  #")[0].strip()
    for block in BLOCKS
    for line in block.splitlines()
    if line.strip().startswith(".venv/bin/dedupe ")
]


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10


def test_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "samples"], check=True)
    runner = CliRunner()
    for example in EXAMPLES:
        args = shlex.split(example)[1:]
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (example, result.exception)
        assert result.exit_code in (0, 1), f"{example!r} exited {result.exit_code}:\n{result.output}"
