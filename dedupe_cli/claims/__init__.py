"""The claims engine: extract claims per sentence, align them across a story's articles, judge them.

:func:`reconcile` is the entry point; stories come from :mod:`dedupe_cli.stories`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from dedupe_cli import procpool
from dedupe_cli.claims.align import align
from dedupe_cli.claims.extract import extract
from dedupe_cli.claims.sentences import copy_roots, story_sentences
from dedupe_cli.claims.verdict import verdicts
from dedupe_cli.model import ScanResult, Story, Verdict
from dedupe_cli.options import ClaimsOptions


def reconcile(
    result: ScanResult, stories: Sequence[Story], options: ClaimsOptions, jobs: int = 1
) -> tuple[Verdict, ...]:
    """Every claim verdict of every story: agree, conflict (with subtype) or single source.

    Paragraphs the scan found as copies (any finding kind) count as one source, and a
    copy adds no claim of its own. Verdict ids are ``<story id>-<n>``, numbered in
    output order (conflicts, agreements, single-source claims). Stories are judged in
    ``jobs`` forked processes (each story's verdicts depend on it alone, so the result
    is the same for any number).
    """

    roots = copy_roots(result)  # of every finding: once, not once per story

    def judge(number: int) -> list[Verdict]:
        story = stories[number]
        sentences = story_sentences(result, story.articles, options.sources_by_outlet, roots)
        clusters = align(extract(result, sentences), story.articles, options)
        return verdicts(result, story.id, clusters, options)

    numbers = list(range(len(stories)))
    if jobs > 1 and len(stories) > 1 and procpool.available():
        judged: Iterable[list[Verdict]] = procpool.imap(judge, numbers, jobs)
    else:
        judged = map(judge, numbers)
    out: list[Verdict] = []
    for story, found in zip(stories, judged, strict=True):
        out.extend(replace(v, id=f"{story.id}-{n}") for n, v in enumerate(found, 1))
    return tuple(out)


__all__ = ["reconcile"]
