"""``dedupe config``: the effective settings and where each came from; the shared config options."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer

from dedupe_cli.cli import app
from dedupe_cli.cli.coerce import PlainCommand
from dedupe_cli.cli.common import fail
from dedupe_cli.cli.terminal import Stderr, stderr_console
from dedupe_cli.config import SETTINGS, Config, ConfigError, Resolved, convert, resolve
from dedupe_cli.sanitize import no_legacy_command, strip_controls

CONFIG_PANEL = "Configuration"

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read settings from this file: a pyproject.toml with \\[tool.dedupe], or a .dedupe.toml.",
        rich_help_panel=CONFIG_PANEL,
    ),
]
IsolatedOpt = Annotated[
    bool,
    typer.Option(
        "--isolated", help="Ignore configuration files (DEDUPE_* variables still apply).", rich_help_panel=CONFIG_PANEL
    ),
]

#: Command-line parameters that set a configuration setting, by parameter name.
SCAN_PARAMS: Mapping[str, str] = {
    "threshold": "threshold",
    "shingle": "shingle",
    "k": "shingle_size",
    "num_perm": "num_perm",
    "seed": "seed",
    "min_words": "min_words",
    "boilerplate_min_articles": "boilerplate_min_articles",
    "include": "include",
    "exclude": "exclude",
    "no_gitignore": "respect_gitignore",
    "max_file_size": "max_file_size",
}


def _option_name(param: str) -> str:
    return "--" + param.replace("_", "-")


def cli_values(ctx: typer.Context, params: Mapping[str, str]) -> dict[str, object]:
    """The settings the user gave on the command line (not typer's defaults), typed.

    Raises:
        ConfigError: a value that does not fit its setting.
    """
    given: dict[str, object] = {}
    for param, setting in params.items():
        source = ctx.get_parameter_source(param)
        if source is None or source.name != "COMMANDLINE":
            continue
        value = ctx.params[param]
        if param == "no_gitignore":
            value = not value
        elif isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, Path):
            value = str(value)
        elif hasattr(value, "value"):
            value = value.value
        given[setting] = convert(setting, value, _option_name(param))
    return given


def resolve_settings(
    ctx: typer.Context,
    paths: Sequence[Path],
    config: Path | None,
    isolated: bool,
    params: Mapping[str, str],
    console: Stderr,
    quiet: bool = False,
) -> Resolved:
    """Resolve the settings of a command; configuration errors exit 2, warnings go to ``console``."""
    try:
        resolved = resolve(paths, cli_values(ctx, params), config_path=config, isolated=isolated)
    except ConfigError as exc:
        raise fail(console, strip_controls(str(exc))) from None
    if not quiet and resolved.warnings:
        from rich.text import Text

        for warning in resolved.warnings:
            console.print(Text.assemble(("warning", "yellow"), ": ", strip_controls(warning)))
    return resolved


def toml_value(value: object) -> str:
    """A setting's value as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return no_legacy_command(json.dumps(str(value), ensure_ascii=False), "json")  # \u005b: TOML reads it too


def describe(resolved: Resolved) -> str:
    """The effective settings as TOML one could paste into ``.dedupe.toml``, each with its origin."""
    config: Config = resolved.config
    lines = [no_legacy_command(f"# configuration file: {resolved.file if resolved.file else '(none)'}")]
    rows: list[tuple[str, str]] = []
    for name in SETTINGS:
        value = getattr(config, name)
        if name == "max_file_size":
            from dedupe_cli.sizes import setting_text

            value = setting_text(value)  # "256MiB", as one would write it
        key = name.replace("_", "-")
        rows.append((f"{key} = {toml_value(value)}" if value is not None else f"# {key} = (not set)", name))
    width = max(len(text) for text, _ in rows)
    for text, name in rows:
        origin = resolved.sources[name]
        lines.append(f"{text.ljust(width)}  # {origin}")
    return "\n".join(lines) + "\n"


@app.command("config", cls=PlainCommand)
def config_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Where the configuration file search starts (default: the working directory)."),
    ] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Print the effective settings and where each came from (default, file, DEDUPE_* variable).

    Settings: the matching and input settings of scan, check and claims (max-file-size among them),
    and the policy of check (fail-on, min-similarity, exit-zero, baseline, format). The environment
    variable of a setting is DEDUPE_ and its name in capitals, e.g. DEDUPE_FAIL_ON.
    """
    err = stderr_console(False)
    resolved = resolve_settings(ctx, paths or [], config, isolated, {}, err)
    typer.echo(describe(resolved), nl=False)
