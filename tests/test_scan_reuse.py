"""Findings reused from the last scan: after random edits, a warm scan reports exactly what a cold one does.

The corpora are built so that every kind of finding and every way findings interact
occurs: near-copies and exact copies across articles, copies that follow each other
paragraph by paragraph (merged into blocks), paragraphs repeated inside an article,
boilerplate in many articles of one source, and chains of near-copies joined only
through a paragraph that an edit may remove.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.cli import app
from dedupe_cli.model import FindingKind, ScanResult
from dedupe_cli.options import ScanOptions
from dedupe_cli.scan import scan

_WORDS = [f"w{n}{'abcdefgh'[n % 8]}" for n in range(400)]
#: Units too short to match (headings, datelines): copies either side of one still merge.
_SHORT = ("More on this below.", "Photo: staff.", "Advertisement")


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 22))) + "."


def _variant(rng: random.Random, text: str) -> str:
    """A near-copy: one or two words changed."""
    words = text.rstrip(".").split()
    for _ in range(rng.randint(1, 2)):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    return " ".join(words) + "."


class _Corpus:
    """Files of paragraphs drawn from a shared pool, in three source folders."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.pool = [_paragraph(self.rng) for _ in range(25)]
        self.boilerplate = "Comments on this story are closed; read our community guidelines before you post again."
        self.count = 0
        for _ in range(24):
            self.add()

    def body(self) -> list[str]:
        rng = self.rng
        paragraphs = []
        for _ in range(rng.randint(2, 7)):
            roll = rng.random()
            if roll < 0.35:
                paragraphs.append(rng.choice(self.pool))
            elif roll < 0.6:
                paragraphs.append(_variant(rng, rng.choice(self.pool)))
            elif roll < 0.7 and paragraphs:
                paragraphs.append(paragraphs[rng.randrange(len(paragraphs))])  # a repeat inside the article
            else:
                paragraphs.append(_paragraph(rng))
        if rng.random() < 0.15:  # a block of the pool, in order: copies that merge into one finding
            start = rng.randrange(len(self.pool) - 3)
            block = self.pool[start : start + 3]
            if rng.random() < 0.5:  # a short unit between does not part them; a long one does
                block.insert(1, rng.choice(_SHORT))
            paragraphs.extend(block)
        if rng.random() < 0.5:
            paragraphs.append(self.boilerplate)
        return paragraphs

    def write(self, path: Path, paragraphs: list[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title {path.stem}\n\n" + "\n\n".join(paragraphs) + "\n")

    def files(self) -> list[Path]:
        return sorted(self.root.rglob("*.txt"))

    def add(self) -> None:
        self.count += 1
        self.write(self.root / f"src{self.rng.randrange(3)}" / f"a{self.count:03d}.txt", self.body())

    def mutate(self) -> None:
        """One random change: edit, append, remove a paragraph, delete, add, rename or copy a file."""
        rng = self.rng
        files = self.files()
        path = rng.choice(files)
        paragraphs = path.read_text().split("\n\n")[1:]
        action = rng.choice(["edit", "append", "remove", "delete", "add", "rename", "copy", "pool", "short"])
        if action == "short" and paragraphs:  # a short unit made long or a long one short, in place
            at = rng.randrange(len(paragraphs))
            short = paragraphs[at].strip() in _SHORT
            paragraphs[at] = _paragraph(rng) if short else rng.choice(_SHORT)
            self.write(path, [p.strip() for p in paragraphs])
        elif action == "edit" and paragraphs:
            paragraphs[rng.randrange(len(paragraphs))] = _variant(rng, rng.choice(self.pool))
            self.write(path, [p.strip() for p in paragraphs])
        elif action == "append":
            self.write(path, [p.strip() for p in paragraphs] + [rng.choice([*self.pool, self.boilerplate])])
        elif action == "remove" and len(paragraphs) > 1:
            del paragraphs[rng.randrange(len(paragraphs))]
            self.write(path, [p.strip() for p in paragraphs])
        elif action == "delete" and len(files) > 3:
            path.unlink()
        elif action == "rename":
            path.rename(path.with_name(f"r{self.rng.randrange(1000):03d}{path.name}"))
        elif action == "copy":
            self.count += 1
            shutil.copy(path, path.with_name(f"c{self.count:03d}.txt"))
        elif action == "pool":  # a pool paragraph changes in one file: chains through it may break
            text = rng.choice(self.pool)
            for other in files:
                body = other.read_text()
                if text in body:
                    other.write_text(body.replace(text, _paragraph(rng), 1))
                    break
        else:
            self.add()


def _same(warm: ScanResult, cold: ScanResult) -> None:
    assert warm.findings == cold.findings
    assert warm.graph.groups == cold.graph.groups and warm.graph.edges == cold.graph.edges
    assert warm.params == cold.params


@pytest.mark.parametrize("seed", range(8))
def test_warm_scan_after_random_edits_equals_a_cold_scan(tmp_path: Path, seed: int) -> None:
    corpus = _Corpus(tmp_path / "corpus", seed)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    kinds: set[FindingKind] = set()
    scan([corpus.root], options)
    for round_ in range(5):
        for _ in range(corpus.rng.randint(1, 3)):
            corpus.mutate()
        warm = scan([corpus.root], options)
        cold = scan([corpus.root], ScanOptions(jobs=1, cache_dir=str(tmp_path / f"cold{round_}")))
        _same(warm, cold)
        kinds.update(f.kind for f in cold.findings)
    assert kinds == set(FindingKind)  # the corpus exercises every kind of finding


def _feed(corpus: _Corpus, path: Path, count: int) -> None:
    """A JSON Lines file of ``count`` articles drawn like the corpus's files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [
        {
            "id": f"{path.stem}-{corpus.rng.randrange(10**6)}",
            "title": f"Feed item {n}",
            "text": "\n\n".join(corpus.body()),
        }
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


def _edit_item(corpus: _Corpus, path: Path) -> None:
    """One paragraph of one item of a JSON Lines file changed, the items' ids and titles kept."""
    records = [json.loads(line) for line in path.read_text().splitlines()]
    record = corpus.rng.choice(records)
    paragraphs = record["text"].split("\n\n")
    paragraphs[corpus.rng.randrange(len(paragraphs))] = corpus.rng.choice([*_SHORT, _paragraph(corpus.rng)])
    record["text"] = "\n\n".join(paragraphs)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


@pytest.mark.parametrize("seed", range(3))
def test_files_of_several_articles_are_reused_article_by_article(tmp_path: Path, seed: int) -> None:
    corpus = _Corpus(tmp_path / "corpus", seed)
    feeds = [corpus.root / "feeds" / f"f{n}.jsonl" for n in range(3)]
    for n, feed in enumerate(feeds):
        _feed(corpus, feed, 3 + n)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan([corpus.root], options)
    later_articles = 0  # members from a feed's second article on: found through their place in the file
    for round_ in range(4):
        corpus.mutate()
        feed = corpus.rng.choice(feeds)
        if corpus.rng.random() < 0.5:
            _feed(corpus, feed, corpus.rng.randint(1, 5))  # items added, dropped or changed
        else:
            _edit_item(corpus, feed)
        warm = scan([corpus.root], options)
        cold = scan([corpus.root], ScanOptions(jobs=1, cache_dir=str(tmp_path / f"cold{round_}")))
        _same(warm, cold)
        firsts = {json.loads(f.read_text().split("\n")[0])["id"] for f in feeds}
        later_articles += sum(
            m.path.endswith(".jsonl") and m.article_id not in firsts for f in warm.findings for m in f.members
        )
    assert later_articles


def test_a_finding_that_grows_into_a_changed_file_is_not_kept(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shared = "The harbour board voted on Tuesday to close the northern pier for repairs lasting two years."
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        (root / name / "story.txt").write_text(f"Story {name}\n\n{shared}\n")
    (root / "c").mkdir()
    (root / "c" / "story.txt").write_text("Story c\n\nSomething else entirely, with words of its own making.\n")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    assert [len(f.members) for f in first.findings] == [2]
    (root / "c" / "story.txt").write_text(f"Story c\n\n{shared}\n")
    warm = scan([root], options)
    assert [len(f.members) for f in warm.findings] == [3]
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))


def test_a_chain_broken_by_an_edit_splits_its_finding(tmp_path: Path) -> None:
    rng = random.Random(7)
    base = _paragraph(rng)
    left, right = _variant(rng, base), _variant(rng, base)
    right = _variant(rng, right)
    root = tmp_path / "c"
    root.mkdir()
    for name, text in (("a", left), ("b", base), ("c", right), ("d", left), ("e", right)):
        (root / f"{name}.txt").write_text(f"Story {name}\n\n{text}\n")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([root], options)
    (root / "b.txt").write_text("Story b\n\nNothing of the kind stands here any more, only other words.\n")
    warm = scan([root], options)
    cold = scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold")))
    _same(warm, cold)
    assert len(cold.findings) >= 1 and first.findings != cold.findings


def test_a_copy_freed_from_a_changed_file_merges_with_the_copy_after_it(tmp_path: Path) -> None:
    rng = random.Random(3)
    first, second = _paragraph(rng), _paragraph(rng)
    root = tmp_path / "c"
    root.mkdir()
    for name in ("a", "b"):
        (root / f"{name}.txt").write_text(f"Story {name}\n\n{first}\n\n{second}\n")
    (root / "x.txt").write_text(f"Story x\n\n{_variant(rng, first)}\n")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([root], options)
    assert sorted(len(f.members) for f in before.findings) == [2, 3]  # the first paragraph stands in x too
    (root / "x.txt").write_text("Story x\n\nNothing of the kind stands here any more, only other words.\n")
    warm = scan([root], options)
    assert [(len(f.members), f.members[0].line_start, f.members[0].line_end) for f in warm.findings] == [(2, 3, 5)]
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))


