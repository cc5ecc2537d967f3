"""Start-up: what the CLI imports, and the plain coercion that keeps pydantic out of a run.

A warm re-scan is dominated by start-up, so `import dedupe_cli.cli` and a quiet scan to a
JSON file must not pull in what they never use: rich, yaml, trafilatura, the claims
stage, pydantic (typer's coercion), importlib.metadata.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from dedupe_cli.cli import COMMANDS, RootGroup, app
from dedupe_cli.cli.coerce import PlainParam
from dedupe_cli.cli.lazy import LazyCommands
from tests.conftest import ROOT, SEED_A, SEED_B

#: Never imported by `import dedupe_cli.cli` nor by a quiet scan to a JSON file.
NEVER = ("rich", "yaml", "trafilatura", "pydantic", "importlib.metadata", "dedupe_cli.claims", "dedupe_cli.index")
#: The modules of the commands other than scan (and config, whose options scan shares).
OTHER_COMMANDS = tuple(m for name, m in COMMANDS.items() if name not in ("scan", "config"))
#: Not imported before a command needs them (`dedupe --version` must not load the scan).
NOT_AT_IMPORT = (
    *NEVER,
    *COMMANDS.values(),
    "numpy",
    "dedupe_cli.scan",
    "dedupe_cli.format.json",
    "dedupe_cli.format.text",
)

_DUMP = """
import atexit, json, sys
atexit.register(lambda: json.dump(sorted(sys.modules), open(OUT, "w")))
sys.argv = ["dedupe", *sys.argv[2:]]
if len(sys.argv) > 1:
    from dedupe_cli.cli import main
    main()
else:
    import dedupe_cli.cli
