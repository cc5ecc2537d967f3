"""The baseline: the stable keys of accepted findings, so that only new ones fail a check.

The file is JSON with one key per line, sorted, so that a change to it reviews
well as a diff::

    {
      "tool": "dedupe",
      "version": 1,
      "accepted": [
        "cross_article:0b3c...",
        "internal_repeat:9f1e..."
      ]
    }

Keys are ``kind:fingerprint``, content hashes of the duplicated text (or of the
conflicting sentences), never line numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dedupe_cli.atomic import write_atomic

#: The layout version of the baseline file.
BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read (exit code 2)."""


@dataclass(frozen=True)
class BaselineChange:
    """What ``--update-baseline`` changed: keys added and removed, sorted."""

    added: tuple[str, ...]
    removed: tuple[str, ...]


def read_baseline(path: Path) -> frozenset[str]:
    """The accepted keys in a baseline file.

    Raises:
        BaselineError: the file is missing, unreadable or not a baseline.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline not found (create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a dedupe baseline (nested too deeply to read)") from None
    if isinstance(data, dict) and data.get("tool", "dedupe") != "dedupe":
        raise BaselineError(f'{path}: not a dedupe baseline ("tool" is {data.get("tool")!r}, not "dedupe")')
    version = data.get("version", BASELINE_VERSION) if isinstance(data, dict) else BASELINE_VERSION
    if type(version) is not int or version != BASELINE_VERSION:  # not True, nor 1.0
        raise BaselineError(
            f"{path}: baseline version {version!r} is not supported (this dedupe reads version {BASELINE_VERSION})"
        )
    accepted = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(accepted, list) or not all(isinstance(k, str) for k in accepted):
        raise BaselineError(f'{path}: not a dedupe baseline (expected an "accepted" list of strings)')
    return frozenset(accepted)


def render_baseline(keys: Iterable[str]) -> str:
    """The baseline file's text for ``keys``: sorted, one per line."""
    doc = {"tool": "dedupe", "version": BASELINE_VERSION, "accepted": sorted(set(keys))}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def update_baseline(path: Path, keys: Iterable[str]) -> BaselineChange:
    """Write ``keys`` as the baseline at ``path`` (atomically) and say what changed.

    An unreadable old baseline counts as empty: updating is how it gets repaired.
    """
    try:
        old = read_baseline(path)
    except BaselineError:
        old = frozenset()
    new = frozenset(keys)
    write_atomic(path, render_baseline(new))
    return BaselineChange(added=tuple(sorted(new - old)), removed=tuple(sorted(old - new)))
