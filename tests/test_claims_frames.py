"""Exclusive frames: passive agents, ownership direction, prices of named things, dates of events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dedupe_cli.claims.ages import ages, first_name
from dedupe_cli.claims.contrast import antonyms, polarity
from dedupe_cli.claims.frames import agents, event_dates, frame_conflict, ownership, prices
from dedupe_cli.claims.numbers import quantities
from tests.test_claims_contrast import _conflicts


def test_agent_of_a_passive_or_of_a_maker_verb() -> None:
    assert agents("The murals were painted by local artists such as Rivera and Orozco.")["paint"] == {
        "rivera",
        "orozco",
    }
    assert "jobs" in agents("Steve Jobs founded Apple in a garage in 1976.")["found"]
    long = "The stadium and the two bridges were designed by engineers like Calatrava and Foster."
    found = frame_conflict(long, "The stadium was designed by Zaha Hadid.")
    assert found and found[0] == "entity"
    # an agent the other article names is no substitute
    assert not frame_conflict(long, "The stadium was designed by Foster.")
    assert not frame_conflict(long, "The stadium was designed by Hadid.", ["Hadid"])


def test_an_agent_conflict_reads_alike_in_every_process() -> None:
    # "damaged" has two lemmas (damage, damaged): the reason once named whichever a set gave first,
    # so two runs of one report could differ
    script = (
        "from dedupe_cli.claims.frames import frame_conflict\n"
        "long = 'The roof was damaged by Smith on Monday, officials said.'\n"
        "print(frame_conflict(long, 'The roof was damaged by Jones.'))"
    )
    said = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
        said.add(done.stdout)
    assert len(said) == 1 and "entity" in said.pop()


def test_ownership_direction() -> None:
    assert ("acme", "brightline") in ownership("Brightline Foods is a subsidiary of the Dutch group Acme Holdings.")
    long = "Brightline Foods is a subsidiary of the Dutch food group, Acme Holdings."
    found = frame_conflict(long, "Brightline Foods owns Acme Holdings.")
    assert found and found[0] == "entity"
    assert not frame_conflict(long, "Acme Holdings owns Brightline Foods.")


def test_price_of_a_named_thing() -> None:
    long = "The deal cleared a $4.1 billion debt, and Nordgas was sold for $2.2 billion to a state fund."
    assert [round(q.value) for _, q in prices(long)] == [2_200_000_000]
    found = frame_conflict(long, "Nordgas cost $4.1 billion.")
    assert found and found[0] == "numeric"
    assert not frame_conflict(long, "Nordgas was sold for about $2.2 billion.")


def test_date_bound_to_an_event_noun() -> None:
    long = (
        "The president signed new election laws on March 3, creating a commission to run the presidential vote, "
        "which is set for June 9."
    )
    assert event_dates(long) == {"election": {"--06-09"}}
    found = frame_conflict(long, "The presidential elections will take place on March 3.")
    assert found and found[0] == "date"
    assert not frame_conflict(long, "The presidential elections will take place on June 9.")
    # a date bound to a report is not the date of the event
    assert not event_dates("The elections will have two parties, the news agency reported May 2.")
    found = frame_conflict("The novelist, born in 1921 in Vienna, died in Paris on May 3, 1990.", "He died in 1991.")
    assert found and found[0] == "date"


def test_prefix_opposites_and_unable_to() -> None:
    assert antonyms(
        "Officials said the ceasefire was unlikely to hold past Friday.",
        "The ceasefire was likely to hold past Friday, officials said.",
    )
    assert not antonyms("The agency will inform the public about the form.", "The public filled in the form.")
    assert polarity("The rescuers were unable to reach the village.", "The rescuers reached the village on Monday.")


def test_frame_conflicts_reach_the_report(tmp_path: Path) -> None:
    a = "Nordgas, the pipeline operator, was sold for $2.2 billion to a state fund in March, the ministry said."
    found = _conflicts(tmp_path, a, "Nordgas, the pipeline operator, cost $4.1 billion.")
    assert found and found[0].subtype == "numeric"


def test_ages_of_named_people() -> None:
    found = [(a.surname, a.first, a.years) for a in ages("The van belonged to Maria Lopez, 54, a neighbour.")]
    assert found == [("Lopez", "maria", 54)]
    nurse = ages("The 61-year-old retired nurse Maria Lopez was treated at the scene.")
    assert [(a.surname, a.years) for a in nurse] == [("Lopez", 61)]
    champion = ages("It was the 36-year-old Klitschko's 58th victory; Sixteen-year-old Kimani Gray was not there.")
    assert [(a.surname, a.first, a.years) for a in champion] == [("Klitschko", "", 36), ("Gray", "kimani", 16)]
    # a people, a place before a noun, a year after a name, a verb after the age: no age
    assert ages("The 16-year-old was released Wednesday, and the tension eased.") == []
    # nouns between describe a surname alone; a preposition does not ("rival on Nostrand Ave.")
    assert [(a.surname, a.years) for a in ages("The 36-year-old champion Klitschko improved to 58-3.")] == [
        ("Klitschko", 36)
    ]
    assert ages("He hit a 13-year-old rival on Nostrand Ave. near Glenwood.") == []
    # a party or a role capitalised before a name is no first name; a surname known from before gives its own
    assert [a.first for a in ages("Democrat Ana Rivera, 46, won.")] == ["ana"]  # was "democrat"
    # "at age 90" is the age of the one person named before it
    died = ages("Acme founder John Smith died on Sunday at age 88.")
    assert [(a.surname, a.first, a.years) for a in died] == [("Smith", "john", 88)]
    assert ages("Smith and Jones retired at age 60.") == [] and ages("Children start school at age 5.") == []
    # the first name is the word after the last title before the surname ("riverton" was Keller's)
    told = ("Former Riverton Mayor John Keller", "Martin Luther King Jr.", "Sixteen-year-old Kimani Gray", "Reid's,")
    assert [first_name(text) for text in told] == ["john", "martin", "kimani", ""]
    assert [a.first for a in ages("Rivera, 46, won.", {"Rivera": {"ana"}})] == ["ana"]
    assert [a.first for a in ages("Gray, 16, was shot.", {"Gray": {"kimani", "mahnefah"}})] == [""]  # which?
    for text in ("The 40-year-old American lost.", "A 16-year-old Brooklyn resident was shot.", "Smith, 1999, wrote."):
        assert ages(text) == []
    # two ages of one person are claims of their own (the age kind), not a conflict of two sentences' frames
    assert not frame_conflict(
        "The van belonged to Maria Lopez, 54, a neighbour.", "The van of Maria Lopez, 45, was found."
    )


def test_a_measure_named_before_its_value_is_the_anchor() -> None:
    (q,) = quantities("The city has a population of about 2.3 million, officials said.")
    assert q.anchor == ("population",) and q.qualifier == "approx"
