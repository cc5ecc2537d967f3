"""The command line: a thin typer layer over the library.

Each command family lives in its own module and registers itself on :data:`app` when
imported; :data:`COMMANDS` names the modules, imported only when their command runs or
help lists them (:mod:`dedupe_cli.cli.lazy`).
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, NoReturn


def _interrupted(signum: int, frame: object) -> NoReturn:
    """Ctrl-C while the command line is still being imported: the exit code of an interrupt, no traceback
    (typer turns a later one into the same exit)."""
    os._exit(130)


# a process started with Ctrl-C ignored (a background job of a shell without job control, nohup) keeps ignoring it
_SIGINT_BEFORE = (
    signal.signal(signal.SIGINT, _interrupted)
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    else None
)

import typer  # after the handler: importing typer takes most of the command line's start-up

from dedupe_cli import __version__
from dedupe_cli.allocator import keep_freed_memory, small_pages_for_numpy
from dedupe_cli.cli.coerce import PlainGroup
from dedupe_cli.cli.lazy import LazyCommands
from dedupe_cli.collector import collector_paused

#: Each command's module, in the order ``dedupe --help`` lists the commands.
COMMANDS = {
    "config": "dedupe_cli.cli.config_cmd",
    "scan": "dedupe_cli.cli.scan_cmd",
    "check": "dedupe_cli.cli.check_cmd",
    "claims": "dedupe_cli.cli.claims_cmd",
    "schema": "dedupe_cli.cli.schema_cmd",
    "index": "dedupe_cli.cli.index_cmd",
}


class RootGroup(PlainGroup):
    """The ``dedupe`` group: its commands are imported and built when first looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(app, COMMANDS, self.commands)


app = typer.Typer(
    cls=RootGroup,
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


def main() -> None:
    """The console script's entry point.

    One command runs and the process ends, so the cyclic garbage collector is paused:
    its full collections would walk every object a large scan holds, many times over.
    For the same reason, when this is the program's own entry point (the console script,
    ``python -m dedupe_cli``: ``__main__.main`` is this function), the process ends without
    freeing that heap (:func:`exit_now`); called from other code it raises ``SystemExit``
    as typer does.

    No command multiplies dense matrices, so OpenBLAS (numpy's) gets one thread unless
    the user says otherwise: the pool it otherwise starts when numpy is imported costs
    about 0.04 s of CPU per run, and its threads would only compete with the workers.
    For the same one-command process, freed memory is kept for the next arrays and numpy
    asks for no huge pages (:mod:`dedupe_cli.allocator`: fresh pages are what a warm
    re-scan spends most of its system time on).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    keep_freed_memory()
    small_pages_for_numpy()
    with collector_paused():
        try:
            app()
        except SystemExit as exc:
            if _ends_process():
                exit_now(exc.code)
            raise


def _ends_process() -> bool:
    """Whether this is the program's own entry point, which ends the process with :func:`exit_now`."""
    return getattr(sys.modules.get("__main__"), "main", None) is main


#: What commands are done with, kept until the process ends (see :func:`spare`).
_SPARED: list[object] = []


def spare(*done: object) -> None:
    """Keep what a command is ``done`` with (its report, say) until the process ends, when that is
    right after the command (the program's own entry point): else it is freed when the command
    returns, object by object and the scan state's memory maps one by one, which :func:`exit_now`
    skips (after a warm re-scan of a million paragraphs, the report's write to the process's end
    took 34 -> 24 ms, median of 8). Called from other code, it keeps nothing.
    """
    if _ends_process():
        _SPARED.extend(done)


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


if _SIGINT_BEFORE is not None:  # imported: what the process had before (Python's KeyboardInterrupt) again
    signal.signal(signal.SIGINT, _SIGINT_BEFORE)
