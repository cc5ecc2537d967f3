"""The scan state: a warm re-scan gives exactly the findings of a cold scan."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dedupe_cli.findings import FindingBuilder
from dedupe_cli.model import Finding, FindingKind, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.progress import NullListener
from dedupe_cli.scan import scan
from dedupe_cli.state import state_dir

from .conftest import SEEDS

_BODY = (
    "The council approved the new budget for the harbour district on Monday evening after a long debate.\n\n"
    "Officials said the repairs to the northern pier would begin in the spring and last about two years.\n\n"
    "Residents who spoke at the meeting asked for more parking near the ferry terminal and the market.\n"
)


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root)
    for n in range(6):
        (root / "extra").mkdir(exist_ok=True)
        closing = f"\nClosing line number {n} of this story.\n"
        (root / "extra" / f"a{n}.txt").write_text(f"Story {n}\n\n" + _BODY + closing)
    return root


def _same(a: ScanResult, b: ScanResult) -> None:
    assert a.findings == b.findings
    assert a.graph.groups == b.graph.groups and a.graph.edges == b.graph.edges
    assert a.params == b.params  # the candidate count too
    assert list(a.articles) == list(b.articles)
    assert a.paragraph_count == b.paragraph_count


def _cold(root: Path, tmp_path: Path) -> ScanResult:
    return scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold-cache")))


def test_warm_equals_cold_after_modify_add_delete(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    _same(first, _cold(root, tmp_path / "c0"))
    assert (state_dir(options) / "manifest.json").exists()
    (root / "extra" / "a1.txt").write_text("Story one, rewritten\n\n" + _BODY.replace("Monday", "Tuesday"))
    (root / "extra" / "a9.txt").write_text("A new story\n\n" + _BODY + "\nAnd " + _BODY)
    (root / "extra" / "a3.txt").unlink()
    warm = scan([root], options)
    _same(warm, _cold(root, tmp_path / "c1"))
    again = scan([root], options)  # nothing changed: all from the state
    _same(again, warm)


def test_corrupt_state_is_ignored_with_a_warning(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    (state_dir(options) / "manifest.json").write_text("{not json")

    listener = NullListener()
    second = scan([root], options, listener)
    assert any("corrupt scan state ignored" in p.message for p in listener.problems)
    _same(second, first)
    for seg in state_dir(options).glob("seg-*"):
        (seg / "keys.npy").write_bytes(b"garbage")
    third = scan([root], replace(options, jobs=2), listener)
    _same(third, first)


def test_warnings_of_files_taken_from_the_state_are_reported_again(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "bad.jsonl").write_text('{"text": "' + _BODY.replace("\n", " ") + '"}\n{broken\n')
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first, second = NullListener(), NullListener()
    cold = scan([root], options, first)
    warm = scan([root], options, second)
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert any("malformed JSON" in p.message for p in second.problems)
    assert cold.problems == warm.problems


def test_compact_blocks_keep_every_text_exactly() -> None:
    from dedupe_cli.articles import ArticleTable
    from dedupe_cli.model import Article, Paragraph, UnitKind
    from dedupe_cli.workers import block_of_records, to_record

    def article(n: int, texts: list[str]) -> Article:
        paragraphs = tuple(Paragraph(i, t, 2 * i + 1, 2 * i + 1, UnitKind.PARAGRAPH) for i, t in enumerate(texts))
        return Article(f"id{n}", f"p{n}.txt", "src", "T", "", "", paragraphs)

    ascii_only = [article(0, ["plain text", "more plain text"])]
    mixed = [article(1, ["caf\u00e9 \u201cquoted\u201d", "\U0001f600 emoji"]), article(2, ["", "last one"])]
    for articles in (ascii_only, mixed, ascii_only + mixed):
        table = ArticleTable([block_of_records([to_record(a) for a in articles])])
        assert list(table) == articles
        assert table.paragraph_count == sum(len(a.paragraphs) for a in articles)


def _counting_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the findings built anew (not taken from the last scan)."""
    built = [0]
    original = FindingBuilder._findings

    def counted(self: FindingBuilder, found: list[tuple[FindingKind, Any]]) -> list[Finding]:
        built[0] += len(found)
        return original(self, found)

    monkeypatch.setattr(FindingBuilder, "_findings", counted)
    return built


