"""The claims stage in several processes gives what it gives in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_cli.claims.extract import extract as real_extract
from dedupe_cli.claims.sentences import Sentence, copy_roots
from dedupe_cli.model import ScanResult
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.reconcile import run_claims
from dedupe_cli.scan import scan
from tests.conftest import SAMPLES


def test_stories_judged_in_two_processes_give_the_same_verdicts() -> None:
    result = scan([SAMPLES], ScanOptions(jobs=1))
    one = run_claims(result, ClaimsOptions(), jobs=1)
    two = run_claims(result, ClaimsOptions(), jobs=2)
    assert len(one.stories) > 2 and len(one.verdicts) > 10  # several stories, many verdicts
    assert two.stories == one.stories
    assert two.verdicts == one.verdicts


def test_copies_are_traced_once_for_all_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    # every finding is walked to find which paragraphs are copies: once per claims stage, not once
    # per story (a repository of thousands of stories and findings would walk them millions of times)
    result = scan([SAMPLES], ScanOptions(jobs=1))
    expected = run_claims(result, ClaimsOptions(), jobs=1)
    calls = []

    def counted(scanned: ScanResult) -> dict[tuple[int, int], tuple[int, int]]:
        calls.append(scanned)
        return copy_roots(scanned)

    monkeypatch.setattr("dedupe_cli.claims.copy_roots", counted)  # the stage looks it up there
    again = run_claims(result, ClaimsOptions(), jobs=1)
    assert len(again.stories) > 2 and len(calls) == 1
    assert again.verdicts == expected.verdicts


def test_no_jobs_given_means_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    # as for the scan (ScanOptions.jobs): 0 is all cores, for the library as for the CLI
    import dedupe_cli.reconcile as stage

    asked = []

    def judged(*args: object) -> tuple[()]:
        asked.append(args[3])  # reconcile(result, stories, options, jobs, folder)
        return ()

    monkeypatch.setattr(stage, "reconcile", judged)
    monkeypatch.setattr(stage, "cores", lambda: 3)
    result = scan([SAMPLES], ScanOptions(jobs=1))
    for jobs in (0, 1, 2):
        run_claims(result, ClaimsOptions(), jobs=jobs)
    assert asked == [3, 1, 2]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_story_whose_claims_fail_is_told_and_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int
) -> None:
    # a rule that breaks on some text must not stop the stage: that story is left out, named, and not kept
    import dedupe_cli.claims as engine

    result = scan([SAMPLES], ScanOptions(jobs=1))
    expected = run_claims(result, ClaimsOptions(), jobs=1)
    story = next(s for s in expected.stories if any(v.id.startswith(f"{s.id}-") for v in expected.verdicts))
    broken = result.articles[story.articles[0]].path
    extract = real_extract

    def breaks(scanned: ScanResult, sentences: list[Sentence]) -> object:
        if any(scanned.articles[s.article].path == broken for s in sentences):
            raise KeyError("ſecond")
        return extract(scanned, sentences)

    monkeypatch.setattr(engine, "extract", breaks)
    got = run_claims(result, ClaimsOptions(), jobs=jobs, cache_dir=tmp_path)
    assert got.stories == expected.stories
    assert got.verdicts == tuple(v for v in expected.verdicts if not v.id.startswith(f"{story.id}-"))
    (problem,) = got.problems
    assert problem.path == broken and broken in problem.message and "KeyError" in problem.message
    monkeypatch.setattr(engine, "extract", extract)
    again = run_claims(result, ClaimsOptions(), jobs=jobs, cache_dir=tmp_path)  # judged now, not served empty
    assert again.verdicts == expected.verdicts and not again.problems
