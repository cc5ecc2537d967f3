"""Find the input files under the paths the user named.

Directories are walked recursively in sorted order (so runs are reproducible),
``--include``/``--exclude`` globs are applied to the path relative to the named root
and to the bare name, and ``.gitignore`` files are respected.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from dedupe_cli.model import Problem, Severity
from dedupe_cli.options import LoadOptions

#: File endings the loaders read; each may also end in ``.gz``.
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")

#: Directories never entered: version control, caches and virtual environments.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".dedupe_cache", ".venv", "__pycache__", "node_modules"})


@dataclass(frozen=True)
class Discovery:
    """The files found and the problems met on the way."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]


def is_supported(path: Path) -> bool:
    """Whether a loader reads files named like ``path``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(SUPPORTED_SUFFIXES)


def _matches(patterns: Iterable[str], rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


class _GitIgnore:
    """The ``.gitignore`` rules in force for files below one root."""

    def __init__(self, root: Path) -> None:
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._root = root
        top = root
        for parent in [root, *root.parents]:
            if (parent / ".git").exists():
                top = parent
                break
        else:
            top = root
        self._top = top

    def _spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            ignore = directory / ".gitignore"
            spec = None
            if ignore.is_file():
                try:
                    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except OSError:
                    spec = None
            self._specs[directory] = spec
        return self._specs[directory]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """Whether ``path`` is ignored by a ``.gitignore`` between the repository top and it."""
        for directory in [path.parent, *path.parent.parents]:
            spec = self._spec(directory)
            if spec is not None:
                rel = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
                if spec.match_file(rel):
                    return True
            if directory == self._top or directory == directory.parent:
                break
        return False


def _walk(root: Path, options: LoadOptions) -> Iterator[Path]:
    gitignore = _GitIgnore(root.resolve()) if options.respect_gitignore else None
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            sub = here / d
            rel = sub.relative_to(root).as_posix()
            if d in SKIPPED_DIRS or _matches(options.exclude, rel):
                continue
            if gitignore and gitignore.ignored(sub.resolve(), is_dir=True):
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if not is_supported(path) or _matches(options.exclude, rel):
                continue
            if options.include and not _matches(options.include, rel):
                continue
            if gitignore and gitignore.ignored(path.resolve(), is_dir=False):
                continue
            yield path


def discover(paths: Iterable[str | Path], options: LoadOptions) -> Discovery:
    """Expand ``paths`` (files and directories) into the sorted list of input files.

    A file named explicitly is read whatever its ending or ignore rules say, as
    linters do; a missing path is an error problem; a directory with no supported
    file is a warning.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(raw), "no such file or directory", severity=Severity.ERROR))
            continue
        if path.is_dir():
            found = list(_walk(path, options))
            if not found:
                problems.append(Problem(str(raw), "directory holds no supported article files"))
        else:
            found = [path]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return Discovery(tuple(files), tuple(problems))