def _pair_of_copies(tmp_path: Path, between_x: str, between_y: str) -> tuple[Path, str, str]:
    """Files x and y holding the same two paragraphs with a unit between, and a third file apart."""
    rng = random.Random(5)
    first, second = _paragraph(rng), _paragraph(rng)
    root = tmp_path / "c"
    root.mkdir()
    (root / "x.txt").write_text(f"Story x\n\n{first}\n\n{between_x}\n\n{second}\n")
    (root / "y.txt").write_text(f"Story y\n\n{first}\n\n{between_y}\n\n{second}\n")
    (root / "z.txt").write_text(f"Story z\n\n{_paragraph(rng)}\n")
    return root, first, second


def _spans(result: ScanResult) -> list[list[tuple[str, int, int]]]:
    return [[(Path(m.path).name, m.first_unit, m.last_unit) for m in f.members] for f in result.findings]


@pytest.mark.parametrize("short_first", [False, True])
def test_a_unit_between_copies_edited_joins_or_parts_them(tmp_path: Path, short_first: bool) -> None:
    """A unit that is in no finding decides whether the copies either side of it make one finding."""
    long = "Something else entirely stands between them here, with words of its own making."
    root, _, _ = _pair_of_copies(tmp_path, _SHORT[0] if short_first else long, _SHORT[1])
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([root], options)
    x = root / "x.txt"
    x.write_text(x.read_text().replace(_SHORT[0], long) if short_first else x.read_text().replace(long, _SHORT[0]))
    warm = scan([root], options)
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))
    joined = [[("x.txt", 1, 3), ("y.txt", 1, 3)]]
    parted = [[("x.txt", 1, 1), ("y.txt", 1, 1)], [("x.txt", 3, 3), ("y.txt", 3, 3)]]
    assert (_spans(before), _spans(warm)) == ((joined, parted) if short_first else (parted, joined))


