"""The scan state's files: which files a warm scan takes from it, and its stored form."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from dedupe_cli.discover import discover
from dedupe_cli.filetable import FileColumns, FileOrder, FileTable
from dedupe_cli.freshness import plan_files
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import scan
from dedupe_cli.state import FRESH_SECONDS, load_state, state_dir
from dedupe_cli.workers import FileInfo

from .test_scan_state import _BODY, _cold, _corpus, _same


def _options(tmp_path: Path) -> ScanOptions:
    return ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))


def _read(options: ScanOptions, root: Path) -> list[str]:
    """The names of the files a warm scan would read again."""
    _, fresh = plan_files(discover([root], options.load).files, load_state(options))
    return sorted(p.name for p in fresh)


def _touch(path: Path, seconds: int) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_only_changed_files_are_read_again(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    scan([root], options)
    assert _read(options, root) == []
    extra = root / "extra"
    _touch(extra / "a0.txt", 5)  # only the time changed: the content digest says it is the same
    same_size = (extra / "a1.txt").read_text().replace("Monday", "Friday")
    (extra / "a1.txt").write_text(same_size)  # same size, new content
    _touch(extra / "a1.txt", 7)
    (extra / "a2.txt").write_text((extra / "a2.txt").read_text() + "More.\n")
    (extra / "a3.txt").rename(extra / "a3-renamed.txt")
    (extra / "a4.txt").unlink()
    (extra / "a5.txt").unlink()
    (extra / "a5.txt").mkdir()  # a file replaced by a folder holding one
    (extra / "a5.txt" / "inner.txt").write_text("Inner story\n\n" + _BODY)
    assert _read(options, root) == ["a1.txt", "a2.txt", "a3-renamed.txt", "inner.txt"]
    warm = scan([root], options)
    _same(warm, _cold(root, tmp_path / "c1"))
    assert _read(options, root) == []
    _same(scan([root], options), warm)


def test_a_list_of_paths_is_planned_as_discovery_s_file_list(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    scan([root], options)
    (root / "extra" / "a2.txt").write_text("Rewritten\n\n" + _BODY)
    stored = load_state(options)
    files = discover([root], options.load).files
    by_list, fresh = plan_files(files, stored)
    by_paths, fresh_too = plan_files(list(reversed(list(files))), stored)
    assert by_list[::-1] == [(p, n, s, m) if p is not None else (None, 0, 0, 0) for p, n, s, m in by_paths]
    assert fresh == fresh_too == [root / "extra" / "a2.txt"]
    plan, fresh = plan_files(files, None)
    assert (list(plan), fresh) == ([(None, n, 0, 0) for n in range(len(files))], list(files))


def test_a_state_of_an_older_version_is_ignored_quietly_and_replaced(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    cold = scan([root], options)
    folder = state_dir(options)
    shutil.rmtree(folder)
    (folder / "seg-0123456789ab").mkdir(parents=True)
    (folder / "seg-0123456789ab" / "meta.json").write_text('{"articles": [], "files": []}')
    old = {"version": 1, "segments": ["seg-0123456789ab"], "files": [["x.txt", 1, 2, "seg-0123456789ab", 0, ""]]}
    (folder / "manifest.json").write_text(json.dumps(old))
    a_while_ago = time.time() - FRESH_SECONDS - 10
    os.utime(folder / "seg-0123456789ab", (a_while_ago, a_while_ago))
    (folder / "seg-00000000000a").mkdir()  # as if another scan sharing the folder had just written it
    listener = NullListener()
    _same(scan([root], options, listener), cold)
    assert not listener.problems
    assert json.loads((folder / "manifest.json").read_text())["version"] != 1
    assert not (folder / "seg-0123456789ab").exists()
    assert (folder / "seg-00000000000a").exists()  # too new to be another run's leftover


@pytest.mark.parametrize("damage", ["table", "truncated table", "segment meta", "names", "numbers"])
def test_a_damaged_state_is_reported_and_ignored(tmp_path: Path, damage: str) -> None:
    root = _corpus(tmp_path)
    options = _options(tmp_path)
    cold = scan([root], options)
    folder = state_dir(options)
    manifest = json.loads((folder / "manifest.json").read_text())
    table = folder / f"files-{manifest['generation']}.marshal"
    if damage == "table":
        table.write_bytes(b"garbage")
    elif damage == "truncated table":
        table.write_bytes(table.read_bytes()[:-9])
    elif damage == "segment meta":
        (folder / manifest["segments"][0] / "meta.marshal").write_bytes(marshal.dumps(([], [], b"")))
    elif damage == "names":
        (folder / "manifest.json").write_text(json.dumps({**manifest, "generation": "../../elsewhere"}))
    else:
        order = FileOrder.loads(table.read_bytes())
        numbers = order.numbers.copy()
        numbers[3, 0] = 10**6  # a file number past its segment's files
        table.write_bytes(FileOrder(order.joined_paths, order.joined_digests, numbers).dumps())
    listener = NullListener()
    _same(scan([root], options, listener), cold)
    assert any("corrupt scan state ignored" in p.message for p in listener.problems)
    assert load_state(options) is not None  # written anew


def test_file_order_finds_rows_folder_by_folder_or_by_path() -> None:
    rows = [("d/a.txt", 1, 10, 0, 0, "x"), ("d/b.txt", 2, 20, 0, 1, ""), ("e/c.txt", 3, 30, 1, 0, "z")]
    order = FileOrder.loads(FileOrder.of(rows).dumps())
    assert order.paths == ["d/a.txt", "d/b.txt", "e/c.txt"] and order.digests == ["x", "", "z"]
    assert order.numbers.tolist() == [[1, 2, 3], [10, 20, 30], [0, 0, 1], [0, 1, 0]]
    assert list(order.rows([("d/", ["a.txt", "b.txt"]), ("e/", ["c.txt"])])) == [0, 1, 2]
    assert list(order.rows([("e/", ["c.txt"]), ("d/", ["a.txt"])])) == [2, 0]
    assert list(order.rows([("d/", ["a.txt", "b.txt"])])) == [0, 1]  # a file fewer
    assert list(order.rows([("d/", ["a.txt", "b.txt", "new.txt"]), ("e/", ["c.txt"])])) == [0, 1, -1, 2]
    assert list(order.rows([("d/", ["a.txt", "b.tx"]), ("e/", ["c.txt"])])) == [0, -1, 2]
    empty = FileOrder.loads(FileOrder.of([]).dumps())
    assert len(empty) == 0 and list(empty.rows([])) == [] and list(empty.rows([("d/", ["a.txt"])])) == [-1]
    one = FileOrder.of([("d/a.txt", 1, 2, 0, 0, "")])
    assert one.digests == [""] and list(one.rows([("d/", ["a.txt"])])) == [0]
    with pytest.raises(ValueError):
        FileOrder("a\0b", "", np.zeros(8, dtype=np.int64))


def test_file_table_gives_the_records_it_was_made_of() -> None:
    weird = os.fsdecode(b"d/caf\xe9.txt")
    infos = [
        FileInfo("d/a.txt", 10, 100, 1, 3, (), "aa"),
        FileInfo(weird, 11, 101, 2, 5, (("bad line", 4, "warning"),), ""),
        FileInfo("d/c.txt", 12, 102, 0, 0, (("empty", None, "warning"),), "cc"),
    ]
    table = FileTable.of(infos)
    memo: dict[str, str] = {}
    stored = FileTable(FileColumns.of_fields(marshal.loads(marshal.dumps(table.columns.fields(memo)))))
    for t in (table, stored):
        assert list(t) == infos and t[-1] == infos[2] and len(t) == 3
        view = t[1:3]
        assert list(view) == infos[1:] and view.paths() == [weird, "d/c.txt"] and view.digests() == ["", "cc"]
        assert view.problems() == {0: infos[1].problems, 1: infos[2].problems}
        assert [a.tolist() for a in view.counts()] == [[2, 0], [5, 0]]
        assert [a.tolist() for a in view.sizes_and_times()] == [[11, 12], [101, 102]]
        joined = FileColumns.join([t[2:], t[:2]])
        assert list(FileTable(joined)) == [infos[2], *infos[:2]]
