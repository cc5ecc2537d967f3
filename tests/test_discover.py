"""Discovery: which files a scan reads, in which order, and the file list it gives."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from dedupe_cli.discover import FileList, discover
from dedupe_cli.options import LoadOptions

OPTS = LoadOptions()


def _tree(root: Path, names: list[str]) -> None:
    for rel in names:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")


def _shown(paths: object, base: Path) -> list[str]:
    assert isinstance(paths, FileList)
    return [p.relative_to(base).as_posix() for p in paths]


def test_a_folder_s_files_come_sorted_before_its_subfolders(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        ["b.txt", "B.md", ".hidden.txt", "a.TXT", "z.html.gz", "k.csv", "q.gz", "sub/c.md", "Sub/d.md", "sub/x/e.md"],
    )
    _tree(tmp_path, [".git/f.md", "node_modules/g.md", "__pycache__/h.md"])
    found = discover([tmp_path], OPTS)
    assert _shown(found.files, tmp_path) == [
        ".hidden.txt",
        "B.md",
        "a.TXT",
        "b.txt",
        "z.html.gz",
        "Sub/d.md",
        "sub/c.md",
        "sub/x/e.md",
    ]
    assert not found.problems


def test_links_folders_not_entered_files_kept_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.md", "sub/b.md"])
    (tmp_path / "sub" / "0link.md").symlink_to(tmp_path / "a.md")  # reached again later: the first one counts
    (tmp_path / "zlink.md").symlink_to(tmp_path / "sub" / "b.md")
    (tmp_path / "twice.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "folder_link").symlink_to(tmp_path / "sub")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere")  # listed: the loader says it cannot be read
    found = discover([tmp_path], OPTS)
    assert _shown(found.files, tmp_path) == ["a.md", "broken.txt", "zlink.md"]  # sub's files were seen first
    assert [p.name for p in discover([tmp_path / "sub"], OPTS).files] == ["0link.md", "b.md"]


def test_a_file_named_twice_or_inside_a_named_folder_is_read_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.md", "sub/b.md", "sub/c.csv"])
    found = discover([tmp_path / "sub" / "c.csv", tmp_path, tmp_path / "sub", tmp_path / "a.md"], OPTS)
    assert _shown(found.files, tmp_path) == ["sub/c.csv", "a.md", "sub/b.md"]  # named: read whatever its ending
    assert [p.name for p in discover(["./" + os.path.relpath(tmp_path / "a.md")], OPTS).files] == ["a.md"]


def test_nested_gitignore_rules_apply_below_their_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _tree(tmp_path, ["a.md", "b.md", "g/c.md", "g/x/d.md", "g/x/e.md", "g/w/f.md"])
    (tmp_path / ".gitignore").write_text("b.md\n")
    (tmp_path / "g" / ".gitignore").write_text("x/e.md\n")
    (tmp_path / "g" / "x" / ".gitignore").write_text("d.md\n")
    (tmp_path / "g" / "w" / "link.md").symlink_to(tmp_path / "b.md")  # resolved: ignored where it points
    assert _shown(discover([tmp_path], OPTS).files, tmp_path) == ["a.md", "g/c.md", "g/w/f.md"]
    assert len(discover([tmp_path], LoadOptions(respect_gitignore=False)).files) == 6


def test_names_that_are_not_utf8_are_kept(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    try:
        (tmp_path / name).write_text("x\n")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses a file name that is not UTF-8")
    files = discover([tmp_path], OPTS).files
    assert [p.name for p in files] == [name] and files[0].read_text() == "x\n"


def test_the_file_list_is_a_sequence_of_paths(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.md", "b.md", "sub/c.md", "sub/d/e.md"])
    files = discover([tmp_path], OPTS).files
    every = list(files)
    assert len(files) == 4 and every == [files[i] for i in range(4)] == [files[i - 4] for i in range(4)]
    assert files[1:3] == every[1:3] and files[::-1] == every[::-1]
    assert all(isinstance(p, Path) and p.is_file() for p in every)
    assert str(every[2]) == str(tmp_path / "sub" / "c.md")
    with pytest.raises(IndexError):
        files[4]
    assert [names for _, names in files.groups] == [["a.md", "b.md"], ["c.md"], ["e.md"]]
    assert not FileList() and not list(FileList())


def test_a_file_list_pickles_to_the_same_files() -> None:
    groups = [(Path("a b"), ["x y.txt", "é.md", "-"]), (Path("/abs/c"), []), (Path("."), ["z.html.gz"])]
    files = FileList(groups)
    again = pickle.loads(pickle.dumps(files))
    assert again.groups == groups and list(again) == list(files) and len(again) == 4
    assert again.stat_child is None
