"""The pre-commit hook and the composite GitHub Action are well formed, and the action's count step works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dedupe_cli.cli import app
from tests.conftest import ROOT, SEEDS

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_pre_commit_hook_runs_check_on_the_whole_corpus() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "dedupe-check")
    assert hook["entry"] == "dedupe check" and hook["pass_filenames"] is False


def test_action_inputs_reach_the_script_through_the_environment() -> None:
    assert set(ACTION["inputs"]) >= {"paths", "args", "baseline", "fail-on"}
    assert ACTION["runs"]["using"] == "composite"
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    assert "${{" not in step["run"]  # no expression is pasted into the shell script
    for output in ACTION["outputs"].values():
        assert output["value"].startswith("${{ steps.check.outputs.")


def test_action_count_script_reads_a_check_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["check", str(SEEDS), "-q", "--fail-on", "any", "--report", f"jsonl:{report}"])
    assert result.exit_code == 1
    run = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")["run"]
    script = run.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    done = subprocess.run([sys.executable, "-", str(report)], input=script, capture_output=True, text=True, check=True)
    outputs = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert int(outputs["internal_repeat"]) >= 1 and int(outputs["conflict"]) >= 1
    assert int(outputs["failing"]) == int(outputs["reported"])
    missing = subprocess.run([sys.executable, "-", "nope"], input=script, capture_output=True, text=True, check=True)
    assert "failing=0" in missing.stdout
