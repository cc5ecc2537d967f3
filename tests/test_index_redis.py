"""`dedupe index --index redis://...`: the shared index, against a real redis-server.

The server is DEDUPE_REDIS_URL when set (CI starts one), else one these tests start on
a free loopback port when ``redis-server`` is on PATH. When DEDUPE_REQUIRE_REDIS=1 and
neither is there, the tests fail instead of skipping.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from datasketch import MinHashLSH
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.index import add_paths, open_index
from dedupe_cli.index.redis_backend import RedisIndex
from dedupe_cli.sign import Signer, shingle_hashes
from tests.test_index_sqlite import add_in_parallel, paragraph, write_articles

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a running Redis for these tests."""
    if os.environ.get("DEDUPE_REDIS_URL"):
        yield os.environ["DEDUPE_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed and DEDUPE_REDIS_URL is not set"
        if os.environ.get("DEDUPE_REQUIRE_REDIS") == "1":
            pytest.fail(message + " (DEDUPE_REQUIRE_REDIS=1)")
        pytest.skip(message)
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    args = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([*args, "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait_for(port):
            pytest.fail(f"redis-server did not start on port {port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def namespace() -> str:
    """A namespace of its own for each test, so tests never see each other's articles."""
    return f"test-{uuid.uuid4().hex[:12]}"


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_round_trip_and_re_adds_through_redis(tmp_path: Path, redis_url: str, namespace: str) -> None:
    where = ["--index", redis_url, "--namespace", namespace]
    old = write_articles(tmp_path / "old", 4, seed=21)
    assert invoke("index", "add", tmp_path / "old", *where)[0] == 0
    doc = json.loads(invoke("index", "add", tmp_path / "old", *where, "-f", "json")[1])
    assert doc["summary"]["unchanged"] == 4 and doc["indexed"] == {"articles": 4, "paragraphs": 12}

    kept = old[1].read_text(encoding="utf-8").split("\n\n")[2].strip()
    probe = tmp_path / "new" / "p.md"
    probe.parent.mkdir()
    probe.write_text(f"{paragraph(random.Random(1))}\n\n{kept}\n", encoding="utf-8")
    code, out, _ = invoke("index", "query", probe, *where, "-f", "json", "--fail-on", "match")
    assert code == 1
    [finding] = json.loads(out)["findings"]
    [match] = finding["matches"]
    assert finding["line_start"] == 3 and match["path"].endswith(old[1].name) and match["line_start"] == 5
    assert match["similarity"] == 1.0

    old[1].write_text(paragraph(random.Random(2)) + "\n", encoding="utf-8")
    doc = json.loads(invoke("index", "add", tmp_path / "old", *where, "-f", "json")[1])
    assert doc["summary"]["replaced"] == 1 and doc["indexed"] == {"articles": 4, "paragraphs": 10}
    assert json.loads(invoke("index", "query", probe, *where, "-f", "json")[1])["findings"] == []


def test_candidates_are_those_minhashlsh_query_gives(redis_url: str, namespace: str, tmp_path: Path) -> None:
    write_articles(tmp_path / "a", 30, seed=22)
    backend = open_index(redis_url, namespace)
    assert isinstance(backend, RedisIndex)
    try:
        add_paths([tmp_path / "a"], backend)
        rng = random.Random(3)
        texts = [p for f in sorted((tmp_path / "a").iterdir()) for p in f.read_text().split("\n\n")]
        probes = [" ".join(t.split()[: rng.randint(5, 30)]) + " " + paragraph(rng, 8) for t in texts]
        signer = Signer()
        sigs = signer.sign_many([shingle_hashes(t) for t in probes])
        lsh: MinHashLSH = backend.lsh
        got = backend.candidates(sigs)
        assert got == [{k.decode() for k in lsh.query(signer.lean(s))} for s in sigs]
        assert 10 < sum(1 for g in got if g) < len(probes)
    finally:
        backend.close()


def test_four_workers_adding_at_once_lose_nothing_and_a_fifth_sees_all(
    tmp_path: Path, redis_url: str, namespace: str
) -> None:
    where = ["--index", redis_url, "--namespace", namespace]
    for n in range(4):
        write_articles(tmp_path / "ingest" / f"w{n}", 25, seed=30 + n)
    add_in_parallel([tmp_path / "ingest" / f"w{n}" for n in range(4)], *where)

    copies = tmp_path / "copies"
    shutil.copytree(tmp_path / "ingest", copies)
    fifth = subprocess.run(
        [sys.executable, "-m", "dedupe_cli", "index", "query", str(copies), *where, "-f", "json", "--fail-on", "match"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )
    assert fifth.returncode == 1, fifth.stderr.decode()
    doc = json.loads(fifth.stdout)
    assert doc["indexed"] == {"articles": 100, "paragraphs": 300}
    assert doc["summary"]["matching_paragraphs"] == 300
    seen = {(m["path"].split("ingest/")[-1], m["line_start"]) for f in doc["findings"] for m in f["matches"]}
    added = {
        (p.relative_to(tmp_path / "ingest").as_posix(), line)
        for p in (tmp_path / "ingest").rglob("*.txt")
        for line in (1, 3, 5)
    }
    assert seen == added


def test_unreachable_redis_is_a_clear_error() -> None:
    port = _free_port()  # nothing listens there once the probe socket is closed
    code, out, err = invoke("index", "add", ".", "--index", f"redis://127.0.0.1:{port}/0")
    assert code == 2 and out == ""
    assert "cannot reach Redis" in err and str(port) in err
    code, _, err = invoke("index", "query", ".", "--index", f"redis://:secret@127.0.0.1:{port}/0")
    assert code == 2 and "cannot reach Redis" in err and "secret" not in err


@contextmanager
def _extra_server(workdir: Path, *args: str, ready: Callable[[], bool]) -> Iterator[None]:
    """A redis-server of its own (unix socket, TLS) for as long as the block runs."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    base = [server, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)]
    proc = subprocess.Popen([*base, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not ready():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"redis-server {' '.join(args)} did not start (built without this feature?)")
            time.sleep(0.05)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _round_trip(tmp_path: Path, url: str) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=50)
    code, _, err = invoke("index", "add", path, "--index", url)
    assert code == 0, err
    code, out, err = invoke("index", "query", path.parent, "--index", url, "-f", "json")
    assert code == 0 and json.loads(out)["indexed"] == {"articles": 1, "paragraphs": 3}, err


def test_a_unix_socket_url_reaches_the_server(tmp_path: Path) -> None:
    sock = tmp_path / "r.sock"
    with _extra_server(tmp_path, "--port", "0", "--unixsocket", str(sock), ready=sock.exists):
        _round_trip(tmp_path, f"unix://{sock}?db=3")


def test_a_rediss_url_speaks_tls(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1"]
    subject = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(["openssl", *request, *subject], check=True, capture_output=True)
    port = _free_port()
    tls = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert), "--tls-key-file", str(key)]
    with _extra_server(tmp_path, *tls, "--tls-auth-clients", "no", ready=lambda: _wait_for(port, 0.1)):
        _round_trip(tmp_path, f"rediss://127.0.0.1:{port}/0?ssl_ca_certs={cert}")


@pytest.mark.parametrize(
    ("suffix", "message"),
    [
        ("/0?foo=bar", "unknown option"),
        ("/abc", "the db must be an integer, not 'abc'"),
        ("/0?db=x", "not a valid Redis URL"),
    ],
)
def test_bad_redis_urls_are_one_line_errors(redis_url: str, suffix: str, message: str) -> None:
    url = redis_url.rsplit("/", 1)[0] + suffix
    for command in ("add", "query"):
        code, out, err = invoke("index", command, ".", "--index", url)
        assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_a_malformed_url_is_a_one_line_error() -> None:
    code, _, err = invoke("index", "query", ".", "--index", "redis://:pw@[::1/0")
    assert code == 2 and "not a valid Redis URL" in err and "pw" not in err


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def test_a_query_of_an_empty_namespace_writes_nothing(tmp_path: Path, redis_url: str, namespace: str) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=51)
    where = ["--index", redis_url, "--namespace", namespace]
    code, _, err = invoke("index", "query", path, *where)
    assert code == 0 and "holds no paragraphs" in err
    with _client(redis_url) as client:
        assert client.keys(f"{namespace}:*") == []
    code, _, err = invoke("index", "add", path, *where, "--seed", "7")
    assert code == 0, err


@pytest.mark.parametrize(
    ("key", "field", "value", "command", "message"),
    [
        ("meta", None, "[1]", "query", "is not a dedupe index or its stored settings are corrupt"),
        ("meta", None, "{not json", "add", "is not a dedupe index or its stored settings are corrupt"),
        ("meta", "seed", "-1", "query", "seed: -1 is out of range"),
        ("articles", "*", "x", "add", "is corrupt"),
        ("paras", "*", "x", "query", "is corrupt"),
    ],
)
def test_corrupt_redis_entries_are_one_line_errors(
    tmp_path: Path, redis_url: str, namespace: str, key: str, field: str | None, value: str, command: str, message: str
) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=52)
    where = ["--index", redis_url, "--namespace", namespace]
    assert invoke("index", "add", path, *where)[0] == 0
    name = f"{namespace}:{key}"
    with _client(redis_url) as client:
        if field is None:
            client.set(name, value)
        elif field == "*":
            client.hset(name, mapping=dict.fromkeys(client.hkeys(name), value))
        else:
            meta = json.loads(client.get(name) or b"{}")
            client.set(name, json.dumps({**meta, field: value}))
    if command == "add":
        path.write_text(paragraph(random.Random(5)) + "\n", encoding="utf-8")
    code, _, err = invoke("index", command, path.parent, *where)
    assert code == 2 and message in err and namespace in err and err.count("\n") == 1


def test_a_repeated_article_id_keeps_only_its_last_version_in_redis(
    tmp_path: Path, redis_url: str, namespace: str
) -> None:
    first, second = paragraph(random.Random(6)), paragraph(random.Random(7))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "X", "text": first}) + "\n" + json.dumps({"id": "X", "text": second}) + "\n")
    where = ["--index", redis_url, "--namespace", namespace]
    code, out, _ = invoke("index", "add", feed, *where, "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["summary"]["added"] == 1 and doc["indexed"] == {"articles": 1, "paragraphs": 1}
    for text, matches in ((first, 0), (second, 1)):
        probe = tmp_path / "probe.md"
        probe.write_text(text + "\n")
        assert len(json.loads(invoke("index", "query", probe, *where, "-f", "json")[1])["findings"]) == matches
