"""``dedupe index add|query PATH...``: a persistent index shared between runs (and machines)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol, TypeVar

import typer

from dedupe_cli.cli import app
from dedupe_cli.cli.coerce import PlainCommand, PlainGroup
from dedupe_cli.cli.common import ExitCode, emit, fail, input_errors, parse_kinds
from dedupe_cli.cli.scan_cmd import (
    DEFAULT_MAX_FILE_SIZE,
    ExcludeOpt,
    IncludeOpt,
    JsonFieldOpt,
    MaxFileSizeOpt,
    NoGitignoreOpt,
    OutputOpt,
    QuietOpt,
    ThresholdOpt,
    build_scan_options,
)
from dedupe_cli.cli.terminal import ColorMode, Stderr, TerminalListener, stderr_console, use_color
from dedupe_cli.options import DEFAULT_INDEX, DEFAULT_NAMESPACE, LoadOptions, MatchOptions, QueryOptions

if TYPE_CHECKING:
    from dedupe_cli.index import IndexBackend
    from dedupe_cli.model import Problem

INDEX = "Index"
OUTPUT = "Output"
T = TypeVar("T")

index_app = typer.Typer(
    cls=PlainGroup,
    name="index",
    help="A persistent index: add articles once, check new ones against everything added.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(index_app, name="index")


class IndexFormat(StrEnum):
    """Output formats of the index commands."""

    TEXT = "text"
    JSON = "json"


PathsArg = Annotated[list[Path], typer.Argument(help="Files and directories (recursively).", show_default=False)]
IndexOpt = Annotated[
    str,
    typer.Option(
        "--index",
        envvar="DEDUPE_INDEX",
        metavar="PATH|redis://HOST:PORT/DB",
        help="A SQLite file, or a Redis URL for an index shared by many machines.",
        rich_help_panel=INDEX,
    ),
]
NamespaceOpt = Annotated[
    str,
    typer.Option(
        "--namespace",
        envvar="DEDUPE_INDEX_NAMESPACE",
        help="Redis only: the prefix of the index's keys, so several indexes can share a database.",
        rich_help_panel=INDEX,
    ),
]
ShingleOpt = Annotated[
    str | None,
    typer.Option("--shingle", help="New index: 'word' or 'char' shingles (default word).", rich_help_panel=INDEX),
]
KOpt = Annotated[
    int | None,
    typer.Option(
        "--shingle-size", "-k", min=1, max=16, help="New index: shingle size (default 5).", rich_help_panel=INDEX
    ),
]
NumPermOpt = Annotated[
    int | None,
    typer.Option(
        "--num-perm", min=16, max=1024, help="New index: MinHash permutations (default 128).", rich_help_panel=INDEX
    ),
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="New index: MinHash seed (default 1).", rich_help_panel=INDEX)
]
MinWordsOpt = Annotated[
    int,
    typer.Option(
        "--min-words", min=1, help="Paragraphs with fewer words are not indexed or checked.", rich_help_panel=INDEX
    ),
]
FormatOpt = Annotated[IndexFormat, typer.Option("--format", "-f", help="Output format.", rich_help_panel=OUTPUT)]
MaxMatchesOpt = Annotated[
    int,
    typer.Option("--max-matches", min=1, help="Indexed paragraphs listed per new paragraph.", rich_help_panel=OUTPUT),
]
FailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="match|none",
        help="Exit 1 when a new paragraph matches the index ('match' or 'any'; 'none' never).",
        rich_help_panel=OUTPUT,
    ),
]

_DEFAULT = QueryOptions()


def _overrides(
    shingle: str | None, k: int | None, num_perm: int | None, seed: int | None, err: Stderr
) -> dict[str, object]:
    """The settings given on the command line; --seed is checked as ``dedupe scan`` checks it (typer
    checks the ranges of the others)."""
    from dedupe_cli.config import ConfigError, convert

    if shingle is not None and shingle not in ("word", "char"):
        raise fail(err, f"--shingle must be 'word' or 'char', not {shingle!r}")
    if seed is not None:
        try:
            convert("seed", seed, "--seed")
        except ConfigError as exc:
            raise fail(err, str(exc)) from None
    given = {"shingle": shingle, "k": k, "num_perm": num_perm, "seed": seed}
    return {name: value for name, value in given.items() if value is not None}


def _max_file_size(ctx: typer.Context, err: Stderr) -> int:
    """The file size limit in bytes: ``--max-file-size`` when given, else ``DEDUPE_MAX_FILE_SIZE`` when set (the
    index commands read no configuration file), else the default; a bad value is a one-line error naming the
    option or variable (exit 2), as ``dedupe scan`` gives."""
    from dedupe_cli.cli.config_cmd import cli_values
    from dedupe_cli.config import ConfigError, env_value

    try:
        given = cli_values(ctx, {"max_file_size": "max_file_size"}).get("max_file_size")
        if given is None:
            given = env_value("max_file_size", os.environ)
    except ConfigError as exc:
        raise fail(err, str(exc)) from None
    return given if isinstance(given, int) else LoadOptions().max_file_size


def _run(err: Stderr, action: Callable[[], T]) -> T:
    """Run an index action; an unusable index is a clear error (exit 2), never a traceback."""
    from dedupe_cli.index import IndexBackendError

    try:
        return action()
    except IndexBackendError as exc:
        raise fail(err, str(exc)) from None


class _Outcome(Protocol):
    @property
    def problems(self) -> tuple[Problem, ...]: ...


Done = TypeVar("Done", bound=_Outcome)


def _on_index(
    where: tuple[str, str, dict[str, object]],
    create: bool,
    quiet: bool,
    err: Stderr,
    work: Callable[[IndexBackend, TerminalListener], Done],
) -> Done:
    """Open the index at ``where`` (location, namespace, settings asked for), do ``work`` with a
    progress listener and close it; an input error (a missing path) ends the command with exit 2."""
    from dedupe_cli.index import open_index

    location, namespace, overrides = where
    backend = _run(err, lambda: open_index(location, namespace, overrides, create=create))
    try:
        with TerminalListener(err, show_progress=True, quiet=quiet) as listener:
            result = _run(err, lambda: work(backend, listener))
    finally:
        backend.close()
    if input_errors(result.problems):
        raise typer.Exit(int(ExitCode.ERROR))
    return result


@index_app.command("add", cls=PlainCommand)
def add_command(
    ctx: typer.Context,
    paths: PathsArg,
    index: IndexOpt = DEFAULT_INDEX,
    namespace: NamespaceOpt = DEFAULT_NAMESPACE,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    no_gitignore: NoGitignoreOpt = False,
    max_file_size: MaxFileSizeOpt = DEFAULT_MAX_FILE_SIZE,
    json_field: JsonFieldOpt = None,
    shingle: ShingleOpt = None,
    k: KOpt = None,
    num_perm: NumPermOpt = None,
    seed: SeedOpt = None,
    min_words: MinWordsOpt = _DEFAULT.min_words,
    fmt: FormatOpt = IndexFormat.TEXT,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Add articles to the index.

    Re-adding an unchanged article changes nothing; a changed one replaces its old version.

    Exit codes: 0 done, 2 usage, input or index error.
    """
    from dedupe_cli.index import add_paths
    from dedupe_cli.index.report import add_json, add_text

    err = stderr_console(use_color(ColorMode.AUTO, stream=sys.stderr))
    overrides = _overrides(shingle, k, num_perm, seed, err)
    limit = _max_file_size(ctx, err)
    options = build_scan_options(include, exclude, no_gitignore, json_field, MatchOptions(), err, limit)
    where = (index, namespace, overrides)
    result = _on_index(where, True, quiet, err, lambda backend, bar: add_paths(paths, backend, options, min_words, bar))
    emit(add_json(result) if fmt == IndexFormat.JSON else add_text(result), output, fmt)


