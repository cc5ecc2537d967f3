"""Settings from a file, the environment and the command line, merged into one frozen :class:`Config`.

Precedence, highest first: the command line, ``DEDUPE_*`` environment variables, the
configuration file, the defaults. The file is ``[tool.dedupe]`` in ``pyproject.toml`` or
the top level of ``.dedupe.toml``, found by walking up from the first scanned path (in
one directory ``.dedupe.toml`` wins); ``--config PATH`` names it, ``--isolated`` ignores
files. Keys may be written ``kebab-case`` or ``snake_case``; unknown keys are warned
about by name and ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dedupe_cli.options import ClaimsOptions, LoadOptions, MatchOptions

_MATCH = MatchOptions()
_LOAD = LoadOptions()

#: The kinds ``fail_on`` takes: the duplicate finding kinds and claim conflicts.
GATE_KINDS = ("internal_repeat", "cross_article", "boilerplate", "conflict")

#: The configuration file names, in the order they are looked for in each directory.
CONFIG_FILES = (".dedupe.toml", "pyproject.toml")

#: Where a setting's value came from when nothing set it.
DEFAULT = "default"
#: Where a setting's value came from when a command-line option set it.
COMMAND_LINE = "command line"


class ConfigError(Exception):
    """A configuration file or value that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    """The effective settings of one run.

    Attributes:
        threshold, shingle, shingle_size, num_perm, seed, min_words,
            boilerplate_min_articles: matching settings, defaults as in
            :class:`~dedupe_cli.options.MatchOptions`.
        include, exclude, respect_gitignore: input selection, defaults as in
            :class:`~dedupe_cli.options.LoadOptions`.
        max_file_size: the largest input file read, in bytes (0: no limit); the default and why
            in :class:`~dedupe_cli.options.LoadOptions`. Written as a number of bytes or with a
            unit (``512MiB``, ``2G``, ``500MB``: see :mod:`dedupe_cli.sizes`).
        story_threshold: the claims stage's story grouping threshold.
        fail_on: the kinds that fail ``dedupe check``; by default the duplicate kinds
            that are mistakes in a news repository (a block repeated in one article,
            copy shared across articles) and claim conflicts, not boilerplate, which
            every outlet has.
        min_similarity: findings below this similarity neither fail nor are reported
            by ``check``; 0 keeps every finding the scan verified.
        exit_zero: ``check`` exits 0 even when the policy fails.
        baseline: the baseline file ``check`` compares against (none by default).
        format: the report format ``check`` writes to stdout.
    """

    threshold: float = _MATCH.threshold
    shingle: str = _MATCH.shingle
    shingle_size: int = _MATCH.k
    num_perm: int = _MATCH.num_perm
    seed: int = _MATCH.seed
    min_words: int = _MATCH.min_words
    boilerplate_min_articles: int = _MATCH.boilerplate_min_articles
    include: tuple[str, ...] = _LOAD.include
    exclude: tuple[str, ...] = _LOAD.exclude
    respect_gitignore: bool = _LOAD.respect_gitignore
    max_file_size: int = _LOAD.max_file_size
    story_threshold: float = ClaimsOptions().story_threshold
    fail_on: tuple[str, ...] = ("internal_repeat", "cross_article", "conflict")
    min_similarity: float = 0.0
    exit_zero: bool = False
    baseline: str | None = None
    format: str = "text"

    def match_options(self) -> MatchOptions:
        """The matching options these settings give.

        The LSH candidate threshold follows a raised or lowered ``threshold`` so that
        pairs near it are not lost before verification.
        """
        return MatchOptions(
            threshold=self.threshold,
            shingle=self.shingle,
            k=self.shingle_size,
            num_perm=self.num_perm,
            seed=self.seed,
            min_words=self.min_words,
            lsh_threshold=min(_MATCH.lsh_threshold, self.threshold * 0.6),
            boilerplate_min_articles=self.boilerplate_min_articles,
        )

    def load_options(self) -> LoadOptions:
        """The input options these settings give (JSON field names stay command-line only)."""
        return replace(
            _LOAD,
            include=self.include,
            exclude=self.exclude,
            respect_gitignore=self.respect_gitignore,
            max_file_size=self.max_file_size,
        )


