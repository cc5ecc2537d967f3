"""A small listener interface through which the core reports progress and problems.

The core never prints: it calls a :class:`Listener`. The CLI passes one that draws a
rich progress bar on stderr; tests and library users pass :class:`NullListener` or
their own.
"""

from __future__ import annotations

from typing import Protocol

from dedupe_cli.model import Problem


class Listener(Protocol):
    """Receives progress events from the pipeline."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A stage starts; ``total`` is the number of steps when known."""

    def advance(self, steps: int = 1) -> None:
        """The current stage made ``steps`` steps of progress."""

    def problem(self, problem: Problem) -> None:
        """A problem with the input was found; the run goes on."""

    def done(self) -> None:
        """The pipeline finished."""


class NullListener:
    """A listener that ignores progress but keeps the problems it was told of."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def stage(self, name: str, total: int | None = None) -> None:
        """Ignore the stage."""

    def advance(self, steps: int = 1) -> None:
        """Ignore progress."""

    def problem(self, problem: Problem) -> None:
        """Keep the problem."""
        self.problems.append(problem)

    def done(self) -> None:
        """Nothing to finish."""
