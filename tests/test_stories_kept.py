"""Articles' story features kept between runs: a re-run finds only the new and changed articles' features,
and groups exactly as a run without the file does."""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from dedupe_cli.model import Article
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.reconcile import run_claims, without_boilerplate
from dedupe_cli.scan import scan
from dedupe_cli.stories import article_features, group_stories, weighted
from dedupe_cli.story_features import PREFIX, SUFFIX, KeptFeatures, article_key
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """The samples' articles as the claims stage groups them."""
    return without_boilerplate(scan([SAMPLES], ScanOptions(jobs=1)))


class Counting:
    """The features of an article, counting the articles asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, article: Article) -> dict[str, float]:
        self.asked.append(article.id)
        return weighted(article_features(article))


def _fresh(articles: Sequence[Article]) -> list[dict[str, float]]:
    return [weighted(article_features(a)) for a in articles]


def _same(got: Sequence[dict[str, float]], want: Sequence[dict[str, float]]) -> None:
    """Equal features, in the same order within each article (the grouping's columns follow it)."""
    assert [list(g.items()) for g in got] == [list(w.items()) for w in want]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def test_a_re_run_finds_no_features_and_gets_the_same(tmp_path: Path, articles: list[Article]) -> None:
    want = _fresh(articles)
    first, second = Counting(), Counting()
    _same(KeptFeatures(tmp_path).features(articles, first), want)
    assert len(first.asked) == len(articles) > 10
    [path] = _files(tmp_path)
    written = path.stat().st_mtime_ns, path.stat().st_ino
    _same(KeptFeatures(tmp_path).features(articles, second), want)
    assert second.asked == []
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == written  # nothing changed: not written again


def test_only_changed_and_new_articles_are_found_again(tmp_path: Path, articles: list[Article]) -> None:
    KeptFeatures(tmp_path).features(articles[:-1], Counting())
    changed = list(articles)
    changed[3] = replace(changed[3], title=changed[3].title + " Zanzibar")
    paragraphs = changed[5].paragraphs
    changed[5] = replace(changed[5], paragraphs=(replace(paragraphs[0], text=paragraphs[0].text + " Quito."),))
    counting = Counting()
    _same(KeptFeatures(tmp_path).features(changed, counting), _fresh(changed))
    assert sorted(counting.asked) == sorted({changed[3].id, changed[5].id, changed[-1].id})


def test_the_file_holds_the_last_runs_articles_only(tmp_path: Path, articles: list[Article]) -> None:
    KeptFeatures(tmp_path).features(articles, Counting())
    KeptFeatures(tmp_path).features(articles[:4], Counting())
    names, keys, *_ = marshal.loads(_files(tmp_path)[0].read_bytes())
    assert set(keys) == {article_key(a) for a in articles[:4]}
    assert len(set(names)) == len(names)  # each feature's name once
    counting = Counting()
    KeptFeatures(tmp_path).features(articles, counting)
    assert set(counting.asked) == {a.id for a in articles[4:]}


@pytest.mark.parametrize(
    "damage",
    [
        b"not marshal at all",
        marshal.dumps(("names", [], b"", b"", b"")),
        marshal.dumps((["a"], [b"k" * 16], b"\0" * 16, b"\0" * 4, b"\0" * 16)),  # bounds say 0 rows, 1 row given
        marshal.dumps(
            (["a"], [b"k" * 16], bytes(8) + (1).to_bytes(8, "little"), (7).to_bytes(4, "little"), bytes(8))
        ),  # a feature number past the names
    ],
)
def test_a_damaged_file_is_ignored_and_replaced(tmp_path: Path, articles: list[Article], damage: bytes) -> None:
    KeptFeatures(tmp_path).features(articles, Counting())
    [path] = _files(tmp_path)
    path.write_bytes(damage)
    counting = Counting()
    _same(KeptFeatures(tmp_path).features(articles, counting), _fresh(articles))
    assert len(counting.asked) == len(articles)
    second = Counting()
    KeptFeatures(tmp_path).features(articles, second)
    assert second.asked == []  # rewritten whole


def test_a_kept_feature_with_another_weight_is_taken_as_kept(tmp_path: Path, articles: list[Article]) -> None:
    """The kept weights are what the grouping uses (the file is read, not the features found again)."""
    KeptFeatures(tmp_path).features(articles, Counting())
    [path] = _files(tmp_path)
    names, keys, bounds, ids, weights = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((names, keys, bounds, ids, bytes(len(weights)))))
    got = KeptFeatures(tmp_path).features(articles, Counting())
    assert all(value == 0.0 for features in got for value in features.values())


def test_files_of_other_versions_are_removed(tmp_path: Path, articles: list[Article]) -> None:
    old = tmp_path / f"{PREFIX}0123456789abcdef{SUFFIX}"
    old.write_bytes(b"old")
    KeptFeatures(tmp_path).features(articles, Counting())
    assert _files(tmp_path) == [KeptFeatures(tmp_path).path]


def test_no_folder_nothing_kept(tmp_path: Path, articles: list[Article]) -> None:
    missing = tmp_path / "missing"
    _same(KeptFeatures(missing).features(articles, Counting()), _fresh(articles))
    assert not missing.exists()


def test_grouping_with_the_file_is_grouping_without(tmp_path: Path, articles: list[Article]) -> None:
    options = ClaimsOptions()
    plain = group_stories(articles, options)
    assert len(plain) > 2
    assert group_stories(articles, options, tmp_path) == plain
    assert group_stories(articles, options, tmp_path) == plain
    assert _files(tmp_path)


def test_the_claims_stage_keeps_features_only_with_a_cache_folder(tmp_path: Path) -> None:
    result = scan([SAMPLES], ScanOptions(jobs=1))
    run_claims(result, ClaimsOptions(), cache_dir=None)
    assert not _files(tmp_path)
    cached = run_claims(result, ClaimsOptions(), cache_dir=tmp_path)
    assert len(_files(tmp_path)) == 1
    assert cached.stories == run_claims(result, ClaimsOptions()).stories


def test_without_source_files_the_version_names_the_file(
    tmp_path: Path, articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedupe_cli import story_features

    normal = KeptFeatures(tmp_path).path
    monkeypatch.setattr(story_features, "__file__", str(tmp_path / "in.zip" / "story_features.py"))
    story_features._source.cache_clear()
    try:
        kept = KeptFeatures(tmp_path)
        _same(kept.features(articles, Counting()), _fresh(articles))
        assert kept.path != normal  # no source read: another name, not the files' of a real install
        assert _files(tmp_path) == [kept.path]
    finally:
        story_features._source.cache_clear()