def test_findings_of_an_edited_file_away_from_the_edit_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update appended to a file leaves its other findings as they were: they are read back, not built."""
    from tests.test_scan_state import _counting_builds

    root, first, _ = _pair_of_copies(tmp_path, "A paragraph of x alone, long enough to be matched by words.", _SHORT[0])
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([root], options)
    assert len(before.findings) == 2
    built = _counting_builds(monkeypatch)
    x = root / "x.txt"
    x.write_text(x.read_text() + "\nUpdate: this story was changed after it was published, to correct a figure.\n")
    warm = scan([root], options)
    assert warm.findings == before.findings and built[0] == 0
    x.write_text(x.read_text().replace(first, _variant(random.Random(1), first)))  # the copy itself edited
    warm = scan([root], options)
    assert built[0] >= 1
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))


def test_a_copy_moved_down_a_line_in_an_edited_file_is_reported_at_its_new_line(tmp_path: Path) -> None:
    """Same texts at the same places, but on other lines: the members there are built again."""
    root, _, second = _pair_of_copies(tmp_path, "A paragraph of x alone, long enough to be matched by words.", "")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([root], options)
    x = root / "x.txt"
    x.write_text(x.read_text().replace(f"\n{second}", f"\n\n{second}"))
    warm = scan([root], options)
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))
    then, now = ([[(Path(m.path).name, m.line_start) for m in f.members] for f in r.findings] for r in (before, warm))
    assert len(then) == 2 and now[0] == then[0]
    assert now[1] == [("x.txt", then[1][0][1] + 1), then[1][1]]


@pytest.mark.parametrize("odd_name", [False, True])
def test_a_warm_json_report_is_byte_for_byte_a_cold_one(tmp_path: Path, odd_name: bool) -> None:
    """Unchanged findings go into the report as the JSON the state kept; the text must not differ."""
    corpus = _Corpus(tmp_path / "corpus", 11)
    hostile = 'Said "no" \\ then </script> and \u202e and \u00e9t\u00e9; a tab\there: ::error ::.'
    for name in ("h1.txt", "h2.txt"):
        corpus.write(corpus.root / "src0" / name, [hostile * 2, corpus.pool[0]])
    if odd_name:  # a name that is not UTF-8: its findings are written by the standard library
        try:
            (corpus.root / "src1" / os.fsdecode(b"caf\xe9.txt")).write_text(hostile * 2 + "\n")
        except (OSError, UnicodeError):
            pytest.skip("the file system refuses a file name that is not UTF-8")
    runner = CliRunner()
    report = tmp_path / "report.json"
    base = ["scan", str(corpus.root), "-q", "--no-gitignore", "-f", "json", "-o", str(report)]
    cached = [*base, "--cache-dir", str(tmp_path / "cache")]
    for round_ in range(3):
        assert runner.invoke(app, cached).exit_code in (0, 1)
        warm = report.read_bytes()
        assert runner.invoke(app, [*base, "--no-cache"]).exit_code in (0, 1)
        assert warm == report.read_bytes(), f"round {round_}"
        corpus.mutate()


@pytest.mark.parametrize("seed", range(3))
def test_findings_kept_under_one_order_are_not_reused_under_another(tmp_path: Path, seed: int) -> None:
    corpus = _Corpus(tmp_path / "corpus", seed)
    folders = sorted(corpus.root.iterdir())
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    scan(folders, options)
    scan(folders[::-1], options)  # nothing changed but the order: the state must keep the new one
    _same(scan(folders, options), scan(folders, ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))


@pytest.mark.parametrize("field", ["id", "published"])
def test_an_item_whose_metadata_changed_is_built_again(tmp_path: Path, field: str) -> None:
    """Same texts at the same places, but the item's id or date changed: its members are not the last ones."""
    rng = random.Random(9)
    shared = _paragraph(rng)
    root = tmp_path / "c"
    root.mkdir()

    def feed(ids: list[str], dates: list[str]) -> None:
        items = [
            {"id": i, "title": f"Item {n}", "published": d, "text": f"{shared}\n\n{_paragraph(random.Random(n))}"}
            for n, (i, d) in enumerate(zip(ids, dates, strict=True))
        ]
        (root / "feed.jsonl").write_text("".join(json.dumps(item) + "\n" for item in items))

    feed(["a", "b"], ["2024-01-02", "2024-01-03"])
    (root / "other.txt").write_text(f"Story\n\n{shared}\n")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    before = scan([root], options)
    if field == "id":
        feed(["a", "c"], ["2024-01-02", "2024-01-03"])
    else:  # the canonical member is the earliest
        feed(["a", "b"], ["2024-01-04", "2024-01-01"])
    warm = scan([root], options)
    _same(warm, scan([root], ScanOptions(jobs=1, cache_dir=str(tmp_path / "cold"))))
    assert warm.findings != before.findings


