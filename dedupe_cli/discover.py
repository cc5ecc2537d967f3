"""Find the input files under the paths the user named.

Directories are walked recursively in sorted order (so runs are reproducible),
``--include``/``--exclude`` globs are applied to the path relative to the named root
and to the bare name, and ``.gitignore`` files are respected.
"""

from __future__ import annotations

import bisect
import fnmatch
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, overload

from dedupe_cli import early, procpool
from dedupe_cli.early import Stats
from dedupe_cli.model import Problem, Severity
from dedupe_cli.options import LoadOptions

if TYPE_CHECKING:
    import pathspec

#: File endings the loaders read; each may also end in ``.gz``.
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")

#: The same endings, bare or followed by ``.gz``: one ``endswith`` decides.
_SUFFIXES = SUPPORTED_SUFFIXES + tuple(f"{s}.gz" for s in SUPPORTED_SUFFIXES)

#: Directories never entered: version control, caches and virtual environments.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".dedupe_cache", ".venv", "__pycache__", "node_modules"})


class FileList(Sequence[Path]):
    """The files found, in order, kept folder by folder: each folder's path and its files' names.

    A file's :class:`~pathlib.Path` is built when it is asked for: a warm scan takes most files
    from its state by their names and never needs theirs (building tens of thousands costs tens
    of milliseconds).

    Attributes:
        groups: (folder, names of its files in order); ``folder / name`` is each file's path.
    """

    def __init__(self, groups: Sequence[tuple[Path, list[str]]] = ()) -> None:
        self.groups = list(groups)
        self._starts = list(itertools.accumulate((len(names) for _, names in self.groups), initial=0))
        #: The child stat'ing these files, when discovery was begun early (:mod:`dedupe_cli.early`).
        self.stat_child: procpool.Forked | None = None

    def prefixes(self) -> list[str]:
        """Each folder's path as the system takes it, ending in a separator (its files' names follow)."""
        return [os.fspath(folder / "-")[:-1] for folder, _ in self.groups]

    def system_names(self) -> list[str]:
        """Each file's path as the system takes it, as a string."""
        return [
            prefix + name for prefix, (_, names) in zip(self.prefixes(), self.groups, strict=True) for name in names
        ]

    def early_stats(self, wanted: bool = True) -> Stats | None:
        """The files' stats begun with their discovery, taken once (None when there are none; not
        ``wanted``: the child is stopped)."""
        child, self.stat_child = self.stat_child, None
        if child is None:
            return None
        if not wanted:
            child.close()
            return None
        got: Stats | None = child.result_or_none()  # None: the scan stats them itself
        return got

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...

    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("file index out of range")
        group = bisect.bisect_right(self._starts, index) - 1
        folder, names = self.groups[group]
        return _child(folder, names[index - self._starts[group]])

    def __iter__(self) -> Iterator[Path]:
        for folder, names in self.groups:
            for name in names:
                yield _child(folder, name)

    def __repr__(self) -> str:
        return f"FileList({len(self)} files in {len(self.groups)} folders)"

    def __reduce__(self) -> tuple[object, ...]:
        # a folder's names as one string (no file name holds a NUL): pickled in a tenth of the time
        folders = [folder for folder, _ in self.groups]
        return _unpickled, (folders, ["\0".join(names) for _, names in self.groups])


def _unpickled(folders: list[Path], joined: list[str]) -> FileList:
    """A pickled :class:`FileList` (see ``FileList.__reduce__``)."""
    return FileList([(folder, text.split("\0") if text else []) for folder, text in zip(folders, joined, strict=True)])


@dataclass(frozen=True)
class Discovery:
    """The files found and the problems met on the way."""

    files: FileList
    problems: tuple[Problem, ...]


def is_supported(path: Path | str) -> bool:
    """Whether a loader reads files named like ``path`` (a path or a bare name)."""
    return (path if isinstance(path, str) else path.name).lower().endswith(_SUFFIXES)