@index_app.command("query", cls=PlainCommand)
def query_command(
    ctx: typer.Context,
    paths: PathsArg,
    index: IndexOpt = DEFAULT_INDEX,
    namespace: NamespaceOpt = DEFAULT_NAMESPACE,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    no_gitignore: NoGitignoreOpt = False,
    max_file_size: MaxFileSizeOpt = DEFAULT_MAX_FILE_SIZE,
    json_field: JsonFieldOpt = None,
    shingle: ShingleOpt = None,
    k: KOpt = None,
    num_perm: NumPermOpt = None,
    seed: SeedOpt = None,
    threshold: ThresholdOpt = _DEFAULT.threshold,
    min_words: MinWordsOpt = _DEFAULT.min_words,
    max_matches: MaxMatchesOpt = _DEFAULT.max_matches,
    fmt: FormatOpt = IndexFormat.TEXT,
    output: OutputOpt = None,
    fail_on: FailOnOpt = "none",
    quiet: QuietOpt = False,
) -> None:
    """Check articles against the index (which is not changed).

    Every paragraph that matches an indexed one (other than its own article's) is reported with both
    places and their exact Jaccard.

    Exit codes: 0 done, 1 matches and --fail-on match, 2 usage, input or index error.
    """
    from dedupe_cli.index import query_paths
    from dedupe_cli.index.report import query_json, query_text

    err = stderr_console(use_color(ColorMode.AUTO, stream=sys.stderr))
    overrides = _overrides(shingle, k, num_perm, seed, err)
    gate = parse_kinds(fail_on, ("match",), err)
    limit = _max_file_size(ctx, err)
    options = build_scan_options(include, exclude, no_gitignore, json_field, MatchOptions(), err, limit)
    query = QueryOptions(threshold=threshold, min_words=min_words, max_matches=max_matches)
    where = (index, namespace, overrides)
    result = _on_index(where, False, quiet, err, lambda backend, bar: query_paths(paths, backend, query, options, bar))
    if result.indexed[1] == 0 and not quiet:
        err.print(f"warning: the index {result.location} holds no paragraphs yet", markup=False, soft_wrap=True)
    emit(query_json(result) if fmt == IndexFormat.JSON else query_text(result), output, fmt)
    if gate and result.findings:
        raise typer.Exit(int(ExitCode.FINDINGS))