@pytest.mark.parametrize(
    ("late", "early"),
    [
        ("Fri, 01 Jan 2010 10:00:00 GMT", "Sat, 01 Jan 2000 10:00:00 GMT"),  # as text, "Fri" sorts first
        ("2009-05-01", "Mon, 01 Jan 2001 10:00:00 GMT"),  # as text, digits sort before letters
    ],
)
def test_the_canonical_member_is_the_earliest_published_in_either_form_of_date(
    tmp_path: Path, late: str, early: str
) -> None:
    shared = _paragraph(random.Random(3))
    root = tmp_path / "c"
    root.mkdir()
    items = [
        {"id": name, "title": name, "published": when, "text": f"{shared}\n\n{_paragraph(random.Random(n))}"}
        for n, (name, when) in enumerate((("late", late), ("early", early)))
    ]
    (root / "feed.jsonl").write_text("".join(json.dumps(item) + "\n" for item in items))
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    cold = scan([root], options)
    (finding,) = [f for f in cold.findings if f.kind == FindingKind.CROSS_ARTICLE]
    assert [m.article_id for m in finding.members] == ["early", "late"]
    _same(scan([root], options), cold)  # and so from the state


def test_same_relative_order_looks_only_at_the_files_given() -> None:
    from dedupe_cli.reuse import same_relative_order

    files = ["a", "b", "c", "d"]
    assert same_relative_order(files, list(files), {"a", "b"})
    assert same_relative_order(files, ["b", "a", "c", "d"], {"a", "b"}) is False
    assert same_relative_order(files, ["c", "a", "b", "d"], {"a", "b", "d"})  # only c moved
    assert same_relative_order(files, ["a", "b", "d"], {"a", "b", "d"})  # c is gone


