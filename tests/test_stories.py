"""Story grouping: rewrites of one event form one story; other events, even on the same topic, do not."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from typer.testing import CliRunner

from dedupe_cli import story_graph
from dedupe_cli.cli import app
from dedupe_cli.model import Article, Paragraph, Story
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.scan import scan
from dedupe_cli.stories import PRUNE, article_features, average_link, group_stories, published_day, weighted
from dedupe_cli.story_graph import blocked_graph, exhaustive_graph, tfidf_rows
from tests.conftest import SEEDS

# Articles written for these tests: two rewrites and a wire-style brief of one bridge collapse, two reports of
# another bridge collapse (same topic, different event), and an unrelated football report.
GENOA = {
    "genoa-1.md": (
        "Bridge collapses in Genoa during storm",
        "A section of the Morandi motorway bridge in Genoa collapsed on Tuesday during a violent storm, sending "
        "dozens of vehicles plunging onto railway tracks below. At least 35 people were killed, Italy's interior "
        "minister Matteo Salvini said. Firefighters searched the rubble through the night.",
    ),
    "genoa-2.md": (
        "Dozens dead as Italian motorway viaduct gives way",
        "Rescuers in Genoa pulled survivors from the wreckage of the Morandi viaduct after a 200-metre stretch "
        "of the A10 motorway fell about 45 metres. Matteo Salvini, the interior minister, put the death toll at 35 "
        "and promised that those responsible would pay. Autostrade per l'Italia, which runs the motorway, said "
        "the bridge had been inspected regularly.",
    ),
    "genoa-3.md": (
        "Genoa viaduct toll rises",
        "The number of people killed when the Morandi bridge in Genoa collapsed rose to 38, officials said. "
        "Autostrade per l'Italia faces questions over maintenance of the A10 viaduct.",
    ),
}
MINNEAPOLIS = {
    "mpls-1.md": (
        "Interstate bridge falls into Mississippi River",
        "The I-35W bridge in Minneapolis collapsed into the Mississippi River during the evening rush hour, "
        "killing at least 13 people. Governor Tim Pawlenty said the Minnesota Department of Transportation had "
        "rated the span structurally deficient in 2005.",
    ),
    "mpls-2.md": (
        "Divers search Mississippi after Minneapolis bridge disaster",
        "Divers from the Hennepin County sheriff's office searched the Mississippi River for victims of the I-35W "
        "collapse in Minneapolis. Tim Pawlenty ordered inspections of every similar bridge in Minnesota.",
    ),
}
FOOTBALL = {
    "derby.md": (
        "Late penalty settles the derby",
        "A stoppage-time penalty from Lautaro Martinez gave Inter a 2-1 win over AC Milan at San Siro on Sunday, "
        "lifting Simone Inzaghi's side four points clear at the top of Serie A.",
    ),
}


def write(directory: Path, articles: dict[str, tuple[str, str]]) -> None:
    """Write each article as Markdown with front matter."""
    for name, (title, body) in articles.items():
        (directory / name).write_text(f'---\ntitle: "{title}"\nsource: "{name}"\n---\n\n{body}\n', encoding="utf-8")


def groups(stories: Sequence[Story], articles: Sequence[Article]) -> set[frozenset[str]]:
    """The stories as sets of file names."""
    return {frozenset(Path(articles[i].path).name for i in story.articles) for story in stories}


def test_the_seeds_are_one_story() -> None:
    result = scan([SEEDS])
    stories = group_stories(result.articles, ClaimsOptions())
    assert [story.articles for story in stories] == [(0, 1)]
    assert stories[0].id == "S1"


def test_same_topic_different_event_stays_apart(tmp_path: Path) -> None:
    write(tmp_path, {**GENOA, **MINNEAPOLIS, **FOOTBALL})
    result = scan([tmp_path])
    assert groups(group_stories(result.articles, ClaimsOptions()), result.articles) == {
        frozenset(GENOA),
        frozenset(MINNEAPOLIS),
        frozenset(FOOTBALL),
    }


def test_one_event_alone_is_one_story(tmp_path: Path) -> None:
    write(tmp_path, GENOA)
    result = scan([tmp_path])
    assert groups(group_stories(result.articles, ClaimsOptions()), result.articles) == {frozenset(GENOA)}


def test_grouping_does_not_depend_on_input_order(tmp_path: Path) -> None:
    write(tmp_path, {**GENOA, **MINNEAPOLIS, **FOOTBALL})
    articles = scan([tmp_path]).articles
    reversed_articles = tuple(reversed(articles))
    forward = groups(group_stories(articles, ClaimsOptions()), articles)
    backward = groups(group_stories(reversed_articles, ClaimsOptions()), reversed_articles)
    assert forward == backward


def test_every_article_is_in_exactly_one_story_numbered_in_order(tmp_path: Path) -> None:
    write(tmp_path, {**GENOA, **MINNEAPOLIS, **FOOTBALL})
    articles = scan([tmp_path]).articles
    stories = group_stories(articles, ClaimsOptions())
    assert sorted(i for story in stories for i in story.articles) == list(range(len(articles)))
    assert [story.id for story in stories] == [f"S{n}" for n in range(1, len(stories) + 1)]
    assert [story.articles[0] for story in stories] == sorted(story.articles[0] for story in stories)


def test_a_high_threshold_splits_and_a_low_one_merges(tmp_path: Path) -> None:
    write(tmp_path, GENOA)
    articles = scan([tmp_path]).articles
    assert len(group_stories(articles, ClaimsOptions(story_threshold=0.99))) == len(GENOA)
    assert len(group_stories(articles, ClaimsOptions(story_threshold=0.01))) == 1


def test_no_articles_no_stories_and_an_empty_article_is_a_story_alone() -> None:
    assert group_stories((), ClaimsOptions()) == ()
    empty = Article("e", "e.md", "s", "", "", "", ())
    other = Article("o", "o.md", "s", "", "", "", (Paragraph(0, "Storm floods the valley road.", 1, 1),))
    assert [s.articles for s in group_stories((empty, other), ClaimsOptions())] == [(0,), (1,)]


def test_average_link_does_not_chain() -> None:
    # A~B and B~C, but A and C share nothing: single link would make one group of three.
    similarity = sparse.csr_matrix(np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]]))
    assert average_link(3, similarity, 0.3) == [[0, 1], [2]]
    assert average_link(3, similarity, 0.2) == [[0, 1, 2]]


def test_features_tell_names_and_numbers_from_words() -> None:
    article = Article(
        "a",
        "a.md",
        "s",
        "",
        "",
        "",
        (Paragraph(0, "Rescuers said 1,250 homes were flooded. Rescuers from Genoa and the EU helped.", 1, 1),),
    )
    features = article_features(article)
    assert features["#:1250"] == 1
    assert features["n:genoa"] == 1
    assert features["n:eu"] == 1
    assert "n:rescuers" not in features  # capitalised only where a sentence starts
    assert "said" not in features and "the" not in features


def test_a_month_or_weekday_is_not_a_name_two_stories_share(tmp_path: Path) -> None:
    # two short reports of one local paper whose only common word is when they happen, among other stories: once
    # counted as a name (capitalised inside a sentence, weighed as one), "April" made them one story
    write(
        tmp_path,
        {
            "dredging.md": (
                "Council votes to dredge the harbour",
                "The city council voted 7 to 2 to begin dredging the inner harbour in April. Fishermen said the "
                "shallow channel forced larger boats to wait for high tide.",
            ),
            "library.md": (
                "Library extends weekend opening hours",
                "The town library will open on Sundays from April after a petition signed by 1,200 residents. "
                "Volunteers from the reading club will staff the front desk.",
            ),
            **GENOA,
            **FOOTBALL,
        },
    )
    result = scan([tmp_path])
    features = [article_features(article) for article in result.articles]
    assert not any(key in f for f in features for key in ("n:april", "april", "n:sundays", "sunday"))
    assert groups(group_stories(result.articles, ClaimsOptions()), result.articles) == {
        frozenset({"dredging.md"}),
        frozenset({"library.md"}),
        frozenset(GENOA),
        frozenset(FOOTBALL),
    }


def edges(graph: sparse.spmatrix) -> dict[tuple[int, int], float]:
    """A graph's pairs and their similarity."""
    coo = sparse.coo_matrix(graph)
    return {(int(i), int(j)): float(v) for i, j, v in zip(coo.row, coo.col, coo.data, strict=True)}


