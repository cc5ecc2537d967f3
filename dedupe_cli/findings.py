"""Turn verified paragraph matches into findings: blocks, clusters and their kinds.

- Repeats inside one article: matched paragraph pairs on the same diagonal (the same
  distance apart) merge into one block while only short units (headings, datelines)
  stand between them, so a repeated body gives one finding, not one per paragraph.
- Copies across articles: groups joined by verified edges form clusters (union-find);
  clusters that follow each other in the same articles merge into blocks.
- Boilerplate: a cluster found in at least ``boilerplate_min_articles`` articles of one
  source.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from dedupe_cli.articles import ArticleTable, Block, Meta, UnitPlaces
from dedupe_cli.collector import collector_paused
from dedupe_cli.graphs import components
from dedupe_cli.model import Article, Finding, FindingKind, MatchGraph, Member, fast_frozen
from dedupe_cli.options import MatchOptions
from dedupe_cli.published import published_date
from dedupe_cli.repeats import RepeatPlaces, repeat_spans
from dedupe_cli.sign import jaccard, shingle_batch, words

#: The order of finding kinds in the report.
KIND_ORDER = {FindingKind.INTERNAL_REPEAT: 0, FindingKind.CROSS_ARTICLE: 1, FindingKind.BOILERPLATE: 2}


class _Span(NamedTuple):  # a tuple: made three times faster than a frozen dataclass
    article: int
    first: int
    last: int


#: ASCII bytes case-folded, and those that are not word characters (punctuation, whitespace) made spaces.
_ASCII_WORDS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(128)
) + bytes(range(128, 256))


def word_bytes(text: str) -> bytes:
    """``" ".join(words(text))`` as UTF-8: the text a finding's fingerprint hashes.

    ASCII text (most news text) takes a path several times faster: it needs no
    normalisation, and its words are the runs of letters, digits and underscores.
    """
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(_ASCII_WORDS).split())
    return " ".join(words(text)).encode()


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`jaccard` of two sorted, unique shingle-hash arrays, rounded to 6 places."""
    return 1.0 if a is b else round(jaccard(a, b), 6)


def _member(meta: Meta, line_start: int, line_end: int, text: str, first: int, last: int, sim: float) -> Member:
    return fast_frozen(
        Member,
        article_id=meta[0],
        path=meta[1],
        source=meta[2],
        line_start=line_start,
        line_end=line_end,
        text=text,
        first_unit=first,
        last_unit=last,
        similarity=sim,
    )


def _fingerprinted(kind: FindingKind, digests: list[str]) -> list[str]:
    """The member texts' digests a finding's fingerprint is made of: every copy counts (a further exact copy of
    an accepted paragraph is a new finding), but boilerplate counts its distinct texts (a notice reaching one
    more article is the same boilerplate)."""
    return sorted(set(digests)) if kind is FindingKind.BOILERPLATE else sorted(digests)


