"""The data that flows through the pipeline: articles, paragraphs, findings.

Every record is a frozen dataclass so that stages cannot change each other's
input behind their back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

_Frozen = TypeVar("_Frozen")


def fast_frozen(cls: type[_Frozen], **fields: Any) -> _Frozen:
    """The instance a frozen dataclass's ``__init__`` makes from all of its ``fields``, built
    without that ``__init__`` (about a microsecond a field: hot paths build hundreds of thousands)."""
    obj = object.__new__(cls)
    obj.__dict__.update(fields)
    return obj


class UnitKind(StrEnum):
    """What a paragraph unit is in its document."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Paragraph:
    """One unit of text in an article, located by its 1-based line range in the file.

    ``index`` is the unit's position in its article (0-based), ``line_start`` and
    ``line_end`` are inclusive. For JSON records both lines are the record's line.
    """

    index: int
    text: str
    line_start: int
    line_end: int
    kind: UnitKind = UnitKind.PARAGRAPH


@dataclass(frozen=True)
class Article:
    """One news article as loaded from a file (a JSON list or JSONL file holds several)."""

    id: str
    path: str
    source: str
    title: str
    published: str
    url: str
    paragraphs: tuple[Paragraph, ...]
    body_line: int = 1

    @property
    def text(self) -> str:
        """The article body, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


class Severity(StrEnum):
    """How serious a problem with the input is."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Problem:
    """A problem with one input file, reported to the user and never raised."""

    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class FindingKind(StrEnum):
    """The kinds of duplicate finding."""

    INTERNAL_REPEAT = "internal_repeat"
    CROSS_ARTICLE = "cross_article"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Member:
    """One place a duplicated block stands: an article and a run of its paragraphs."""

    article_id: str
    path: str
    source: str
    line_start: int
    line_end: int
    text: str
    first_unit: int
    last_unit: int
    similarity: float = 1.0


@dataclass(frozen=True)
class Finding:
    """A verified group of near-duplicate blocks.

    ``similarity`` is the smallest exact Jaccard between the canonical member
    (``members[0]``) and any other member. ``fragment``, when set, is the finding's
    JSON without its id, as :func:`dedupe_cli.format.json.finding_fragment` writes it;
    the scan state keeps it so that a warm re-scan's report need not write unchanged
    findings again. It takes no part in comparisons.
    """

    id: str
    kind: FindingKind
    similarity: float
    members: tuple[Member, ...]
    fingerprint: str
    fragment: bytes | None = field(default=None, compare=False, repr=False)

    def lead(self) -> tuple[str, int, str, int]:
        """Where the canonical member stands: path, first line, article id, first paragraph."""
        first = self.members[0]
        return first.path, first.line_start, first.article_id, first.first_unit

    def fragment_view(self) -> bytes | memoryview | None:
        """:attr:`fragment`, or a view of it where it is kept (not copied)."""
        return self.fragment

    def renumbered(self, new_id: str) -> Finding:
        """This finding under another id."""
        return Finding(new_id, self.kind, self.similarity, self.members, self.fingerprint, self.fragment)


@dataclass(frozen=True)
class MatchGraph:
    """The verified matches between paragraphs, kept compact.

    Attributes:
        units: for each global unit number, (article number, paragraph index).
        groups: paragraphs with identical normalised text, as lists of unit numbers
            (only paragraphs long enough to be matched, and only groups that take part
            in a match: several members or an edge).
        edges: (group, group, exact Jaccard) for every verified near-duplicate pair of groups.
    """

    units: Sequence[tuple[int, int]]
    groups: tuple[tuple[int, ...], ...]
    edges: tuple[tuple[int, int, float], ...]

    def unit_pairs(self) -> Iterator[tuple[tuple[int, int], tuple[int, int], float]]:
        """Every verified pair of paragraphs as ((article, index), (article, index), Jaccard)."""
        for members in self.groups:
            for i, u in enumerate(members):
                for v in members[i + 1 :]:
                    yield self.units[u], self.units[v], 1.0
        for g, h, score in self.edges:
            for u in self.groups[g]:
                for v in self.groups[h]:
                    yield self.units[u], self.units[v], score