def test_blocking_finds_every_pair_the_exhaustive_comparison_keeps(tmp_path: Path) -> None:
    write(tmp_path, {**GENOA, **MINNEAPOLIS, **FOOTBALL})
    articles = scan([tmp_path, SEEDS]).articles
    rows = tfidf_rows([weighted(article_features(a)) for a in articles])
    floor = ClaimsOptions().story_threshold * PRUNE
    exhaustive = edges(exhaustive_graph(rows, floor))
    blocked = edges(blocked_graph(rows, floor, floor, max_df=len(articles)))
    assert exhaustive  # the case is not trivial
    assert blocked.keys() == exhaustive.keys()
    assert all(blocked[pair] == pytest.approx(exhaustive[pair]) for pair in exhaustive)


def test_blocking_is_exact_on_random_vectors() -> None:
    # Prefix filtering guarantees every pair at or above the floor, whatever the weights.
    rng = np.random.default_rng(3)
    counts = [
        {f"w{rng.zipf(1.6) % 60}": float(rng.integers(1, 5)) for _ in range(int(rng.integers(0, 25)))}
        for _ in range(80)
    ]
    rows = tfidf_rows(counts)
    for floor in (0.05, 0.2, 0.5):
        exhaustive = edges(exhaustive_graph(rows, floor))
        blocked = edges(blocked_graph(rows, floor, floor, max_df=80))
        assert blocked.keys() == exhaustive.keys()


