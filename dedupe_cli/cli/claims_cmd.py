"""``dedupe claims PATH...``: group articles into stories and reconcile the claims they make."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dedupe_cli.cache import DEFAULT_DIR
from dedupe_cli.cli import app
from dedupe_cli.cli.coerce import PlainCommand
from dedupe_cli.cli.common import ExitCode, check_outputs, emit, parse_kinds
from dedupe_cli.cli.config_cmd import ConfigOpt, IsolatedOpt, resolve_settings
from dedupe_cli.cli.scan_cmd import (
    CLAIMS,
    DEFAULT_MAX_FILE_SIZE,
    OUTPUT,
    CacheDirOpt,
    ColorOpt,
    ExcludeOpt,
    IncludeOpt,
    JobsOpt,
    JsonFieldOpt,
    MaxFileSizeOpt,
    NoCacheOpt,
    NoGitignoreOpt,
    OutputOpt,
    PathsArg,
    QuietOpt,
    StoryThresholdOpt,
    run_claims_lazily,
    scan_or_exit,
    settings_scan_options,
)
from dedupe_cli.cli.terminal import ColorMode, TerminalListener, stderr_console, terminal_width, use_color
from dedupe_cli.format.base import RenderOptions
from dedupe_cli.model import Report, VerdictKind
from dedupe_cli.options import ClaimsOptions

GATES = (VerdictKind.CONFLICT.value,)
_DEFAULT = ClaimsOptions()


class ClaimsFormat(StrEnum):
    """The formats of the claims report."""

    TEXT = "text"
    JSON = "json"


StoryMaxDaysOpt = Annotated[
    int,
    typer.Option(
        "--story-max-days",
        min=0,
        help="Articles published more than this many days apart are never one story (0: no limit).",
        rich_help_panel=CLAIMS,
    ),
]
ClaimsFormatOpt = Annotated[ClaimsFormat, typer.Option("--format", "-f", help="Report format.", rich_help_panel=OUTPUT)]
ClaimsFailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="conflict|none",
        help="Exit 1 when a conflict is found ('conflict'; 'any' means the same), or never ('none').",
        rich_help_panel=OUTPUT,
    ),
]


def render_claims_text(report: Report, options: RenderOptions) -> str:
    """The claims report for the terminal: a summary, then each story."""
    from rich.console import Group

    from dedupe_cli.format.text import new_console
    from dedupe_cli.format.text_claims import claims_renderables

    console, buffer = new_console(options)
    console.print(Group(*claims_renderables(report, options)))
    return buffer.getvalue()


@app.command("claims", cls=PlainCommand)
def claims_command(
    ctx: typer.Context,
    paths: PathsArg,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    no_gitignore: NoGitignoreOpt = False,
    max_file_size: MaxFileSizeOpt = DEFAULT_MAX_FILE_SIZE,
    json_field: JsonFieldOpt = None,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = Path(DEFAULT_DIR),
    story_threshold: StoryThresholdOpt = _DEFAULT.story_threshold,
    story_max_days: StoryMaxDaysOpt = _DEFAULT.story_max_days,
    fmt: ClaimsFormatOpt = ClaimsFormat.TEXT,
    output: OutputOpt = None,
    fail_on: ClaimsFailOnOpt = "none",
    quiet: QuietOpt = False,
    color: ColorOpt = ColorMode.AUTO,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Group articles into stories and report which claims agree, which conflict and which one source alone makes.

    Copies of one text count as one source.

    Exit codes: 0 done, 1 a conflict with --fail-on conflict, 2 usage or input error.
    """
    err = stderr_console(use_color(color, stream=sys.stderr))
    gate = parse_kinds(fail_on, GATES, err)
    params = {
        "include": "include",
        "exclude": "exclude",
        "no_gitignore": "respect_gitignore",
        "max_file_size": "max_file_size",
    }
    settings = resolve_settings(ctx, paths, config, isolated, {**params, "story_threshold": "story_threshold"}, err)
    cfg = settings.config
    options = settings_scan_options(cfg, json_field, jobs, no_cache, cache_dir, err)
    check_outputs([output], paths, options.load, err)
    claims_options = ClaimsOptions(story_threshold=cfg.story_threshold, story_max_days=story_max_days)
    with TerminalListener(err, show_progress=True, quiet=quiet) as listener:
        result = scan_or_exit(paths, options, listener, err)
        claims = run_claims_lazily(result, claims_options, listener, options.jobs, options.cache_dir)
    report = Report(result, claims)
    if fmt == ClaimsFormat.JSON:
        from dedupe_cli.format.json_claims import ClaimsJsonFormatter

        text = ClaimsJsonFormatter().render(report)
    else:
        render = RenderOptions(color=output is None and use_color(color), width=terminal_width())
        text = render_claims_text(report, render)
    emit(text, output, fmt)
    if gate and claims.count(VerdictKind.CONFLICT):
        raise typer.Exit(int(ExitCode.FINDINGS))
