"""``dedupe check PATH...``: the CI gate: scan, reconcile claims, apply the policy, report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dedupe_cli.cache import DEFAULT_DIR
from dedupe_cli.cli import app, spare
from dedupe_cli.cli.coerce import PlainCommand
from dedupe_cli.cli.common import ExitCode, check_outputs, emit, fail
from dedupe_cli.cli.config_cmd import SCAN_PARAMS, ConfigOpt, IsolatedOpt, resolve_settings
from dedupe_cli.cli.scan_cmd import (
    DEFAULT_MAX_FILE_SIZE,
    BoilerplateOpt,
    CacheDirOpt,
    ColorOpt,
    ExcludeOpt,
    IncludeOpt,
    JobsOpt,
    JsonFieldOpt,
    KOpt,
    MaxFileSizeOpt,
    MinWordsOpt,
    NoCacheOpt,
    NoGitignoreOpt,
    NumPermOpt,
    PathsArg,
    QuietOpt,
    SeedOpt,
    ShingleOpt,
    ThresholdOpt,
    run_claims_lazily,
    scan_or_exit,
    settings_scan_options,
)
from dedupe_cli.cli.terminal import ColorMode, Stderr, TerminalListener, stderr_console, terminal_width, use_color
from dedupe_cli.config import GATE_KINDS, Config
from dedupe_cli.format import OutputFormat, RenderOptions, get_formatter, render_pieces
from dedupe_cli.model import Report
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.sanitize import strip_controls

if TYPE_CHECKING:
    from rich.text import Text

    from dedupe_cli.model import ClaimsResult, ScanResult

POLICY = "Policy"
CHANGES = "Only changes"
REPORTS = "Reports"

#: The baseline file ``--update-baseline`` writes when no ``--baseline`` names one.
DEFAULT_BASELINE = ".dedupe-baseline.json"

_CONFIG = Config()

FailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="KIND[,KIND]",
        help=f"Fail on these kinds: {', '.join(GATE_KINDS)}, any or none \\[default: {','.join(_CONFIG.fail_on)}].",
        show_default=False,
        rich_help_panel=POLICY,
    ),
]
MinSimilarityOpt = Annotated[
    float,
    typer.Option(
        "--min-similarity",
        min=0.0,
        max=1.0,
        help="Report and fail only findings at least this similar.",
        rich_help_panel=POLICY,
    ),
]
ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when the policy fails.", rich_help_panel=POLICY)
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Accept the findings recorded in this file; only new ones fail.",
        show_default=False,
        rich_help_panel=POLICY,
    ),
]
UpdateBaselineOpt = Annotated[
    bool,
    typer.Option(
        "--update-baseline",
        help=f"Record every current finding in the baseline (default {DEFAULT_BASELINE}) and exit 0.",
        rich_help_panel=POLICY,
    ),
]
NoClaimsOpt = Annotated[
    bool,
    typer.Option("--no-claims", help="Skip the claims stage (no conflict checks).", rich_help_panel=POLICY),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="REF",
        help="Report only findings involving files added, modified or renamed since this git ref.",
        rich_help_panel=CHANGES,
    ),
]
ChangedFilesOpt = Annotated[
    str | None,
    typer.Option(
        "--changed-files",
        metavar="FILE|-",
        help="Report only findings involving the files listed in FILE, one per line ('-' reads stdin).",
        rich_help_panel=CHANGES,
    ),
]
CheckFormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Format of the report on stdout.", rich_help_panel=REPORTS),
]
ReportOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="FMT:PATH",
        help="Also write a report in format FMT to PATH, atomically (repeatable), e.g. sarif:dedupe.sarif.",
        rich_help_panel=REPORTS,
    ),
]

#: Policy parameters that are also configuration settings.
CHECK_PARAMS = {
    **SCAN_PARAMS,
    "fail_on": "fail_on",
    "min_similarity": "min_similarity",
    "exit_zero": "exit_zero",
    "baseline": "baseline",
    "fmt": "format",
}


def parse_reports(values: list[str] | None, console: Stderr) -> list[tuple[OutputFormat, Path]]:
    """Parse ``--report FMT:PATH`` values."""
    choices = ", ".join(f.value for f in OutputFormat)
    reports = []
    for value in values or []:
        name, sep, path = value.partition(":")
        try:
            fmt = OutputFormat(name.strip().lower())
        except ValueError:
            raise fail(console, f"--report {value!r}: unknown format {name!r} (choose from {choices})") from None
        if not sep or not path:
            raise fail(console, f"--report {value!r}: expected FMT:PATH, e.g. sarif:dedupe.sarif")
        reports.append((fmt, Path(path)))
    return reports


def append_step_summary(markdown: str, console: Stderr) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when it is set.

    Appended in one ``write`` (as GitHub's runner expects of every step: the file is the job's, and may
    hold earlier steps' bytes in any encoding), not rewritten: the file, its mode and any link to it stay.
    """
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from dedupe_cli.atomic import write_all

    data = ("\n" + markdown).encode("utf-8", "backslashreplace")
    try:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(target, flags, 0o666)  # a pipe nobody reads is an error, not a wait
        try:
            write_all(fd, [data])
        finally:
            os.close(fd)
    except OSError as exc:
        raise fail(console, f"cannot write the step summary to {target}: {exc.strerror or exc}") from None


