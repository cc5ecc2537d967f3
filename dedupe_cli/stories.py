"""Group articles that tell the same story.

Outlets rewrite one another, so two reports of one event may share no paragraph:
shingle overlap cannot group them. Each article is instead described by the words
that carry its story (content words, names, numbers, weighted by tf-idf so that
what every article says counts little), two articles are compared by the cosine
of those weights, and articles are grouped by average-link clustering: a group
joins another only when its members are similar *on average*, so a chain of
loosely related reports on one topic (two different rehab stays, two different
earthquakes) does not merge into one story the way single-link grouping would.

Names (capitalised words inside a sentence, acronyms) and numbers weigh more than
common words: two reports of one event name the same people and places and give
the same counts, while two events of one topic share the topic's vocabulary.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from scipy import sparse

from dedupe_cli.model import Article, Story
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.published import published_date
from dedupe_cli.story_features import KeptFeatures
from dedupe_cli.story_graph import average_link, blocked_graph, exhaustive_graph, tfidf_rows

__all__ = ["article_features", "average_link", "group_stories", "published_day", "similarity_matrix", "weighted"]

#: Feature weights by kind: a name or number shared by two articles says more about
#: the event than a shared common word.
NAME_WEIGHT = 4.0
NUMBER_WEIGHT = 2.0
WORD_WEIGHT = 1.0
#: Similarities below this share of the threshold are counted as 0 when clustering.
PRUNE = 0.25
#: A feature in more articles than this does not block (pair up) articles: it names the
#: beat, not the event, and would make every pair of its articles a candidate.
BLOCK_MAX_DF = 100
#: Blocking finds every pair at least this share of the threshold alike (and most pairs down to ``PRUNE``).
GUARANTEE = 0.5

_TOKEN = re.compile(r"\$?\d(?:[\d,.]*\d)?%?(?![^\W_])|[^\W_]+(?:['’.\-][^\W_]+)*\.?")
_BREAK = re.compile(r"[.!?:;\"“”]")

#: Function words and words every news report uses whatever its story: the days and months among them, which
#: say when, not what (two reports of different events "in April" would otherwise share a name).
STOPWORDS = frozenset(
    """
    a about above after again against all almost also although always am among an and another any are around as
    at back be became because become been before being below between both but by can cannot could did do does
    doing done down during each either else even ever every few for from further get gets got had has have
    having he her here hers herself him himself his how however i if in into is it its itself just last least
    less like made make many may me might more most much must my myself near neither never new next no nor not
    now of off often on once one only or other others our ours ourselves out over own per perhaps rather said
    same says see seen she should since so some still such than that the their theirs them themselves then there
    these they this those though through thus to too two under until up upon us very was we were what when where
    whether which while who whom whose why will with within without would yet you your yours yourself according
    added adding announced asked call called came come comes day days early earlier first go going including
    late later latest monday tuesday wednesday thursday friday saturday sunday month months news people report
    reported reports say saying statement stated tell think time times today told tomorrow way week weeks well
    year years yesterday mondays tuesdays wednesdays thursdays fridays saturdays sundays january february march
    april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()  # noqa: SIM905
)


