"""Stories' verdicts kept between runs: a re-run judges only the stories that changed, and gives what
judging every story gives."""

from __future__ import annotations

import json
import marshal
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedupe_cli.claims import reconcile
from dedupe_cli.claims.kept import PREFIX, KeptVerdicts
from dedupe_cli.claims.sentences import copy_roots
from dedupe_cli.cli import app
from dedupe_cli.model import ClaimsResult, ScanResult
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.reconcile import run_claims
from dedupe_cli.scan import scan
from tests.conftest import SAMPLES


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the stories judged (their claims aligned), in order."""
    from dedupe_cli.claims.verdict import verdicts as real

    seen: list[str] = []

    def counting(result: ScanResult, story_id: str, *rest: object) -> object:
        seen.append(story_id)
        return real(result, story_id, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr("dedupe_cli.claims.verdicts", counting)
    return seen


def _claims(folder: Path, cache: Path | None, options: ClaimsOptions | None = None, jobs: int = 1) -> ClaimsResult:
    return run_claims(scan([folder], ScanOptions(jobs=1)), options or ClaimsOptions(), jobs=jobs, cache_dir=cache)


def _same(a: ClaimsResult, b: ClaimsResult) -> None:
    assert a.stories == b.stories
    assert a.verdicts == b.verdicts


def _files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob(f"{PREFIX}*"))


def test_a_re_run_judges_no_story_and_gives_the_same_verdicts(tmp_path: Path, judged: list[str]) -> None:
    plain = _claims(SAMPLES, None)
    every = len(judged)
    assert every == len(plain.stories) > 2 and len(plain.verdicts) > 10
    first = _claims(SAMPLES, tmp_path)
    second = _claims(SAMPLES, tmp_path)
    assert len(judged) == 2 * every  # the plain run and the first with the cache; the second judged none
    _same(first, plain)
    _same(second, plain)
    assert len(_files(tmp_path)) == 1
    assert _claims(SAMPLES, tmp_path, jobs=2).verdicts == plain.verdicts


def test_only_the_story_of_a_changed_article_is_judged_again(tmp_path: Path, judged: list[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    cache = tmp_path / "cache"
    cache.mkdir()
    before = _claims(corpus, cache)
    story = next(s for s in before.stories if len(s.articles) > 1)
    path = Path(scan([corpus], ScanOptions(jobs=1)).articles[story.articles[0]].path)
    head, rule, body = path.read_text(encoding="utf-8").partition("\n---\n")
    digit = next(c for c in body if c.isdigit())  # one figure of the body changed in place: no line moves
    path.write_text(head + rule + body.replace(digit, "9" if digit != "9" else "8", 1), "utf-8")
    del judged[:]
    after = _claims(corpus, cache)
    assert len(judged) == 1  # that story alone
    _same(after, _claims(corpus, None))
    assert after.verdicts != before.verdicts


def test_copies_are_part_of_a_story_key(tmp_path: Path, judged: list[str]) -> None:
    # the same stories of the same articles, with no paragraph found to be a copy: their sources count
    # otherwise, so the stories that had copies are judged again, and only those
    result = scan([SAMPLES], ScanOptions(jobs=1))
    stories = run_claims(result, ClaimsOptions()).stories
    reconcile(result, stories, ClaimsOptions(), cache_dir=tmp_path)
    alone = ScanResult(result.articles, (), result.graph, result.problems, result.params)
    del judged[:]
    again = reconcile(alone, stories, ClaimsOptions(), cache_dir=tmp_path)
    roots = copy_roots(result)
    with_copies = [s.id for s in stories if any(unit[0] in s.articles for unit in roots)]
    assert with_copies and len(with_copies) < len(stories)
    assert sorted(judged) == sorted(with_copies)
    assert again == reconcile(alone, stories, ClaimsOptions())


def test_other_options_are_not_served_the_kept_verdicts(tmp_path: Path, judged: list[str]) -> None:
    _claims(SAMPLES, tmp_path)
    kept = _files(tmp_path)
    strict = ClaimsOptions(conflict_threshold=0.9)
    del judged[:]
    result = _claims(SAMPLES, tmp_path, strict)
    assert len(judged) == len(result.stories)  # every story judged again
    _same(result, _claims(SAMPLES, None, strict))
    assert len(_files(tmp_path)) == 1 and _files(tmp_path) != kept  # the other options' file removed


@pytest.mark.parametrize(
    "damage",
    [b"not marshal at all", marshal.dumps([1, 2]), "rows"],
    ids=["garbage", "not a dict", "bad rows"],
)
def test_a_damaged_file_is_ignored(tmp_path: Path, judged: list[str], damage: bytes | str) -> None:
    plain = _claims(SAMPLES, None)
    _claims(SAMPLES, tmp_path)
    (path,) = tmp_path.glob(f"{PREFIX}*")
    if damage == "rows":
        rows = marshal.loads(path.read_bytes())
        data = marshal.dumps(
            {
                key: tuple(
                    ("agree", 1, 2),
                )
                for key in rows
            }
        )
    else:
        assert isinstance(damage, bytes)
        data = damage
    path.write_bytes(data)
    del judged[:]
    _same(_claims(SAMPLES, tmp_path), plain)
    assert len(judged) == len(plain.stories)
    assert KeptVerdicts(tmp_path, ClaimsOptions()).get("no such story", "S1") is None


def test_the_cli_keeps_verdicts_in_the_cache_dir_unless_no_cache(tmp_path: Path) -> None:
    runner = CliRunner()
    cache = tmp_path / "cache"
    outputs = []
    for _ in range(2):
        out = runner.invoke(app, ["claims", str(SAMPLES), "-f", "json", "--cache-dir", str(cache), "-j", "1"])
        assert out.exit_code == 0, out.output
        outputs.append(json.loads(out.stdout))
    assert outputs[0] == outputs[1] and outputs[0]["claims"]
    assert len(_files(cache)) == 1
    bare = tmp_path / "bare"
    out = runner.invoke(app, ["claims", str(SAMPLES), "-f", "json", "--no-cache", "--cache-dir", str(bare), "-j", "1"])
    assert out.exit_code == 0 and json.loads(out.stdout) == outputs[0]
    assert not bare.exists()


def test_another_engine_is_not_served_the_kept_verdicts(
    tmp_path: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a rule changed without a new version number: its source differs, and so does the file
    first = _claims(SAMPLES, tmp_path)
    monkeypatch.setattr("dedupe_cli.claims.kept._engine", lambda: "rules of another day")
    del judged[:]
    _same(_claims(SAMPLES, tmp_path), first)
    assert len(judged) == len(first.stories)


def test_a_re_run_that_judges_nothing_does_not_write_the_file_again(tmp_path: Path) -> None:
    _claims(SAMPLES, tmp_path)
    [name] = _files(tmp_path)
    path = tmp_path / name
    written = path.stat().st_ino, path.stat().st_mtime_ns
    _claims(SAMPLES, tmp_path)
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == written
    rows = marshal.loads(path.read_bytes())
    rows.pop(next(iter(rows)))  # one story's verdicts lost: judged again, and the file written
    path.write_bytes(marshal.dumps(rows))
    _claims(SAMPLES, tmp_path)
    assert len(marshal.loads(path.read_bytes())) == len(rows) + 1
