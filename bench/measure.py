"""``python -m bench.measure CMD...``: run CMD, print its wall time and peak RSS as JSON.

Run in a fresh process per measurement, so RUSAGE_CHILDREN holds only CMD and the
processes it waited for (its workers): ``peak_rss_mb`` is the largest single process,
``tree_rss_mb`` the largest sum over the process tree seen by sampling /proc.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path


def measure_command(cmd: list[str]) -> dict[str, float]:
    """Wall time, CPU, peak RSS of one command, in a fresh measuring process.

    What the bench itself wrote before (a scan state copied back, changed files, a corpus) is
    flushed to disk first (``os.sync``): otherwise the kernel writes it back during the measured
    run, which then pays for the bench's own set-up (measured on a warm re-scan after copying
    back an 800 MB state: about 6% of its time on a 2-core VM).
    """
    root = Path(__file__).resolve().parent.parent
    if hasattr(os, "sync"):
        os.sync()
    res = subprocess.run([sys.executable, "-m", "bench.measure", *cmd], capture_output=True, text=True, cwd=root)
    return json.loads(res.stdout.strip().splitlines()[-1]) if res.stdout.strip() else {"code": -1, "wall": 0.0}


def _tree_rss(root: int) -> int:
    total = 0
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    stack = [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def main() -> None:
    """Measure one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    thread.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "code": code,
                "wall": wall,
                "peak_rss_mb": usage.ru_maxrss / 1024,
                "tree_rss_mb": peak[0] / 2**20,
                "cpu": usage.ru_utime + usage.ru_stime,
            }
        )
    )


if __name__ == "__main__":
    main()
