"""``python -m bench.phases scan DIR [OPTIONS]``: one ``dedupe`` command in this process, with the
wall time of each stage of the scan printed to stderr (the figures docs/benchmarks.md breaks down).

The stages are timed by wrapping the functions the scan calls, so the command runs as the
console script runs it, except that the workers' results are collected before the scan
goes on (timed as one stage), so memory figures from this run are not the command's.
"""

from __future__ import annotations

import contextlib
import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import dedupe_cli.edges
import dedupe_cli.findings
import dedupe_cli.format.json
import dedupe_cli.memo
import dedupe_cli.scan

TIMES: dict[str, float] = {}

#: (object, attribute, label) of the stages timed.
STAGES: list[tuple[Any, str, str]] = [
    (dedupe_cli.scan, "discover", "discover files"),
    (dedupe_cli.scan, "_stored", "load the scan state"),
    (dedupe_cli.scan, "plan_files", "stat files against the state"),
    (dedupe_cli.scan, "run_chunks", "read, segment, sign (workers)"),
    (dedupe_cli.scan, "save_state", "write the scan state"),
    (dedupe_cli.scan, "Groups", "group equal texts"),
    (dedupe_cli.scan, "match_from_scratch", "candidates + verify (all)"),
    (dedupe_cli.scan, "match_from_known", "candidates + verify (new keys)"),
    (dedupe_cli.findings.FindingBuilder, "build", "findings"),
    (dedupe_cli.scan, "refind", "findings (reusing the last)"),
    (dedupe_cli.memo.FindingMemo, "load", "read the last findings"),
    (dedupe_cli.memo.FindingMemo, "save", "keep the findings"),
    (dedupe_cli.edges.KnownPairs, "save", "keep the pairs"),
    (dedupe_cli.scan, "assemble", "assemble the files' pieces"),
    (dedupe_cli.scan, "runs", "take the stored pieces"),
    (dedupe_cli.scan, "same_relative_order", "check the files' order"),
    (dedupe_cli.scan, "_graph", "match graph arrays"),
    (dedupe_cli.scan, "with_fragments", "JSON of new findings"),
    (dedupe_cli.edges.KnownPairs, "load", "read the last pairs"),
    (dedupe_cli.edges.Matched, "known", "pairs to keep"),
    (dedupe_cli.format.json.JsonFormatter, "render", "JSON report"),
    (dedupe_cli.format.json.JsonFormatter, "render_pieces", "JSON report (pieces)"),
]
#: Minor page faults of the process during each stage (other threads' included).
FAULTS: dict[str, int] = {}


def _timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        try:
            result = fn(*args, **kwargs)
            if label.endswith("(workers)"):  # a generator: time it to its end
                result = list(result)
            return result
        finally:
            TIMES[label] = TIMES.get(label, 0.0) + time.perf_counter() - start
            FAULTS[label] = FAULTS.get(label, 0) + resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults

    return wrapper


def main() -> None:
    """Run ``dedupe`` with the given arguments and print the stage times."""
    for owner, name, label in STAGES:
        if hasattr(owner, name):
            setattr(owner, name, _timed(getattr(owner, name), label))
    from dedupe_cli.cli import main as dedupe

    sys.argv = ["dedupe", *sys.argv[1:]]
    start = time.perf_counter()
    with contextlib.suppress(SystemExit):
        dedupe()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"total {wall:.2f} s, main process CPU {usage.ru_utime + usage.ru_stime:.2f} s "
        f"(system {usage.ru_stime:.2f} s, {usage.ru_minflt:,} minor page faults)",
        file=sys.stderr,
    )
    for label, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1]):
        print(f"  {label:34s} {seconds:6.2f} s {FAULTS.get(label, 0):9,} faults", file=sys.stderr)


if __name__ == "__main__":
    main()
