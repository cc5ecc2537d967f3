"""typer's coercion of option values, without pydantic for the plain types the commands use.

typer (0.2x) turns every command-line value into its parameter's type through a pydantic
``TypeAdapter``: importing pydantic and building the adapters costs about 0.1 s per run,
more than a warm scan of 10k paragraphs takes. The commands' parameters are plain (str,
bool, int and float with optional bounds, Path, a StrEnum, lists of them), and for a value in
the usual form (``4``, ``0.5``, ``json``, a path) :class:`PlainParam` gives what the
adapter gives, by typer's own choice and path helpers. Any other value (malformed, out of
range, a type not listed) goes to typer's own coercion, so its errors are worded exactly
as before. A typer without this machinery is left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import typer.core

#: Integers and decimals as people type them; anything else is left to typer.
_INT = re.compile(r"-?[0-9]{1,18}")
_FLOAT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


class _NotPlain(Exception):
    """A value this module leaves to typer's own coercion."""


def _number(kind: type[int] | type[float], value: object, low: float | None, high: float | None) -> int | float:
    if type(value) is kind:
        number: int | float = value
    elif type(value) is str and (_INT if kind is int else _FLOAT).fullmatch(value):
        number = kind(value)
    else:
        raise _NotPlain
    if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
        raise _NotPlain
    return number


class PlainParam:
    """Coerces the values of one parameter as typer's pydantic adapter does, or hands them over.

    Attributes:
        annotation: the parameter's type (``X`` of ``X | None``), or the item type of a list.
        many: the parameter is a ``list[annotation]``.
    """

    def __init__(self, annotation: Any, many: bool, info: Any) -> None:
        self.annotation = annotation
        self.many = many
        self._info = info

    def coerce(self, value: Any, param: typer.core._TyperParameter, ctx: Any) -> Any:
        """The parameter's value (typer's ``RuntimeParam.coerce``)."""
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        try:
            if multi and isinstance(value, str):
                raise _NotPlain
            if self.many:
                if not isinstance(value, list | tuple):
                    raise _NotPlain
                return [self._leaf(item, param, ctx) for item in value]
            return self._leaf(value, param, ctx)
        except _NotPlain:
            from typer._coercion import build_runtime_param

            return build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)

    def _leaf(self, value: Any, param: typer.core._TyperParameter, ctx: Any) -> Any:
        from typer._param_types import coerce_cli_choice, coerce_cli_path

        kind, info = self.annotation, self._info
        if kind is str or kind is bool:
            if type(value) is not kind:
                raise _NotPlain
            return value
        if kind is int or kind is float:
            return _number(kind, value, info.min, info.max)
        if issubclass(kind, Enum):
            try:
                return coerce_cli_choice(value, choices=tuple(kind), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                raise _NotPlain from None
        path_type = info.path_type or kind
        if type(value) is str and value:
            value = path_type(value)
        if not isinstance(value, path_type):
            raise _NotPlain
        return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)


def _plain(param: object) -> PlainParam | None:
    """The plain coercion of a typer parameter, when its type is one this module handles."""
    descriptor: Any = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    if info is None or getattr(param, "_runtime_param", 0) is not None or descriptor.file_annotation is not None:
        return None
    if info.parser is not None or getattr(info, "click_type", None) is not None or info.clamp:
        return None
    annotation = descriptor.annotation
    many = getattr(annotation, "__origin__", None) is list
    if many:
        (annotation,) = annotation.__args__
    if annotation in (str, bool, int, float):
        return PlainParam(annotation, many, info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return PlainParam(annotation, many, info)
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type in (None, annotation):
        return PlainParam(annotation, many, info)
    return None


def _use_plain(params: Iterable[object]) -> None:
    for param in params:
        plain = _plain(param)
        if plain is not None:
            setattr(param, "_runtime_param", plain)  # noqa: B010 - typer's private slot, typed for its own class


class PlainCommand(typer.core.TyperCommand):
    """typer's command, its parameters coerced by :class:`PlainParam` where they can be."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_plain(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        """typer's ``--help`` option (made on first use), plainly coerced."""
        option = super().get_help_option(ctx)
        _use_plain([option])
        return option


class PlainGroup(typer.core.TyperGroup):
    """typer's group, its own parameters coerced by :class:`PlainParam` where they can be."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _use_plain(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        """typer's ``--help`` option (made on first use), plainly coerced."""
        option = super().get_help_option(ctx)
        _use_plain([option])
        return option