def test_warm_scan_builds_only_the_findings_of_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    built = _counting_builds(monkeypatch)
    first = scan([root], options)
    assert built[0] == len(first.findings) >= 3
    built[0] = 0
    again = scan([root], options)  # nothing changed: every finding from the state
    assert built[0] == 0
    _same(again, first)
    changed = root / "extra" / "a2.txt"
    new = "\n\nA further paragraph, new in this version, long enough to match.\n\n"
    changed.write_text(changed.read_text().replace("\n\n", new, 1))  # put first: all of a2's units move
    built[0] = 0
    warm = scan([root], options)
    touched = [f for f in warm.findings if any(m.path.endswith("a2.txt") for m in f.members)]
    assert 1 <= built[0] == len(touched) < len(warm.findings)
    _same(warm, _cold(root, tmp_path / "c2"))


def test_kept_json_is_appended_to_then_written_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedupe_cli.memo

    monkeypatch.setattr(dedupe_cli.memo, "_SLACK", 0)  # written afresh once half the blob is unused
    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    built = _counting_builds(monkeypatch)
    scan([root], options)
    folder = state_dir(options)
    blobs: list[tuple[str, int]] = []
    for n in range(6):
        changed = root / "extra" / f"a{n % 3}.txt"
        # put first: every unit after it moves, so each finding the file has is built again
        new = f"\n\nParagraph {n} added to this story, long enough to be matched.\n\n"
        changed.write_text(changed.read_text().replace("\n\n", new, 1))
        built[0] = 0
        warm = scan([root], options)
        assert 1 <= built[0] < len(warm.findings)  # the last findings were read back
        _same(warm, _cold(root, tmp_path / f"cold{n}"))
        built[0] = 0
        _same(scan([root], options), warm)  # nothing changed: nothing built, nothing appended
        assert built[0] == 0
        (blob,) = folder.glob("findings-*.blob")  # one blob: those of earlier scans are removed
        blobs.append((blob.name, blob.stat().st_size))
    assert any(a[0] == b[0] and b[1] > a[1] for a, b in itertools.pairwise(blobs))  # appended to
    assert len({name for name, _ in blobs}) > 1  # written afresh


def test_reused_findings_follow_a_new_scan_order(tmp_path: Path) -> None:
    first_dir, second_dir = tmp_path / "x", tmp_path / "y"
    for n, folder in enumerate((first_dir, second_dir)):
        folder.mkdir()
        (folder / "story.txt").write_text(f"Story {n}\n\n" + _BODY)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([first_dir, second_dir], options)
    after = scan([second_dir, first_dir], options)  # members of equal date keep the scan's order
    assert before.findings[0].members[0].path != after.findings[0].members[0].path
    _same(after, scan([second_dir, first_dir], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))


def test_state_keeps_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"caf\xe9.txt")).write_text(_BODY)
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses a file name that is not UTF-8")
    (folder / "plain.txt").write_text(_BODY)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first, second = NullListener(), NullListener()
    cold = scan([folder], options, first)
    warm = scan([folder], options, second)
    assert not first.problems and not second.problems  # the state was written and read back
    assert (state_dir(options) / "manifest.json").exists()
    _same(warm, cold)