def test_pair_cosines_copy_a_bounded_number_of_features_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # both rows of every candidate pair are copied to compute its cosine: long articles in steps of a
    # fixed number of pairs once took 726 MB for 472 articles; the steps are bounded by features now
    rng = np.random.default_rng(5)
    counts = [{f"w{rng.zipf(1.3) % 900}": 1.0 for _ in range(int(rng.integers(50, 400)))} for _ in range(60)]
    rows = tfidf_rows(counts)
    whole = edges(blocked_graph(rows, 0.05, 0.05, max_df=60))
    copied: list[int] = []
    real = story_graph._take_rows

    def counting(matrix: sparse.csr_matrix, picked: np.ndarray) -> sparse.csr_matrix:
        taken = real(matrix, picked)
        copied.append(taken.nnz)
        return taken

    monkeypatch.setattr(story_graph, "PAIR_FEATURES", 2_000)
    monkeypatch.setattr(story_graph, "PRODUCT_COST", float("inf"))  # pairs' rows copied, never the product
    monkeypatch.setattr(story_graph, "_take_rows", counting)
    stepped = edges(blocked_graph(rows, 0.05, 0.05, max_df=60))
    assert len(copied) > 20  # many steps
    assert max(a + b for a, b in zip(copied[::2], copied[1::2], strict=True)) <= 2_000
    assert stepped.keys() == whole.keys()
    assert all(stepped[pair] == pytest.approx(whole[pair]) for pair in whole)


