"""Insert and query rates of the persistent index, SQLite file and Redis.

``.venv/bin/python -m bench.index_bench [--paragraphs N] [--redis URL]``

Generates a corpus with ``bench.corpus`` (``N`` paragraphs, 30,000 by default), adds
90% of its files to a fresh index and queries the other 10% against it, timing
both end to end (load, segment, shingle, sign, index) and the backend's share alone.
Redis is the URL given, else a redis-server this script starts on a free loopback
port (skipped when there is none). Prints a Markdown table and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import generate
from dedupe_cli.index import IndexBackend, add_paths, open_index, query_paths
from dedupe_cli.index.base import AddStats, ParagraphRecord, PreparedArticle

OUT = Path(__file__).resolve().parent / "out"


class Timed:
    """Wraps a backend and adds up the seconds spent inside it."""

    def __init__(self, inner: IndexBackend) -> None:
        self.inner = inner
        self.location = inner.location
        self.params = inner.params
        self.seconds = 0.0

    def _time(self, fn: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.seconds += time.perf_counter() - start

    def add(self, articles: list[PreparedArticle]) -> AddStats:
        return self._time(self.inner.add, articles)  # type: ignore[no-any-return]

    def candidates(self, signatures: np.ndarray) -> list[set[str]]:
        return self._time(self.inner.candidates, signatures)  # type: ignore[no-any-return]

    def records(self, keys: list[str]) -> dict[str, ParagraphRecord]:
        return self._time(self.inner.records, keys)  # type: ignore[no-any-return]

    def counts(self) -> tuple[int, int]:
        return self.inner.counts()

    def close(self) -> None:
        self.inner.close()


@contextmanager
def redis_server(url: str | None) -> Iterator[str | None]:
    """The URL of a Redis to measure: the one given, else a private redis-server, else None."""
    if url:
        yield url
        return
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmp]
        proc = subprocess.Popen([server, *args], stdout=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait()


def measure(location: str, ingest: list[Path], new: list[Path]) -> dict[str, float]:
    """Add ``ingest`` to a fresh index at ``location``, then query ``new``; the rates."""
    backend = Timed(open_index(location, namespace=f"bench{os.getpid()}"))
    try:
        start = time.perf_counter()
        added = add_paths(ingest, backend)
        add_total = time.perf_counter() - start
        add_backend, backend.seconds = backend.seconds, 0.0
        start = time.perf_counter()
        found = query_paths(new, backend)
        query_total = time.perf_counter() - start
    finally:
        backend.close()
    n_add, n_query = added.stats.paragraphs, found.paragraphs
    return {
        "indexed": n_add,
        "queried": n_query,
        "matching": len(found.findings),
        "add_rate": n_add / add_total,
        "add_backend_rate": n_add / add_backend,
        "query_rate": n_query / query_total,
        "query_backend_rate": n_query / backend.seconds,
    }


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    """Run the measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=30_000, help="corpus size (default 30000)")
    parser.add_argument("--redis", default=os.environ.get("DEDUPE_REDIS_URL"), help="a Redis URL to measure")
    args = parser.parse_args()
    corpus = generate(OUT / f"index-corpus-{args.paragraphs}", args.paragraphs)
    files = sorted(corpus.root.rglob("*.txt"))
    cut = len(files) * 9 // 10
    ingest, new = files[:cut], files[cut:]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("SQLite file", measure(str(Path(tmp) / "bench.sqlite"), ingest, new)))
    with redis_server(args.redis) as url:
        if url is not None:
            rows.append(("Redis (loopback)", measure(url, ingest, new)))
    print(f"corpus: {corpus.paragraphs} paragraphs in {corpus.files} files; machine: {machine()}\n")
    print("| backend | indexed | add, paragraphs/s (backend alone) | queried | query, paragraphs/s (backend alone) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        print(
            f"| {name} | {r['indexed']:,.0f} | {r['add_rate']:,.0f} ({r['add_backend_rate']:,.0f}) "
            f"| {r['queried']:,.0f} | {r['query_rate']:,.0f} ({r['query_backend_rate']:,.0f}) |"
        )


if __name__ == "__main__":
    main()
