"""Shared test set-up: a plain, fixed-width terminal and paths to the project's samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = SAMPLES / "seeds"
SEED_A = SEEDS / "000_4d574c085c21eb7c.txt"
SEED_B = SEEDS / "003_349bbea392316a4c.txt"
DATA = Path(__file__).resolve().parent / "data"

# typer forces terminal output when GITHUB_ACTIONS or FORCE_COLOR is set; tests need plain text.
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "100"
os.environ.pop("FORCE_COLOR", None)


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(autouse=True)
def _own_working_directory(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in a folder of its own: a command's default cache folder (``.dedupe_cache``) and
    other relative paths never land in the project or carry one test's state into another."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
