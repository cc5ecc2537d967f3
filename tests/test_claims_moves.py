"""Figures of change whose noun comes before them ("profit rose 12% to $3.4 billion"): what moved, which way, and
the level it reached, read from the verb's subject, so that two sources' figures of one subject meet."""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.claims.numbers import describe, quantities
from dedupe_cli.model import Verdict

from .test_claims_verdicts import _conflicts, _two


def _agreed_figures(verdicts: tuple[Verdict, ...]) -> list[str]:
    """The first member's value of each agreement on a figure, sorted."""
    return sorted(v.members[0].value for v in verdicts if v.verdict == "agree" and v.kind == "quantity")


def _told(sentence: str) -> list[str]:
    return [describe(q) for q in quantities(sentence)]


def test_a_change_and_its_level_count_the_verb_s_subject() -> None:
    # was "up to 3,400,000,000 USD" and no 12%: the change read as the low end of a range
    told = _told(
        "Acme said on Tuesday its third-quarter profit rose 12% to $3.4 billion, beating estimates of $3.1 billion."
    )
    assert told == ["third-quarter profit up 12%", "3,400,000,000 USD third-quarter profit", "3,100,000,000 USD"]
    assert _told("Revenue was up 8% from a year earlier.") == ["revenue up 8%"]
    assert _told("Profit at the unit fell by more than 10%.") == ["unit profit down more than 10%"]
    assert _told("Unemployment fell to 3.5% in May.") == ["3.5% unemployment"]  # a level, no change


def test_whose_share_moved_reads_alike_with_of_or_before_the_noun() -> None:
    assert _told("Shares of Acme rose 4.5% in extended trading.") == _told("Acme shares climbed 4.5% after the bell.")
    assert _told("Its profit in the third quarter jumped 15%.") == ["quarter profit up 15%"]
    assert _told("Acme reported profit rose 3%.") == ["profit up 3%"]  # the verb before the subject is not it


def test_a_clause_that_describes_the_subject_is_read_past() -> None:
    # the subject stopped at the comma: "0.4%" named nothing, and never met "Housing costs rose 0.4%"
    told = _told("Shelter costs, which make up about a third of the index, rose 0.4% in July.")
    assert told == ["shelter cost up 0.4%"]
    assert _told("Acme shares, which fell 4% on Monday, rose 2% on Tuesday.") == ["4%", "acme share up 2%"]


def test_no_subject_no_move_and_a_count_after_a_verb_is_its_object() -> None:
    assert _told("It rose 5%.") == ["5%"]  # a pronoun names nothing
    assert _told("The agency dropped two other rules changes.") == ["2"]  # ecb-dev: "protection agency down 2"
    assert _told("Prices rose 30 to 40 percent.") == ["up to 40%"]  # a range stays one
    assert _told("Sales rose 5 points.") == ["5 point"]  # a noun after the figure says what it counts


def test_two_sources_agree_on_a_move_and_a_level_and_not_on_moves_apart(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Acme said its profit rose 12% to $3.4 billion. Shares of Acme rose 4.5% in extended trading.",
        "Acme reported that its profit jumped 12% to $3.4 billion. Acme shares climbed 4.5% after the bell.",
    )
    agreed = _agreed_figures(verdicts)
    assert agreed == ["3,400,000,000 USD profit", "acme share up 4.5%", "profit up 12%"]
    apart = _two(
        tmp_path,
        "Shares of Acme rose 4.5% in extended trading on Tuesday.",
        "Shares of Acme fell 4.5% in extended trading on Tuesday.",
    )
    assert not [v for v in apart if v.kind == "quantity" and v.verdict == "agree"]  # (the sentences conflict)


def test_a_period_joined_to_its_number_is_the_period_told_apart(tmp_path: Path) -> None:
    # "third-quarter" named no quarter, so two counts of the third quarter were told of different periods
    verdicts = _two(
        tmp_path,
        "Acme shipped 120,000 electric trucks in the third quarter, the company said on Tuesday.",
        "Acme shipped 150,000 electric trucks in its third-quarter report, the company said on Tuesday.",
    )
    assert [(v.subtype, sorted(m.value for m in v.members)) for v in _conflicts(verdicts)] == [
        ("numeric", ["120,000 electric truck", "150,000 electric truck"])
    ]


def test_figures_of_two_numbered_quarters_are_of_two_moments(tmp_path: Path) -> None:
    first = "In the third quarter, Tesla delivered 462,890 vehicles, the company said on Thursday."
    second = "Tesla delivered 495,570 vehicles in the October-December quarter, the company said on Thursday."
    assert not _conflicts(_two(tmp_path, first, second))  # was a conflict: a quarter was any quarter
    assert not _conflicts(_two(tmp_path, first, second.replace("the October-December quarter", "Q4")))
    # control: one quarter, told two ways, still conflicts
    (v,) = _conflicts(_two(tmp_path, first, second.replace("October-December", "July-September")))
    assert sorted(m.value for m in v.members) == ["462,890 vehicle", "495,570 vehicle"]


