"""``dedupe scan PATH...``: the near-duplicate paragraph scan."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dedupe_cli.cache import DEFAULT_DIR
from dedupe_cli.cli import app, spare
from dedupe_cli.cli.coerce import PlainCommand
from dedupe_cli.cli.common import ExitCode, check_outputs, emit, fail, input_errors, parse_kinds, split_fields
from dedupe_cli.cli.config_cmd import SCAN_PARAMS, ConfigOpt, IsolatedOpt, resolve_settings
from dedupe_cli.cli.terminal import ColorMode, Stderr, TerminalListener, stderr_console, terminal_width, use_color
from dedupe_cli.early import start as start_early
from dedupe_cli.format import OutputFormat, RenderOptions, get_formatter, render_pieces
from dedupe_cli.model import FindingKind, Report
from dedupe_cli.options import ClaimsOptions, LoadOptions, MatchOptions, ScanOptions
from dedupe_cli.sanitize import strip_controls
from dedupe_cli.sizes import setting_text

if TYPE_CHECKING:
    from dedupe_cli.config import Config
    from dedupe_cli.model import ClaimsResult, ScanResult
    from dedupe_cli.progress import Listener

INPUT = "Input"
MATCHING = "Matching"
OUTPUT = "Output"
FINDING_KINDS = tuple(k.value for k in FindingKind)

PathsArg = Annotated[
    list[Path], typer.Argument(help="Files and directories to scan (recursively).", show_default=False)
]
IncludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--include", help="Only files whose path or name matches this glob (repeatable).", rich_help_panel=INPUT
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Skip files and folders matching this glob (repeatable).", rich_help_panel=INPUT),
]
NoGitignoreOpt = Annotated[
    bool, typer.Option("--no-gitignore", help="Also read files that .gitignore ignores.", rich_help_panel=INPUT)
]
#: The default ``--max-file-size``, as written (``256MiB``).
DEFAULT_MAX_FILE_SIZE = str(setting_text(LoadOptions().max_file_size))
MAX_FILE_SIZE_HELP = (
    "Skip (with a warning) files larger than SIZE, and .gz files whose text passes it: bytes, or with a unit"
    " (K/M/G and KiB/MiB/GiB: 1024; KB/MB/GB: 1000), 0 for no limit."
)
MaxFileSizeOpt = Annotated[
    str, typer.Option("--max-file-size", metavar="SIZE", help=MAX_FILE_SIZE_HELP, rich_help_panel=INPUT)
]
JsonFieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--json-field",
        metavar="ROLE=NAME[,NAME]",
        help="JSON/JSONL field names for a role (text, title, source, url, published, id), e.g. text=story,body.",
        rich_help_panel=INPUT,
    ),
]
ThresholdOpt = Annotated[
    float,
    typer.Option(
        "--threshold", min=0.05, max=1.0, help="Smallest exact shingle Jaccard reported.", rich_help_panel=MATCHING
    ),
]
ShingleOpt = Annotated[
    str, typer.Option("--shingle", help="Shingle by 'word' k-grams or 'char' k-grams.", rich_help_panel=MATCHING)
]
KOpt = Annotated[
    int, typer.Option("--shingle-size", "-k", min=1, max=16, help="Shingle size k.", rich_help_panel=MATCHING)
]
NumPermOpt = Annotated[
    int, typer.Option("--num-perm", min=16, max=1024, help="MinHash permutations.", rich_help_panel=MATCHING)
]
SeedOpt = Annotated[
    int, typer.Option("--seed", help="MinHash seed (fixed so signatures are stable).", rich_help_panel=MATCHING)
]
MinWordsOpt = Annotated[
    int,
    typer.Option(
        "--min-words",
        min=1,
        help="Units with fewer words are matched only inside a repeated block.",
        rich_help_panel=MATCHING,
    ),
]
BoilerplateOpt = Annotated[
    int,
    typer.Option(
        "--boilerplate-min-articles",
        min=2,
        help="Text in at least this many articles of one source is boilerplate.",
        rich_help_panel=MATCHING,
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.", rich_help_panel=OUTPUT)]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file (atomically).", rich_help_panel=OUTPUT),
]
FailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="KIND[,KIND]",
        help=f"Exit 1 when findings of these kinds exist: {', '.join(FINDING_KINDS)}, any or none.",
        rich_help_panel=OUTPUT,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no warnings.", rich_help_panel=OUTPUT)
]
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Processes that load and sign files (0: all cores).", rich_help_panel=INPUT
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Neither read nor write the cache (the scan state kept between runs).", rich_help_panel=INPUT
    ),
]
CacheDirOpt = Annotated[
    Path,
    typer.Option(
        "--cache-dir",
        help="Where the scan state is kept between runs (only changed files are read again).",
        rich_help_panel=INPUT,
    ),
]
ColorOpt = Annotated[ColorMode, typer.Option("--color", help="Colour the text report.", rich_help_panel=OUTPUT)]
ClaimsFlagOpt = Annotated[
    bool,
    typer.Option(
        "--claims", help="Also group stories and reconcile their claims (see dedupe claims).", rich_help_panel=OUTPUT
    ),
]
CLAIMS = "Claims"
StoryThresholdOpt = Annotated[
    float,
    typer.Option(
        "--story-threshold",
        min=0.01,
        max=1.0,
        help="Smallest mean document similarity (tf-idf cosine) that puts articles in one story.",
        rich_help_panel=CLAIMS,
    ),
]

_DEFAULT_MATCH = MatchOptions()


def build_scan_options(
    include: list[str] | None,
    exclude: list[str] | None,
    no_gitignore: bool,
    json_field: list[str] | None,
    match: MatchOptions,
    console: Stderr,
    max_file_size: int = LoadOptions().max_file_size,
) -> ScanOptions:
    """The frozen options of a scan from the command line's values."""
    fields: dict[str, Any] = {f"{role}_fields": names for role, names in split_fields(json_field, console).items()}
    load = LoadOptions(
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        respect_gitignore=not no_gitignore,
        max_file_size=max_file_size,
    )
    load = replace(load, **fields)
    return ScanOptions(load=load, match=match)


