"""Everything the CLI shows on stderr: warnings and the progress bar (the core's listener).

rich is imported only when something is printed or a bar is drawn: a quiet run that writes
a machine report to a file never needs it.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, cast

from dedupe_cli.sanitize import no_legacy_command, not_a_command, strip_controls

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress, TaskID

    from dedupe_cli.model import Problem


class ColorMode(StrEnum):
    """When to colour terminal output."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def use_color(mode: ColorMode, stream: object = None) -> bool:
    """Whether to colour: ``always``/``never`` win, else NO_COLOR, FORCE_COLOR, then whether it is a TTY."""
    if mode == ColorMode.ALWAYS:
        return True
    if mode == ColorMode.NEVER or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream or sys.stdout, "isatty", None)
    return bool(isatty and isatty())


class _NoCommands:
    """The process's stderr (as it is when written to), with every ``##[`` written so that GitHub's runner
    reads no workflow command in it (:func:`dedupe_cli.sanitize.no_legacy_command`): warnings and errors
    name files and quote article text."""

    def write(self, text: str) -> int:
        """Write ``text`` to stderr, defused."""
        return sys.stderr.write(no_legacy_command(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.stderr, name)


class Stderr:
    """The console for warnings, errors and progress (on stderr, through :class:`_NoCommands`), made
    (importing rich) when first used."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console on stderr."""
        if self._console is None:
            from rich.console import Console

            color = self.color
            self._console = Console(
                file=cast("IO[str]", _NoCommands()),
                no_color=not color,
                color_system="auto" if color else None,
                highlight=False,
            )
        return self._console

    @property
    def is_terminal(self) -> bool:
        """Whether stderr is a terminal (as rich sees it)."""
        return self.console.is_terminal

    def print(self, *objects: RenderableType, soft_wrap: bool | None = None, markup: bool | None = None) -> None:
        """Print on stderr, as :meth:`rich.console.Console.print` does."""
        self.console.print(*objects, soft_wrap=soft_wrap, markup=markup)


def stderr_console(color: bool) -> Stderr:
    """The console for warnings and progress."""
    return Stderr(color)


def terminal_width() -> int:
    """The width to lay the text report out for: COLUMNS, else the terminal's, else 100."""
    try:
        return max(40, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        pass
    try:
        return max(40, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return 100


def print_problem(console: Stderr, problem: Problem) -> None:
    """One problem as ``path:line: warning: message``, the path shown literally."""
    from rich.text import Text

    label = "error" if problem.severity.value == "error" else "warning"
    style = "red" if label == "error" else "yellow"
    where = strip_controls(problem.path) + (f":{problem.line}" if problem.line else "")
    where = not_a_command(where, "./")
    console.print(
        Text.assemble((where, "bold"), ": ", (label, style), ": ", strip_controls(problem.message)),
        soft_wrap=True,
    )


class TerminalListener:
    """Draws a progress bar on stderr (when it is a TTY and not quiet) and prints problems."""

    def __init__(self, console: Stderr, show_progress: bool, quiet: bool) -> None:
        self._console = console
        self._quiet = quiet
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if show_progress and not quiet and console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description:<6}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console.console,
                transient=True,
            )
            self._progress.start()

    def stage(self, name: str, total: int | None = None) -> None:
        """Show a new bar for the stage."""
        if self._progress is not None:
            if self._task is not None:
                self._progress.remove_task(self._task)
            self._task = self._progress.add_task(name, total=total)

    def advance(self, steps: int = 1) -> None:
        """Move the bar on."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)

    def problem(self, problem: Problem) -> None:
        """Print the problem (errors even with --quiet)."""
        if not self._quiet or problem.severity.value == "error":
            print_problem(self._console, problem)

    def done(self) -> None:
        """Take the bar away."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> TerminalListener:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.done()
