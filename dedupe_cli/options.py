"""Settings of the pipeline stages, as frozen dataclasses with explained defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class LoadOptions:
    """How input files are found and read.

    Attributes:
        include: glob patterns a file must match (relative path or name); empty means
            every supported file.
        exclude: glob patterns that drop a file or directory.
        respect_gitignore: skip what ``.gitignore`` files under the scanned roots ignore.
        text_fields: JSON fields tried in order for the article body.
        title_fields, source_fields, url_fields, published_fields, id_fields: JSON
            fields tried in order for the metadata.
        max_file_size: the largest file read, in bytes; 0 means no limit. A larger file is
            skipped with a warning, judged by its size before any of it is read; a ``.gz`` file is
            decompressed a piece at a time and skipped once its text passes the limit, so a gzip
            bomb never expands in memory. Reading a file holds its bytes and then its text at once:
            about twice its size for ASCII text, up to four times once one character is not (a
            curly quote makes Python keep 2 bytes a character), and its paragraphs' arrays add as
            much again (measured: a 200 MB file of news-like paragraphs peaks at 0.8 GB read and
            1.7 GB scanned). One file is never split between processes, so 256 MiB bounds one file
            at about 1 GB read and 2 GB scanned, while no article comes near it; a large JSON
            Lines dump is the reason to raise it (or to set 0).
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    text_fields: tuple[str, ...] = ("text", "body", "content")
    title_fields: tuple[str, ...] = ("title", "headline")
    source_fields: tuple[str, ...] = ("source", "site", "publisher")
    url_fields: tuple[str, ...] = ("url", "link")
    published_fields: tuple[str, ...] = ("published", "date", "published_at")
    id_fields: tuple[str, ...] = ("id",)
    max_file_size: int = 256 * 1024 * 1024


@dataclass(frozen=True)
class MatchOptions:
    """How paragraphs are signed and matched.

    Attributes:
        threshold: the smallest exact Jaccard of shingle sets reported. 0.5 is the
            level at which news paragraphs are still recognisably the same text
            (a sentence re-edited or extended); see docs/quality.md for the
            recall and precision measured at it.
        shingle: ``word`` for word k-grams (default) or ``char`` for character k-grams.
        k: shingle size: 5 words (the truth definition of ../shared/data) or, for
            character shingles, use about 9.
        num_perm: MinHash permutations; 128 keeps the estimate's standard error
            near 0.04 while a signature stays 512 bytes.
        seed: MinHash seed; fixed so that signatures are stable across runs.
        min_words: units shorter than this are not matched alone (headings, bylines),
            but join a repeated block they sit inside.
        lsh_threshold: the LSH candidate threshold; lower than ``threshold`` so that
            pairs near the threshold are not lost before verification.
        boilerplate_min_articles: text found in at least this many articles of one
            source is reported as boilerplate rather than as copy.
    """

    threshold: float = 0.5
    shingle: str = "word"
    k: int = 5
    num_perm: int = 128
    seed: int = 1
    min_words: int = 8
    lsh_threshold: float = 0.3
    boilerplate_min_articles: int = 5

    def as_params(self) -> dict[str, object]:
        """The options as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class ScanOptions:
    """All options of a duplicate scan."""

    load: LoadOptions = field(default_factory=LoadOptions)
    match: MatchOptions = field(default_factory=MatchOptions)
    jobs: int = 1
    cache_dir: str | None = None


@dataclass(frozen=True)
class ClaimsOptions:
    """Options of the claims stage: story grouping, claim alignment and verdicts.

    Attributes:
        story_threshold: the smallest mean document similarity (tf-idf cosine over
            content words, names and numbers; see dedupe_cli/stories.py) at which two
            groups of articles join one story. 0.2 sits in the middle of the range
            (0.1 to 0.3) where grouping ecb-dev scores an adjusted Rand index above
            0.82, and two rewrites of one event (the seeds) score about twice it;
            see docs/quality.md.
        story_max_days: two articles whose ``published`` dates are more than this
            many days apart are never in one story (a team firing its coach in 2008
            and in 2005 shares names and words, not the event); 30 keeps a month of
            follow-ups together. Undated articles are not constrained; 0 turns the
            check off.
        align_threshold: the smallest alignment score (anchor overlap, sentence
            context and shared names, 0..1) at which two claims with compatible values
            count as one claim; 0.4 joins "37 cartel operatives" and "37 alleged cartel
            members" but not two unrelated counts.
        conflict_threshold: the smallest alignment score at which claims with
            incompatible values are reported as a conflict; higher than
            ``align_threshold`` because a wrong conflict costs more than a missed one.
        conflict_context: the smallest Jaccard of the two sentences' content words for a
            numeric, date or entity conflict: the claims must be told in similar words.
        statement_overlap: the share of the shorter sentence's content words the other
            must contain before a negation or an antonym makes a polarity conflict.
        sources_by_outlet: count all articles of one declared source as one source
            (off by default: plain-text inputs take their folder name as source).
    """

    story_threshold: float = 0.2
    story_max_days: int = 30
    align_threshold: float = 0.4
    conflict_threshold: float = 0.55
    conflict_context: float = 0.3
    statement_overlap: float = 0.6
    sources_by_outlet: bool = False


#: The default index location: a SQLite file in the working directory (the project).
DEFAULT_INDEX = ".dedupe_index.sqlite"
#: The default Redis key prefix of an index.
DEFAULT_NAMESPACE = "dedupe"


@dataclass(frozen=True)
class QueryOptions:
    """How new paragraphs are checked against the index.

    Attributes:
        threshold: the smallest exact shingle Jaccard reported, as ``dedupe scan --threshold``.
        min_words: paragraphs with fewer words are neither indexed nor queried.
        max_matches: indexed paragraphs listed per new paragraph (the best ones);
            boilerplate can match thousands, and the count of all is kept.
    """

    threshold: float = 0.5
    min_words: int = 8
    max_matches: int = 10
