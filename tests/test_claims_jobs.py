"""The claims stage in several processes gives what it gives in one."""

from __future__ import annotations

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