def test_damaged_findings_of_the_last_scan_are_ignored(tmp_path: Path) -> None:
    import dataclasses

    import numpy as np

    from dedupe_cli.columns import encode
    from dedupe_cli.memo import FINDINGS_FILE, FindingMemo

    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    folder = state_dir(options)
    memo = folder / FINDINGS_FILE
    generation = json.loads((folder / "manifest.json").read_text())["generation"]
    params = repr(options.match.as_params())
    good = FindingMemo.load(folder, generation, options.match)
    assert good is not None and len(good) == len(first.findings)

    def written(**changed: Any) -> bytes:
        size = changed.pop("size", len(good.blob))
        return b"".join(encode(dataclasses.replace(good, **changed), generation, params, size))

    def bumped(name: str, at: int, value: int) -> np.ndarray:
        column = np.array(getattr(good, name))
        column[at] = value
        return column

    copy = tmp_path / "copy"
    copy.mkdir()
    jumbled = np.array(good.blob)
    jumbled[good.f_start[0]] = ord("[")
    (copy / good.blob_name).write_bytes(bytes(good.blob))
    (copy / "findings-0000000000000000.blob").write_bytes(jumbled.tobytes())
    (copy / FINDINGS_FILE).write_bytes(written())
    assert FindingMemo.load(copy, generation, options.match) is not None  # only the damage below tells
    whole = written()
    variants = [  # all made before the file is written over: ``good`` reads it in place (not read again)
        b"garbage",
        whole[:-1],  # cut short
        whole + b"\0",  # longer than its columns
        whole[:20] + b"\xff" * 8 + whole[28:],  # the header's length made nonsense
        written(kinds=bumped("kinds", 0, 9)),  # a kind that does not exist
        written(bounds=bumped("bounds", 1, 0)),  # a finding of no members
        written(m_path=bumped("m_path", 0, len(good.paths))),  # a member in no file
        written(m_last=bumped("m_last", 0, -1)),  # a member ending before it starts
        written(f_end=bumped("f_end", 0, len(good.blob) + 1)),  # JSON beyond the blob
        written(blob_name="findings-0000000000000000.blob"),  # JSON that is not a finding's
        written(blob_name="findings-ffffffffffffffff.blob"),  # a blob that is not there
        written(blob_name="../" + good.blob_name),  # a blob elsewhere
        written(size=len(good.blob) + 1),  # a blob shorter than the header says
        written(values={0: ()}),  # values where there is JSON
        written(fingerprints=good.fingerprints[:-1]),  # a column short
    ]
    for damaged in variants:
        (copy / FINDINGS_FILE).write_bytes(damaged)
        assert FindingMemo.load(copy, generation, options.match) is None
        memo.write_bytes(damaged)
        _same(scan([root], options), first)
        generation = json.loads((folder / "manifest.json").read_text())["generation"]
        assert FindingMemo.load(folder, generation, options.match) is not None  # written whole again


def test_states_of_other_settings_unused_for_a_week_are_removed(tmp_path: Path) -> None:
    import time

    from dedupe_cli.state import STALE_DAYS

    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    old, recent = tmp_path / "cache" / "state-old", tmp_path / "cache" / "state-recent"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}")
    week_ago = time.time() - (STALE_DAYS + 1) * 86400
    os.utime(old / "manifest.json", (week_ago, week_ago))
    scan([root], options)
    assert not old.exists() and recent.exists() and state_dir(options).exists()
    manifest = state_dir(options) / "manifest.json"
    os.utime(manifest, (week_ago, week_ago))
    scan([root], options)  # nothing changed: the state is marked as used all the same
    assert manifest.stat().st_mtime > time.time() - 3600


def test_a_warm_result_pickles_and_copies_as_a_cold_one(tmp_path: Path) -> None:
    import copy
    import pickle

    root = _corpus(tmp_path)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([root], options)
    warm = scan([root], options)  # findings read back from the state, the graph built when read
    cold = _cold(root, tmp_path / "cold")
    for made in (pickle.loads(pickle.dumps((warm.findings, warm.graph))), copy.deepcopy((warm.findings, warm.graph))):
        findings, graph = made
        assert findings == cold.findings and [type(f) for f in findings] == [Finding] * len(findings)
        assert graph == cold.graph