"""


def _modules(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    out = tmp_path / "modules.json"
    script = _DUMP.replace("OUT", repr(str(out)))
    done = subprocess.run([sys.executable, "-c", script, "x", *args], check=False, cwd=tmp_path, env=_env())
    return done.returncode, set(json.loads(out.read_text()))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules or any(m.startswith(n + ".") for m in modules))


def test_importing_the_cli_loads_no_command_machinery(tmp_path: Path) -> None:
    _, modules = _modules(tmp_path)
    assert _loaded(modules, NOT_AT_IMPORT) == []


def test_version_loads_no_command_machinery(tmp_path: Path) -> None:
    code, modules = _modules(tmp_path, "--version")
    assert code == 0
    assert _loaded(modules, NOT_AT_IMPORT) == []


def test_quiet_json_scan_to_a_file_loads_neither_rich_nor_pydantic(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (SEED_A, SEED_B):
        shutil.copy(seed, corpus / seed.name)
    args = ["scan", "corpus", "-q", "-f", "json", "-o", "report.json", "--jobs", "0", "--cache-dir", "cache"]
    for _ in range(2):  # cold, then warm from the scan state
        code, modules = _modules(tmp_path, *args)
        assert code == 0
        assert json.loads((tmp_path / "report.json").read_text())["summary"]
        assert "dedupe_cli.scan" in modules
        assert _loaded(modules, (*NEVER, *OTHER_COMMANDS, "pathspec", "multiprocessing", "email")) == []


def test_claims_rerun_with_every_story_kept_does_not_import_the_assignment(tmp_path: Path) -> None:
    # scipy.optimize takes 0.4 s to import; a re-run whose stories' verdicts are all kept judges none
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (SEED_A, SEED_B):
        shutil.copy(seed, corpus / seed.name)
    args = ["claims", "corpus", "-q", "-f", "json", "-o", "claims.json", "--cache-dir", "cache"]
    loaded = []
    for _ in range(2):  # first judged, then every story's verdicts kept
        code, modules = _modules(tmp_path, *args)
        assert code == 0
        assert json.loads((tmp_path / "claims.json").read_text())["stories"]
        loaded.append("scipy.optimize" in modules)
    assert loaded == [True, False]


def test_help_lists_every_command_once_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^│ ([a-z]+) ", result.output, flags=re.M)
    assert listed == list(COMMANDS)


def _root_commands() -> LazyCommands:
    group = typer.main.get_command(app)
    assert isinstance(group, RootGroup)
    assert isinstance(group.commands, LazyCommands)
    return group.commands


def test_the_root_group_builds_each_command_on_lookup() -> None:
    commands = _root_commands()
    assert isinstance(commands, LazyCommands)
    assert list(commands) == list(COMMANDS) and len(commands) == len(COMMANDS)
    assert all(commands[name].name == name for name in COMMANDS)
    assert "nosuch" not in commands and commands.get("nosuch") is None
    with pytest.raises(KeyError):
        commands["nosuch"]
    extra = _root_commands()
    extra["x"] = commands["scan"]
    del extra["check"]
    assert list(extra) == [n for n in COMMANDS if n != "check"] + ["x"]


def test_text_report_on_stdout_still_uses_rich(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One short article.\n", encoding="utf-8")
    code, modules = _modules(tmp_path, "scan", "a.txt", "--no-cache")
    assert code == 0
    assert "rich.console" in modules


# Plain coercion: the same values and the same errors as typer's own (pydantic) coercion.

_TEXTS = ["4", "007", "-3", "0", "-0", "+5", " 5", "5 ", "1_000", "1e3", "1.5", "0.5", "0.05", ".5", "1.", "2"]
_TEXTS += ["16", "17", "1024", "1025", "nan", "inf", "-inf", "", "abc", "json", "JSON", "Text", "never", "-", "x/y"]
_TEXTS += ["conflict", "99999999999999999999999"]


def _params() -> list[tuple[str, Any, Any]]:
    found: list[tuple[str, Any, Any]] = []

    def walk(command: Any, path: str) -> None:
        ctx = Context(command)
        for param in [*command.params, command.get_help_option(ctx)]:
            found.append((f"{path} {param.name}", param, ctx))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "dedupe")
    return found


PARAMS = _params()


def _outcome(coerce: Any, value: object, param: Any, ctx: Context) -> tuple[str, object]:
    try:
        result = coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the error typer shows must be the same
        return type(exc).__name__, getattr(exc, "format_message", exc.__str__)()
    return type(result).__name__, result


def test_every_parameter_is_coerced_plainly() -> None:
    assert PARAMS
    assert all(isinstance(param._runtime_param, PlainParam) for _, param, _ in PARAMS)


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMS, ids=[n for n, _, _ in PARAMS])
def test_plain_coercion_equals_typers(name: str, param: Any, ctx: Context) -> None:
    plain = param._runtime_param
    typers = build_runtime_param(param.type_descriptor)
    values: list[object] = [param.default, True, False, None, 3, 0.5, Path("x"), *_TEXTS]
    values += [tuple(_TEXTS[i : i + 2]) for i in range(0, len(_TEXTS), 2)] + [(), ["a"], ("4",)]
    for value in values:
        assert _outcome(plain.coerce, value, param, ctx) == _outcome(typers.coerce, value, param, ctx), value


# The console script ends the process without tearing the heap down (cli.exit_now).

_MAIN = """
import atexit, sys
atexit.register(lambda: open("atexit-ran", "w").close())
sys.argv = ["dedupe", *sys.argv[1:]]
from dedupe_cli.cli import main
main()
"""


def _main(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args], cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "code"), [(("--version",), 0), (("scan", "missing"), 2), (("scan", "a.txt", "--fail-on", "any"), 1)]
)
def test_the_process_exits_with_the_commands_code_after_the_exit_handlers(
    tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    (tmp_path / "a.txt").write_text(SEED_A.read_text(encoding="utf-8") * 2, encoding="utf-8")
    done = _main(tmp_path, *args, *(["--no-cache"] if args[0] == "scan" else []))
    assert done.returncode == code, done.stderr
    assert (tmp_path / "atexit-ran").exists()
    assert "missing" in done.stderr if code == 2 else "Traceback" not in done.stderr


def test_a_large_report_on_stdout_arrives_whole(tmp_path: Path) -> None:
    for n, seed in enumerate((SEED_A, SEED_B) * 20):
        (tmp_path / f"{n}.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    done = _main(tmp_path, "scan", ".", "-q", "-f", "json", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["findings"]) > 0


def test_called_from_other_code_main_raises_system_exit_as_typer_does(tmp_path: Path) -> None:
    script = "import sys\nfrom dedupe_cli import cli\nsys.argv = ['dedupe', '--version']\n"
    script += "try:\n    cli.main()\nexcept SystemExit as exc:\n    print('caught', exc.code)\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert done.stdout.splitlines() == ["dedupe 0.1.0", "caught 0"]


_SPARED = """
import atexit, sys
sys.argv = ["dedupe", *sys.argv[1:]]
from dedupe_cli import cli
from dedupe_cli.cli import main  # the program's own entry point: __main__.main
atexit.register(lambda: open("spared", "w").write(" ".join(type(d).__name__ for d in cli._SPARED)))
main()
"""


def test_the_console_script_keeps_the_report_until_the_process_ends(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_A.read_text(encoding="utf-8") * 2, encoding="utf-8")
    args = ["scan", "a.txt", "-q", "-f", "json", "-o", "out.json", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", _SPARED, *args], cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "spared").read_text() == "Report"  # not freed object by object before the exit
    assert json.loads((tmp_path / "out.json").read_text())["findings"]


def test_called_from_other_code_a_command_keeps_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dedupe_cli import cli

    (tmp_path / "a.txt").write_text(SEED_A.read_text(encoding="utf-8") * 2, encoding="utf-8")
    before = len(cli._SPARED)
    done = CliRunner().invoke(cli.app, ["scan", str(tmp_path / "a.txt"), "-q", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert len(cli._SPARED) == before == 0


def _interrupted_importing(tmp_path: Path, before: str, after: str) -> subprocess.CompletedProcess[str]:
    """A process that runs ``before``, gets Ctrl-C as typer starts importing (the longest part of the command
    line's start-up) while it imports the command line, then runs ``after``."""
    code = (
        f"import os, signal, sys, importlib.abc\n{before}"
        "class Interrupt(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'typer':\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        f"from dedupe_cli.cli import main\n{after}"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_ctrl_c_while_the_command_line_imports_exits_130_without_a_traceback(tmp_path: Path) -> None:
    done = _interrupted_importing(tmp_path, "", "print('not interrupted')\n")
    assert done.returncode == 130 and done.stderr == "" and done.stdout == ""
    after = (
        "import signal\nbefore = signal.getsignal(signal.SIGINT)\nimport dedupe_cli.cli\n"
        "print(signal.getsignal(signal.SIGINT) is before)\n"
    )
    restored = subprocess.run([sys.executable, "-c", after], capture_output=True, text=True, timeout=60)
    assert restored.stdout.strip() == "True"  # a program importing the command line keeps the handler it had


def test_a_process_started_ignoring_ctrl_c_ignores_it_while_the_command_line_imports(tmp_path: Path) -> None:
    done = _interrupted_importing(
        tmp_path,
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n",
        "print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)\n",
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "True", "")
