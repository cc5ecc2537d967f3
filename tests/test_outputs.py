"""Where reports go: special files written through, links and modes kept, outputs that would overwrite an
input or each other refused, write failures a one-line error (exit 2), the step summary appended."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.atomic import output_problem, write_bytes_atomic
from dedupe_cli.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A copy of the samples."""
    return Path(shutil.copytree(SAMPLES, tmp_path / "s"))


def _digests(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_bytes_atomic(fifo, [b"one ", b"two"], durable=True)
    reader.join(10)
    assert got == [b"one two"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_is_followed_and_modes_kept(tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link.symlink_to(real.name)
    write_bytes_atomic(link, b"new", durable=True)
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        write_bytes_atomic(tmp_path / "fresh.json", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) == 0o640  # 0o666 less the umask, not 0o600


def test_output_problems_are_told_before_writing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert output_problem(tmp_path) is not None and "is a directory" in str(output_problem(tmp_path))
    assert "is not a folder" in str(output_problem(tmp_path / "file" / "r.json"))
    assert output_problem(tmp_path / "new" / "deeper" / "r.json") is None  # folders are made
    assert output_problem(tmp_path / "file") is None


@pytest.mark.parametrize("command", [["scan"], ["claims"], ["check", "--no-claims", "--exit-zero"]])
def test_an_output_naming_an_input_file_is_refused(corpus: Path, command: list[str]) -> None:
    before = _digests(corpus)
    victim = sorted(corpus.rglob("*.md"))[0]
    option = ["--report", f"json:{victim}"] if command[0] == "check" else ["-o", str(victim)]
    result = runner.invoke(app, [*command, str(corpus), "-q", *option])
    assert result.exit_code == 2, result.output
    assert "is one of the files this command reads" in result.output
    assert _digests(corpus) == before


def test_an_output_beside_the_inputs_that_is_not_read_is_written(corpus: Path) -> None:
    (corpus / ".gitignore").write_text("out.json\n")
    (corpus / "out.json").write_text("{}")
    result = runner.invoke(app, ["scan", str(corpus), "-q", "-f", "json", "-o", str(corpus / "out.json")])
    assert result.exit_code == 0, result.output
    assert (corpus / "out.json").read_text().startswith("{\n")


def test_check_refuses_two_outputs_in_one_file_and_a_report_over_its_baseline(corpus: Path, tmp_path: Path) -> None:
    both = ["--report", f"json:{tmp_path / 'r'}", "--report", f"sarif:{tmp_path / 'r'}"]
    result = runner.invoke(app, ["check", str(corpus), "-q", "--no-claims", *both])
    assert result.exit_code == 2 and "two outputs" in result.output
    baseline = tmp_path / "b.json"
    baseline.write_text('{"accepted": []}')
    over = ["--baseline", str(baseline), "--report", f"json:{baseline}"]
    result = runner.invoke(app, ["check", str(corpus), "-q", "--no-claims", *over])
    assert result.exit_code == 2 and "would overwrite the baseline" in result.output
    assert baseline.read_text() == '{"accepted": []}'


def test_an_output_that_cannot_be_written_is_an_error_before_the_scan(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    for args in (["scan", "-o", str(tmp_path)], ["check", "--report", f"json:{tmp_path / 'file' / 'r.json'}"]):
        result = runner.invoke(app, [args[0], str(corpus), "-q", "--no-cache", *args[1:]])
        assert result.exit_code == 2, result.output
        assert "cannot write to" in result.output and "Traceback" not in result.output
    assert not (tmp_path.parent / ".dedupe_cache").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stdout_is_a_one_line_error(corpus: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "dedupe_cli", "scan", str(corpus), "-q", "--no-cache"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert "cannot write the report to stdout" in done.stderr and "Traceback" not in done.stderr


def test_the_step_summary_is_appended_in_place(corpus: Path, tmp_path: Path) -> None:
    real, link = tmp_path / "summary.md", tmp_path / "link.md"
    real.write_bytes(b"earlier step \xff\n")
    real.chmod(0o644)
    link.symlink_to(real.name)
    result = runner.invoke(
        app, ["check", str(corpus), "-q", "--no-claims", "--exit-zero"], env={"GITHUB_STEP_SUMMARY": str(link)}
    )
    assert result.exit_code == 0, result.output
    data = real.read_bytes()
    assert data.startswith(b"earlier step \xff\n\n## dedupe check")
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o644


def test_a_step_summary_pipe_nobody_reads_is_an_error_not_a_wait(corpus: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "summary"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "dedupe_cli", "check", str(corpus), "-q", "--no-claims", "--no-cache", "--exit-zero"],
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(fifo)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "cannot write the step summary" in done.stderr


@pytest.mark.parametrize("cache", [True, False])
def test_a_file_name_that_is_not_utf8_keeps_stdout_valid_utf8(tmp_path: Path, cache: bool) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    text = b"Some article text that is long enough to be a paragraph here for the scan.\n\n"
    (folder / os.fsdecode(b"bad\xff.txt")).write_bytes(text * 2)
    cmd = [
        sys.executable,
        "-m",
        "dedupe_cli",
        "scan",
        str(folder),
        "-q",
        "-f",
        "json",
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"}  # as under the POSIX locale
    done = subprocess.run(cmd if cache else [*cmd, "--no-cache"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout.decode("utf-8"))  # strict: no raw 0xff byte
    paths = {m["path"] for f in doc["findings"] for m in f["members"]}
    assert {os.fsencode(p) for p in paths} == {os.fsencode(str(folder / os.fsdecode(b"bad\xff.txt")))}
