"""The scan state: a warm re-scan gives exactly the findings of a cold scan."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from dedupe_cli.model import ScanResult
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
