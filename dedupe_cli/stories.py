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

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from dedupe_cli.model import Article, Story
from dedupe_cli.options import ClaimsOptions

#: Feature weights by kind: a name or number shared by two articles says more about
#: the event than a shared common word.
NAME_WEIGHT = 4.0
NUMBER_WEIGHT = 2.0
WORD_WEIGHT = 1.0
#: Similarities below this share of the threshold are counted as 0 when clustering.
PRUNE = 0.25

_TOKEN = re.compile(r"\$?\d(?:[\d,.]*\d)?%?(?![^\W_])|[^\W_]+(?:['’.\-][^\W_]+)*\.?")
_BREAK = re.compile(r"[.!?:;\"“”]")

#: Function words and words every news report uses whatever its story.
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
    year years yesterday
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


def similarity_matrix(features: Sequence[Counter[str]]) -> sparse.csr_matrix:
    """The cosine similarity of every pair of articles' tf-idf vectors (sparse, symmetric).

    tf is sublinear (1 + log count) so that one word repeated through an article does
    not dominate; idf is the smoothed ``log((1 + n) / (1 + df)) + 1``, which stays
    meaningful for two articles and discounts what every article says.
    """
    n = len(features)
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, counts in enumerate(features):
        for feature, count in counts.items():
            col = vocabulary.setdefault(feature, len(vocabulary))
            rows.append(row)
            cols.append(col)
            values.append((1.0 + math.log(count)) * _weight(feature))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(vocabulary)), dtype=np.float64)
    df = np.bincount(matrix.indices, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms) @ matrix
    return sparse.csr_matrix(matrix @ matrix.T)


def average_link(n: int, similarity: sparse.csr_matrix, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clusters of ``n`` items, merged while the mean pairwise
    similarity of two clusters is at least ``threshold`` (pairs absent from the sparse
    matrix count as 0). Clusters come back in order of their first item.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # summed similarity between clusters
    coo = sparse.triu(similarity, k=1).tocoo()
    for i, j, s in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        if s > 0:
            links[i][j] = links[j][i] = s
    heap = [(-s, i, j) for i in range(n) for j, s in links[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        current = links[i].get(j, 0.0) / (len(members[i]) * len(members[j]))
        if not math.isclose(current, -negative):
            continue  # stale entry: the clusters changed since it was pushed
        # merge j into i
        members[i].extend(members.pop(j))
        for k, s in links.pop(j).items():
            links[k].pop(j, None)
            if k != i:
                links[i][k] = links[i].get(k, 0.0) + s
                links[k][i] = links[i][k]
        for k, s in links[i].items():
            mean = s / (len(members[i]) * len(members[k]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, k), max(i, k)))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def group_stories(articles: Sequence[Article], options: ClaimsOptions) -> tuple[Story, ...]:
    """Group ``articles`` into stories, numbered S1, S2, ... in order of their first article.

    Every article is in exactly one story; an article like no other is a story alone.
    """
    if not articles:
        return ()
    similarity = similarity_matrix([article_features(a) for a in articles])
    # Pairs far below the threshold barely move a group's mean; dropping them (counting them as 0, which only
    # makes merging harder) keeps the clustering near-linear on large inputs where every pair shares some word.
    similarity.data[similarity.data < options.story_threshold * PRUNE] = 0.0
    similarity.eliminate_zeros()
    clusters = average_link(len(articles), similarity, options.story_threshold)
    return tuple(Story(f"S{n}", tuple(cluster)) for n, cluster in enumerate(clusters, start=1))