def _number(kind: type[int] | type[float], lo: float, hi: float) -> Callable[[str, object], object]:
    def convert(name: str, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ConfigError(f"{name}: expected a number, got {value!r}")
        try:
            number = kind(value)
        except (TypeError, ValueError):
            raise ConfigError(
                f"{name}: expected {'an integer' if kind is int else 'a number'}, got {value!r}"
            ) from None
        if kind is int and isinstance(value, float) and value != number:
            raise ConfigError(f"{name}: expected an integer, got {value!r}")
        if not lo <= number <= hi:
            raise ConfigError(f"{name}: {number} is out of range ({lo:g} to {hi:g})")
        return number

    return convert


def _boolean(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name}: expected true or false, got {value!r}")


def _strings(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{name}: expected a list of strings, got {value!r}")


def _choice(*allowed: str) -> Callable[[str, object], object]:
    def convert(name: str, value: object) -> object:
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            raise ConfigError(f"{name}: expected one of {', '.join(allowed)}, got {value!r}")
        return value.strip().lower()

    return convert


def select_kinds(values: Iterable[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds ``values`` name, in the order of ``allowed``: kinds, ``any`` (all) or ``none`` (alone).

    Raises:
        ValueError: an unknown kind, ``none`` with others, or nothing named (an empty value is more
            often a variable that was never set than a wish for no gate: ``none`` says that).
    """
    kinds = {v.strip().lower() for v in values if v.strip()}
    if not kinds:
        raise ValueError("no kind named (name kinds, any or none)")
    unknown = sorted(kinds - set(allowed) - {"any", "none"})
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)} (choose from {', '.join(allowed)}, any, none)")
    if "none" in kinds and len(kinds) > 1:
        raise ValueError("none cannot be combined with other kinds")
    return allowed if "any" in kinds else tuple(k for k in allowed if k in kinds)


def _kinds(name: str, value: object) -> tuple[str, ...]:
    try:
        return select_kinds(_strings(name, value), GATE_KINDS)
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _size(name: str, value: object) -> int:
    from dedupe_cli.sizes import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{name}: expected a string, got {value!r}")
    return value


def _format(name: str, value: object) -> str:
    from dedupe_cli.format.base import OutputFormat

    return str(_choice(*(f.value for f in OutputFormat))(name, value))


_CONVERTERS: dict[str, Callable[[str, object], object]] = {
    "threshold": _number(float, 0.05, 1.0),
    "shingle": _choice("word", "char"),
    "shingle_size": _number(int, 1, 16),
    "num_perm": _number(int, 16, 1024),
    "seed": _number(int, 0, 2**32 - 1),
    "min_words": _number(int, 1, 10_000),
    "boilerplate_min_articles": _number(int, 2, 1_000_000),
    "include": _strings,
    "exclude": _strings,
    "respect_gitignore": _boolean,
    "max_file_size": _size,
    "story_threshold": _number(float, 0.01, 1.0),  # as --story-threshold: 0 would put every article in one story
    "fail_on": _kinds,
    "min_similarity": _number(float, 0.0, 1.0),
    "exit_zero": _boolean,
    "baseline": _text,
    "format": _format,
}
#: Names a setting is also known by in files (the short option's name).
_ALIASES = {"k": "shingle_size"}

#: Every setting's name, in the order ``dedupe config`` shows them.
SETTINGS = tuple(f.name for f in fields(Config))


def convert(setting: str, value: object, origin: str) -> object:
    """``value`` checked and typed for ``setting``; ``origin`` names it in the error.

    Raises:
        ConfigError: the value does not fit the setting.
    """
    return _CONVERTERS[setting](origin, value)


def env_name(setting: str) -> str:
    """The environment variable of a setting, e.g. ``DEDUPE_FAIL_ON``."""
    return "DEDUPE_" + setting.upper()


def env_value(setting: str, env: Mapping[str, str]) -> object | None:
    """The value ``DEDUPE_<SETTING>`` gives ``setting`` in ``env``, checked and typed; None when it is not set.

    Raises:
        ConfigError: the value does not fit the setting (the message names the variable).
    """
    variable = env_name(setting)
    if variable not in env:
        return None
    try:
        return _CONVERTERS[setting](variable, env[variable])
    except ConfigError as exc:
        raise ConfigError(f"environment: {exc}") from None


def _key(raw: str) -> str:
    key = raw.strip().lower().replace("-", "_")
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class Resolved:
    """The effective configuration and how it came about.

    Attributes:
        config: the merged settings.
        sources: for each setting, where its value came from: ``default``, the
            configuration file's path, ``DEDUPE_NAME`` or ``command line``.
        file: the configuration file read, if any.
        warnings: unknown keys and other things the user should know, by name.
    """

    config: Config
    sources: Mapping[str, str]
    file: Path | None = None
    warnings: tuple[str, ...] = field(default=())


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{line}: invalid TOML: not UTF-8 (byte 0x{data[exc.start]:02x})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(path, str(exc), data)) from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None


def _toml_error(path: Path, message: str, data: bytes) -> str:
    """tomllib's ``message`` as ``path:line:column: invalid TOML: ...`` (the end of the file: its last line)."""
    place = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if place:
        return f"{path}:{place[1]}:{place[2]}: invalid TOML: {message[: place.start()]}"
    if message.endswith(" (at end of document)"):
        line = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        return f"{path}:{max(line, 1)}: invalid TOML: {message.removesuffix(' (at end of document)')} at the end"
    return f"{path}: invalid TOML: {message}"


def _table(path: Path) -> dict[str, Any] | None:
    """The dedupe settings a file holds, or None when a pyproject.toml has no [tool.dedupe]."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    table = tool.get("dedupe") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.dedupe] must be a table")
    return table


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.dedupe.toml``, or ``pyproject.toml`` with ``[tool.dedupe]``, at or above ``start``."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in [here, *here.parents]:
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and _table(candidate) is not None:
                return candidate
    return None


def _file_values(path: Path) -> tuple[dict[str, object], list[str]]:
    table = _table(path) or {}
    where = "[tool.dedupe]" if path.name == "pyproject.toml" else "top level"
    values: dict[str, object] = {}
    warnings: list[str] = []
    for raw, value in table.items():
        key = _key(raw)
        if key not in _CONVERTERS:
            import difflib

            close = difflib.get_close_matches(key, SETTINGS, n=1)
            hint = f" (did you mean {close[0].replace('_', '-')!r}?)" if close else ""
            warnings.append(f"{path}: unknown key {raw!r} in {where}, ignored{hint}")
            continue
        try:
            converted = _CONVERTERS[key](raw, value)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        if key == "baseline" and isinstance(converted, str) and not Path(converted).is_absolute():
            converted = _relative_to_cwd(path.parent / converted)
        values[key] = converted
    return values, warnings


def _relative_to_cwd(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.resolve().as_posix()


def resolve(
    targets: Iterable[str | Path],
    cli: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
    config_path: str | Path | None = None,
    isolated: bool = False,
) -> Resolved:
    """Merge defaults, the configuration file, ``DEDUPE_*`` variables and command-line values.

    Args:
        targets: the paths the command was given; the file search starts at the first
            (the working directory when there is none).
        cli: values the user gave on the command line, by setting name (already typed).
        env: the environment (``os.environ`` when None).
        config_path: an explicit configuration file (``--config``).
        isolated: ignore configuration files (``--isolated``).

    Raises:
        ConfigError: an unreadable or invalid file, a bad value, or ``--config`` with
            ``--isolated``.
    """
    env = os.environ if env is None else env
    if isolated and config_path is not None:
        raise ConfigError("--config and --isolated cannot be used together")
    sources = dict.fromkeys(SETTINGS, DEFAULT)
    values: dict[str, object] = {}
    warnings: list[str] = []
    file: Path | None = None
    if config_path is not None:
        file = Path(config_path)
        if not file.is_file():
            raise ConfigError(f"{file}: configuration file not found")
        if _table(file) is None:
            warnings.append(f"{file}: no [tool.dedupe] table")
    elif not isolated:
        first = next(iter(targets), None)
        file = find_config_file(Path(first) if first is not None else Path.cwd())
    if file is not None:
        from_file, warnings_file = _file_values(file)
        warnings.extend(warnings_file)
        values.update(from_file)
        sources.update(dict.fromkeys(from_file, _relative_to_cwd(file)))
    for name in SETTINGS:
        value = env_value(name, env)
        if value is not None:
            values[name] = value
            sources[name] = env_name(name)
    for name, value in (cli or {}).items():
        if name not in _CONVERTERS:
            raise KeyError(name)
        values[name] = value
        sources[name] = COMMAND_LINE
    return Resolved(Config(**values), sources, file, tuple(warnings))  # type: ignore[arg-type]