class LazyMatchGraph(MatchGraph):
    """A :class:`MatchGraph` whose groups and edges are each built when first read (a warm
    re-scan reads few of them; building them all as tuples costs a tenth of a second at a
    million paragraphs).

    Args:
        units: as :attr:`MatchGraph.units`.
        groups: gives :attr:`MatchGraph.groups`.
        edges: gives :attr:`MatchGraph.edges`.
    """

    def __init__(
        self,
        units: Sequence[tuple[int, int]],
        groups: Callable[[], tuple[tuple[int, ...], ...]],
        edges: Callable[[], tuple[tuple[int, int, float], ...]],
    ) -> None:
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "_builders", {"groups": groups, "edges": edges})

    def __getattr__(self, name: str) -> Any:
        build = self.__dict__.get("_builders", {}).pop(name, None)
        if build is None:
            raise AttributeError(name)
        object.__setattr__(self, name, build())
        return self.__dict__[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MatchGraph):
            return NotImplemented
        return (self.units, self.groups, self.edges) == (other.units, other.groups, other.edges)

    def __reduce__(self) -> tuple[Any, ...]:
        return MatchGraph, (self.units, self.groups, self.edges)  # pickled and copied as the plain graph

    __hash__ = MatchGraph.__hash__


@dataclass(frozen=True)
class ScanResult:
    """Everything the duplicate scan found."""

    articles: Sequence[Article]
    findings: Sequence[Finding]
    graph: MatchGraph
    problems: tuple[Problem, ...]
    params: dict[str, object] = field(default_factory=dict)
    #: gives the JSON report's articles list as its text, when the scan state keeps it (see
    #: :mod:`dedupe_cli.article_json`); None, or it gives None: the report writes it from ``articles``.
    articles_json: Callable[[], bytes | None] | None = field(default=None, compare=False, repr=False)

    def count(self, kind: FindingKind) -> int:
        """How many findings are of ``kind``."""
        counted = getattr(self.findings, "kind_count", None)  # a FindingList counts its column
        return counted(kind) if counted is not None else sum(f.kind is kind for f in self.findings)

    @property
    def paragraph_count(self) -> int:
        """How many paragraph units were read in all."""
        counted = getattr(self.articles, "paragraph_count", None)  # an ArticleTable knows without building
        return counted if isinstance(counted, int) else sum(len(a.paragraphs) for a in self.articles)


@dataclass(frozen=True)
class Story:
    """Articles that tell the same story (indices into ``ScanResult.articles``)."""

    id: str
    articles: tuple[int, ...]


class VerdictKind(StrEnum):
    """What the sources say of one claim."""

    AGREE = "agree"
    CONFLICT = "conflict"
    SINGLE_SOURCE = "single_source"


@dataclass(frozen=True)
class ClaimMember:
    """One article's version of a claim: where it stands and the value it gives."""

    article_id: str
    path: str
    source: str
    line: int
    sentence: str
    value: str
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Verdict:
    """A reconciled claim within a story.

    Attributes:
        kind: the claim kind (quantity, ordinal, date, entity, quote, polarity, ...).
        subtype: for conflicts, what disagrees (numeric, date, entity, quote, polarity);
            empty otherwise.
        independent_sources: how many sources stand behind the verdict once copies of
            one text are counted as one source.
        fingerprint: a stable content hash, for baselines.
    """

    id: str
    story_id: str
    verdict: VerdictKind
    kind: str
    subtype: str
    reason: str
    independent_sources: int
    members: tuple[ClaimMember, ...]
    fingerprint: str = ""
    approximate: bool = False
    possible_update: bool = False


@dataclass(frozen=True)
class ClaimsResult:
    """Everything the claims stage found."""

    stories: tuple[Story, ...]
    verdicts: tuple[Verdict, ...]
    params: dict[str, object] = field(default_factory=dict)
    #: stories whose claims could not be judged (their verdicts left out), told as problems with their files
    problems: tuple[Problem, ...] = ()
    #: the ids of those stories, in story order
    not_judged: tuple[str, ...] = ()

    def count(self, verdict: VerdictKind) -> int:
        """How many verdicts are ``verdict``."""
        return sum(1 for v in self.verdicts if v.verdict == verdict)


@dataclass(frozen=True)
class Gate:
    """The policy outcome of ``dedupe check`` over the items its report holds.

    Attributes:
        fail_on: the kinds that fail the check (finding kinds and ``conflict``).
        failing: the baseline keys (``kind:fingerprint``) of reported items that fail it.
        baselined: items left out because the baseline accepts them.
        filtered: items left out by ``--min-similarity`` or because they involve no
            changed file.
        changed_paths: the changed files (as reports show paths) when only changes
            are checked, else None.
    """

    fail_on: tuple[str, ...]
    failing: frozenset[str] = frozenset()
    baselined: int = 0
    filtered: int = 0
    changed_paths: frozenset[str] | None = None

    @property
    def passed(self) -> bool:
        """Whether no reported item fails the check."""
        return not self.failing


@dataclass(frozen=True)
class Report:
    """What the formatters render: the scan, the claims stage when it ran, the gate of a check."""

    scan: ScanResult
    claims: ClaimsResult | None = None
    gate: Gate | None = None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The run's problems: the scan's, then the claims stage's (stories whose claims were not judged)."""
        return self.scan.problems + self.claims.problems if self.claims is not None else self.scan.problems