def _dense(seed: int, articles: int = 70) -> sparse.csr_matrix:
    """Rows that nearly all share features: every two are candidates (as in a repository of one beat)."""
    rng = np.random.default_rng(seed)
    return tfidf_rows(
        [{f"w{rng.zipf(1.2) % 300}": float(rng.integers(1, 4)) for _ in range(int(rng.integers(20, 120)))}
         for _ in range(articles)]
    )  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pair_cosines_by_product_and_by_copied_rows_are_the_same_floats(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rows = _dense(seed)
    graphs = {}
    for way, cost in (("product", 0.0), ("copied", float("inf"))):
        monkeypatch.setattr(story_graph, "PRODUCT_COST", cost)
        graphs[way] = edges(blocked_graph(rows, 0.05, 0.05, max_df=70))
    assert len(graphs["copied"]) > 500
    assert graphs["product"] == graphs["copied"]  # exactly: both sum a pair's products in feature order
    assert graphs["copied"] == edges(exhaustive_graph(rows, 0.05))  # and so does the full product


def test_the_product_is_taken_where_nearly_every_pair_is_a_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, int] = {"product": 0, "copied": 0}
    for name, key in (("_block_cosines", "product"), ("_copied_cosines", "copied")):
        real = getattr(story_graph, name)

        def counting(*args: object, _real: object = real, _key: str = key) -> np.ndarray:
            calls[_key] += 1
            return _real(*args)  # type: ignore[operator, no-any-return]

        monkeypatch.setattr(story_graph, name, counting)
    blocked_graph(_dense(4), 0.05, 0.05, max_df=70)
    assert calls == {"product": 1, "copied": 0}
    # every row has the same 40 common words (too common to block) and shares two rare ones with one other row:
    # the product would multiply the common words of every two rows for 35 pairs
    common = {f"c{i}": 1.0 for i in range(40)}
    few = tfidf_rows([{**common, f"r{n // 2}": 3.0, f"s{n // 2}": 3.0, f"u{n}": 1.0} for n in range(70)])
    calls.update(product=0, copied=0)
    assert len(edges(blocked_graph(few, 0.05, 0.05, max_df=3))) >= 35
    assert calls == {"product": 0, "copied": 1}


def test_pair_cosines_of_pairs_in_any_order() -> None:
    rows = _dense(7)
    first, second = np.triu_indices(rows.shape[0], k=1)
    want = story_graph._pair_cosines(rows, first, second)
    shuffled = np.random.default_rng(7).permutation(len(first))
    got = story_graph._pair_cosines(rows, first[shuffled], second[shuffled])
    assert np.array_equal(got, want[shuffled])
    assert np.array_equal(want, exhaustive_graph(rows, -1.0).toarray()[first, second])


def test_a_products_step_is_bounded_and_gives_the_same_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _dense(5)
    whole = edges(blocked_graph(rows, 0.05, 0.05, max_df=70))
    sizes: list[int] = []
    real = story_graph._block_cosines

    def counting(
        rows: sparse.csr_matrix, columns: sparse.csr_matrix, low: int, high: int, *rest: np.ndarray
    ) -> np.ndarray:
        sizes.append(high - low)
        return real(rows, columns, low, high, *rest)

    monkeypatch.setattr(story_graph, "PRODUCT_COST", 0.0)
    monkeypatch.setattr(story_graph, "PRODUCT_WORK", 500)
    monkeypatch.setattr(story_graph, "_block_cosines", counting)
    stepped = edges(blocked_graph(rows, 0.05, 0.05, max_df=70))
    assert len(sizes) > 10 and min(sizes) >= 1
    assert stepped == whole


def test_grouping_through_blocking_equals_exhaustive_grouping(tmp_path: Path) -> None:
    write(tmp_path, {**GENOA, **MINNEAPOLIS, **FOOTBALL})
    articles = scan([tmp_path]).articles
    rows = tfidf_rows([weighted(article_features(a)) for a in articles])
    exhaustive = average_link(len(articles), exhaustive_graph(rows, 0.05), 0.2)
    assert [list(s.articles) for s in group_stories(articles, ClaimsOptions())] == exhaustive


