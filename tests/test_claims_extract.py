"""Claim extraction rules: quantities, ordinals, totals, dates, names, quotes and causal framing."""

from __future__ import annotations

import datetime as dt

from dedupe_cli.claims.dates import compatible, dates
from dedupe_cli.claims.entities import name_set, quotes
from dedupe_cli.claims.extract import causal_claims, negated_words
from dedupe_cli.claims.numbers import Quantity, quantities
from dedupe_cli.claims.numbers import compatible as values_agree


def test_quantities_read_digits_words_money_and_percent() -> None:
    found = quantities("At least thirty-seven people died, about 1,200 were hurt and $1.5 million in aid came, up 12%.")
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (37.0, "count", "at_least"),
        (1200.0, "count", "approx"),
        (1_500_000.0, "USD", "exact"),
        (12.0, "percent", "exact"),
    ]
    assert found[0].anchor == ("person",)


def test_years_and_clock_times_are_not_counts() -> None:
    assert quantities("The law passed in 2005 and the vote closed at 10 p.m. on May 17.") == []


def test_hedge_total_and_ordinal() -> None:
    (batch,) = quantities("Police detained 12 alleged gang members on Monday.")
    assert batch.hedge and batch.anchor[-1] == "member"
    (total,) = quantities("The arrests bring the total number of detained suspects to 48.")
    assert total.total
    (third,) = quantities("It was the third such raid this year.")
    assert third.ordinal and third.value == 3 and third.anchor == ("raid",)


def test_approximate_and_bounded_values_agree() -> None:
    def q(value: float, qualifier: str) -> Quantity:
        return Quantity(value, "count", qualifier, ("person",), False, False, 0, 0, "")

    assert values_agree(q(40, "approx"), q(37, "exact")) == (True, True)
    assert values_agree(q(30, "at_least"), q(37, "exact"))[0]
    assert not values_agree(q(40, "exact"), q(37, "exact"))[0]


def test_dates_absolute_and_relative_to_published() -> None:
    base = dt.date(2026, 1, 23)  # a Friday
    values = [d.value for d in dates("On Wednesday the court met; the ruling of May 17, 2005 stands.", base)]
    assert values == ["2026-01-21", "2005-05-17"]
    (weekday,) = dates("The minister spoke on Wednesday.", None)
    (day,) = dates("The minister spoke on 21 January 2026.", None)
    assert compatible(weekday, day)
    (other,) = dates("The minister spoke on 22 January 2026.", None)
    assert not compatible(weekday, other)


def test_aliases_fold() -> None:
    assert name_set("Officials in the U.S. said") - {"Officials"} == {"US"}
    assert name_set("Officials in the United States said") - {"Officials"} == {"US"}
    assert "Sheinbaum" in name_set("President Claudia Sheinbaum said it.")


def test_quote_speaker_and_pronoun() -> None:
    (q,) = quotes('Mayor Ana Ruiz spoke first. "We will rebuild every home," she said.', "")
    assert q.speaker == "Ruiz" and q.verb == "said" and q.words.startswith("We will rebuild")
    (q2,) = quotes('"The bridge is safe," said Transport Minister Leo Park.', "")
    assert q2.speaker == "Park"


def test_causal_framing_asserted_and_denied() -> None:
    asserted = causal_claims("The bank cut rates to ease pressure from investors.")
    assert [(c, a) for c, a, _, _ in asserted] == [("pressure", True)]
    denied = causal_claims("The cut was not a concession to pressure from Washington.")
    assert [(c, a) for c, a, _, _ in denied] == [("pressure", False)]
    assert [(c, a) for c, a, _, _ in causal_claims("She said the move was independent of union demands.")] == [
        ("pressure", False)
    ]


def test_negation_scope() -> None:
    assert negated_words("The company did not accept the offer.") == {"accept"}
    assert negated_words("The company accepted the offer.") == frozenset()
