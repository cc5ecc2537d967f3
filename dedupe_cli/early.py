"""Discovery and the files' ``stat`` calls begun early, in a forked child, while the command imports the scan.

A warm re-scan of tens of thousands of files spends about 0.2 s listing its folders and
stat'ing every file before it knows which to read again, and the scan command spends 0.1 s
importing the scan (numpy and the pipeline) on one core first. ``dedupe scan`` calls
:func:`start` before those imports: a child finds the files and sends them, then stats them
(when a scan state may use the times) and sends those. :func:`dedupe_cli.discover.discover`
takes the files when it is asked for the same paths, options and working directory; the plan
(:func:`dedupe_cli.freshness.plan_files`) takes the stats from the file list. Anything that goes
wrong in the child only means this process does the work itself, as without it.

The child is forked while the process is small and only when a core is idle; the scan itself
never forks to stat (see :func:`stat_names`). This module imports neither numpy nor the
pipeline: the child must not wait for them.
"""

from __future__ import annotations

import contextlib
import functools
import os
from array import array
from collections.abc import Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from dedupe_cli import procpool

if TYPE_CHECKING:
    from dedupe_cli.discover import Discovery
    from dedupe_cli.options import LoadOptions

#: Per file, its size and mtime_ns (0 when it cannot be stat'ed), and the numbers of those that cannot.
Stats = tuple["array[int]", "array[int]", list[int]]

_SIZE, _MTIME = attrgetter("st_size"), attrgetter("st_mtime_ns")
_BATCH = 2048
_NONE = os.stat_result((0,) * 10, {"st_mtime_ns": 0})


#: Files from which a child process stats half of them: a stat costs 3-4 us here (the kernel's
#: 2 us and Python's result object), a fork a few milliseconds.
FORK_FROM = 8192


def stat_names(names: Sequence[str]) -> Stats:
    """:data:`Stats` of the files ``names``; many files are stat'ed on two cores (a forked child takes
    the second half).

    Only for a small process (the early child): forking one that holds a scan makes it pay for
    every page of its heap it writes afterwards (copy-on-write faults: 0.1-0.2 s at 1M paragraphs,
    more than the second core saves), so a scan stats its files itself (:func:`stat_here`).
    """
    if len(names) < FORK_FROM or not procpool.available() or procpool.cores() < 2:
        return stat_here(names)
    half = len(names) // 2
    try:
        child = procpool.Forked(functools.partial(stat_here, names[half:]))
    except OSError:
        return stat_here(names)
    sizes, mtimes, failed = stat_here(names[:half])
    try:
        more: Stats = child.result()
    except Exception:  # the child failed: this process stats them
        more = stat_here(names[half:])
    return sizes + more[0], mtimes + more[1], failed + [half + i for i in more[2]]


def stat_here(names: Sequence[str]) -> Stats:
    """:data:`Stats` of the files ``names``, in this process, the calls made by ``map`` (no Python code between two),
    a batch at a time (the results' memory is used again: no page faults for a list of them all)."""
    sizes, mtimes, failed = array("q"), array("q"), []
    for lo in range(0, len(names), _BATCH):
        batch = names[lo : lo + _BATCH]
        stats: list[os.stat_result] = []
        todo = iter(batch)
        while len(stats) < len(batch):
            try:
                stats.extend(map(os.stat, todo))
            except OSError:
                failed.append(lo + len(stats))
                stats.append(_NONE)
        sizes.extend(map(_SIZE, stats))
        mtimes.extend(map(_MTIME, stats))
    return sizes, mtimes, failed


Key = tuple[tuple[str, ...], "LoadOptions", str]

#: The child begun by :func:`start` and what it was asked, until :func:`take` is called.
_PENDING: tuple[Key, procpool.Forked, bool] | None = None


def _key(paths: Sequence[str | Path], options: LoadOptions) -> Key:
    return tuple(os.fspath(p) for p in paths), options, os.getcwd()


def start(paths: Sequence[Path], options: LoadOptions, cache_dir: str | None, jobs: int) -> None:
    """Begin finding (and, when ``cache_dir`` holds a scan state, stat'ing) the files below ``paths``
    in a child process, when a folder is named, this process may use two cores and ``jobs`` is not 1."""
    discard()
    if jobs == 1 or not procpool.available() or procpool.cores() < 2 or not _core_free():
        return
    if not any(os.path.isdir(p) for p in paths):
        return
    stats = _has_state(cache_dir)
    global _PENDING
    try:
        key = _key(paths, options)  # no working directory (removed): nothing begun
        if stats:
            child = procpool.Forked(functools.partial(_find, list(paths), options), 2)
        else:
            child = procpool.Forked(functools.partial(_discover, list(paths), options))
    except OSError:
        return
    _PENDING = (key, child, stats)


def _core_free() -> bool:
    """Whether a core is idle now (or it cannot be told): a child begun on a busy machine only takes
    time from this process's imports (measured: the same total time, more CPU). The running count
    in ``/proc/loadavg`` is of this instant (this process included); the averages lag by a minute."""
    try:
        with open("/proc/loadavg", "rb") as handle:
            running = int(handle.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < procpool.cores()


def _has_state(cache_dir: str | None) -> bool:
    """Whether ``cache_dir`` may hold a scan state (whose file times a scan compares)."""
    if not cache_dir:
        return False
    try:
        with os.scandir(cache_dir) as listing:
            return any(entry.name.startswith("state-") for entry in listing)
    except OSError:
        return False


def _discover(paths: list[Path], options: LoadOptions) -> Discovery:
    """The child's work when no stats are wanted: the discovery."""
    from dedupe_cli.discover import discover

    return discover(paths, options)


def _find(paths: list[Path], options: LoadOptions) -> Iterator[object]:
    """The child's work when a scan state may use the stats: the discovery, then the stats of its files."""
    found = _discover(paths, options)
    yield found
    yield stat_names(found.files.system_names())


def take(paths: Sequence[str | Path], options: LoadOptions) -> Discovery | None:
    """The discovery begun by :func:`start` for these paths and options here, with its stats to come
    (:meth:`~dedupe_cli.discover.FileList.early_stats`); None when there is none or it failed."""
    global _PENDING
    pending, _PENDING = _PENDING, None
    if pending is None:
        return None
    key, child, stats = pending
    try:
        same = key == _key(paths, options)
    except OSError:
        same = False
    if not same:
        child.close()
        return None
    found: Discovery | None = child.result_or_none()
    if found is not None:
        found.files.stat_child = child if stats else None
    return found


def discard() -> None:
    """Stop the child :func:`start` began, if it was not taken."""
    global _PENDING
    pending, _PENDING = _PENDING, None
    if pending is not None:
        with contextlib.suppress(OSError):
            pending[1].close()
