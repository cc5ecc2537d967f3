"""`dedupe index` with a SQLite file: bad settings, corrupt or foreign files, odd names, read-only queries."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.test_index_sqlite import invoke, write_articles


def _sql(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(statement)
    conn.close()


def _tables(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sorted(name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    finally:
        conn.close()


@pytest.mark.parametrize("seed", ["-1", "4294967296"])
def test_a_seed_out_of_range_is_refused_before_any_file_is_made(tmp_path: Path, seed: str) -> None:
    write_articles(tmp_path / "a", 1, seed=40)
    db = tmp_path / "s.sqlite"
    code, out, err = invoke("index", "add", tmp_path / "a", "--index", db, "--seed", seed)
    assert code == 2 and out == "" and err.startswith("error: --seed: ") and "out of range" in err
    assert not db.exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [("num_perm", "0"), ("k", "-1"), ("lsh_threshold", "2"), ("lsh_threshold", "nan"), ("seed", "-1"), ("k", "x")],
)
def test_corrupt_stored_settings_are_one_line_errors(tmp_path: Path, name: str, value: str) -> None:
    write_articles(tmp_path / "a", 1, seed=41)
    db = tmp_path / "idx.sqlite"
    assert invoke("index", "add", tmp_path / "a", "--index", db)[0] == 0
    _sql(db, f"UPDATE meta SET value = '{value}' WHERE name = '{name}'")
    for command in ("add", "query"):
        code, _, err = invoke("index", command, tmp_path / "a", "--index", db)
        assert code == 2 and "idx.sqlite is not a dedupe index or its stored settings are corrupt" in err
        assert name in err and err.count("\n") == 1


@pytest.mark.parametrize("blob", ["x'02000000'", "x'01'", "x'0500000061626364656667'"])
def test_corrupt_records_are_one_line_errors(tmp_path: Path, blob: str) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=42)
    db = tmp_path / "idx.sqlite"
    assert invoke("index", "add", path, "--index", db)[0] == 0
    _sql(db, f"UPDATE paragraphs SET record = {blob}")
    copy = tmp_path / "b" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = invoke("index", "query", copy, "--index", db)
    assert code == 2 and "the index" in err and "idx.sqlite is corrupt" in err and err.count("\n") == 1


def test_corrupt_band_lists_are_an_error_when_an_article_is_replaced(tmp_path: Path) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=43)
    db = tmp_path / "idx.sqlite"
    assert invoke("index", "add", path, "--index", db)[0] == 0
    _sql(db, "UPDATE paragraphs SET buckets = x'010203'")
    path.write_text("a different text of the article with enough words to be indexed here\n", encoding="utf-8")
    code, _, err = invoke("index", "add", path, "--index", db)
    assert code == 2 and "idx.sqlite is corrupt" in err


def test_a_query_never_writes_to_an_empty_file(tmp_path: Path) -> None:
    write_articles(tmp_path / "a", 1, seed=44)
    db = tmp_path / "empty.sqlite"
    db.touch()
    code, _, err = invoke("index", "query", tmp_path / "a", "--index", db)
    assert code == 0 and "holds no paragraphs" in err
    assert db.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty.sqlite"]
    assert invoke("index", "add", tmp_path / "a", "--index", db)[0] == 0  # adding makes it an index
    assert _tables(db) == ["articles", "bands", "meta", "paragraphs"]


@pytest.mark.parametrize("command", ["query", "add"])
def test_a_foreign_database_is_refused_and_left_as_it_was(tmp_path: Path, command: str) -> None:
    write_articles(tmp_path / "a", 1, seed=45)
    db = tmp_path / "app.db"
    _sql(db, "CREATE TABLE users(id)")
    code, _, err = invoke("index", command, tmp_path / "a", "--index", db)
    assert code == 2 and "app.db is not a dedupe index" in err
    assert _tables(db) == ["users"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_query_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=46)
    db = tmp_path / "idx.sqlite"
    assert invoke("index", "add", path, "--index", db)[0] == 0
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO meta VALUES ('note', 'held')")
    release = threading.Timer(4.0, lambda: writer.execute("ROLLBACK"))
    release.start()
    try:
        started = time.monotonic()
        code, out, _ = invoke("index", "query", path, "--index", db, "-f", "json")
        elapsed = time.monotonic() - started
    finally:
        release.join()
        writer.close()
    assert code == 0 and json.loads(out)["indexed"] == {"articles": 1, "paragraphs": 3}
    assert elapsed < 3.0


def test_a_file_name_that_is_not_utf8_is_indexed_with_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "nu"
    folder.mkdir()
    text = b"# t\n\nsome words here and there for the paragraph to be long enough\n"
    with open(os.fsencode(folder) + b"/\xff.md", "wb") as odd:
        odd.write(text)
    (folder / "ok.md").write_text("# u\n\nanother paragraph that has nothing in common with the first one\n")
    db = tmp_path / "nu.sqlite"
    code, out, err = invoke("index", "add", folder, "--index", db, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["summary"]["added"] == 2 and doc["indexed"] == {"articles": 2, "paragraphs": 2}
    copy = tmp_path / "copy.md"
    copy.write_bytes(text)
    code, out, _ = invoke("index", "query", copy, "--index", db, "-f", "json")
    [finding] = json.loads(out)["findings"]
    assert os.fsencode(finding["matches"][0]["path"]).endswith(b"/\xff.md")
    assert invoke("index", "add", folder, "--index", db, "-f", "json")[1].count('"unchanged": 2') == 1


def test_a_repeated_article_id_keeps_only_its_last_version(tmp_path: Path) -> None:
    first = "the first version of this story has words that the second one never uses at all"
    second = "a completely rewritten second version of the story shares none of those earlier words"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "X", "text": first}) + "\n" + json.dumps({"id": "X", "text": second}) + "\n")
    db = tmp_path / "idx.sqlite"
    code, out, _ = invoke("index", "add", feed, "--index", db, "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["summary"]["added"] == 1 and doc["indexed"] == {"articles": 1, "paragraphs": 1}
    for text, matches in ((first, 0), (second, 1)):
        probe = tmp_path / "probe.md"
        probe.write_text(text + "\n")
        assert len(json.loads(invoke("index", "query", probe, "--index", db, "-f", "json")[1])["findings"]) == matches


def test_an_index_named_memory_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [path] = write_articles(tmp_path / "a", 1, seed=47)
    monkeypatch.chdir(tmp_path)
    assert invoke("index", "add", path, "--index", ":memory:")[0] == 0
    assert (tmp_path / ":memory:").is_file()
    code, out, _ = invoke("index", "query", path, "--index", ":memory:", "-f", "json")
    assert code == 0 and json.loads(out)["indexed"] == {"articles": 1, "paragraphs": 3}