def test_records_repeating_an_id_in_one_file_are_told_apart_by_their_lines(tmp_path: Path) -> None:
    notice = "Comments are closed for this article because of the volume of abusive posts received today."
    texts = [
        ("a", "The city council voted on Tuesday to approve the new budget for the river bridge repair project."),
        ("b", "Police said the storm knocked out power to thousands of homes across the northern districts on Sunday."),
        ("a", "The central bank left its main interest rate unchanged for a third month as inflation eased slightly."),
        ("b", "A judge ordered the trial of the former senator to resume next week after a short delay for illness."),
    ]
    feed = tmp_path / "in" / "a.jsonl"
    feed.parent.mkdir()
    bodies = [t if n == 1 else f"{t}\n\n{notice}" for n, (_, t) in enumerate(texts)]  # the first "b" has none
    feed.write_text("".join(json.dumps({"id": i, "text": b}) + "\n" for (i, _), b in zip(texts, bodies, strict=True)))
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    cold = scan([feed.parent], ScanOptions(jobs=1))
    for _ in range(2):  # the first run writes the state, the second reuses its findings
        warm = scan([feed.parent], options)
        _same(warm, cold)
    lines = sorted(m.line_start for f in warm.findings for m in f.members)
    assert lines == [1, 3, 4]


@pytest.mark.parametrize("seed", range(5))
def test_pairs_among_chosen_groups_are_those_a_search_finds(seed: int) -> None:
    """The edges a warm re-scan rebuilds findings from: the pairs joining two chosen groups, renumbered
    as places among them, as the search over every pair gave them (groups past the last chosen too)."""
    import numpy as np

    from dedupe_cli.reuse import _pairs_among

    rng = np.random.default_rng(seed)
    pairs = np.sort(rng.integers(0, 300, size=(2000, 2)), axis=1).astype(np.int64)
    chosen = np.unique(rng.integers(0, 200, size=40)).astype(np.int64)
    near, renumbered = _pairs_among(pairs, chosen, 300)
    want = np.flatnonzero(np.isin(pairs[:, 0], chosen) & np.isin(pairs[:, 1], chosen))
    assert near.tolist() == want.tolist() and want.size
    assert renumbered.tolist() == np.searchsorted(chosen, pairs[want]).tolist()
    assert _pairs_among(pairs, chosen[:0], 300)[0].size == 0