def _changed(
    since: str | None, changed_files: str | None, paths: list[Path], console: Stderr
) -> frozenset[Path] | None:
    if since is not None and changed_files is not None:
        raise fail(console, "use either --since or --changed-files, not both")
    from dedupe_cli.changes import ChangesError, changed_since, read_changed_files

    try:
        if since is not None:
            return changed_since(since, paths)
        if changed_files is not None:
            return read_changed_files(changed_files, sys.stdin)
    except ChangesError as exc:
        raise fail(console, strip_controls(str(exc))) from None
    return None


def _summary(report: Report) -> Text:
    from rich.text import Text

    gate = report.gate
    assert gate is not None
    counts: dict[str, int] = {}
    for key in gate.failing:
        kind = key.partition(":")[0]
        counts[kind] = counts.get(kind, 0) + 1
    reported = len(report.scan.findings) + (len(report.claims.verdicts) if report.claims else 0)
    notes = f"{reported} reported"
    if gate.baselined:
        notes += f", {gate.baselined} accepted by the baseline"
    if gate.filtered:
        notes += f", {gate.filtered} left out (similarity or unchanged files)"
    if gate.passed:
        return Text.assemble("dedupe check: ", ("passed", "green"), f" ({notes})")
    failing = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    return Text.assemble("dedupe check: ", ("failed", "red"), f": {failing} ({notes})")


def _claims(
    result: ScanResult, config: Config, skip: bool, listener: TerminalListener, scan: ScanOptions
) -> ClaimsResult | None:
    if skip:
        return None
    options = ClaimsOptions(story_threshold=config.story_threshold)
    return run_claims_lazily(result, options, listener, scan.jobs, scan.cache_dir)