def _stem(word: str) -> str:
    """A light suffix strip so that plural and simple verb forms meet (not a full stemmer)."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + keep
    return word


def _number(token: str) -> str | None:
    """The canonical form of a numeric token ("1,000" -> "1000", "50%" -> "50%"), else None."""
    digits = token.lstrip("$").rstrip(".,")
    if not digits or not digits[0].isdigit():
        return None
    percent = digits.endswith("%")
    digits = digits.rstrip("%").replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    text = f"{value:g}" if value < 1e15 else digits
    return text + ("%" if percent else "")


def article_features(article: Article) -> Counter[str]:
    """The story features of an article and how often each occurs.

    Names are prefixed ``n:``, numbers ``#:``, other content words are stemmed and
    kept as they are. A capitalised word counts as a name when the article also
    capitalises it inside a sentence, so a sentence's first word is not a name
    unless it is one elsewhere.
    """
    texts = [article.title, *(p.text for p in article.paragraphs)]
    tokens: list[tuple[str, bool, bool]] = []  # (token, capitalised, sentence-initial)
    inside_caps: set[str] = set()
    for text in texts:
        end = 0
        initial = True
        for match in _TOKEN.finditer(text):
            raw = match.group()
            token = raw.rstrip(".") or raw
            if _BREAK.search(text, end, match.start()):
                initial = True
            capital = token[:1].isupper()
            if capital and not initial:
                inside_caps.add(token.casefold())
            tokens.append((token, capital, initial))
            # "Mr." and "U.S." do not end a sentence; "pressure." does
            initial = raw.endswith(".") and not (token.isupper() or len(token) <= 3)
            end = match.end()
    features: Counter[str] = Counter()
    for token, capital, initial in tokens:
        folded = token.casefold()
        number = _number(token)
        if number is not None:
            features["#:" + number] += 1
        elif folded in STOPWORDS or len(folded) < 2:
            continue
        elif (capital and (not initial or folded in inside_caps)) or (token.isupper() and len(token) > 1):
            features["n:" + folded.replace(".", "")] += 1
        elif len(folded) > 2:
            features[_stem(folded)] += 1
    return features


def _weight(feature: str) -> float:
    if feature.startswith("n:"):
        return NAME_WEIGHT
    if feature.startswith("#:"):
        return NUMBER_WEIGHT
    return WORD_WEIGHT


def weighted(features: Counter[str]) -> dict[str, float]:
    """An article's term weights before idf: sublinear tf (1 + log count, so that one word
    repeated through an article does not dominate) times the feature kind's weight."""
    return {feature: (1.0 + math.log(count)) * _weight(feature) for feature, count in features.items()}


def similarity_matrix(features: Sequence[Counter[str]]) -> sparse.csr_matrix:
    """The cosine similarity of every pair of articles' tf-idf vectors (upper triangle, exhaustive:
    quadratic, for tests and comparisons; :func:`group_stories` uses the blocked graph)."""
    return exhaustive_graph(tfidf_rows([weighted(f) for f in features]), 0.0)


def published_day(published: str) -> float | None:
    """The day number (proleptic ordinal) of a ``published`` value, or None when it is not a date
    (ISO and e-mail style dates: :func:`dedupe_cli.published.published_date`)."""
    day = published_date(published)
    return float(day.toordinal()) if day is not None else None


def _features(article: Article) -> dict[str, float]:
    return weighted(article_features(article))


def group_stories(
    articles: Sequence[Article], options: ClaimsOptions, cache_dir: Path | None = None
) -> tuple[Story, ...]:
    """Group ``articles`` into stories, numbered S1, S2, ... in order of their first article.

    Every article is in exactly one story; an article like no other is a story alone. Two
    articles whose ``published`` dates lie more than ``options.story_max_days`` apart are
    never in one story. ``cache_dir``: where the articles' features are kept between runs
    (:mod:`dedupe_cli.story_features`; None: found afresh, nothing kept).
    """
    if not articles:
        return ()
    if cache_dir is None:
        rows = tfidf_rows(map(_features, articles))
    else:
        rows = tfidf_rows(KeptFeatures(cache_dir).features(articles, _features))
    # Pairs far below the threshold barely move a group's mean; leaving them out (counting them as 0, which only
    # makes merging harder) is what lets blocking find the rest without comparing every pair.
    threshold = options.story_threshold
    graph = blocked_graph(rows, threshold * PRUNE, threshold * GUARANTEE, BLOCK_MAX_DF)
    days = [published_day(a.published) for a in articles]
    max_days = options.story_max_days if options.story_max_days > 0 else None
    clusters = average_link(len(articles), graph, options.story_threshold, days, max_days)
    return tuple(Story(f"S{n}", tuple(cluster)) for n, cluster in enumerate(clusters, start=1))