class FindingBuilder:
    """Builds the findings of one scan from its articles and match graph.

    Args:
        articles: the scanned articles, in discovery order.
        graph: the verified matches.
        eligible: for each global unit, whether it was long enough to be matched.
        options: thresholds and the boilerplate rule.
        known_sets: shingle sets already computed, by global unit number (the scan's
            verification computes them for every matched paragraph).
        bases: each article's first global unit number, when known (else counted, which
            builds every article).
        pairs: the graph's edges as an (m, 2) array of group numbers, when known (else built
            from its edges).
        known_spans: the text, first line and last line of spans (article, first, last) already
            known (a warm re-scan's last findings); the rest are read from ``articles``.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        graph: MatchGraph,
        eligible: Sequence[bool] | np.ndarray,
        options: MatchOptions,
        known_sets: Mapping[int, np.ndarray] | None = None,
        bases: Sequence[int] | None = None,
        pairs: np.ndarray | None = None,
        known_spans: Mapping[tuple[int, int, int], tuple[str, int, int]] | None = None,
    ) -> None:
        self.articles = articles
        self._table = articles if isinstance(articles, ArticleTable) else ArticleTable([Block.of(articles)])
        self.graph = graph
        self.options = options
        self._eligible = eligible
        self._set_memo: dict[str, np.ndarray] = {}
        self._digest_memo: dict[str, str] = {}
        self._metas: dict[int, Meta] = {}
        self._days: dict[str, int] = {}  # published value -> its day number (-1: no date)
        self._unit_places: dict[int, tuple[int, int]] | None = None
        self._known = known_sets if known_sets is not None else {}
        self._matched: list[int] | None = None
        self._edges = pairs
        self._known_spans = known_spans or {}
        self._base: Sequence[int] = bases if bases is not None else self._table.article_bases().tolist()
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None  # eligible and bases as arrays, once needed

    def _short_between(self, article: int, lo: int, hi: int) -> bool:
        """Whether every unit strictly between ``lo`` and ``hi`` is too short to match."""
        base = self._base[article]
        return not any(self._eligible[base + i] for i in range(lo + 1, hi))

    def _gap_alike(self, article: int, lo: int, hi: int, other: int) -> bool:
        """Whether the units strictly between ``lo`` and ``hi`` read like those after ``other``.

        Two repeated paragraphs only make one block when what stands between them is
        repeated too (the same headings), not merely short.
        """
        if hi - lo < 2:
            return True
        from rapidfuzz import fuzz  # 10 ms to import, for the few repeats with something between

        here = self._table.span(article, lo + 1, hi - 1)[0]
        there = self._table.span(article, other + 1, other + hi - lo - 1)[0]
        for k in range(1, hi - lo):
            a = " ".join(words(here[k - 1]))
            b = " ".join(words(there[k - 1]))
            if fuzz.ratio(a, b) < 80:
                return False
        return True

    def _canonical_order(self, spans: list[_Span]) -> list[_Span]:
        """Members earliest published first (by the date read from ``published``, ISO or e-mail style, then its
        text: the time of day of one format), then undated ones, each in input order."""

        def key(span: _Span) -> tuple[int, int, str, int, int]:
            when = self._meta(span.article)[4]
            day = self._days.get(when)
            if day is None:
                found = published_date(when) if when else None
                day = self._days[when] = found.toordinal() if found is not None else -1
            return (0, day, when, span.article, span.first) if day >= 0 else (1, 0, "", span.article, span.first)

        return sorted(spans, key=key)

    def _span_sets(self, spans: list[_Span], texts: list[str]) -> list[np.ndarray]:
        """Shingle sets of spans: one-paragraph spans from ``known_sets`` when there, the rest in one batch."""
        known, base = self._known, self._base
        out: list[np.ndarray | None] = [
            known.get(base[s.article] + s.first) if s.first == s.last else None for s in spans
        ]
        missing = [i for i, found in enumerate(out) if found is None]
        if missing:
            for i, found in zip(missing, self._shingle_sets([texts[i] for i in missing]), strict=True):
                out[i] = found
        return [found for found in out if found is not None]

    def _shingle_sets(self, texts: list[str]) -> list[np.ndarray]:
        """Shingle sets of span texts, in one batch; repeated texts (boilerplate) are shingled once."""
        memo = self._set_memo
        todo = list(dict.fromkeys(t for t in texts if t not in memo))
        if todo:
            memo.update(
                zip(todo, shingle_batch(todo, self.options.k, self.options.shingle).shingle_sets(), strict=True)
            )
        return [memo[t] for t in texts]

    def _digests(self, texts: list[str]) -> list[str]:
        """The sha256 of each text's normalised words (repeated texts hashed once)."""
        memo = self._digest_memo
        out = []
        for text in texts:
            digest = memo.get(text)
            if digest is None:
                digest = memo[text] = hashlib.sha256(word_bytes(text)).hexdigest()
            out.append(digest)
        return out

    def _findings(self, found: list[tuple[FindingKind, list[_Span]]]) -> list[Finding]:
        """The findings of (kind, spans) items; texts, shingle sets and digests of all spans taken in batches."""
        ordered = [self._canonical_order(spans) for _, spans in found]
        flat = [s for spans in ordered for s in spans]
        texts, starts, ends = self._span_texts(flat)
        sets = self._span_sets(flat, texts)
        digests = self._digests(texts)
        meta_of = self._meta
        findings = []
        at = 0
        for (kind, _), spans in zip(found, ordered, strict=True):
            stop = at + len(spans)
            canonical = sets[at]
            sims = [1.0] + [_similarity(canonical, other) for other in sets[at + 1 : stop]]
            members = tuple(
                _member(meta_of(span.article), starts[n], ends[n], texts[n], span.first, span.last, sim)
                for n, span, sim in zip(range(at, stop), spans, sims, strict=True)
            )
            fingerprint = hashlib.sha256((kind.value + ":" + ",".join(_fingerprinted(kind, digests[at:stop]))).encode())
            findings.append(Finding("", kind, min(sims), members, fingerprint.hexdigest()[:32]))
            at = stop
        return findings

    def _span_texts(self, spans: list[_Span]) -> tuple[list[str], list[int], list[int]]:
        """Each span's text, first line and last line: from ``known_spans`` where there, the rest read in one batch."""
        known = self._known_spans
        found = [known.get(span) for span in spans] if known else [None] * len(spans)
        missing = [span for span, got in zip(spans, found, strict=True) if got is None]
        read = self._table.span_texts(
            [s.article for s in missing], [s.first for s in missing], [s.last for s in missing]
        )
        fresh = iter(zip(*read, strict=True))
        texts, starts, ends = [], [], []
        for got in found:
            text, start, end = got if got is not None else next(fresh)
            texts.append(text)
            starts.append(start)
            ends.append(end)
        return texts, starts, ends

    def _matched_groups(self) -> list[int]:
        """The groups that take part in a match (several members, or an edge), in order.

        A group of one paragraph with no edge can make no finding, and most groups are
        such, so the finding stages skip them.
        """
        if self._matched is None:
            linked = np.zeros(len(self.graph.groups), dtype=bool)
            linked[self._edge_array().ravel()] = True
            sizes = np.fromiter(map(len, self.graph.groups), dtype=np.int64, count=len(self.graph.groups))
            self._matched = np.flatnonzero(linked | (sizes > 1)).tolist()
        return self._matched

    def _places(self) -> dict[int, tuple[int, int]]:
        """(article, paragraph index) of every unit of the matched groups, looked up in one go."""
        if self._unit_places is None:
            units = [u for g in self._matched_groups() for u in self.graph.groups[g]]
            table = self.graph.units
            places = table.many(units) if isinstance(table, UnitPlaces) else [table[u] for u in units]
            self._unit_places = dict(zip(units, places, strict=True))
        return self._unit_places

    def _meta(self, article: int) -> Meta:
        meta = self._metas.get(article)
        if meta is None:
            meta = self._metas[article] = self._table.meta_of(article)
        return meta

    def _edge_array(self) -> np.ndarray:
        """The graph's edges as an (m, 2) array of group numbers."""
        if self._edges is None:
            self._edges = np.array([(g, h) for g, h, _ in self.graph.edges], dtype=np.int64).reshape(-1, 2)
        return self._edges

    def internal_repeats(self) -> list[Finding]:
        """Blocks repeated inside one article."""
        with collector_paused():
            return self._internal_repeats()

    def _internal_repeats(self) -> list[Finding]:
        found = repeat_spans(self._repeat_places(), self._edge_array(), self._short_many, self._gap_alike)
        return self._findings([(FindingKind.INTERNAL_REPEAT, [_Span(*span) for span in spans]) for spans in found])

    def _repeat_places(self) -> RepeatPlaces:
        """Where the matched groups' paragraphs stand, as arrays (see :class:`~dedupe_cli.repeats.RepeatPlaces`)."""
        matched, groups, unit_places = self._matched_groups(), self.graph.groups, self._places()
        sizes = np.fromiter((len(groups[g]) for g in matched), dtype=np.int64, count=len(matched))
        flat = [unit_places[u] for g in matched for u in groups[g]]
        at = np.array(flat, dtype=np.int64).reshape(-1, 2)
        group_place = np.full(len(groups), -1, dtype=np.int64)
        group_place[np.array(matched, dtype=np.int64)] = np.arange(len(matched), dtype=np.int64)
        return RepeatPlaces(sizes, at[:, 0], at[:, 1], group_place)

    def _short_many(self, articles: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Per row, :meth:`_short_between` (``articles``, ``lo``, ``hi``): no unit between is long enough to
        match. Next to each other, or a long unit right after ``lo``, is decided on arrays; the rest
        (a short unit right after ``lo``) one by one."""
        if self._arrays is None:
            self._arrays = np.asarray(self._eligible, dtype=bool), np.asarray(self._base, dtype=np.int64)
        eligible, base = self._arrays
        out: np.ndarray = hi - lo <= 1
        ahead = np.flatnonzero(~out)
        unsure = ahead[~eligible[base[articles[ahead]] + lo[ahead] + 1]]
        for k in unsure.tolist():
            out[k] = self._short_between(int(articles[k]), int(lo[k]), int(hi[k]))
        return out

    def _clusters(self) -> list[list[tuple[int, int]]]:
        """Clusters of matched units spanning two or more articles, as (article, index) lists."""
        label = components(len(self.graph.groups), self._edge_array()).tolist()
        comps: dict[int, list[tuple[int, int]]] = defaultdict(list)
        places = self._places()
        for g in self._matched_groups():
            comps[label[g]].extend(places[u] for u in self.graph.groups[g])
        return [sorted(units) for units in comps.values() if len({a for a, _ in units}) > 1]

    def _merge_adjacent(self, clusters: list[list[tuple[int, int]]]) -> list[list[_Span]]:
        """Merge clusters that follow each other paragraph by paragraph in the same articles."""
        merged: list[list[_Span]] = []
        chains: dict[tuple[int, ...], list[list[_Span]]] = defaultdict(list)
        for units in clusters:
            spans = [_Span(a, i, i) for a, i in units]
            arts = tuple(a for a, _ in units)
            if len(set(arts)) != len(arts):
                merged.append(spans)  # a paragraph repeated inside an article: no merging
                continue
            chains[arts].append(spans)
        for group in chains.values():
            group.sort(key=lambda spans: spans[0].first)
            current = group[0]
            for nxt in group[1:]:
                if all(
                    n.first > c.last and self._short_between(c.article, c.last, n.first)
                    for c, n in zip(current, nxt, strict=True)
                ):
                    current = [_Span(c.article, c.first, n.last) for c, n in zip(current, nxt, strict=True)]
                else:
                    merged.append(current)
                    current = nxt
            merged.append(current)
        return merged

    def _is_boilerplate(self, spans: list[_Span]) -> bool:
        if 0 < len(spans) < self.options.boilerplate_min_articles:
            return False  # too few places to stand in that many articles of one source
        per_source: dict[str, set[int]] = defaultdict(set)
        for span in spans:
            per_source[self._meta(span.article)[2]].add(span.article)
        return max(len(arts) for arts in per_source.values()) >= self.options.boilerplate_min_articles

    def copies(self) -> list[Finding]:
        """Text shared across articles: cross-article copies and boilerplate."""
        with collector_paused():
            found = []
            for spans in self._merge_adjacent(self._clusters()):
                kind = FindingKind.BOILERPLATE if self._is_boilerplate(spans) else FindingKind.CROSS_ARTICLE
                found.append((kind, spans))
            return self._findings(found)

    def build(self) -> tuple[Finding, ...]:
        """All findings, numbered F1.. in report order: by kind, then file and line."""
        with collector_paused():
            return number_findings(self.internal_repeats() + self.copies())


def report_key(finding: Finding) -> tuple[int, str, int, str, int]:
    """Where a finding stands in the report: by kind, then the first member's file, line, article and paragraph."""
    return (KIND_ORDER[finding.kind], *finding.lead())


def finding_id(place: int) -> str:
    """The id of the finding at ``place`` (from 0) in the report: F1, F2, ..."""
    return f"F{place + 1}"


def number_findings(found: list[Finding]) -> tuple[Finding, ...]:
    """Findings in report order (by kind, then the first member's file, line, article and paragraph),
    numbered F1.."""
    found.sort(key=report_key)
    return tuple(f.renumbered(finding_id(n)) for n, f in enumerate(found))