@app.command("check", cls=PlainCommand)
def check_command(
    ctx: typer.Context,
    paths: PathsArg,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    no_gitignore: NoGitignoreOpt = False,
    max_file_size: MaxFileSizeOpt = DEFAULT_MAX_FILE_SIZE,
    json_field: JsonFieldOpt = None,
    threshold: ThresholdOpt = _CONFIG.threshold,
    shingle: ShingleOpt = _CONFIG.shingle,
    k: KOpt = _CONFIG.shingle_size,
    num_perm: NumPermOpt = _CONFIG.num_perm,
    seed: SeedOpt = _CONFIG.seed,
    min_words: MinWordsOpt = _CONFIG.min_words,
    boilerplate_min_articles: BoilerplateOpt = _CONFIG.boilerplate_min_articles,
    fail_on: FailOnOpt = ",".join(_CONFIG.fail_on),
    min_similarity: MinSimilarityOpt = _CONFIG.min_similarity,
    exit_zero: ExitZeroOpt = False,
    baseline: BaselineOpt = None,
    update_baseline_: UpdateBaselineOpt = False,
    no_claims: NoClaimsOpt = False,
    since: SinceOpt = None,
    changed_files: ChangedFilesOpt = None,
    fmt: CheckFormatOpt = OutputFormat.TEXT,
    report: ReportOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    quiet: QuietOpt = False,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = Path(DEFAULT_DIR),
    color: ColorOpt = ColorMode.AUTO,
) -> None:
    """Check articles in CI: scan for duplicates, reconcile claims, fail on what the policy names.

    Settings come from the command line, DEDUPE_* variables, \\[tool.dedupe] in
    pyproject.toml or .dedupe.toml, then the defaults (see dedupe config).

    Exit codes: 0 passed, 1 the policy failed, 2 usage, configuration or input error.
    """
    from dedupe_cli.baseline import BaselineError, read_baseline, update_baseline
    from dedupe_cli.policy import Policy, all_keys, apply_policy

    err = stderr_console(use_color(color, stream=sys.stderr))
    settings = resolve_settings(ctx, paths, config, isolated, CHECK_PARAMS, err, quiet).config
    reports = parse_reports(report, err)
    baseline_path = Path(settings.baseline) if settings.baseline else None
    accepted: frozenset[str] | None = None
    if baseline_path is not None and not update_baseline_:
        try:
            accepted = read_baseline(baseline_path)
        except BaselineError as exc:
            raise fail(err, strip_controls(str(exc))) from None
    changed = _changed(since, changed_files, paths, err)

    options = settings_scan_options(settings, json_field, jobs, no_cache, cache_dir, err)
    summary = os.environ.get("GITHUB_STEP_SUMMARY") or None
    written = [p for _, p in reports] + ([baseline_path or Path(DEFAULT_BASELINE)] if update_baseline_ else [])
    read = {baseline_path: "the baseline"} if baseline_path is not None and not update_baseline_ else None
    check_outputs([*written, Path(summary) if summary else None], paths, options.load, err, read)
    with TerminalListener(err, show_progress=True, quiet=quiet) as listener:
        result = scan_or_exit(paths, options, listener, err)
        full = Report(result, _claims(result, settings, no_claims, listener, options))

    if update_baseline_:
        target = baseline_path or Path(DEFAULT_BASELINE)
        change = update_baseline(target, all_keys(full, settings.min_similarity))
        from rich.text import Text

        where = strip_controls(str(target))
        err.print(Text(f"baseline {where}: {len(change.added)} added, {len(change.removed)} removed"), soft_wrap=True)
        for key in change.added:
            err.print(Text(f"  + {key}", style="green"), soft_wrap=True)
        for key in change.removed:
            err.print(Text(f"  - {key}", style="red"), soft_wrap=True)
        return

    policy = Policy(settings.fail_on, settings.min_similarity, accepted, changed)
    checked = apply_policy(full, policy)
    stdout_format = OutputFormat(settings.format)
    render = RenderOptions(color=stdout_format == OutputFormat.TEXT and use_color(color), width=terminal_width())
    emit(get_formatter(stdout_format).render(checked, render), None, stdout_format)
    for report_format, path in reports:
        emit(render_pieces(get_formatter(report_format), checked, RenderOptions(width=100)), path, report_format)
    append_step_summary(get_formatter(OutputFormat.MARKDOWN).render(checked, RenderOptions()), err)
    spare(full, checked)
    if not quiet:
        err.print(_summary(checked), soft_wrap=True)
    gate = checked.gate
    if gate is not None and not gate.passed and not settings.exit_zero:
        raise typer.Exit(int(ExitCode.FINDINGS))
