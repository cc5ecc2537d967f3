"""`dedupe index` with the embedded SQLite index: round trip, re-adds, settings, two writers at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHashLSH
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.index import IndexParams, ParagraphRecord, open_index
from dedupe_cli.index.base import PreparedArticle, PreparedParagraph
from dedupe_cli.index.sqlite_backend import SqliteIndex
from dedupe_cli.sign import Signer, jaccard, shingle_hashes

runner = CliRunner()
VOCAB = [f"w{i}" for i in range(3000)]


def paragraph(rng: random.Random, n: int = 30) -> str:
    """A paragraph of random words: unrelated paragraphs share no 5-gram."""
    return " ".join(rng.choice(VOCAB) for _ in range(n)) + "."


def add_in_parallel(folders: list[Path], *index_args: str) -> None:
    """Run one `dedupe index add FOLDER` process per folder at the same time; each must succeed."""
    env = {**os.environ, "NO_COLOR": "1"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "dedupe_cli", "index", "add", str(folder), *index_args, "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for folder in folders
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()


def write_articles(root: Path, count: int, seed: int, paragraphs: int = 3) -> list[Path]:
    """``count`` text articles of random paragraphs under ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = root / f"a{seed}_{i:03d}.txt"
        path.write_text("\n\n".join(paragraph(rng) for _ in range(paragraphs)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_round_trip_finds_the_edited_copy_with_both_places(tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite"
    old = write_articles(tmp_path / "old", 5, seed=1)
    source = old[2].read_text(encoding="utf-8").split("\n\n")
    edited = source[1].replace(".", " and one more clause here.")
    new = tmp_path / "new" / "story.txt"
    new.parent.mkdir()
    new.write_text(f"{paragraph(random.Random(9))}\n\n{edited}\n", encoding="utf-8")

    assert invoke("index", "add", tmp_path / "old", "--index", db)[0] == 0
    code, out, _ = invoke("index", "query", new, "--index", db, "--format", "json", "--fail-on", "match")
    assert code == 1
    doc = json.loads(out)
    assert doc["summary"] == {"articles": 1, "paragraphs": 2, "matching_paragraphs": 1}
    assert doc["indexed"] == {"articles": 5, "paragraphs": 15}
    [finding] = doc["findings"]
    assert finding["path"].endswith("new/story.txt") and finding["line_start"] == 3
    [match] = finding["matches"]
    assert match["path"].endswith(old[2].name) and match["line_start"] == 3
    expected = jaccard(shingle_hashes(edited), shingle_hashes(source[1]))
    assert 0.5 <= expected < 1 and abs(match["similarity"] - expected) < 1e-4

    code, out, _ = invoke("index", "query", new, "--index", db)
    assert code == 0 and f"{old[2].name}:3" in out and "story.txt:3" in out


def test_re_adding_does_not_duplicate_and_a_changed_file_replaces_its_old_version(tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite"
    [path] = write_articles(tmp_path / "c", 1, seed=2)
    first = path.read_text(encoding="utf-8")
    assert invoke("index", "add", path, "--index", db)[0] == 0
    code, out, _ = invoke("index", "add", path, "--index", db, "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["summary"]["unchanged"] == 1 and doc["summary"]["added"] == 0
    assert doc["indexed"] == {"articles": 1, "paragraphs": 3}

    replacement = paragraph(random.Random(3)) + "\n"
    path.write_text(replacement, encoding="utf-8")
    doc = json.loads(invoke("index", "add", path, "--index", db, "-f", "json")[1])
    assert doc["summary"]["replaced"] == 1 and doc["indexed"] == {"articles": 1, "paragraphs": 1}

    probe = tmp_path / "probe" / "p.txt"
    probe.parent.mkdir()
    probe.write_text(first + "\n" + replacement, encoding="utf-8")
    doc = json.loads(invoke("index", "query", probe, "--index", db, "-f", "json")[1])
    assert [f["line_start"] for f in doc["findings"]] == [7]  # only the new version is indexed


def test_an_article_never_matches_its_own_indexed_version(tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite"
    write_articles(tmp_path / "a", 3, seed=4)
    invoke("index", "add", tmp_path / "a", "--index", db)
    doc = json.loads(invoke("index", "query", tmp_path / "a", "--index", db, "-f", "json")[1])
    assert doc["summary"]["paragraphs"] == 9 and doc["findings"] == []


def test_candidates_equal_those_of_datasketch_minhashlsh(tmp_path: Path) -> None:
    rng = random.Random(5)
    base = [paragraph(rng, 40) for _ in range(60)]
    variants = [" ".join(p.split()[: rng.randint(10, 40)]) + " " + paragraph(rng, 10) for p in base]
    signer = Signer()
    sigs = signer.sign_many([shingle_hashes(t) for t in base])
    queries = signer.sign_many([shingle_hashes(t) for t in variants])
    index = SqliteIndex(tmp_path / "i.sqlite", IndexParams(), {})
    lsh = MinHashLSH(threshold=index.params.lsh_threshold, num_perm=128)
    for i, sig in enumerate(sigs):
        lsh.insert(str(i), signer.lean(sig))
    empty = np.empty(0, dtype=np.uint64)
    index.add(
        [
            PreparedArticle(
                f"a{i}",
                "h",
                "p",
                str(i),
                (PreparedParagraph(str(i), 0, ParagraphRecord("p", str(i), 1, 1, "", empty), sig),),
            )
            for i, sig in enumerate(sigs)
        ]
    )
    got = index.candidates(queries)
    assert got == [set(lsh.query(signer.lean(q))) for q in queries]
    reached = sum(str(i) in found for i, found in enumerate(got))
    assert 10 < reached < len(base)  # the test holds both hits and misses


def test_other_settings_or_a_broken_file_are_clear_errors(tmp_path: Path) -> None:
    db = tmp_path / "idx.sqlite"
    write_articles(tmp_path / "a", 1, seed=6)
    invoke("index", "add", tmp_path / "a", "--index", db)
    code, _, err = invoke("index", "query", tmp_path / "a", "--index", db, "-k", "4")
    assert code == 2 and "built with k=5" in err
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    code, _, err = invoke("index", "add", tmp_path / "a", "--index", bad)
    assert code == 2 and "bad.sqlite" in err


def test_querying_a_missing_index_matches_nothing_and_creates_nothing(tmp_path: Path) -> None:
    write_articles(tmp_path / "a", 1, seed=7)
    db = tmp_path / "none.sqlite"
    code, _, err = invoke("index", "query", tmp_path / "a", "--index", db, "--fail-on", "match")
    assert code == 0 and "holds no paragraphs" in err and not db.exists()


def test_records_survive_packing_with_any_text() -> None:
    record = ParagraphRecord(
        'dir/\x1f"é.md', "id\x1f1", 3, 5, 'quote " and \\ and ünïcode', np.array([1, 2**64 - 1], dtype=np.uint64)
    )
    back = ParagraphRecord.unpack(record.pack())
    assert (back.path, back.article_id, back.line_start, back.line_end, back.excerpt) == (
        record.path,
        record.article_id,
        3,
        5,
        record.excerpt,
    )
    assert np.array_equal(back.shingles, record.shingles)


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    for n in range(2):
        write_articles(tmp_path / f"w{n}", 40, seed=10 + n)
    add_in_parallel([tmp_path / f"w{n}" for n in range(2)], "--index", str(db))
    backend = open_index(str(db))
    try:
        assert backend.counts() == (80, 240)
    finally:
        backend.close()


def _open_when_released(path: str, start: Any, results: Any) -> None:
    start.wait()
    try:
        SqliteIndex(Path(path), IndexParams(), {}).close()
        results.put("opened")
    except Exception as exc:  # reported to the test, which shows it
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_index_at_once_all_get_it(tmp_path: Path) -> None:
    # SQLite answers "database is locked" without waiting while another process switches a new file to
    # WAL mode: before that was tried again, about one round in ten failed here.
    context = multiprocessing.get_context("fork")
    for round_ in range(30):
        start, results = context.Barrier(3), context.Queue()
        path = str(tmp_path / f"new{round_}.sqlite")
        workers = [context.Process(target=_open_when_released, args=(path, start, results)) for _ in range(3)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join()
        assert outcomes == ["opened"] * 3, outcomes
