"""The root group's commands, each imported and built the first time it is looked up.

typer builds every command of an app before it parses the command line: each command's
module is imported (with what it imports) and each function's signature turned into click
parameters. A warm scan is mostly start-up, and it needs one command of the six, so the
root group holds a :class:`LazyCommands` instead: ``dedupe scan`` imports and builds the
scan command alone, while ``--help``, completion and the docs test, which walk every
command, still see them all, in the order given.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping

import typer
import typer.main
from typer._click import Command


class LazyCommands(MutableMapping[str, Command]):
    """Command name -> click command, for a typer app whose command modules register themselves on import.

    Args:
        app: the typer app the command modules register on.
        modules: each command's module, in the order help lists the commands.
        built: commands typer has already built (their modules were imported before).
    """

    def __init__(self, app: typer.Typer, modules: Mapping[str, str], built: Mapping[str, Command]) -> None:
        self._app = app
        self._modules = dict(modules)
        self._built = dict(built)

    def __getitem__(self, name: str) -> Command:
        command = self._built.get(name)
        if command is None:
            if name not in self._modules:
                raise KeyError(name)
            importlib.import_module(self._modules[name])
            command = self._built[name] = self._build(name)
        return command

    def _build(self, name: str) -> Command:
        """The click command of ``name``, from what its module registered on the app."""
        app = self._app
        for info in app.registered_commands:
            if info.name == name:
                return typer.main.get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
                )
        for group in app.registered_groups:
            if group.name == name:
                return typer.main.get_group_from_info(
                    group,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=app.rich_markup_mode,
                    suggest_commands=app.suggest_commands,
                )
        raise LookupError(f"{self._modules[name]} registers no command {name!r}")

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._modules), **dict.fromkeys(self._built)})

    def __len__(self) -> int:
        return len(self._modules.keys() | self._built.keys())

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._modules

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._built.pop(name, None)
        self._modules.pop(name, None)