def dated(article: Article, published: str) -> Article:
    """``article`` with another publication date."""
    return replace(article, published=published)


def test_articles_far_apart_in_time_are_not_one_story(tmp_path: Path) -> None:
    write(tmp_path, GENOA)
    articles = scan([tmp_path]).articles
    options = ClaimsOptions()
    near = (dated(articles[0], "2018-08-14"), dated(articles[1], "2018-08-15"), dated(articles[2], "2018-09-01"))
    assert len(group_stories(near, options)) == 1
    far = (dated(articles[0], "2018-08-14"), dated(articles[1], "2018-08-15"), dated(articles[2], "2021-08-14"))
    assert [s.articles for s in group_stories(far, options)] == [(0, 1), (2,)]
    # the gate holds for the whole story, not only for the pair that merges
    chain = (dated(articles[0], "2018-08-01"), articles[1], dated(articles[2], "2018-10-01"))
    assert len(group_stories(chain, options)) == 2
    assert len(group_stories(far, replace(options, story_max_days=0))) == 1
    undated = (articles[0], dated(articles[1], "2018-08-15"), dated(articles[2], "2018-08-16T09:30:00Z"))
    assert len(group_stories(undated, options)) == 1


def test_average_link_respects_the_date_span() -> None:
    similarity = sparse.csr_matrix(np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.8], [0.8, 0.8, 1.0]]))
    assert average_link(3, similarity, 0.3, [0.0, 10.0, 45.0], 30) == [[0, 1], [2]]
    assert average_link(3, similarity, 0.3, [0.0, None, 45.0], 30) == [[0, 1], [2]]
    assert average_link(3, similarity, 0.3, [0.0, 10.0, 45.0], None) == [[0, 1, 2]]


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2008-12-23", 733399.0),
        ("2008-12-23T10:00:00+01:00", 733399.0),
        ("Tue, 23 Dec 2008 10:00:00 GMT", 733399.0),
        ("", None),
        ("last week", None),
        ("Tue, 23 Dec 99999999999999999999 10:00:00 GMT", None),  # past what a date holds: not a crash
        ("Tue, 23 Dec 2008 10:00:00 +9999999999999999999999", None),
    ],
)
def test_published_dates_are_read(published: str, day: float | None) -> None:
    assert published_day(published) == day


def test_claims_story_max_days_option(tmp_path: Path) -> None:
    write(tmp_path, {"genoa-1.md": GENOA["genoa-1.md"], "genoa-2.md": GENOA["genoa-2.md"]})
    for name, published in (("genoa-1.md", "2018-08-14"), ("genoa-2.md", "2019-08-14")):
        path = tmp_path / name
        path.write_text(path.read_text().replace("---\n\n", f'published: "{published}"\n---\n\n'))
    runner = CliRunner()
    apart = runner.invoke(app, ["claims", str(tmp_path), "--format", "json", "--isolated"])
    assert apart.exit_code == 0, apart.output
    assert len(json.loads(apart.stdout)["stories"]) == 2
    joined = runner.invoke(app, ["claims", str(tmp_path), "-f", "json", "--isolated", "--story-max-days", "0"])
    assert len(json.loads(joined.stdout)["stories"]) == 1
    assert runner.invoke(app, ["claims", str(tmp_path), "--story-max-days", "-1"]).exit_code == 2


def test_scan_claims_takes_a_story_threshold(tmp_path: Path) -> None:
    write(tmp_path, GENOA)
    runner = CliRunner()
    base = ["scan", str(tmp_path), "--claims", "--format", "json", "--isolated", "--no-cache"]
    split = runner.invoke(app, [*base, "--story-threshold", "0.99"])
    assert split.exit_code == 0, split.output
    assert len(json.loads(split.stdout)["stories"]) == len(GENOA)
    merged = runner.invoke(app, [*base, "--story-threshold", "0.05"])
    assert len(json.loads(merged.stdout)["stories"]) == 1