def _matches(patterns: Iterable[str], rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


class _GitIgnore:
    """The ``.gitignore`` rules in force for files below one root (resolved paths as strings)."""

    def __init__(self, root: Path) -> None:
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        self._chains: dict[str, list[tuple[str, pathspec.GitIgnoreSpec]]] = {}
        top = root
        for parent in [root, *root.parents]:
            if (parent / ".git").exists():
                top = parent
                break
        self._top = str(top)

    def _spec(self, directory: str) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            ignore = os.path.join(directory, ".gitignore")
            spec = None
            if os.path.isfile(ignore):
                import pathspec  # 15 ms to import: only once a .gitignore is found

                try:
                    with open(ignore, encoding="utf-8", errors="replace") as handle:
                        spec = pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())
                except OSError:
                    spec = None
            self._specs[directory] = spec
        return self._specs[directory]

    def _chain(self, directory: str) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        """The ``.gitignore`` files from ``directory`` up to the repository top, nearest first."""
        chain = self._chains.get(directory)
        if chain is None:
            spec = self._spec(directory)
            parent = os.path.dirname(directory)
            above = [] if directory == self._top or parent == directory else self._chain(parent)
            chain = self._chains[directory] = ([(directory, spec)] if spec is not None else []) + above
        return chain

    def has_rules(self, directory: str) -> bool:
        """Whether any ``.gitignore`` applies to the files in the resolved ``directory``."""
        return bool(self._chain(directory))

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether the resolved ``path`` is ignored by a ``.gitignore`` between the repository top and it."""
        for directory, spec in self._chain(os.path.dirname(path)):
            rel = path[len(directory) :].lstrip("/") + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


def _child(base: Path, name: str) -> Path:
    """``base / name`` for a plain file name (pathlib's own shortcut where it has one: a third of the cost)."""
    make = getattr(base, "_make_child_relpath", None)
    child = make(name) if make is not None else None
    return child if isinstance(child, Path) else base / name


def _walk(root: Path, options: LoadOptions) -> Iterator[tuple[Path, list[str], str, set[str]]]:
    """Per folder below ``root`` that holds supported files: its path, their names, its resolved
    path with a slash and which of those files are links, in sorted order (a folder's files
    before its subfolders).

    Like ``os.walk`` (symbolic links to directories are not entered, unreadable
    directories are passed over), but with one ``scandir`` per directory and no
    system call per file besides what a symbolic link needs.
    """
    gitignore = _GitIgnore(root.resolve()) if options.respect_gitignore else None
    exclude, include = options.exclude, options.include
    pending = [(os.fspath(root), "")]
    while pending:
        dirpath, prefix = pending.pop()
        try:
            with os.scandir(dirpath) as listing:
                folders, others, links = _sort_out(list(listing))
        except OSError:
            continue
        real = os.path.realpath(dirpath)
        subdirs = []
        for entry in sorted(folders, key=_by_name):
            name = entry.name
            if name in SKIPPED_DIRS or _matches(exclude, prefix + name):
                continue
            if gitignore and gitignore.ignored(os.path.realpath(os.path.join(real, name)), is_dir=True):
                continue
            if not entry.is_symlink():
                subdirs.append((entry.path, prefix + name + "/"))
        names = sorted(name for name in others if name.lower().endswith(_SUFFIXES))
        if exclude:
            names = [name for name in names if not _matches(exclude, prefix + name)]
        if include:
            names = [name for name in names if _matches(include, prefix + name)]
        head = f"{real}/" if real != "/" else "/"
        if gitignore and (links or gitignore.has_rules(real)):
            names = [name for name in names if not gitignore.ignored(_resolved(head, name, links), is_dir=False)]
        if names:
            yield Path(dirpath), names, head, links
        pending.extend(reversed(subdirs))


def _resolved(head: str, name: str, links: set[str]) -> str:
    """The resolved path of file ``name`` in the folder whose resolved path ends in ``head``."""
    return os.path.realpath(head + name) if name in links else head + name


def _sort_out(entries: list[os.DirEntry[str]]) -> tuple[list[os.DirEntry[str]], list[str], set[str]]:
    """A directory's entries that are directories (links to them too), the names of the others
    and the names of the links among those others."""
    try:
        flags = [entry.is_dir() for entry in entries]
    except OSError:
        flags = [_is_dir(entry) for entry in entries]
    others = entries
    folders: list[os.DirEntry[str]] = []
    if True in flags:
        folders = [entry for entry, flag in zip(entries, flags, strict=True) if flag]
        others = [entry for entry, flag in zip(entries, flags, strict=True) if not flag]
    return folders, [entry.name for entry in others], {entry.name for entry in others if entry.is_symlink()}


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a directory (not when that cannot be told)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


_by_name = attrgetter("name")


def _unseen(names: list[str], keys: list[str], seen: set[str]) -> list[str]:
    """The ``names`` whose resolved path (in ``keys``) is not yet in ``seen``, which takes them."""
    if seen.isdisjoint(keys):
        size = len(seen)
        seen.update(keys)
        if len(seen) - size == len(keys):
            return names
        seen.difference_update(keys)  # two links to one file in the folder: one by one
    kept = []
    for name, key in zip(names, keys, strict=True):
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def discover(paths: Iterable[str | Path], options: LoadOptions) -> Discovery:
    """Expand ``paths`` (files and directories) into the sorted list of input files.

    A file named explicitly is read whatever its ending or ignore rules say, as
    linters do; a missing path is an error problem; a directory with no supported
    file is a warning. A file reached twice (named twice, or through a link) is kept once.
    """
    paths = list(paths)
    begun = early.take(paths, options)
    if begun is not None:
        return begun
    found: list[tuple[Path, list[str], str, set[str]]] = []
    problems: list[Problem] = []
    roots = 0
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(raw), "no such file or directory", severity=Severity.ERROR))
            continue
        roots += 1
        if path.is_dir():
            size = len(found)
            found.extend(_walk(path, options))
            if len(found) == size:
                problems.append(Problem(str(raw), "directory holds no supported article files"))
        else:
            found.append((path.parent, [path.name], "", set()))  # no folder prefix: resolved as a whole
    if roots < 2 and not any(links for _, _, _, links in found):
        # one tree without links to files: every file is reached once (links to folders are not entered)
        return Discovery(FileList([(folder, names) for folder, names, _, _ in found]), tuple(problems))
    groups: list[tuple[Path, list[str]]] = []
    seen: set[str] = set()
    for folder, names, head, links in found:
        keys = [_resolved(head, name, links) for name in names] if head else [os.path.realpath(folder / names[0])]
        kept = _unseen(names, keys, seen)
        if kept:
            groups.append((folder, kept))
    return Discovery(FileList(groups), tuple(problems))
