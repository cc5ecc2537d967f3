"""Configuration: discovery by walking up, precedence, unknown keys, --config, --isolated, `dedupe config`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.baseline import BaselineError, read_baseline, render_baseline, update_baseline
from dedupe_cli.cli import app
from dedupe_cli.config import COMMAND_LINE, DEFAULT, Config, ConfigError, find_config_file, resolve
from tests.conftest import SEED_B

runner = CliRunner()


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """repo/pyproject.toml with [tool.dedupe], and repo/news/2024/ below it."""
    (tmp_path / "repo" / "news" / "2024").mkdir(parents=True)
    (tmp_path / "repo" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.dedupe]\nthreshold = 0.7\nfail-on = ["cross_article"]\n'
        'baseline = "ci/baseline.json"\n',
        encoding="utf-8",
    )
    return tmp_path / "repo"


def test_found_by_walking_up_from_the_target(tree: Path) -> None:
    resolved = resolve([tree / "news" / "2024"], env={})
    assert resolved.file == tree / "pyproject.toml"
    assert resolved.config.threshold == 0.7
    assert resolved.config.fail_on == ("cross_article",)
    assert resolved.sources["threshold"].endswith("pyproject.toml")
    assert resolved.sources["seed"] == DEFAULT
    assert Path(resolved.config.baseline or "").resolve() == (tree / "ci" / "baseline.json").resolve()


def test_dedupe_toml_wins_in_its_directory_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dedupe]\nseed = 7\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file(tmp_path / "sub") == tmp_path / "pyproject.toml"
    (tmp_path / ".dedupe.toml").write_text("seed = 9\n", encoding="utf-8")
    assert resolve([tmp_path / "sub"], env={}).config.seed == 9


def test_precedence_cli_over_env_over_file(tree: Path) -> None:
    env = {"DEDUPE_THRESHOLD": "0.8", "DEDUPE_FAIL_ON": "any", "DEDUPE_EXIT_ZERO": "yes"}
    resolved = resolve([tree], cli={"threshold": 0.9}, env=env)
    assert resolved.config.threshold == 0.9 and resolved.sources["threshold"] == COMMAND_LINE
    assert resolved.config.fail_on == ("internal_repeat", "cross_article", "boilerplate", "conflict")
    assert resolved.sources["fail_on"] == "DEDUPE_FAIL_ON"
    assert resolved.config.exit_zero is True


def test_unknown_keys_are_warned_about_by_name(tmp_path: Path) -> None:
    (tmp_path / ".dedupe.toml").write_text("treshold = 0.6\nmin-words = 5\n", encoding="utf-8")
    resolved = resolve([tmp_path], env={})
    assert resolved.config.min_words == 5 and resolved.config.threshold == Config().threshold
    assert len(resolved.warnings) == 1
    assert "'treshold'" in resolved.warnings[0] and "threshold" in resolved.warnings[0].split("mean")[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("threshold = 'high'\n", "threshold"),
        ("threshold = 3\n", "out of range"),
        ("story-threshold = 0\n", "out of range"),
        ("fail-on = ['everything']\n", "unknown kind everything"),
        ("fail-on = ['any', 'bogus']\n", "unknown kind bogus"),
        ("fail-on = ['none', 'conflict']\n", "none cannot be combined"),
        ("min-words = 2.5\n", "integer"),
        ("max-file-size = '12 parsecs'\n", "max-file-size: expected a whole number of bytes"),
        ("threshold = \n", r"toml:1:13: invalid TOML"),
        ("threshold = 0.5\nfail-on = [\n", r"toml:2: invalid TOML: .* at the end"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".dedupe.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        resolve([tmp_path], env={})
    assert ".dedupe.toml" in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"threshold = 0.6\n# \xff\n", r"\.dedupe\.toml:2: invalid TOML: not UTF-8"),
        (b"a = " + b"[" * 3000, "nested too deeply"),
    ],
)
def test_unreadable_toml_names_the_file(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / ".dedupe.toml").write_bytes(data)
    with pytest.raises(ConfigError, match=message):
        resolve([tmp_path], env={})
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("command", "value"), [("scan", "any,bogus"), ("claims", "none,conflict"), ("check", "any,bogus")]
)
def test_fail_on_typos_are_not_hidden_by_any_or_none(command: str, value: str) -> None:
    result = runner.invoke(app, [command, str(SEED_B), "-q", "--no-cache", "--fail-on", value])
    assert result.exit_code == 2, result.output
    assert "bogus" in result.output or "none cannot be combined" in result.output


@pytest.mark.parametrize("command", ["scan", "claims", "check", "index query"])
@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_fail_on_is_an_error_not_a_gate_that_never_fails(command: str, value: str, tmp_path: Path) -> None:
    extra = ["--index", str(tmp_path / "i.db")] if command.startswith("index") else ["--no-cache"]
    result = runner.invoke(app, [*command.split(), str(SEED_B), "-q", *extra, "--fail-on", value])
    assert result.exit_code == 2, result.output
    assert "no kind named" in result.output


def test_an_empty_fail_on_in_the_environment_or_the_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DEDUPE_FAIL_ON: no kind named"):
        resolve([], env={"DEDUPE_FAIL_ON": ""}, isolated=True)
    (tmp_path / ".dedupe.toml").write_text("fail-on = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="fail-on: no kind named"):
        resolve([tmp_path], env={})


def test_bad_environment_value_is_an_error() -> None:
    with pytest.raises(ConfigError, match="DEDUPE_NUM_PERM"):
        resolve([], env={"DEDUPE_NUM_PERM": "lots"}, isolated=True)


def test_explicit_config_and_isolated(tree: Path, tmp_path: Path) -> None:
    other = tmp_path / "ci.toml"
    other.write_text("threshold = 0.55\n", encoding="utf-8")
    assert resolve([tree], config_path=other, env={}).config.threshold == 0.55
    assert resolve([tree], isolated=True, env={}).config.threshold == Config().threshold
    with pytest.raises(ConfigError, match="together"):
        resolve([tree], config_path=other, isolated=True, env={})
    with pytest.raises(ConfigError, match="not found"):
        resolve([tree], config_path=tmp_path / "missing.toml", env={})


def test_config_command_prints_values_and_origins(tree: Path) -> None:
    result = runner.invoke(app, ["config", str(tree)], env={"DEDUPE_MIN_WORDS": "6"})
    assert result.exit_code == 0, result.output
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert lines["threshold"].split("#")[-1].strip().endswith("pyproject.toml")
    assert "0.7" in lines["threshold"]
    assert lines["min-words"].rstrip().endswith("# DEDUPE_MIN_WORDS")
    assert lines["seed"].rstrip().endswith("# default")
    bad = runner.invoke(app, ["config", str(tree), "--config", str(tree / "nope.toml")])
    assert bad.exit_code == 2 and "not found" in bad.output


def test_config_command_warns_on_unknown_key(tmp_path: Path) -> None:
    (tmp_path / ".dedupe.toml").write_text("colour = 'red'\n", encoding="utf-8")
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 0 and "unknown key 'colour'" in " ".join(result.output.split())


def test_baseline_file_is_sorted_one_key_per_line(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    change = update_baseline(path, ["cross_article:bb", "internal_repeat:aa", "conflict:cc"])
    assert change.added == ("conflict:cc", "cross_article:bb", "internal_repeat:aa") and not change.removed
    lines = path.read_text(encoding="utf-8").splitlines()
    keys = [line.strip().rstrip(",").strip('"') for line in lines if line.startswith("    ")]
    assert keys == sorted(keys) and len(keys) == 3
    change = update_baseline(path, ["cross_article:bb", "boilerplate:dd"])
    assert change.added == ("boilerplate:dd",) and change.removed == ("conflict:cc", "internal_repeat:aa")
    assert read_baseline(path) == {"cross_article:bb", "boilerplate:dd"}
    assert render_baseline(["x:1"]) == render_baseline(["x:1", "x:1"])


def test_bad_baseline_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match=r"b\.json:1"):
        read_baseline(bad)
    with pytest.raises(BaselineError, match="not found"):
        read_baseline(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 5000, "nested too deeply"),
        ('{"tool": "someone-else", "version": 1, "accepted": []}', "not a dedupe baseline"),
        ('{"tool": "dedupe", "version": 99, "accepted": []}', "version 99 is not supported"),
        ('{"tool": "dedupe", "version": true, "accepted": []}', "version True is not supported"),
        ('{"tool": "dedupe", "version": "1", "accepted": []}', "version '1' is not supported"),
    ],
)
def test_baseline_of_another_tool_version_or_depth_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        read_baseline(path)
    result = runner.invoke(app, ["check", str(SEED_B), "--no-claims", "-q", "--baseline", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_baseline_without_tool_and_version_is_read(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"accepted": ["cross_article:aa"]}', encoding="utf-8")
    assert read_baseline(path) == {"cross_article:aa"}


def test_scan_reads_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "news" / SEED_B.name
    article.parent.mkdir()
    article.write_bytes(SEED_B.read_bytes())
    (tmp_path / ".dedupe.toml").write_text("min-words = 1000\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["scan", "news", "-q", "--fail-on", "any"]).exit_code == 0  # nothing long enough
    assert runner.invoke(app, ["scan", "news", "-q", "--fail-on", "any", "--isolated"]).exit_code == 1
    assert runner.invoke(app, ["scan", "news", "-q", "--fail-on", "any", "--min-words", "8"]).exit_code == 1
    monkeypatch.setenv("DEDUPE_MIN_WORDS", "8")
    assert runner.invoke(app, ["scan", "news", "-q", "--fail-on", "any"]).exit_code == 1
    bad = runner.invoke(app, ["scan", "news", "-q", "--shingle", "byte"])
    assert bad.exit_code == 2 and "--shingle" in bad.output
