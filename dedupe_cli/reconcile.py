"""The claims stage, top to bottom: group the scanned articles into stories, then reconcile
the claims each story's articles make (:mod:`dedupe_cli.claims`).

This is the library entry point of the stage; ``dedupe claims`` and ``dedupe scan --claims``
are thin layers over :func:`run_claims`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, replace
from pathlib import Path

from dedupe_cli.claims import reconcile
from dedupe_cli.model import Article, ClaimsResult, FindingKind, Problem, ScanResult, Story
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.procpool import cores
from dedupe_cli.progress import Listener, NullListener
from dedupe_cli.stories import group_stories


def without_boilerplate(result: ScanResult) -> list[Article]:
    """The scanned articles less the paragraphs the scan found to be boilerplate.

    A newsletter notice every article of an outlet carries says nothing about the
    story, yet would make all that outlet's articles look alike.
    """
    dropped: dict[str, set[int]] = defaultdict(set)
    for finding in result.findings:
        if finding.kind == FindingKind.BOILERPLATE:
            for member in finding.members:
                dropped[member.article_id].update(range(member.first_unit, member.last_unit + 1))
    return [
        replace(article, paragraphs=tuple(p for p in article.paragraphs if p.index not in dropped[article.id]))
        if article.id in dropped
        else article
        for article in result.articles
    ]


def run_claims(
    result: ScanResult,
    options: ClaimsOptions,
    listener: Listener | None = None,
    jobs: int = 1,
    cache_dir: str | Path | None = None,
) -> ClaimsResult:
    """Group ``result``'s articles into stories (S1, S2, ...) and reconcile each story's claims
    (in ``jobs`` processes; 0: all cores, as for the scan); ``cache_dir``: where articles' story
    features and stories' verdicts are kept between runs, so that a re-run redoes only what changed
    (None: nothing is kept).

    Never raises for odd input: an article with no claim simply contributes none, and a story whose
    claims cannot be judged is left out and told to ``listener`` as a problem naming its files (in
    ``ClaimsResult.problems`` too).
    """
    listener = listener or NullListener()
    listener.stage("stories", None)
    folder = Path(cache_dir) if cache_dir else None
    stories = group_stories(without_boilerplate(result), options, folder)
    listener.stage("claims", None)
    told: list[Problem] = []
    failed: list[str] = []

    def tell(story: Story, problem: Problem) -> None:
        failed.append(story.id)
        told.append(problem)
        listener.problem(problem)

    verdicts = reconcile(result, stories, options, jobs if jobs > 0 else cores(), folder, tell)
    listener.done()
    params: dict[str, object] = {"claims": asdict(options)}
    return ClaimsResult(stories, tuple(verdicts), params, tuple(told), tuple(failed))
