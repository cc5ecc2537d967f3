"""The command line: a thin typer layer over the library.

Each command family lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

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
    For the same reason, when this is the program's own entry point (the console script,
    ``python -m dedupe_cli``: ``__main__.main`` is this function), the process ends without
    freeing that heap (:func:`exit_now`); called from other code it raises ``SystemExit``
    as typer does.
    """
    with collector_paused():
        try:
            app()
        except SystemExit as exc:
            if getattr(sys.modules.get("__main__"), "main", None) is main:
                exit_now(exc.code)
            raise


def exit_now(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without tearing the heap down first.

    Python's own shutdown frees every object one by one: 0.1-0.2 s after a large scan.
    What the exit must still do is done: non-daemon threads are waited for, stdout and
    stderr flushed, the exit handlers run (``atexit``: multiprocessing, logging, temporary
    directories). A code that is not a number, or a stream that cannot be flushed (a closed
    pipe), takes Python's own way out.
    """
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code or 0)
