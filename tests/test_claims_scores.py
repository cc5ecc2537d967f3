"""Scores of games and tallies of votes: read from a sentence, and compared across the articles of a story."""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.claims.scores import one_game, scores
from dedupe_cli.model import VerdictKind

from .test_claims_verdicts import _conflicts, _two


def _read(sentence: str) -> list[tuple[str, list[str]]]:
    return [(s.value, sorted(s.sides)) for s in scores(sentence)]


def test_a_score_is_read_with_the_sides_named_with_it() -> None:
    assert _read("Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday.") == [("3-1", ["Arsenal", "Chelsea"])]
    assert _read("Leeds lost 1–3 to Everton.") == [("3-1", ["Everton", "Leeds"])]  # the larger number first
    assert _read("The Lakers won 112-104 against Boston.") == [("112-104", ["Boston", "Lakers"])]
    assert _read("It was a 2-0 win over Leeds United.") == [("2-0", ["Leeds United"])]
    assert _read("In a 6-3 decision, the court sided with Ohio.") == [("6-3", [])]
    assert _read("The Senate approved her nomination 51-49.") == [("51-49", ["Senate"])]
    assert _read("The council approved a $2.02 billion budget by a vote of 11-2.") == [("11-2", [])]
    assert _read("Boudreau spoke before the Wild's 4-1 win over the Sabres.") == [("4-1", ["Sabres", "Wild"])]
    # a side carried past the other: was no score, so "beat the Sacramento Kings 128-119" met nothing
    assert _read("Curry had 52 points to lead Golden State past Sacramento 128-119.") == [
        ("128-119", ["Golden State", "Sacramento"])
    ]


def test_a_record_a_span_and_a_tennis_match_s_sets_are_no_score() -> None:
    for text in (
        "Klitschko improved to 52-3 with 46 knockouts.",
        "A 24-hour strike began on Monday.",
        "They won the 2010-11 title.",
        "Nadal won 6-3, 6-4 against Federer.",
        "Pospisil edged Opelka 7-6 (5), 7-6 (7), and Kyrgios' 6-4, 6-4 win over Gonzalez followed.",
        "Thompson, the IBF's challenger, fell to 36-3 (24 KO).",  # ecb-dev: a record reached
        "His squad tied for second in the Pacific Division with a 50-32 record.",  # ecb-dev
        "They beat Leeds to take a 2-0 lead in the series.",
        "Sales grew in the past 12-18 months.",  # "past" with no side after it passed nothing
    ):
        assert scores(text) == [], text


def test_scores_are_of_one_game_when_one_s_sides_are_among_the_other_s() -> None:
    assert one_game(["Arsenal", "Chelsea"], ["Chelsea", "Arsenal"]) == (True, True)
    assert one_game(["Leeds"], ["Leeds United", "Everton"]) == (True, False)
    assert one_game(["Arsenal", "Chelsea"], ["Arsenal", "Spurs"]) == (False, False)
    assert one_game(["Manchester United"], ["Leeds United"]) == (False, False)  # "United" tells no side
    assert one_game(["Blackburn Rovers"], ["Bristol Rovers"]) == (False, False)
    assert one_game(["Arsenal's"], ["Arsenal", "Chelsea"]) == (True, False)


def test_two_scores_of_one_game_conflict(tmp_path: Path) -> None:
    first = "Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday to go top of the Premier League."
    second = "Bukayo Saka scored two goals as Arsenal defeated Chelsea 3-2 on Saturday, moving three points clear."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.kind, v.subtype, sorted(m.value for m in v.members)) == ("score", "numeric", ["3-1", "3-2"])
    # control: the same score told two ways agrees; another game of one side is no conflict
    same = _two(tmp_path, first, second.replace("3-2", "3-1"))
    assert [v.verdict for v in same if v.kind == "score"] == [VerdictKind.AGREE]
    other = _two(tmp_path, first, second.replace("Chelsea 3-2", "Tottenham 2-0"))
    assert [v for v in _conflicts(other) if v.kind == "score"] == []


