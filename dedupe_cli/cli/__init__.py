"""The command line: a thin typer layer over the library.

Each command family lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import typer

from dedupe_cli import __version__
from dedupe_cli.cli.coerce import PlainGroup
from dedupe_cli.collector import collector_paused

app = typer.Typer(
    cls=PlainGroup,
    name="dedupe",
    help="Find near-duplicate paragraphs in news articles and reconcile the claims they make.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedupe {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find near-duplicate paragraphs in news articles and reconcile the claims they make."""


# Command modules register themselves on `app` when imported.
from dedupe_cli.cli import check_cmd, claims_cmd, config_cmd, index_cmd, scan_cmd, schema_cmd  # noqa: E402,F401


def main() -> None:
    """The console script's entry point.

    One command runs and the process ends, so the cyclic garbage collector is paused:
    its full collections would walk every object a large scan holds, many times over.
    """
    with collector_paused():
        app()
