"""The claims engine: extract claims per sentence, align them across a story's articles, judge them.

:func:`reconcile` is the entry point; stories come from :mod:`dedupe_cli.stories`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from dedupe_cli import procpool
from dedupe_cli.claims.align import align, prepare
from dedupe_cli.claims.extract import extract
from dedupe_cli.claims.kept import KeptVerdicts, story_key
from dedupe_cli.claims.sentences import copy_roots, story_sentences
from dedupe_cli.claims.verdict import verdicts
from dedupe_cli.model import Problem, ScanResult, Story, Verdict
from dedupe_cli.options import ClaimsOptions


def reconcile(
    result: ScanResult,
    stories: Sequence[Story],
    options: ClaimsOptions,
    jobs: int = 1,
    cache_dir: Path | None = None,
    on_problem: Callable[[Story, Problem], None] | None = None,
) -> tuple[Verdict, ...]:
    """Every claim verdict of every story: agree, conflict (with subtype) or single source.

    Paragraphs the scan found as copies (any finding kind) count as one source, and a
    copy adds no claim of its own. Verdict ids are ``<story id>-<n>``, numbered in
    output order (conflicts, agreements, single-source claims). Stories are judged in
    ``jobs`` forked processes (each story's verdicts depend on it alone, so the result
    is the same for any number). ``cache_dir``: where each story's verdicts are kept
    between runs (:mod:`dedupe_cli.claims.kept`), so that only stories that changed are
    judged again (None: every story is judged, nothing is kept).

    A story whose judging fails (a rule that breaks on some text) gets no verdicts and is
    not kept; ``on_problem`` is told the story and a problem naming its files, and the other stories go on.
    """

    roots = copy_roots(result)  # of every finding: once, not once per story

    def judge(number: int) -> list[Verdict] | str:
        story = stories[number]
        try:
            sentences = story_sentences(result, story.articles, options.sources_by_outlet, roots)
            clusters = align(extract(result, sentences), story.articles, options)
            return verdicts(result, story.id, clusters, options)
        except Exception as exc:  # told as a problem (its text only: it may cross a process boundary)
            return f"{type(exc).__name__}: {exc}"

    kept = KeptVerdicts(cache_dir, options) if cache_dir is not None else None
    keys = [story_key(result, story.articles, roots) for story in stories] if kept is not None else []
    found: list[list[Verdict] | None] = (
        [kept.get(key, story.id) for key, story in zip(keys, stories, strict=True)]
        if kept is not None
        else [None] * len(stories)
    )
    todo = [n for n, verdicts_ in enumerate(found) if verdicts_ is None]
    if jobs > 1 and len(todo) > 1 and procpool.available():
        prepare()  # once here, not once in each forked process
        judged: Iterable[list[Verdict] | str] = procpool.imap(judge, todo, jobs)
    else:
        judged = map(judge, todo)
    for n, outcome in zip(todo, judged, strict=True):
        if isinstance(outcome, str):  # failed: no verdicts, and not kept (the next run judges it again)
            if on_problem is not None:
                on_problem(stories[n], _failure(result, stories[n], outcome))
        else:
            found[n] = outcome
    out: list[Verdict] = []
    for story, story_verdicts in zip(stories, found, strict=True):
        out.extend(replace(v, id=f"{story.id}-{n}") for n, v in enumerate(story_verdicts or (), 1))
    if kept is not None:
        kept.save({key: v for key, v in zip(keys, found, strict=True) if v is not None})
    return tuple(out)


def _failure(result: ScanResult, story: Story, error: str) -> Problem:
    """The problem told when a story's claims could not be judged: its files named, the error's text."""
    paths = [result.articles[a].path for a in story.articles]
    named = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    message = f"claims of story {story.id} ({named}) not judged, its verdicts left out: {error}"
    return Problem(paths[0] if paths else story.id, message)


__all__ = ["reconcile"]