def test_a_score_with_no_side_named_meets_only_a_score_told_alike(tmp_path: Path) -> None:
    # ecb-dev: the 76ers' loss and, in another article of the story, a college game of the same score
    loss = "Friday night's 88-72 loss in Cleveland, the team's eighth in 10 games, was the last straw for Cheeks."
    other = "His son is a guard for Temple and spoke after the Owls' 88-72 win over Tennessee on Saturday."
    assert [v.verdict for v in _two(tmp_path, loss, other) if v.kind == "score"] == [VerdictKind.SINGLE_SOURCE] * 2
    same = "An 88-72 road loss to the Cavaliers in Cleveland Friday was the last straw for Cheeks, the team said."
    assert [v.verdict for v in _two(tmp_path, loss, same) if v.kind == "score"] == [VerdictKind.AGREE]


def test_two_tallies_of_one_vote_conflict_and_another_body_s_vote_is_another(tmp_path: Path) -> None:
    first = "The Senate voted 52-48 on Wednesday to confirm Gen. Laura Morales as secretary of defense."
    second = "Gen. Laura Morales was confirmed on Wednesday after the Senate approved her nomination 51-49."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.kind, sorted(m.value for m in v.members)) == ("score", ["51-49", "52-48"])
    committee = "The Armed Services Committee backed Gen. Laura Morales 15-11 on Wednesday to confirm her."
    assert [v for v in _conflicts(_two(tmp_path, first, committee)) if v.kind == "score"] == []


def test_a_tally_of_an_earlier_vote_is_another_vote(tmp_path: Path) -> None:
    first = "The city council voted 9-4 on Tuesday to approve a $2.1 billion budget for the fiscal year.\n"
    first += "Last year the council approved a $2.02 billion budget by a vote of 11-2."
    second = "After a long debate, the city council approved a $2.1 billion spending plan on Tuesday by a vote of 9-4."
    verdicts = _two(tmp_path, first, second)
    assert [(v.verdict, v.members[0].value) for v in verdicts if v.kind == "score" and len(v.members) > 1] == [
        (VerdictKind.AGREE, "9-4")
    ]
    assert [v for v in _conflicts(verdicts) if v.kind == "score"] == []  # was 11-2 against 9-4
    # control: this year's tallies told apart conflict
    (v,) = [v for v in _conflicts(_two(tmp_path, first, second.replace("9-4", "8-5"))) if v.kind == "score"]
    assert sorted(m.value for m in v.members) == ["8-5", "9-4"]


def test_a_unanimous_vote_is_a_tally_with_none_against(tmp_path: Path) -> None:
    assert _read("The Senate on Tuesday unanimously confirmed her nomination.") == [("unanimous", ["Senate"])]
    assert _read("In a unanimous decision, the court sided with Ohio.") == [("unanimous", [])]
    # ecb-dev: a vote no one cast is no tally
    for text in ("The jury failed to reach a unanimous decision.", "Death sentences require a unanimous decision."):
        assert scores(text) == [], text
    first = "The Supreme Court on Monday unanimously sided with Ohio in its dispute over river pollution rules."
    second = "The Supreme Court ruled 7-2 on Monday that Ohio can keep its river pollution rules in place."
    (v,) = _conflicts(_two(tmp_path, first, second))  # "unanimously" was no tally
    assert sorted(m.value for m in v.members) == ["7-2", "unanimous"]
    agreed = _two(tmp_path, first, second.replace("7-2", "9-0"))
    assert [v.verdict for v in agreed if v.kind == "score"] == [VerdictKind.AGREE]


def test_a_tally_the_vote_was_is_read(tmp_path: Path) -> None:
    assert _read("The vote was 11-1, with Governor Michelle Bowman dissenting.") == [("11-1", [])]
    assert _read("The final tally stood at 52-48.") == [("52-48", [])]
    assert _read("The vote was held 2-3 weeks ago.") == []  # control: no tally after "was"
    first = "The Federal Reserve board held rates steady on Wednesday. The vote was 11-1, with Bowman dissenting."
    second = "The Federal Reserve board held rates steady on Wednesday. The vote was 10-2, with two dissenting."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert sorted(m.value for m in v.members) == ["10-2", "11-1"]
