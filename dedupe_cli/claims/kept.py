"""Each story's verdicts kept in the cache folder, so that a re-run judges only the stories that changed.

A story's verdicts depend on the story alone: its articles in order (their metadata, and
each paragraph's text, lines and kind), which of their paragraphs the scan found to be
copies of which, the claims options and the tool's version. A story's key hashes all of
it (copies as classes numbered in story order: which paragraph a copy's text first stood
in elsewhere does not matter); the options, the version and a hash of the engine's own
source name the file. A story whose
key is kept takes its verdicts from there, with its own id; the others are judged.

File: ``claims-<hash of the version and options>.marshal`` in the cache folder, a
:mod:`marshal` dict of story key to verdict rows (plain values only: nothing in the file
can run code when read). It is written atomically, holds the stories of the last run
only, and is ignored when it cannot be read or a row is not a verdict's; the files of other
options are removed when it is written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dedupe_cli import __version__
from dedupe_cli.cache import keep_file, kept_path, source_digest
from dedupe_cli.claims.sentences import Roots
from dedupe_cli.model import ClaimMember, ScanResult, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions

__all__ = ["KeptVerdicts", "story_key"]

#: How the files are named: this prefix, a hash of the version and options, this suffix.
PREFIX, SUFFIX = "claims-", ".marshal"
#: Bumped when the key or the rows change meaning.
_FORMAT = 1


def story_key(result: ScanResult, articles: Sequence[int], roots: Roots) -> str:
    """The key of the story of ``articles`` (indexes in ``result.articles``, in story order); ``roots``:
    :func:`~dedupe_cli.claims.sentences.copy_roots` of ``result``."""
    digest = hashlib.blake2b(digest_size=16)
    classes: dict[tuple[int, int], int] = {}
    for a in articles:
        article = result.articles[a]
        meta = (article.id, article.path, article.source, article.title, article.published, article.url)
        digest.update(marshal.dumps((*meta, article.body_line, len(article.paragraphs))))
        for p in article.paragraphs:
            root = roots.get((a, p.index))
            copy = -1 if root is None else classes.setdefault(root, len(classes))
            digest.update(marshal.dumps((p.index, p.text, p.line_start, p.line_end, p.kind.value, copy)))
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _engine() -> str:
    """A hash of the claims engine: its modules' source and the versions of the packages it reads text with."""
    return source_digest(sorted(Path(__file__).parent.glob("*.py")), ("pysbd", "lemminflect", "rapidfuzz"))


def _row(verdict: Verdict) -> tuple[Any, ...]:
    members = tuple(
        (m.article_id, m.path, m.source, m.line, m.sentence, m.value, tuple(m.span)) for m in verdict.members
    )
    return (
        verdict.verdict.value,
        verdict.kind,
        verdict.subtype,
        verdict.reason,
        verdict.independent_sources,
        members,
        verdict.fingerprint,
        verdict.approximate,
        verdict.possible_update,
    )


def _verdict(row: Any, story_id: str) -> Verdict:
    """The verdict of a kept row (raises TypeError or ValueError when it is not one)."""
    kind, claim, subtype, reason, sources, members, fingerprint, approximate, update = row
    texts = (claim, subtype, reason, fingerprint)
    if not all(type(t) is str for t in texts) or type(sources) is not int or type(members) is not tuple:
        raise TypeError("not a verdict row")
    if type(approximate) is not bool or type(update) is not bool:
        raise TypeError("not a verdict row")
    built = []
    for m in members:
        article_id, path, source, line, sentence, value, span = m
        if not all(type(t) is str for t in (article_id, path, source, sentence, value)) or type(line) is not int:
            raise TypeError("not a claim member row")
        if type(span) is not tuple or len(span) != 2 or not all(type(x) is int for x in span):
            raise TypeError("not a claim member row")
        built.append(ClaimMember(article_id, path, source, line, sentence, value, span))
    return Verdict(
        "", story_id, VerdictKind(kind), claim, subtype, reason, sources, tuple(built), fingerprint, approximate, update
    )


class KeptVerdicts:
    """The verdicts kept in ``folder`` for ``options`` (see the module's docstring).

    Args:
        folder: the cache folder (the scan's ``--cache-dir``).
        options: the claims options the verdicts were judged with.
    """

    def __init__(self, folder: Path, options: ClaimsOptions) -> None:
        settings = (_FORMAT, __version__, _engine(), sorted(asdict(options).items()))
        self.path = kept_path(folder, PREFIX, SUFFIX, settings)
        self._rows: dict[str, Any] = {}
        self._missed = False  # whether get() found a story's verdicts missing or unreadable
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            loaded = marshal.loads(self.path.read_bytes())
            if type(loaded) is dict:
                self._rows = loaded

    def get(self, key: str, story_id: str) -> list[Verdict] | None:
        """The kept verdicts of the story of ``key``, as story ``story_id``'s; None when none are kept."""
        rows = self._rows.get(key)
        try:
            if type(rows) is not tuple:
                raise TypeError("no verdicts kept")
            return [_verdict(row, story_id) for row in rows]
        except (TypeError, ValueError):
            self._missed = True
            return None

    def save(self, judged: Mapping[str, Sequence[Verdict]]) -> None:
        """Keep these stories' verdicts (by key) in place of what was kept; not written when the file holds
        them already (:meth:`get` found every one and no other story is kept), nor when the folder cannot be
        written (the next run judges every story)."""
        if not self._missed and judged.keys() == self._rows.keys():
            return
        rows = {key: tuple(_row(v) for v in verdicts) for key, verdicts in judged.items()}
        keep_file(self.path, marshal.dumps(rows), PREFIX, SUFFIX)
