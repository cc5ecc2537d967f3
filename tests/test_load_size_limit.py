"""The input size limit (``--max-file-size``, ``max-file-size``, ``DEDUPE_MAX_FILE_SIZE``).

A file over the limit is skipped with a warning before any of it is read, a ``.gz`` file is
decompressed only until its text passes the limit (a gzip bomb never expands), the run goes
on with the other files, and the scan state never serves what a scan under another limit read.
Memory is measured with :mod:`tracemalloc` (what Python allocated), never with a clock.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dedupe_cli import early, procpool
from dedupe_cli.cli import app
from dedupe_cli.config import Config, ConfigError, resolve
from dedupe_cli.load import Loaded, load_file
from dedupe_cli.model import ScanResult
from dedupe_cli.options import LoadOptions, ScanOptions
from dedupe_cli.scan import scan
from dedupe_cli.sizes import format_size, parse_size

runner = CliRunner()
KIB = 1024
MIB = 1024 * KIB
VOCAB = [f"w{i}" for i in range(3000)]


def text_of(size: int, seed: int = 0) -> bytes:
    """An article of exactly ``size`` bytes: paragraphs of random words (no two share a 5-gram), padded."""
    rng = random.Random(seed)
    out = b""
    while len(out) < size:
        out += (" ".join(rng.choice(VOCAB) for _ in range(30)) + ".\n\n").encode()
    return out[: size - 1] + b"\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """news/small.txt (2 KiB) and news/big.txt (6 KiB)."""
    write(tmp_path / "news" / "small.txt", text_of(2 * KIB, seed=1))
    write(tmp_path / "news" / "big.txt", text_of(6 * KIB, seed=2))
    return tmp_path / "news"


def _names(paths: Iterator[str] | list[str]) -> list[str]:
    return sorted(Path(p).name for p in paths)


def _peak(action: Callable[[], object]) -> int:
    """The most memory Python held at once while ``action`` ran, above what it held before."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


# --- the limit when loading -------------------------------------------------------------------


def test_a_file_over_the_limit_is_skipped_with_a_warning_and_the_others_scanned(folder: Path) -> None:
    result = scan([folder], ScanOptions(load=LoadOptions(max_file_size=4 * KIB)))
    assert _names([a.path for a in result.articles]) == ["small.txt"]
    [problem] = result.problems
    assert Path(problem.path).name == "big.txt" and problem.severity.value == "warning"
    assert "file too large: 6 KiB, over the 4 KiB limit, skipped" in problem.message
    assert "--max-file-size" in problem.message


