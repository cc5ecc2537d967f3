"""Story grouping: rewrites of one event form one story; other events, even on the same topic, do not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

from dedupe_cli.model import Article, Paragraph, Story
from dedupe_cli.options import ClaimsOptions
from dedupe_cli.scan import scan
from dedupe_cli.stories import article_features, average_link, group_stories
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


def groups(stories: tuple[Story, ...], articles: tuple[Article, ...]) -> set[frozenset[str]]:
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