def test_a_move_after_its_value_counts_the_value_s_measure(tmp_path: Path) -> None:
    assert _told("The company posted revenue of $21.5 billion, up 8% from a year earlier.") == [
        "21,500,000,000 USD revenue",  # was a bare $21.5 billion and a bare 8%
        "revenue up 8%",
    ]
    assert _told("Its sales were $3 billion, down 2%.") == ["3,000,000,000 USD sale", "sale down 2%"]
    # html-dev: "tuesday up 0.35%"; a day names nothing that moved
    assert _told("Alibaba shares closed in New York on Tuesday at $185.25, up 0.35%.") == ["185.25 USD", "0.35%"]
    verdicts = _two(
        tmp_path,
        "Revenue climbed 8% to $21.5 billion, the company said.",
        "The company posted revenue of $21.5 billion, up 8% from a year earlier.",
    )
    agreed = _agreed_figures(verdicts)
    assert agreed == ["21,500,000,000 USD revenue", "revenue up 8%"]


def test_a_move_told_in_the_future_or_with_go_is_its_subject_s() -> None:
    found = quantities("Property taxes will rise 2%, fees will go up 3% and rents are expected to rise to $1,900.")
    # was three bare figures: "will" and "are expected to" hid the subject, "go up" was no move
    assert [describe(q) for q in found] == ["property tax up 2%", "fee up 3%", "1,900 USD rent"]
    # control: a pronoun is still no subject
    assert [describe(q) for q in quantities("It will rise 5%.")] == ["5%"]


def test_a_rise_and_a_fall_of_one_subject_conflict(tmp_path: Path) -> None:
    # a rise and a fall were families apart, so "revenue declined 2%" never met "revenue rose 1%"; and "quarterly"
    # named no quarter, so the two were told of different periods
    verdicts = _two(
        tmp_path,
        "Nike said on Thursday its fourth-quarter net income fell 25% to $1.1 billion, as revenue declined 2% to"
        " $12.6 billion.",
        "Nike's quarterly profit dropped 25% to $1.1 billion and revenue rose 1% to $12.6 billion, the company"
        " reported Thursday.",
    )
    assert [sorted(m.value for m in v.members) for v in _conflicts(verdicts)] == [["revenue down 2%", "revenue up 1%"]]
    # a quarter's fall and a year's rise are of two periods
    apart = _two(
        tmp_path,
        "Nike said on Thursday its fourth-quarter revenue declined 2% to $12.6 billion, missing forecasts.",
        "Nike said on Thursday its revenue rose 1% to $51.4 billion for the year, missing forecasts.",
    )
    assert not _conflicts(apart)


def test_an_article_s_rise_and_fall_of_one_size_are_two_figures(tmp_path: Path) -> None:
    # a rise and a fall of 2% in one article are not one figure restated: each meets its own in the other article
    verdicts = _two(
        tmp_path,
        "Revenue rose 2% in the quarter, the company said. Costs fell 2% in the quarter, it said.",
        "The company said its revenue rose 2% in the quarter. Its costs fell 2% over the quarter.",
    )
    agreed = _agreed_figures(verdicts)
    assert agreed == ["cost down 2%", "revenue up 2%"]


def test_a_name_numbered_in_capitals_is_a_subject_and_a_close_up_or_down_a_move(tmp_path: Path) -> None:
    # "S&P 500" stopped the subject at its number, and "closed up" was no move: both figures had no anchor
    assert _told("The S&P 500 closed up 0.9%, while bond yields rose.") == ["s&p 500 up 0.9%"]
    assert _told("The FTSE 100 ended down 1.2% on Friday.") == ["ftse 100 down 1.2%"]
    assert _told("Acme's 2025 profit rose 12%.") == ["profit up 12%"]  # a year before a noun is no name's number
    verdicts = _two(
        tmp_path,
        "Stocks rallied on Friday, and the S&P 500 closed up 0.9%.",
        "On Friday the S&P 500 rose 0.9% as bond yields climbed.",
    )
    assert [v.members[0].value for v in verdicts if v.verdict == "agree" and v.kind == "quantity"] == [
        "s&p 500 up 0.9%"
    ]


def test_a_move_outside_a_market_s_hours_is_another_moment(tmp_path: Path) -> None:
    first = "Alphabet shares fell 3% after Google announced the deal."
    second = "Shares of Alphabet rose 1% in premarket trading after Google announced the deal."
    assert not _conflicts(_two(tmp_path, first, second))  # was a conflict: the day's fall and a premarket rise
    assert not _conflicts(_two(tmp_path, first, second.replace("premarket", "morning")))  # a moment of the day
    # control: the same moves in the day's trading conflict
    (v,) = _conflicts(_two(tmp_path, first, second.replace(" in premarket trading", "")))
    assert sorted(m.value for m in v.members) == ["alphabet share down 3%", "alphabet share up 1%"]


def test_a_company_s_stock_and_its_shares_move_alike(tmp_path: Path) -> None:
    verdicts = _two(tmp_path, "Tesla shares fell 6% on Thursday.", "Tesla stock dropped 6.1% by the close on Thursday.")
    agreed = [sorted(m.value for m in v.members) for v in verdicts if v.verdict == "agree" and v.kind == "quantity"]
    assert agreed == [["tesla share down 6%", "tesla share down 6.1%"]]  # were two singles: stock and share