def test_the_cli_warns_naming_the_file_its_size_and_the_limit_and_exits_as_before(folder: Path) -> None:
    result = runner.invoke(app, ["scan", str(folder), "--no-cache", "--max-file-size", "4K", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["articles"] == 1
    warning = " ".join(result.stderr.split())
    assert "big.txt: warning: file too large: 6 KiB, over the 4 KiB limit, skipped" in warning
    assert "raise --max-file-size to read it; 0: no limit" in warning
    failing = runner.invoke(app, ["scan", str(folder), "--no-cache", "-q", "--max-file-size", "4K", "--fail-on", "any"])
    assert failing.exit_code == 0  # a warning: no finding, no error
    only_big = runner.invoke(app, ["scan", str(folder / "big.txt"), "--no-cache", "-q", "--max-file-size", "4K"])
    assert only_big.exit_code == 2 and "no articles found" in only_big.stderr  # as for any file skipped


def test_a_file_exactly_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", text_of(5000))
    assert path.stat().st_size == 5000
    at = load_file(path, "a.txt", LoadOptions(max_file_size=5000))
    assert len(at.documents) == 1 and not at.problems
    under = load_file(path, "a.txt", LoadOptions(max_file_size=4999))
    assert not under.documents and "file too large: 4.9 KiB (5000 bytes), over the 4.9 KiB (4999 bytes) limit" in (
        under.problems[0].message
    )
    cli = runner.invoke(app, ["scan", str(path), "--no-cache", "-f", "json", "--max-file-size", "5000"])
    assert cli.exit_code == 0 and json.loads(cli.stdout)["summary"]["articles"] == 1


def test_zero_means_no_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", text_of(64 * KIB))
    loaded = load_file(path, "a.txt", LoadOptions(max_file_size=0))
    assert len(loaded.documents) == 1 and not loaded.problems
    for value in ("0", "0MiB", "0.0G"):
        cli = runner.invoke(app, ["scan", str(path), "--no-cache", "-f", "json", "--max-file-size", value])
        assert cli.exit_code == 0 and json.loads(cli.stdout)["summary"]["articles"] == 1, cli.stderr
    gz = write(tmp_path / "b.txt.gz", gzip.compress(text_of(64 * KIB, seed=3)))
    assert len(load_file(gz, "b.txt.gz", LoadOptions(max_file_size=0)).documents) == 1


def test_the_default_is_256_mib_and_a_larger_file_is_not_read_at_all(tmp_path: Path) -> None:
    """A sparse file one byte over the default: skipped by its size, with no byte of it read (reading it would
    take 256 MiB, and would report a binary file)."""
    assert LoadOptions().max_file_size == Config().max_file_size == 256 * MIB
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(256 * MIB + 1)
    found: list[Loaded] = []
    peak = _peak(lambda: found.append(load_file(path, "huge.txt", LoadOptions())))
    assert peak < MIB
    [problem] = found[0].problems
    assert "file too large: 256.0 MiB (268435457 bytes), over the 256 MiB limit" in problem.message


def test_the_scan_with_a_cache_does_not_read_a_file_over_the_limit(tmp_path: Path) -> None:
    """With a cache the scan's workers read files themselves (to hash them): not one over the limit."""
    write(tmp_path / "news" / "small.txt", text_of(2 * KIB))
    with (tmp_path / "news" / "huge.txt").open("wb") as handle:
        handle.truncate(64 * MIB)
    options = ScanOptions(load=LoadOptions(max_file_size=MIB), jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([write(tmp_path / "warm" / "a.txt", text_of(2 * KIB))], options)  # imports and first-use caches
    results: list[ScanResult] = []
    peak = _peak(lambda: results.append(scan([tmp_path / "news"], options)))
    assert peak < 32 * MIB  # reading the file would take 64 MiB
    [result] = results
    assert _names([a.path for a in result.articles]) == ["small.txt"]
    assert "file too large: 64 MiB, over the 1 MiB limit" in result.problems[0].message


@pytest.mark.parametrize("name", ["a.md", "a.json", "a.jsonl", "a.html", "a.txt.gz", "a.md.gz"])
def test_every_format_is_bounded(tmp_path: Path, name: str) -> None:
    words = text_of(6 * KIB).decode().strip()
    content = {
        "a.md": f"---\ntitle: T\n---\n\n{words}\n",
        "a.json": json.dumps({"text": words}),
        "a.jsonl": json.dumps({"text": words}) + "\n",
        "a.html": f"<html><body><article><p>{words}</p></article></body></html>",
    }.get(name.removesuffix(".gz"), words).encode()
    path = write(tmp_path / name, gzip.compress(content) if name.endswith(".gz") else content)
    limit = 4 * KIB
    skipped = load_file(path, name, LoadOptions(max_file_size=limit))
    assert not skipped.documents and "file too large" in skipped.problems[0].message
    assert "4 KiB limit" in skipped.problems[0].message
    read = load_file(path, name, LoadOptions(max_file_size=len(content)))
    assert read.documents and not any("too large" in p.message for p in read.problems)


# --- gzip ------------------------------------------------------------------------------------


def _bomb(path: Path, members: int) -> Path:
    """A gzip file of ``members`` members, each 1 MiB of ``a`` (about 1 KiB compressed)."""
    member = gzip.compress(b"a" * MIB, compresslevel=9)
    return write(path, member * members)


def test_a_gzip_bomb_is_skipped_and_its_decompression_stops_at_the_limit(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.txt.gz", 128)  # 128 MiB of text in about 130 KiB
    assert path.stat().st_size < MIB
    found: list[Loaded] = []
    peak = _peak(lambda: found.append(load_file(path, "bomb.txt.gz", LoadOptions(max_file_size=MIB))))
    assert peak < 8 * MIB  # the whole text would take 128 MiB
    [problem] = found[0].problems
    assert "file too large: its text passes the 1 MiB limit once decompressed" in problem.message
    assert f"from {format_size(path.stat().st_size, exact=False)} of gzip" in problem.message
    assert "--max-file-size" in problem.message


def test_a_gzip_bomb_in_a_scan_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    _bomb(tmp_path / "news" / "bomb.txt.gz", 8)
    write(tmp_path / "news" / "small.txt", text_of(2 * KIB))
    for cache in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")]):
        result = runner.invoke(app, ["scan", str(tmp_path / "news"), *cache, "-f", "json", "--max-file-size", "1M"])
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        assert doc["summary"]["articles"] == 1
        assert [Path(p["path"]).name for p in doc["problems"]] == ["bomb.txt.gz"]
        assert "passes the 1 MiB limit once decompressed" in doc["problems"][0]["message"]


def test_gzip_content_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    text = text_of(3000)
    path = write(tmp_path / "a.txt.gz", gzip.compress(text))
    assert len(load_file(path, "a.txt.gz", LoadOptions(max_file_size=3000)).documents) == 1
    over = load_file(path, "a.txt.gz", LoadOptions(max_file_size=2999))
    assert not over.documents and "passes the 2.9 KiB (2999 bytes) limit once decompressed" in over.problems[0].message


def test_a_multi_member_gzip_and_a_broken_one_read_as_before(tmp_path: Path) -> None:
    one, two = text_of(3000, seed=1), text_of(3000, seed=2)
    path = write(tmp_path / "a.txt.gz", gzip.compress(one) + gzip.compress(two))
    [doc] = load_file(path, "a.txt.gz", LoadOptions(max_file_size=6000)).documents
    assert doc.body == (one + two).decode().replace("\r", "")
    cut = write(tmp_path / "b.txt.gz", gzip.compress(one)[:-20])
    assert "not a valid gzip file" in load_file(cut, "b.txt.gz", LoadOptions()).problems[0].message


def test_a_gzip_file_itself_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt.gz", gzip.compress(os.urandom(8 * KIB)))  # incompressible
    loaded = load_file(path, "a.txt.gz", LoadOptions(max_file_size=4 * KIB))
    assert "file too large: 8.0 KiB" in loaded.problems[0].message and "over the 4 KiB limit" in (
        loaded.problems[0].message
    )


# --- sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("0", 0),
        ("1", 1),
        (4096, 4096),
        ("268435456", 256 * MIB),
        ("1K", 1024),
        ("1k", 1024),
        ("1KiB", 1024),
        ("1kib", 1024),
        ("1KB", 1000),
        ("1kb", 1000),
        ("256M", 256 * MIB),
        ("256MiB", 256 * MIB),
        ("256 MiB", 256 * MIB),
        ("500MB", 500_000_000),
        ("2G", 2 * 1024**3),
        ("2GiB", 2 * 1024**3),
        ("2GB", 2_000_000_000),
        ("1.5G", 3 * 1024**3 // 2),
        ("1.5GB", 1_500_000_000),
        (".5K", 512),
        ("100B", 100),
        (" 7 ", 7),
        ("1T", 1024**4),
    ],
)
def test_sizes_parse(text: str | int, size: int) -> None:
    assert parse_size(text) == size
    assert resolve([], env={"DEDUPE_MAX_FILE_SIZE": str(text)}, isolated=True).config.max_file_size == size


@pytest.mark.parametrize("text", ["", "abc", "-1", -1, "1.5", "1e3", "0x10", "K", "1 K B", "5 PB", 1.5, True, None])
def test_bad_sizes_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match="expected a whole number of bytes or a number with a unit"):
        parse_size(text)
    if isinstance(text, str):
        with pytest.raises(ConfigError, match="DEDUPE_MAX_FILE_SIZE: expected a whole number of bytes"):
            resolve([], env={"DEDUPE_MAX_FILE_SIZE": text}, isolated=True)


def test_an_absurd_size_is_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        parse_size("9999999999T")
    with pytest.raises(ConfigError, match="DEDUPE_MAX_FILE_SIZE: '9999999999T' is too large"):
        resolve([], env={"DEDUPE_MAX_FILE_SIZE": "9999999999T"}, isolated=True)


# --- settings: command line, environment, file -------------------------------------------------


def test_the_setting_comes_from_the_file_the_environment_and_the_command_line(tmp_path: Path) -> None:
    (tmp_path / ".dedupe.toml").write_text('max-file-size = "1GiB"\n', encoding="utf-8")
    assert resolve([tmp_path], env={}).config.max_file_size == 1024**3
    assert resolve([tmp_path], env={}).config.load_options().max_file_size == 1024**3
    env = {"DEDUPE_MAX_FILE_SIZE": "2M"}
    resolved = resolve([tmp_path], env=env)
    assert resolved.config.max_file_size == 2 * MIB and resolved.sources["max_file_size"] == "DEDUPE_MAX_FILE_SIZE"
    assert resolve([tmp_path], cli={"max_file_size": 0}, env=env).config.max_file_size == 0
    (tmp_path / ".dedupe.toml").write_text("max-file-size = 4096\n", encoding="utf-8")
    assert resolve([tmp_path], env={}).config.max_file_size == 4096
    assert resolve([], env={}, isolated=True).config.max_file_size == 256 * MIB


def test_the_cli_wins_over_the_environment_over_the_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def articles(*extra: str) -> int:
        result = runner.invoke(app, ["scan", str(folder), "--no-cache", "-q", "-f", "json", *extra])
        assert result.exit_code == 0, result.stderr
        return int(json.loads(result.stdout)["summary"]["articles"])

    (folder / ".dedupe.toml").write_text('max-file-size = "4K"\n', encoding="utf-8")
    assert articles() == 1
    monkeypatch.setenv("DEDUPE_MAX_FILE_SIZE", "8K")
    assert articles() == 2
    assert articles("--max-file-size", "3K") == 1
    monkeypatch.delenv("DEDUPE_MAX_FILE_SIZE")
    assert articles("--isolated") == 2


def test_dedupe_config_lists_the_setting_with_its_origin(tmp_path: Path) -> None:
    (tmp_path / ".dedupe.toml").write_text('max-file-size = "1.5G"\n', encoding="utf-8")
    lines = runner.invoke(app, ["config", str(tmp_path)]).stdout.splitlines()
    [line] = [line for line in lines if line.startswith("max-file-size")]
    assert line.split("#")[0].strip() == 'max-file-size = "1536MiB"' and line.rstrip().endswith(".dedupe.toml")
    default = runner.invoke(app, ["config", "--isolated"]).stdout
    assert 'max-file-size = "256MiB"' in default


@pytest.mark.parametrize("command", ["scan", "check", "claims", "index add", "index query"])
def test_a_bad_value_on_the_command_line_is_a_one_line_error(command: str, folder: Path, tmp_path: Path) -> None:
    extra = ["--index", str(tmp_path / "i.db")] if command.startswith("index") else ["--no-cache"]
    result = runner.invoke(app, [*command.split(), str(folder), *extra, "--max-file-size", "lots"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: --max-file-size: expected a whole number of bytes") and "'lots'" in line


@pytest.mark.parametrize("command", ["scan", "check", "claims", "index add", "index query"])
def test_a_bad_value_in_the_environment_is_a_one_line_error(
    command: str, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEDUPE_MAX_FILE_SIZE", "-5")
    extra = ["--index", str(tmp_path / "i.db")] if command.startswith("index") else ["--no-cache"]
    result = runner.invoke(app, [*command.split(), str(folder), *extra])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: environment: DEDUPE_MAX_FILE_SIZE: expected") and "'-5'" in line


@pytest.mark.parametrize("value", ['"big"', "-1", "1.5", "true", '""'])
def test_a_bad_value_in_the_file_is_an_error_naming_the_file_and_key(folder: Path, value: str) -> None:
    (folder / ".dedupe.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.dedupe\.toml: max-file-size: expected a whole number"):
        resolve([folder], env={})
    result = runner.invoke(app, ["scan", str(folder), "--no-cache"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert ".dedupe.toml: max-file-size: expected" in line


# --- the scan state ---------------------------------------------------------------------------


def test_the_scan_state_never_serves_a_reading_under_another_limit(folder: Path, tmp_path: Path) -> None:
    """The same files, untouched, and the same --cache-dir: a file skipped under a small limit is read under a
    larger one, and skipped again under the small one (each limit keys its own state)."""
    cache = tmp_path / "cache"

    def run(limit: str) -> tuple[int, list[str]]:
        result = runner.invoke(
            app, ["scan", str(folder), "--cache-dir", str(cache), "-f", "json", "--max-file-size", limit]
        )
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        return doc["summary"]["articles"], [Path(p["path"]).name for p in doc["problems"]]

    assert run("4K") == (1, ["big.txt"])
    assert run("4K") == (1, ["big.txt"])  # from the state: the warning is kept with the file
    assert run("8K") == (2, [])
    assert run("8K") == (2, [])
    assert run("4K") == (1, ["big.txt"])
    assert run("0") == (2, [])
    states = sorted(p.name for p in cache.iterdir() if p.name.startswith("state-"))
    assert len(states) == 3  # 4K, 8K and no limit


# --- the index ------------------------------------------------------------------------------


def test_index_add_and_query_skip_files_over_the_limit(folder: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")

    def add(*extra: str) -> dict[str, Any]:
        result = runner.invoke(app, ["index", "add", str(folder), "--index", db, "-f", "json", *extra])
        assert result.exit_code == 0, result.stderr
        doc: dict[str, Any] = json.loads(result.stdout)
        return doc

    doc = add("--max-file-size", "4K")
    assert doc["indexed"]["articles"] == 1
    assert [Path(p["path"]).name for p in doc["problems"]] == ["big.txt"]
    assert "file too large: 6 KiB, over the 4 KiB limit" in doc["problems"][0]["message"]
    doc = add()  # the default limit: both are read
    assert doc["summary"]["added"] == 1 and doc["indexed"]["articles"] == 2 and not doc["problems"]
    query = runner.invoke(
        app, ["index", "query", str(folder), "--index", db, "-f", "json"], env={"DEDUPE_MAX_FILE_SIZE": "3K"}
    )
    assert query.exit_code == 0, query.stderr
    assert [Path(p["path"]).name for p in json.loads(query.stdout)["problems"]] == ["big.txt"]
    assert "3 KiB limit" in query.stderr


# --- the early discovery ------------------------------------------------------------------------


@pytest.mark.skipif(not procpool.available(), reason="no fork here")
def test_the_early_discovery_lists_every_file_and_is_taken_under_the_same_limit_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child begun before the scan keys on the load options, limit included; it lists the files over the
    limit too (they are skipped, with their warning, when read)."""
    monkeypatch.setattr(procpool, "cores", lambda: 2)
    monkeypatch.setattr(early, "_core_free", lambda: True)
    small = LoadOptions(max_file_size=4 * KIB)
    try:
        early.start([folder], small, None, 0)
        found = early.take([folder], small)
        assert found is not None and _names([str(p) for p in found.files]) == ["big.txt", "small.txt"]
        early.start([folder], small, None, 0)
        assert early.take([folder], LoadOptions(max_file_size=8 * KIB)) is None
    finally:
        early.discard()
    result = runner.invoke(app, ["scan", str(folder), "--no-cache", "-j", "2", "-f", "json", "--max-file-size", "4K"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["articles"] == 1