def settings_scan_options(
    settings: Config,
    json_field: list[str] | None,
    jobs: int,
    no_cache: bool,
    cache_dir: Path,
    console: Stderr,
) -> ScanOptions:
    """The scan options of the effective settings, with the command line's JSON fields, processes and cache."""
    fields: dict[str, Any] = {f"{role}_fields": names for role, names in split_fields(json_field, console).items()}
    return ScanOptions(
        load=replace(settings.load_options(), **fields),
        match=settings.match_options(),
        jobs=jobs,
        cache_dir=None if no_cache else str(cache_dir),
    )


def scan_or_exit(paths: list[Path], options: ScanOptions, listener: Listener, console: Stderr) -> ScanResult:
    """Run the scan; a missing path or no article at all ends the command with exit code 2."""
    from dedupe_cli.scan import scan

    result = scan(paths, options, listener)
    if input_errors(result.problems):
        raise typer.Exit(int(ExitCode.ERROR))
    if not result.articles:
        raise fail(console, "no articles found in " + ", ".join(strip_controls(str(p)) for p in paths))
    return result


@app.command("scan", cls=PlainCommand)
def scan_command(
    ctx: typer.Context,
    paths: PathsArg,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    no_gitignore: NoGitignoreOpt = False,
    max_file_size: MaxFileSizeOpt = DEFAULT_MAX_FILE_SIZE,
    json_field: JsonFieldOpt = None,
    threshold: ThresholdOpt = _DEFAULT_MATCH.threshold,
    shingle: ShingleOpt = _DEFAULT_MATCH.shingle,
    k: KOpt = _DEFAULT_MATCH.k,
    num_perm: NumPermOpt = _DEFAULT_MATCH.num_perm,
    seed: SeedOpt = _DEFAULT_MATCH.seed,
    min_words: MinWordsOpt = _DEFAULT_MATCH.min_words,
    boilerplate_min_articles: BoilerplateOpt = _DEFAULT_MATCH.boilerplate_min_articles,
    fmt: FormatOpt = OutputFormat.TEXT,
    output: OutputOpt = None,
    fail_on: FailOnOpt = "none",
    quiet: QuietOpt = False,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = Path(DEFAULT_DIR),
    color: ColorOpt = ColorMode.AUTO,
    claims: ClaimsFlagOpt = False,
    story_threshold: StoryThresholdOpt = ClaimsOptions().story_threshold,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Scan articles for near-duplicate paragraphs: repeats inside an article, copies across articles, and boilerplate.

    Matching and input settings may also come from DEDUPE_* variables and \\[tool.dedupe]
    in pyproject.toml or .dedupe.toml (see dedupe config); the command line wins.

    Exit codes: 0 done, 1 findings of a --fail-on kind, 2 usage or input error.
    """
    err = stderr_console(use_color(color, stream=sys.stderr))
    scan_params = {**SCAN_PARAMS, "story_threshold": "story_threshold"}
    settings = resolve_settings(ctx, paths, config, isolated, scan_params, err, quiet).config
    gate = parse_kinds(fail_on, FINDING_KINDS, err)
    options = settings_scan_options(settings, json_field, jobs, no_cache, cache_dir, err)
    check_outputs([output], paths, options.load, err)
    start_early(paths, options.load, options.cache_dir, options.jobs)  # while the scan is imported
    with TerminalListener(err, show_progress=True, quiet=quiet) as listener:
        result = scan_or_exit(paths, options, listener, err)
        claims_options = ClaimsOptions(story_threshold=settings.story_threshold)
        claims_result = (
            run_claims_lazily(result, claims_options, listener, options.jobs, options.cache_dir) if claims else None
        )
    render = RenderOptions(
        color=fmt == OutputFormat.TEXT and output is None and use_color(color), width=terminal_width()
    )
    formatter, report = get_formatter(fmt), Report(result, claims_result)
    emit(formatter.render(report, render) if output is None else render_pieces(formatter, report, render), output, fmt)
    spare(report)
    # A FindingKind is a str: looked up in the gate as it is (its .value is a Python-level property).
    if gate and any(f.kind in gate for f in result.findings):
        raise typer.Exit(int(ExitCode.FINDINGS))


def run_claims_lazily(
    result: ScanResult, options: ClaimsOptions, listener: Listener, jobs: int = 0, cache_dir: str | None = None
) -> ClaimsResult:
    """The claims stage, imported only when it runs (it pulls in scipy and the NLP models), in
    ``jobs`` processes (0: all cores), articles' story features and stories' verdicts kept in ``cache_dir``
    (None: not kept)."""
    from dedupe_cli.reconcile import run_claims

    return run_claims(result, options, listener, jobs, cache_dir)
