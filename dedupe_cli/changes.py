"""Which files changed: since a git ref, or as listed in a file (for other version control).

``dedupe check --since REF`` reports only findings that involve these files, while
still matching them against the whole corpus.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO


class ChangesError(Exception):
    """The changed files cannot be found (not a git repository, a bad ref, ...): exit code 2."""


def _git(args: Sequence[str], cwd: Path) -> str:
    git = shutil.which("git")
    if git is None:
        raise ChangesError("--since needs git, which is not installed")
    try:
        done = subprocess.run(
            [git, "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError as exc:
        raise ChangesError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise ChangesError(message.removeprefix("fatal: "))
    return done.stdout


def _start(paths: Sequence[str | Path]) -> Path:
    first = Path(paths[0]) if paths else Path.cwd()
    first = first.resolve()
    while not first.exists() and first != first.parent:
        first = first.parent
    return first if first.is_dir() else first.parent


def changed_since(ref: str, paths: Sequence[str | Path] = ()) -> frozenset[Path]:
    """Files added, modified or renamed since ``ref``, as resolved paths.

    The comparison starts at the merge base of ``ref`` and ``HEAD`` (what a pull
    request changes, even when ``ref`` moved on since) and ends at the working tree;
    untracked files that are not ignored count as added. The repository is the one
    holding the first of ``paths`` (the working directory when there is none).

    Raises:
        ChangesError: git is missing, the place is not a git repository, or ``ref``
            is not a commit.
    """
    if ref.startswith("-"):
        raise ChangesError(f"--since {ref!r}: not a git ref")
    cwd = _start(paths)
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except ChangesError:
        raise ChangesError(f"--since: {cwd} is not in a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"], top)
    except ChangesError:
        raise ChangesError(f"--since {ref!r}: no such commit in {top}") from None
    try:
        base = _git(["merge-base", ref, "HEAD"], top).strip() or ref
    except ChangesError:
        base = ref
    diff = _git(["diff", "--name-only", "-z", "--diff-filter=AMR", base, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = [n for n in (diff + untracked).split("\0") if n]
    return frozenset((top / name).resolve() for name in names)


def read_changed_files(source: str, stdin: TextIO) -> frozenset[Path]:
    """The files listed one per line in ``source`` (``-`` for stdin), relative to the working directory.

    Read as bytes and decoded as the system decodes file names (a name that is not UTF-8 still matches
    its file); a byte-order mark at the start is dropped (Windows tools write one).

    Raises:
        ChangesError: the list cannot be read.
    """
    try:
        if source == "-":
            buffer = getattr(stdin, "buffer", None)
            data = buffer.read() if buffer is not None else os.fsencode(stdin.read())
        else:
            data = Path(source).read_bytes()
    except OSError as exc:
        raise ChangesError(f"--changed-files {source}: cannot read: {exc.strerror or exc}") from None
    text = os.fsdecode(data.removeprefix(b"\xef\xbb\xbf"))
    names = [line.strip() for line in text.replace("\0", "\n").splitlines()]
    return frozenset(Path(n).resolve() for n in names if n)
