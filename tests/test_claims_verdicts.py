"""Verdicts on small realistic stories: each conflict subtype, agreement, copies and precision guards."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from dedupe_cli.claims import reconcile
from dedupe_cli.claims.align import link
from dedupe_cli.claims.checkable import checkable
from dedupe_cli.claims.dates import dates
from dedupe_cli.claims.entities import name_set
from dedupe_cli.claims.extract import Claim, extract
from dedupe_cli.claims.lexicon import content_lemmas
from dedupe_cli.claims.numbers import describe, quantities
from dedupe_cli.claims.restate import Group
from dedupe_cli.claims.sentences import Sentence, story_sentences
from dedupe_cli.model import Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan


def _story(tmp_path: Path, *bodies: tuple[str, str, str]) -> tuple[Verdict, ...]:
    """The verdicts on one story of the given (name, published, body) articles, written to a folder of their own
    under ``tmp_path`` (a test may judge several stories)."""
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))
    paths = []
    for name, published, body in bodies:
        path = tmp_path / f"{name}.md"
        front = f'---\ntitle: ""\nsource: "{name}"\nurl: ""\npublished: "{published}"\n---\n\n'
        path.write_text(front + "\n\n".join(body.split("\n")) + "\n", encoding="utf-8")
        paths.append(path)
    result = scan(paths, ScanOptions())
    return reconcile(result, [Story("s", tuple(range(len(result.articles))))], ClaimsOptions())


def _two(tmp_path: Path, first: str, second: str) -> tuple[Verdict, ...]:
    """The verdicts on a story of two undated articles, "a" telling ``first`` and "b" ``second``."""
    return _story(tmp_path, ("a", "", first), ("b", "", second))


def _conflicts(verdicts: tuple[Verdict, ...]) -> list[Verdict]:
    return [v for v in verdicts if v.verdict == VerdictKind.CONFLICT]


def _subtypes(tmp_path: Path, first: str, second: str) -> list[str]:
    """The subtypes of the conflicts on a story of two undated articles (see :func:`_two`)."""
    return [v.subtype for v in _conflicts(_two(tmp_path, first, second))]


def test_numeric_conflict_and_possible_update(tmp_path: Path) -> None:
    verdicts = _story(
        tmp_path,
        ("a", "2024-03-01", "The earthquake in the northern province killed 12 people, officials said."),
        ("b", "2024-03-02", "The earthquake in the northern province killed 31 people, officials said."),
    )
    (v,) = _conflicts(verdicts)
    assert v.subtype == "numeric" and v.possible_update
    assert {m.value.split()[0] for m in v.members} == {"12", "31"}


def test_a_sum_meets_the_same_count_told_plainly(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "A total of 288 candidates are vying for the 125 seats in the legislature.",
        "Almost all of the 288 candidates running for 125 seats in the parliament belong to one party.",
    )
    agree = sorted(v.members[0].value for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity")
    assert agree == ["125 seat", "288 candidate"]


def test_a_part_of_a_whole_meets_only_a_part(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "The Sixers are last in the Atlantic after losing eight of their last 10 games. They went on to win 18 of "
        "their next 23 games.",
        "An injury kept Brand out of all but eight games last season. Philadelphia won 18 of its next 23 games.",
    )
    agree = [v.members[0].value for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]
    assert sorted(agree) == ["18 game", "23 game"]  # not "8 game": eight losses are no eight games played


def test_a_statement_opening_with_a_phrase_of_time_or_place_is_reported(tmp_path: Path) -> None:
    verdicts = _story(
        tmp_path,
        ("a", "", "In the next minute or two, the entire roof of the church was in flames, Owen said."),
    )
    told = [v.members[0].value for v in verdicts if v.kind == "attribution"]
    assert told == ["Owen: In the next minute or two, the entire roof of the church was in flames"]  # was dropped


def test_approximate_agreement(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Rescuers pulled about 40 miners from the flooded shaft on Tuesday.",
        "Rescuers pulled 37 miners from the flooded shaft on Tuesday.",
    )
    agree = [v for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]
    assert agree and agree[0].approximate and agree[0].independent_sources == 2
    assert not _conflicts(verdicts)


def test_a_bound_far_from_a_figure_or_another_compass_point_is_no_agreement(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Cheeks coached the Sixers for three-plus seasons. The town lies 25 miles northwest of Houston.",
        "Cheeks played 15 seasons for the Sixers. The town lies 25 miles east of Houston.",
    )
    counts = [v for v in verdicts if v.kind == "quantity"]
    assert len(counts) == 4 and all(v.verdict == VerdictKind.SINGLE_SOURCE for v in counts)


def test_spans_of_two_lengths_do_not_agree_though_a_bound_holds_both(tmp_path: Path) -> None:
    # ecb-dev: "more than 20 years" (a building before statehood) agreed with "23 years" (a creamery without aid)
    verdicts = _two(
        tmp_path,
        "The Palmer creamery building stood empty for more than 20 years before the fire on Tuesday.",
        "The Palmer creamery building stood empty for 23 years before the fire on Tuesday.",
    )
    assert not [v for v in verdicts if v.kind == "quantity" and v.verdict == VerdictKind.AGREE]
    told = _two(  # one span, told once with a bound: still one figure
        tmp_path,
        "The jury deliberated for more than 30 hours over the sentence for the courthouse killings.",
        "After 30 hours of deliberation the panel could not agree on a sentence for Nichols.",
    )
    assert [v.verdict for v in told if v.kind == "quantity"] == [VerdictKind.AGREE]
    counts = _two(  # a bound on a count of things still meets a figure near it
        tmp_path,
        "More than 20 firefighters fought the blaze at the Wasilla church on Friday night.",
        "Crews put out the fire at the church after about 23 firefighters from three departments arrived.",
    )
    assert VerdictKind.AGREE in [v.verdict for v in counts if v.kind == "quantity"]


def test_an_attributed_statement_shows_who_said_it(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Fire chief James Steele said the blaze at the Wasilla Bible Church was being treated as arson.",
        "The mayor opened the new bridge over the Knik River on Monday, two weeks ahead of schedule.",
    )
    said = [m.value for v in verdicts if v.kind == "attribution" for m in v.members]
    assert said == ["Steele: the blaze at the Wasilla Bible Church was being treated as arson"]


def test_a_span_does_not_meet_what_it_measures(tmp_path: Path) -> None:
    # "3 years" and "a 3-year deal", "3 times" and "a 3-time MVP": the shared words are a span, not a thing
    verdicts = _two(
        tmp_path,
        "O'Brien coached the Celtics for 3 years. He was a 3 time MVP at Texas State.",
        "O'Brien signed a 3 year deal with the Celtics. Texas State rebuffed him 3 times in the spring.",
    )
    assert not [v for v in verdicts if v.kind == "quantity" and v.verdict != VerdictKind.SINGLE_SOURCE]
    kept = _two(
        tmp_path,
        "Cheeks won the 7th round knockout in Atlanta.",
        "Cheeks won the 7th round stoppage in Atlanta.",
    )
    assert [v.verdict for v in kept if v.kind == "ordinal"] == [VerdictKind.AGREE]


def test_counts_beside_different_records_are_two_moments_not_a_conflict(tmp_path: Path) -> None:
    moments = _two(
        tmp_path,
        "The victory took Klitschko's record to 52-3 with 46 wins by knockout in Germany.",
        "The victory took Klitschko's record to 58-3 with 51 wins by knockout in Germany.",
    )
    assert not _conflicts(moments)
    assert _subtypes(
        tmp_path,
        "The victory took Klitschko's record to 52-3 with 46 wins by knockout in Germany.",
        "The victory took Klitschko's record to 52-3 with 41 wins by knockout in Germany.",
    ) == ["numeric"]


def test_how_things_were_before_a_change_does_not_conflict_with_the_change(tmp_path: Path) -> None:
    rule = "The new rule does not require federal agencies to consult with wildlife biologists before building dams."
    before = "Previously, federal agencies were required to consult with wildlife biologists before building dams."
    now = "The new rule requires federal agencies to consult with wildlife biologists before building dams."
    assert not _conflicts(_two(tmp_path, before, rule))
    assert _subtypes(tmp_path, now, rule) == ["polarity"]


def test_two_spans_that_place_events_in_time_do_not_agree(tmp_path: Path) -> None:
    # ecb-dev: "2 years" agreed between an officer's stop "two years before" and a brother's death "two years ago"
    placed = _two(
        tmp_path,
        "Two years before, he said, an officer stopped him in front of his building on Church Avenue.",
        "His older brother, Jamar, was killed in a car accident on Church Avenue two years ago.",
    )
    assert not [v for v in placed if v.kind == "quantity" and v.verdict == VerdictKind.AGREE]
    path = tmp_path / "spans.md"
    spans = (
        "Two years before, an officer stopped him. His brother was killed two years ago. She left three days later. "
        "The election comes two years after the death of Niyazov. The jury deliberated for four days."
    )
    path.write_text(f"---\ntitle: Spans\n---\n\n{spans}\n", encoding="utf-8")
    result = scan([path], ScanOptions())
    counts = [c for c in extract(result, story_sentences(result, (0,), False, {})) if c.kind == "quantity"]
    assert [(c.value, checkable(c, single=False)) for c in counts] == [
        ("2 year", False),
        ("2 year", False),
        ("3 day", False),
        ("2 year", True),  # a span between two events
        ("4 day", True),  # a span something lasted
    ]


def test_an_increment_is_never_the_whole_and_statements_told_with_other_numbers_do_not_agree(tmp_path: Path) -> None:
    whole = "There are 1,247 animals and 747 plants listed as threatened under the Act."
    more = "An additional 162 animals and 146 plants are listed as threatened under the Act."
    assert not _conflicts(_two(tmp_path, more, whole))
    assert len(_conflicts(_two(tmp_path, more.replace("An additional", "There are"), whole)))
    arrests = _two(
        tmp_path,
        "Police said 12 more people were arrested in the capital on Friday night.",
        "Police said 30 people were arrested in the capital on Friday night.",
    )
    assert not [v for v in arrests if v.kind == "attribution" and v.verdict != VerdictKind.SINGLE_SOURCE]
    assert not _conflicts(arrests)


def _count(text: str, article: int) -> Group:
    """The first count of ``text`` as one article's group, as the extraction makes it."""
    q = quantities(text)[0]
    sentence = Sentence(article, 0, 1, 0, len(text), text, f"s{article}")
    claim = Claim(sentence, "quantity", q.anchor, describe(q), "quantity:count", names=name_set(text),
                  context=content_lemmas(text), span=(q.start, q.end), data=q)  # fmt: skip
    return Group([claim])


def test_counts_sharing_only_a_describing_word_do_not_meet() -> None:
    opts = ClaimsOptions()
    best = _count("Klitschko and Thompson were the 2 best heavyweights in the world.", 0)
    shots = _count("Klitschko landed the 2 best shots in the world.", 1)
    assert not link(best, shots, opts).allowed
    champion = _count("Rahman, the two-time heavyweight champion, stepped in as a replacement.", 1)
    assert not link(best, champion, opts).allowed  # "two-time" counts times, not heavyweights
    again = _count("Klitschko beat Rahman, the former two-time champion of the world.", 0)
    assert link(champion, again, opts).allowed
    trucks = _count("The city sent 31 fire trucks to the blaze in Palmer.", 0)
    engines = _count("The city sent 31 fire engines to the blaze in Palmer.", 1)
    assert link(trucks, engines, opts).allowed  # a shared noun still ties them


def test_counts_of_things_a_valued_modifier_tells_apart_do_not_meet() -> None:
    opts = ClaimsOptions()
    life = _count("Comeaux Jr. is serving three life sentences for his crimes.", 0)
    years = _count("Comeaux was sentenced in 1979 on three 10-year sentences for rape.", 1)
    assert not link(life, years, opts).allowed  # ecb-dev: one agreement of "3 life sentence" and "3 10-year sentence"
    again = _count("He is serving three life sentences in a Texas prison.", 1)
    assert link(life, again, opts).allowed
    plain = _count("Comeaux was sentenced in 1979 to three sentences for rape.", 1)
    assert link(years, plain, opts).allowed  # "three sentences" may be the 10-year ones


def test_a_surveys_sample_never_meets_a_count_of_people_who_did_something() -> None:
    opts = ClaimsOptions()
    crowd = _count("Earlier Saturday, a crowd of about 1,000 people attended a protest in central Athens.", 0)
    poll = _count("The Focus poll of 1,000 people for Real News gave the government 3.1 percent in Athens.", 1)
    assert not link(crowd, poll, opts).allowed  # ecb-dev: one agreement of "about 1,000 people"
    asked = _count("A total of 1,000 people questioned by Focus for Real News gave the government 3.1 percent.", 0)
    assert link(poll, asked, opts).allowed  # two ways of telling the one sample
    marched = _count("About 1,000 people marched to a protest in central Athens on Saturday.", 1)
    assert link(crowd, marched, opts).allowed


def test_an_agreement_never_holds_two_figures_a_bound_chained(tmp_path: Path) -> None:
    # "more than 30 hours" links to "30 hours" and to "40 hours": one agreement of 30 and 40 (ecb-dev)
    jury = "The jury in the Nichols trial"
    told = (f"After four days and more than 30 hours of deliberations, {jury.lower()} was deadlocked at 9-3.",
            f"{jury} deliberated his fate for 40 hours over four days, two jurors said.",
            f"{jury} was unable to come to a decision after 30 hours of deliberation.")  # fmt: skip
    verdicts = _story(tmp_path, *((name, "", body) for name, body in zip("abc", told, strict=True)))
    hours = [v for v in verdicts if v.kind == "quantity" and "hour" in v.reason]
    assert [sorted(m.value for m in v.members) for v in hours] == [["30 hour", "more than 30 hour"]]
    # control: three ways of telling one figure stay one agreement
    told = (f"{jury} deliberated for about 30 hours.", f"{jury} deliberated for 30 hours.",
            f"{jury} deliberated for more than 30 hours.")  # fmt: skip
    verdicts = _story(tmp_path, *((name, "", body) for name, body in zip("abc", told, strict=True)))
    (agreed,) = [v for v in verdicts if v.verdict == VerdictKind.AGREE]
    assert agreed.independent_sources == 3


def test_an_agreement_shows_the_mention_that_tells_what_it_counts(tmp_path: Path) -> None:
    # ecb-dev: "Rahman, 36," (his age) stood for its article in the agreement on "36 KOs" the article also tells
    verdicts = _two(
        tmp_path,
        "Rahman, 36, soon grew more intent on survival than winning in Mannheim.\n"
        "Rahman came into the title fight in Mannheim with 36 KOs in his career.",
        "The challenger Rahman had 36 KOs on his record when he entered the ring in Mannheim on Saturday.",
    )
    (agreed,) = [v for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]
    assert [m.value for m in agreed.members] == ["36 kos", "36 kos"]
    assert all("KOs" in m.sentence for m in agreed.members)


def test_date_conflict(tmp_path: Path) -> None:
    assert _subtypes(
        tmp_path,
        "The new stadium in Leeds will open on March 3, 2027, the city council said.",
        "The new stadium in Leeds will open on June 9, 2027, the city council said.",
    ) == ["date"]


def test_weekdays_resolve_against_a_published_date_in_e_mail_style(tmp_path: Path) -> None:
    # feeds write "Tue, 23 Dec 2008 10:00:00 GMT": "on Thursday" is then 18 December, not a bare weekday
    verdicts = _story(
        tmp_path,
        ("a", "2008-12-23", "The council voted on Friday to begin dredging the harbour in April, the mayor said."),
        ("b", "Tue, 23 Dec 2008 10:00:00 GMT", "The council voted on Thursday to begin dredging the harbour in "
         "April, the mayor said."),
    )  # fmt: skip
    (v,) = _conflicts(verdicts)
    assert v.kind == "date" and sorted(m.value for m in v.members) == ["2008-12-18", "2008-12-19"]


def test_quote_conflict(tmp_path: Path) -> None:
    assert "quote" in _subtypes(
        tmp_path,
        '"We will cut 300 jobs at the plant next year," chief executive Maria Olsen said.',
        '"We will cut 500 jobs at the plant next year," chief executive Maria Olsen said.',
    )


def test_one_quote_given_to_two_speakers_conflicts(tmp_path: Path) -> None:
    first = '"We cannot keep spending money we do not have," Mayor Karen Bass said at a news conference on Tuesday.'
    second = '"We cannot keep spending money we do not have," Council President Paul Krekorian said on Tuesday.'
    (v,) = _conflicts(_two(tmp_path, first, second))  # was two single-source quotes
    assert (v.subtype, v.reason) == ("quote", "quote: the same words given to Bass and to Krekorian")
    # control: a short phrase two people both said is no one quote
    short = ('"Not satisfied," Mayor Karen Bass said on Tuesday.', '"Not satisfied," Paul Krekorian said on Tuesday.')
    assert _conflicts(_two(tmp_path, *short)) == []
    # control: a body and who speaks for it, or a body named as a common noun, give one quote
    said = '"We are investigating every possible lead in this case," '
    told = (said + "Police said on Tuesday.", said + "police spokesman John Smith said on Tuesday.")
    assert _conflicts(_two(tmp_path, *told)) == []
    told = (said + "Acme said on Tuesday.", said + "Acme spokeswoman Jane Doe said on Tuesday.")
    assert _conflicts(_two(tmp_path, *told)) == []


def test_polarity_conflict_from_negation(tmp_path: Path) -> None:
    assert _subtypes(
        tmp_path,
        "The regional parliament approved the new mining law after a long debate.",
        "The regional parliament rejected the new mining law after a long debate.",
    ) == ["polarity"]


def test_entity_conflict(tmp_path: Path) -> None:
    assert "entity" in _subtypes(
        tmp_path,
        "The singer Tom Berg, who was born in Oslo, died on Sunday at his home.",
        "The singer Tom Berg, who was born in Bergen, died on Sunday at his home.",
    )


def test_copies_are_one_source(tmp_path: Path) -> None:
    text = "The ferry carried 212 passengers when it ran aground near the harbour entrance on Friday night."
    verdicts = _two(tmp_path, text, text)
    counts = [v for v in verdicts if v.kind == "quantity"]
    assert counts and all(v.verdict == VerdictKind.SINGLE_SOURCE and v.independent_sources == 1 for v in counts)


def test_weak_alignment_is_not_a_conflict(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "The storm destroyed 40 homes along the coast.",
        "Volunteers handed out 300 meals at the school on Sunday.",
    )
    assert not _conflicts(verdicts)


def test_count_never_meets_year_or_total(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Police arrested 15 protesters in the capital in 2024.",
        "The latest arrests bring the total number of protesters detained in the capital to 90.",
    )
    assert not _conflicts(verdicts)


def test_two_ages_of_one_person_conflict_and_two_of_one_family_do_not(tmp_path: Path) -> None:
    verdicts = _two(
        tmp_path,
        "Kimani Gray, 16, was shot by two officers on Saturday night in East Flatbush, police said.",
        "Police shot 17-year-old Kimani Gray on Saturday night in East Flatbush after a confrontation.",
    )
    (v,) = _conflicts(verdicts)
    assert (v.kind, v.subtype) == ("age", "numeric")
    assert sorted(m.value for m in v.members) == ["16", "17"] and "age (Gray)" in v.reason
    # his sister is another Gray; "Gray, 16" with no first name is him as well as anyone
    family = _two(
        tmp_path,
        "Kimani Gray, 16, was shot by two officers on Saturday night in East Flatbush, police said.",
        "His sister Mahnefah Gray, 19, was arrested on Wednesday at a vigil in East Flatbush.",
    )
    assert _conflicts(family) == []
    same = _two(
        tmp_path,
        "Sixteen-year-old Kimani Gray was shot by two officers on Saturday night, police said.",
        "Kimani Gray, 16, was shot by police officers in Brooklyn on Saturday night.",
    )
    assert [(v.kind, v.verdict) for v in same if v.kind == "age"] == [("age", VerdictKind.AGREE)]


def test_a_surname_named_in_full_before_gives_its_age_and_first_name(tmp_path: Path) -> None:
    # "Rivera, 46," after "Democrat Ana Rivera" is Ana Rivera's age: two sources a year apart conflict
    first = "Democrat Ana Rivera was elected mayor on Tuesday, defeating Tom Walsh.\nRivera, 46, will take office soon."
    second = "Ana Rivera won the race for mayor on Tuesday night.\nRivera, 47, collected 61,240 votes in all."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.kind, sorted(m.value for m in v.members)) == ("age", ["46", "47"])
    # ecb-dev: a story of two fights four years apart ("32-year-old Klitschko", "Klitschko, 36,"): ages years apart
    # of one person named in full are no conflict unless their sentences tell alike
    earlier = "Wladimir Klitschko stopped Hasim Rahman in Mannheim.\nThe 32-year-old Klitschko won his 10th bout."
    later = "Wladimir Klitschko beat Tony Thompson in Bern.\nKlitschko, 36, retained his titles with a stoppage."
    assert _conflicts(_two(tmp_path, earlier, later)) == []


def test_deaths_told_by_killing_or_dying_meet_and_a_span_of_time_is_no_count_told(tmp_path: Path) -> None:
    # "killing three people" and "Four people died" count the dead; the first article's "four hours" is no
    # count of people, so it does not make the 4 a figure both tell
    first = "A blaze tore through the building early Friday, killing three people, officials said.\n"
    first += "More than 80 firefighters battled the flames for nearly four hours."
    second = "Four people died when fire swept through the apartment building Friday morning, authorities said."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.subtype, sorted(m.value for m in v.members)) == ("numeric", ["3 person", "4 person"])
    # control: a count the first article tells as well ("four residents") still keeps the 4 from conflicting
    told = first + "\nFour residents were treated for smoke."
    assert _conflicts(_two(tmp_path, told, second)) == []


def test_an_election_won_and_lost_conflict_and_two_elections_apart_do_not(tmp_path: Path) -> None:
    won, lost = (
        "Ana Rivera, the mayor of Harbor City, was re-elected on Tuesday.",
        "Ana Rivera was defeated on Tuesday.",
    )
    assert [v.subtype for v in _conflicts(_two(tmp_path, won, lost))] == ["polarity"]
    # control: elected once and defeated later are two events (their years differ)
    apart = _two(tmp_path, "Ana Rivera was elected mayor of Harbor City in 2019.", "Ana Rivera was defeated in 2023.")
    assert [v for v in _conflicts(apart) if v.kind != "date"] == []


def test_a_storm_s_category_is_a_rating_two_sources_may_tell_apart(tmp_path: Path) -> None:
    first = "Hurricane Lena made landfall near Port Arden on Friday as a Category 3 storm."
    second = "Hurricane Lena came ashore near Port Arden on Friday as a Category 4 hurricane."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.subtype, sorted(m.value for m in v.members)) == ("numeric", ["3 category", "4 category"])
    # control: a name's number is still no figure ("Flight 370", a category past the scale's 5)
    assert quantities("Flight 370 vanished, and Category 12 items sold out.") == []
    # "three deaths" the second article tells is another thing's 3: the ratings still conflict (they did not); three
    # residents could be the first article's figure told in other words, and keep them from conflicting
    deaths = _conflicts(_two(tmp_path, first, second + "\nAuthorities confirmed three deaths."))
    assert [sorted(m.value for m in v.members) for v in deaths] == [["3 category", "4 category"]]
    assert _conflicts(_two(tmp_path, first, second + "\nThree residents were evacuated.")) == []


def test_a_figure_rounded_to_fewer_digits_agrees(tmp_path: Path) -> None:
    first = "Ana Rivera won 52% of the vote in Tuesday's mayoral election, the county clerk said."
    second = "Democrat Ana Rivera took 51.8% of the vote in the mayoral election on Tuesday, county officials said."
    verdicts = _two(tmp_path, first, second)
    assert _conflicts(verdicts) == []  # was a conflict: 52% is 51.8% rounded
    (v,) = [v for v in verdicts if v.kind == "quantity"]
    assert v.verdict == VerdictKind.AGREE and v.approximate
    # control: a figure further off than half its last digit's step is another figure
    for other in ("53%", "51%", "52.6%"):
        (v,) = _conflicts(_two(tmp_path, first, second.replace("51.8%", other)))
        assert v.subtype == "numeric", other


def test_jobs_told_as_positions_and_a_workforce_told_as_employees_meet(tmp_path: Path) -> None:
    first = "Northwind Bank said on Tuesday it would cut 1,200 jobs, or about 8% of its workforce in the Midwest."
    second = "Northwind Bank will eliminate about 1,000 positions, roughly 8% of the bank's employees in the Midwest."
    verdicts = _two(tmp_path, first, second)
    assert [sorted(m.value for m in v.members) for v in _conflicts(verdicts)] == [["1,200 job", "about 1,000 job"]]
    agreed = [v.members[0].value for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]
    assert agreed == ["about 8% employee"]


def test_an_age_told_with_is_after_a_person_s_name_is_the_person_s(tmp_path: Path) -> None:
    first = "The prize went to Daron Acemoglu, Simon Johnson and James Robinson. Acemoglu, 57, and Robinson, 64, teach."
    second = "The prize went to Daron Acemoglu, Simon Johnson and James Robinson. Acemoglu is 57 and Robinson is 65."
    verdicts = _two(tmp_path, first, second)
    ages = sorted((v.verdict.value, tuple(sorted(m.value for m in v.members))) for v in verdicts if v.kind == "age")
    assert ages == [("agree", ("57", "57")), ("conflict", ("64", "65"))]  # "is 57" was no age
    # control: an age at another time ("was 5 when"), and a measure after "is"
    told = "James Robinson was 5 when his family moved. Robinson is 6 feet tall."
    assert [v for v in _two(tmp_path, first, told) if v.kind == "age" and v.verdict != "single_source"] == []


def test_an_obituary_s_age_told_alone_is_the_age_of_the_person_named_before(tmp_path: Path) -> None:
    first = "Harold Wynn, the jazz pianist behind the album Blue Harbor, died on Sunday at his home.\nHe was 84."
    second = "Harold Wynn, the pianist behind Blue Harbor, has died in New Orleans, his family said.\nHe was 85."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert (v.kind, sorted(m.value for m in v.members)) == ("age", ["84", "85"])  # was no claim
    # control: no age without a person named before it, nor in a sentence that tells more
    assert _conflicts(_two(tmp_path, "He was 84.", "He was 85.")) == []
    more = second.replace("He was 85.", "He was 85 when he recorded his last album.")
    assert [v.verdict for v in _two(tmp_path, first, more) if v.kind == "age"] == [VerdictKind.SINGLE_SOURCE]


def test_a_sum_told_with_worth_is_the_value_of_what_it_is_worth(tmp_path: Path) -> None:
    first = "Three men were charged in the theft of $5 million worth of jewelry from a Diamond District store."
    second = "Police arrested three men over the theft of jewelry worth $3 million from a Diamond District store."
    (v,) = _conflicts(_two(tmp_path, first, second))  # was no claim: a bare sum is no checkable figure
    assert sorted(m.value for m in v.members) == ["3,000,000 USD jewelry", "5,000,000 USD jewelry"]
    # control: what someone is worth names no thing
    assert [q.anchor for q in quantities("He is worth $2 billion.")] == [()]


def test_a_whole_told_as_a_measure_of_a_noun_meets_no_count_of_the_noun(tmp_path: Path) -> None:
    first = "Prime Minister Claire Dubois's Liberals won Monday's election, taking 176 of the 343 seats in the House."
    second = "Claire Dubois's Liberals won Monday's election, winning 174 seats in the 343-seat House, results say."
    assert _conflicts(_two(tmp_path, first, second)) == []  # was 343 seats against 174 seats
    # control: without the whole told in the other article, the counts still conflict
    (v,) = _conflicts(_two(tmp_path, first, second.replace("343-seat", "big")))
    assert sorted(m.value for m in v.members) == ["174 seat", "343 seat"]


def _agreed(verdicts: tuple[Verdict, ...]) -> list[list[str]]:
    return [sorted(m.value for m in v.members) for v in verdicts if v.verdict == VerdictKind.AGREE]


def _conflicting(verdicts: tuple[Verdict, ...]) -> list[list[str]]:
    """The values of each conflict's members, sorted, in sorted order."""
    return sorted(sorted(m.value for m in v.members) for v in _conflicts(verdicts))


def test_people_of_a_kind_and_people_told_with_the_same_words_meet(tmp_path: Path) -> None:
    first = "The fire has destroyed 112 homes and forced the evacuation of about 8,000 residents, officials said."
    second = "The blaze has destroyed 112 homes, and roughly 8,000 people remain under evacuation orders."
    assert ["about 8,000 person", "about 8,000 resident"] in _agreed(_two(tmp_path, first, second))  # were single
    # control: people told with other words around them are other people
    other = "The blaze has destroyed 112 homes, and roughly 8,000 people watched the smoke from the city."
    assert all("about 8,000 person" not in values for values in _agreed(_two(tmp_path, first, other)))


def test_a_film_s_opening_told_with_its_verb_meets_one_told_as_a_noun(tmp_path: Path) -> None:
    shared = "\nThe sci-fi film Starfall, the third of the Starfall franchise, stars Ana Reyes and Tom Kell."
    first = '"Starfall" debuted with $152 million in North America over the weekend, according to studio estimates.'
    second = '"Starfall" blasted off with a $148 million opening in North America this weekend, estimates showed.'
    first, second = first + shared, second + shared
    (v,) = _conflicts(_two(tmp_path, first, second))  # was a bare $152 million
    assert sorted(m.value for m in v.members) == ["148,000,000 USD opening", "152,000,000 USD opening"]
    # control: a share's first price is no opening
    assert [q.anchor for q in quantities("Its shares opened at $28 on Thursday.")] == [()]


def test_a_price_told_with_its_verb_and_a_product_s_day_of_sale_to_come(tmp_path: Path) -> None:
    first = "Apple on Tuesday unveiled the iPhone 18 Pro, which will start at $1,099, at its event in Cupertino."
    second = "The iPhone 18 Pro will cost $999, Apple announced Tuesday at its event in Cupertino."
    (v,) = _conflicts(_two(tmp_path, first, second))  # was two bare sums
    assert sorted(m.value for m in v.members) == ["1,099 USD cost", "999 USD cost"]
    # a present tense tells a day to come: an article of Wednesday, September 9
    assert [d.value for d in dates("Preorders begin Friday.", dt.date(2026, 9, 9))] == ["2026-09-11"]  # was 09-04
    # a verb that is also a noun after its subject: "The trial starts on Monday" (was the Monday gone by)
    assert [d.value for d in dates("The trial starts on Monday.", dt.date(2026, 9, 9))] == ["2026-09-14"]
    # control: a past tense, a reporting verb and a noun before the weekday tell a day gone by
    for text in ("He was arrested Friday.", "Police say Friday was quiet.", "They weighed in on the fight Friday."):
        assert [d.value for d in dates(text, dt.date(2026, 9, 9))] == ["2026-09-04"], text
    assert [d.value for d in dates("It will reach severe levels on Monday.", dt.date(2026, 9, 9))] == ["2026-09-14"]
    assert [d.value for d in dates("It reached severe levels on Monday.", dt.date(2026, 9, 9))] == ["2026-09-07"]
    # a plural noun after a describing word, in a clause told in the past, is no verb ("female soldiers" read as
    # "soldiers" to come: the Saturday after); a reporting verb in the past still lets a day to come be told
    released = "Hamas released four Israeli female soldiers on Saturday."
    assert [d.value for d in dates(released, dt.date(2026, 9, 9))] == ["2026-09-05"]
    opens = "The company said its new store opens Saturday."
    assert [d.value for d in dates(opens, dt.date(2026, 9, 9))] == ["2026-09-12"]


def test_a_count_of_the_harmed_meets_no_other_count_of_a_different_figure(tmp_path: Path) -> None:
    first = "At least 60 migrants drowned when their boat capsized off the coast of Libya on Wednesday, the IOM said."
    second = "A boat carrying some 110 migrants sank off the coast of Libya on Wednesday, the IOM said."
    assert ["about 110 migrant", "at least 60 migrant"] not in _agreed(_two(tmp_path, first, second))  # was agreed
    # control: two counts of the harmed still agree, and one figure told with and without harm still agrees
    harmed = "At least 64 migrants died when a boat sank off the coast of Libya on Wednesday, the IOM said."
    assert ["at least 60 migrant", "at least 64 migrant"] in _agreed(_two(tmp_path, first, harmed))
    carried = "A boat carrying some 60 migrants sank off the coast of Libya on Wednesday, the IOM said."
    assert ["about 60 migrant", "at least 60 migrant"] in _agreed(_two(tmp_path, first, carried))


def test_a_sum_paid_to_settle_is_a_settlement(tmp_path: Path) -> None:
    first = "Meta agreed on Tuesday to pay $1.4 billion to settle a lawsuit by Texas over facial data, Paxton said."
    second = "Meta will pay Texas $1.5 billion to resolve claims over the facial data of Texans, Paxton said Tuesday."
    (v,) = _conflicts(_two(tmp_path, first, second))  # was two bare sums
    assert sorted(m.value for m in v.members) == ["1,400,000,000 USD settlement", "1,500,000,000 USD settlement"]
    # control: a sum paid for something else is no settlement
    assert [q.anchor for q in quantities("Meta will pay $1.5 billion to buy the startup.")] == [()]


def test_two_magnitudes_of_one_earthquake_conflict(tmp_path: Path) -> None:
    first = "A magnitude 6.8 earthquake struck off the coast of Miyagi on Monday, the agency said."
    second = "A powerful earthquake with a magnitude of 7.1 struck off Miyagi on Monday, the agency said."
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert sorted(m.value for m in v.members) == ["6.8 magnitude", "7.1 magnitude"]
    # control: one magnitude told two ways agrees
    same = _two(tmp_path, first, second.replace("a magnitude of 7.1", "a 6.8-magnitude"))
    assert _conflicts(same) == [] and any(v.members[0].value == "6.8 magnitude" for v in same)
    # told in sentences with little else alike (their content words' Jaccard 0.27, under the 0.3 other figures need)
    first = (
        "TOKYO - A magnitude 6.8 earthquake struck off the northeastern coast of Japan early Monday, shaking buildings"
        " in Tokyo and prompting a tsunami advisory for the coast of Miyagi prefecture."
    )
    second = (
        "A powerful earthquake with a magnitude of 7.1 shook northeastern Japan on Monday morning, injuring 11 people"
        " and cutting power to thousands of homes, officials said."
    )
    (v,) = _conflicts(_two(tmp_path, first, second))
    assert sorted(m.value for m in v.members) == ["6.8 magnitude", "7.1 magnitude"]
    # control: an aftershock's magnitude is another quake's
    aftershock = second.replace("A powerful earthquake with a magnitude of 7.1", "A magnitude 5.9 aftershock")
    assert _conflicts(_two(tmp_path, first, aftershock)) == []


def test_a_margin_told_plus_or_minus_agrees_with_the_margin_told_plainly(tmp_path: Path) -> None:
    first = "The Marist poll of 1,050 voters has a margin of error of plus or minus 3.8 percentage points."
    second = "The Marist survey of 1,050 voters has a margin of error of 3.8 percentage points."
    verdicts = _two(tmp_path, first, second)
    assert _conflicts(verdicts) == []  # was -3.8 against 3.8
    assert "3.8 percentage point" in {v.members[0].value for v in verdicts if v.verdict == VerdictKind.AGREE}


def test_homes_and_households_and_units_written_short_meet(tmp_path: Path) -> None:
    first = "About 22,000 homes lost power after the quake, which struck at a depth of 40 kilometres, officials said."
    second = "About 22,000 households lost power after the quake, which struck at a depth of 40 km, officials said."
    agreed = {v.members[0].value for v in _two(tmp_path, first, second) if v.verdict == VerdictKind.AGREE}
    assert {"about 22,000 home", "40 kilometer"} <= agreed


def test_two_reports_of_a_takeover_meet_on_its_price_its_premium_and_its_value(tmp_path: Path) -> None:
    first = "Globex agreed on Monday to buy Initech for $12 billion.\nGlobex will pay $85 a share, a 30% premium."
    second = "Globex will acquire Initech in a deal valued at $11.5 billion.\n"
    second += "Globex is offering $85 per share, a premium of 25%."
    verdicts = _two(tmp_path, first, second)
    agreed = sorted(v.members[0].value for v in verdicts if v.verdict == VerdictKind.AGREE and v.kind == "quantity")
    assert agreed == ["85 USD share price"]  # was two bare $85 figures
    conflicts = sorted(sorted(m.value for m in v.members) for v in _conflicts(verdicts))
    assert conflicts == [["11,500,000,000 USD deal", "12,000,000,000 USD deal"], ["25% premium", "30% premium"]]


def test_where_one_holder_is_based_conflicts_and_two_holders_do_not(tmp_path: Path) -> None:
    first = "Initech, based in Austin, Texas, has about 6,000 employees and makes payroll software."
    second = "Initech, which is headquartered in Dallas, employs roughly 6,000 people."
    (v,) = _conflicts(_two(tmp_path, first, second))  # was none: the sentences share too few words
    assert (v.kind, sorted(m.value for m in v.members)) == ("relation", ["Austin", "Dallas"])
    # control: two companies each based somewhere, named in both articles
    first = "Initech, based in Austin, competes with Globex and Hooli in payroll software."
    second = "Globex, which is headquartered in Dallas, competes with Initech and Hooli in payroll software."
    assert _conflicts(_two(tmp_path, first, second)) == []


def test_two_prison_terms_conflict_and_a_term_meets_its_years_told_alone(tmp_path: Path) -> None:
    first = "Former mayor John Keller was sentenced Tuesday to eight years in federal prison for bribery."
    second = "Former mayor John Keller was sentenced to 10 years in prison on Tuesday for bribery."
    (v,) = _conflicts(_two(tmp_path, first, second))  # were spans of time, which never conflict
    assert sorted(m.value for m in v.members) == ["10 year sentence", "8 year sentence"]
    # ecb-dev: "an additional sentence of 485 years" and "plus 485 years" still agree; a term of office is no prison
    # term, and a span of time still never conflicts
    told = _two(tmp_path, "Nichols received an additional sentence of 485 years.", "He got life plus 485 years.")
    assert [v.members[0].value for v in told if v.verdict == VerdictKind.AGREE] == ["485 year sentence"]
    office = _two(
        tmp_path, "Keller was elected for a term of five years.", "Keller was elected for a term of six years."
    )
    assert _conflicts(office) == []
    # one term in two units is not compared as it stands ("18 months", "1.5 years")
    months = first.replace("eight years", "18 months")
    assert _conflicts(_two(tmp_path, months, second.replace("10 years", "1.5 years"))) == []


def test_years_in_prison_are_a_term_however_long_the_words_before_and_time_served_is_none(tmp_path: Path) -> None:
    # "sentenced former Cleveland Mayor Frank Jackson to" is longer than the words "sentenced ... to" may hold
    first = "A federal judge on Wednesday sentenced former Cleveland Mayor Frank Jackson to eight years in prison."
    second = "Former Cleveland Mayor Frank Jackson was sentenced Wednesday to 10 years in federal prison."
    (v,) = _conflicts(_two(tmp_path, first, second))  # was none: "8 year" was a span of time
    assert sorted(m.value for m in v.members) == ["10 year sentence", "8 year sentence"]
    # control: the years someone spent in prison are no term given to him
    served = "Former Cleveland Mayor Frank Jackson spent 12 years in prison before he was elected."
    assert _conflicts(_two(tmp_path, served, second)) == []


def test_an_equal_sum_that_names_nothing_meets_one_told_alike(tmp_path: Path) -> None:
    # ecb-dev: "Damages to the Wasilla Bible Church are estimated at $1 million" named nothing the sum counts, so it
    # met none of the five other articles' estimates
    first = "Google previously offered $23 billion for Wiz in 2024, but the startup turned the offer down."
    second = "Wiz turned down a $23 billion offer from Google in 2024."
    assert ["23,000,000,000 USD", "23,000,000,000 USD offer"] in _agreed(_two(tmp_path, first, second))
    # control: an equal sum in a sentence told otherwise is another figure
    other = "Wiz raised $23 billion in venture funding from a dozen investors."
    assert not [v for v in _two(tmp_path, first, other) if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]


def test_protesters_activists_and_patients_are_people_of_a_kind(tmp_path: Path) -> None:
    first = "Dutch police detained more than 700 climate activists who blocked a highway in The Hague on Saturday."
    second = "Police in The Hague detained 768 protesters on Saturday after they blocked a highway."
    assert ["768 protester", "more than 700 climate activist"] in _agreed(_two(tmp_path, first, second))  # were single
    # control: told with nothing alike around them, they stay two counts
    other = "Some 768 protesters marched peacefully through Amsterdam."
    assert not [v for v in _two(tmp_path, first, other) if v.verdict == VerdictKind.AGREE and v.kind == "quantity"]


def test_no_one_harmed_is_a_count_of_none(tmp_path: Path) -> None:
    assert [(q.value, q.anchor) for q in quantities("No one was injured in the crash, police said.")] == [
        (0.0, ("person",))
    ]
    assert [(q.value, q.anchor) for q in quantities("No injuries were reported, and there were no deaths.")] == [
        (0.0, ("injury",)),
        (0.0, ("death",)),
    ]
    assert quantities("There was no one at home when the fire started.") == []  # control: no harm told
    # ecb-dev: 13 articles' "No one was injured" in the church fire agree; they were no claim
    first = "No one was injured in the fire at the Wasilla Bible Church, police said."
    second = "No one was hurt in the fire at the Wasilla Bible Church, officials said."
    assert ["0 person", "0 person"] in _agreed(_two(tmp_path, first, second))
    # an attribution of no one injured does not agree with one of two injured
    none = "No one was injured in the derailment near Lyon, police said."
    two = "Two workers were injured in the derailment near Lyon, police said."
    assert not [v for v in _two(tmp_path, none, two) if v.kind == "attribution" and v.verdict == VerdictKind.AGREE]


def test_none_harmed_conflicts_with_some_harmed_where_neither_sentence_names_anyone(tmp_path: Path) -> None:
    # a number spelled out opening a sentence is no name: "Two" made the names differ, the link scored 0.54
    assert name_set("Two workers were injured in the derailment, police said.") == frozenset()
    assert name_set("Seven Network said three people were hurt.") == {"Seven Network"}  # control: a name's first word
    none = "No one was injured in the derailment, police said."
    two = "Two workers were injured in the derailment, police said."
    assert _conflicting(_two(tmp_path, none, two)) == [["0 person", "2 worker"]]
    # control: none dead and two hurt never meet
    assert _conflicts(_two(tmp_path, none.replace("injured", "killed"), two)) == []


def test_a_noun_made_with_a_spelled_number_is_one_thing_and_meets_its_digits(tmp_path: Path) -> None:
    # "12 three-pointers" counted "3 pointer" too, and did not meet "12 3-pointers"
    told = "Curry scored 40 points, including 12 three-pointers, as Golden State beat Boston on Sunday."
    assert [(q.value, q.anchor) for q in quantities(told)] == [(40.0, ("point",)), (12.0, ("3-pointer",))]
    assert quantities("He hit a two-pointer at the buzzer.") == []
    digits = "Curry made 12 3-pointers and scored 40 points as Golden State beat Boston on Sunday."
    assert ["12 3-pointer", "12 3-pointer"] in _agreed(_two(tmp_path, told, digits))
    # control: a spelled number written onto a unit still counts it, and "twenty-one" stays one number
    assert [(q.value, q.anchor) for q in quantities("He signed a three-year deal.")] == [(3.0, ("year", "deal"))]
    assert [q.value for q in quantities("Twenty-one people were hurt.")] == [21.0]


def test_a_count_reads_past_a_models_number_to_what_it_counts(tmp_path: Path) -> None:
    # "171 Boeing 737 Max 9 jets" counted "boeing"; "Max 9 passenger jets" counted 9 passenger jets
    told = "The Federal Aviation Administration grounded 171 Boeing 737 Max 9 passenger jets on Saturday."
    assert [(q.value, q.anchor) for q in quantities(told)] == [(171.0, ("boeing", "max", "passenger", "jet"))]
    other = "The Federal Aviation Administration on Saturday grounded 177 Max 9 jets for inspections."
    assert _conflicting(_two(tmp_path, told, other)) == [["171 boeing max passenger jet", "177 max jet"]]
    # controls: a plural name ends the phrase ("3 Emmys 2 years ago" is two figures), as a lower-case word does
    assert [(q.value, q.anchor) for q in quantities("She won 3 Emmys 2 years ago.")] == [
        (3.0, ("emmy",)),
        (2.0, ("year",)),
    ]
    assert [q.anchor for q in quantities("It flew 12 jets 3 times.")] == [("jet",), ("time",)]


def test_a_bodys_name_and_its_acronym_are_one_name_in_a_story(tmp_path: Path) -> None:
    # ecb-dev: "the vacant WBC belt in 2005" / "the vacant World Boxing Council in 2005" did not meet
    first = (
        "Rahman, who won the WBC and IBF belts from Lennox Lewis in 2001 and the vacant WBC belt in 2005, arrived in"
        " Germany on Monday and declared he was in top shape."
    )
    second = (
        "Rahman would go on to win the vacant World Boxing Council in 2005 over Monte Barrett but lost it just over a"
        " year later to Oleg Maskaev."
    )
    assert ["2005", "2005"] in _agreed(_two(tmp_path, first, second))
    # control: initials the story never writes fold nothing
    other = second.replace("World Boxing Council", "World Boxing Association")
    assert ["2005", "2005"] not in _agreed(_two(tmp_path, first, other))


def test_counts_told_by_ellipsis_count_what_the_first_count_counts(tmp_path: Path) -> None:
    told = "Seven people died in Texas, five in Arkansas and four in Oklahoma, officials said on Sunday."
    assert [(q.value, q.anchor) for q in quantities(told)] == [(v, ("person",)) for v in (7.0, 5.0, 4.0)]
    # controls: a month is no place; a sentence's stop ends the list
    assert [q.anchor for q in quantities("It opened 300 stores in France, 2 in May.")] == [("store",), ()]
    assert [q.anchor for q in quantities("It has 300 stores in France; 2 in Spain.")] == [("store",), ()]
    other = "The storms killed seven people in Texas, five in Arkansas and two in Oklahoma, officials said on Sunday."
    verdicts = _two(tmp_path, told, other)
    assert _conflicting(verdicts) == [["2 person", "4 person"]]
    assert ["5 person", "5 person"] in _agreed(verdicts)
    # the figures of one sentence pair by place: Arkansas' five never agrees with Oklahoma's five, and conflicts with
    # Arkansas' two though the other article tells a five (of Oklahoma)
    swapped = other.replace("five in Arkansas and two in Oklahoma", "two in Arkansas and five in Oklahoma")
    verdicts = _two(tmp_path, told, swapped)
    assert ["5 person", "5 person"] not in _agreed(verdicts)
    assert _conflicting(verdicts) == [["2 person", "5 person"], ["4 person", "5 person"]]
    # control (ecb-dev): clauses that name one team two ways still agree, neither sentence naming the other's
    sixers = "The Sixers went on to win 18 of their next 23 games, becoming the sixth team in NBA history to do so."
    philadelphia = "After an 18-30 start, Philadelphia won 18 of its next 23 games and wound up at 40-42."
    assert ["18 game", "18 game"] in _agreed(_two(tmp_path, sixers, philadelphia))


def test_a_count_of_deaths_meets_a_count_of_people_the_nearest_word_of_harm_kills(tmp_path: Path) -> None:
    killed = "A bus plunged into a ravine in Peru on Friday. The crash killed 24 people and injured 15, police said."
    deaths = "A bus fell into a ravine in Peru on Friday. The crash caused 27 deaths and 15 injuries, police said."
    verdicts = _two(tmp_path, killed, deaths)
    assert _conflicting(verdicts) == [["24 person", "27 death"]]
    assert ["15 injury", "15 injury"] in _agreed(verdicts)
    # control: the word of harm nearest the 24 hurts, though "killed" is near too: it counts the hurt, not the dead
    hurt = killed.replace("killed 24 people and injured 15", "injured 24 people and killed 15")
    pairs = _conflicting(_two(tmp_path, hurt, deaths))
    assert ["24 person", "27 death"] not in pairs and ["15 injury", "24 person"] in pairs


def test_a_layoff_told_as_jobs_and_as_workers_is_one_count(tmp_path: Path) -> None:
    jobs = "Acme Corp will cut 1,200 jobs at its plants in Ohio, the company said on Tuesday."
    workers = "Acme Corp said on Tuesday it would lay off 1,500 workers at its plants in Ohio."
    assert _conflicting(_two(tmp_path, jobs, workers)) == [["1,200 job", "1,500 worker"]]
    # control: jobs created and workers on strike are two counts
    hired = "Acme Corp will add 1,200 jobs at its plants in Ohio, the company said on Tuesday."
    strike = "Acme Corp said on Tuesday that 1,500 workers went on strike at its plants in Ohio."
    assert _conflicts(_two(tmp_path, hired, strike)) == []


def test_a_raise_and_a_hike_are_increases(tmp_path: Path) -> None:
    first = "The Verdi union, which represents Lufthansa staff, is demanding a 12.5% pay increase over 12 months."
    second = "The Verdi union, which represents Lufthansa staff, wants a 10.5% raise over 12 months."
    assert _conflicting(_two(tmp_path, first, second)) == [["10.5% increase", "12.5% pay increase"]]
    assert [q.anchor for q in quantities("It approved a 4% fare hike.")] == [("fare", "increase")]


def test_a_fine_told_with_its_verb_and_a_sum_in_another_currency(tmp_path: Path) -> None:
    first = "European regulators fined Meta a record 1.2 billion euros ($1.3 billion) on Monday over user data."
    second = "Meta was fined 1.3 billion euros by European regulators on Monday over user data, a record penalty."
    # the fine was no claim's anchor; and the first article's $1.3 billion is another currency's figure, no
    # restatement of the second's 1.3 billion euros
    assert _conflicting(_two(tmp_path, first, second)) == [["1,200,000,000 EUR fine", "1,300,000,000 EUR fine"]]
    # control: a sum the other article tells in the same currency still blocks the conflict
    same = first.replace(" ($1.3 billion)", "") + " With interest, the bill comes to 1.3 billion euros."
    assert _conflicting(_two(tmp_path, same, second)) == []


def test_a_currency_word_closing_an_aside_is_the_currency() -> None:
    told = "Regulators fined Meta $1.3 billion (1.2 billion euros) on Monday."
    assert [(q.value, q.unit) for q in quantities(told)] == [(1.3e9, "USD"), (1.2e9, "EUR")]  # was 1.2 billion "count"
    # control: a year in an aside is no sum ("(in 2006 dollars)" read as 2,006 USD once ")" was passed over)
    assert [(q.value, q.unit) for q in quantities("Over $76 million (in 2006 dollars) was spent.")] == [(7.6e7, "USD")]


def test_counts_of_the_dead_and_of_the_hurt_never_meet(tmp_path: Path) -> None:
    killed = "Three people were killed when a bus and a truck collided on Route 9 near Dover on Sunday."
    injured = "Five people were injured in the crash of a bus and a truck on Route 9 near Dover, state police said."
    assert _conflicts(_two(tmp_path, killed, injured)) == []
    told = _two(tmp_path, killed, injured.replace("Five", "Three"))  # three dead and three hurt: no one figure
    assert not [v for v in told if v.kind == "quantity" and v.verdict == VerdictKind.AGREE]
    # control: two counts of the dead conflict
    (v,) = _conflicts(_two(tmp_path, killed, injured.replace("injured", "killed")))
    assert sorted(m.value for m in v.members) == ["3 person", "5 person"]


def test_a_sentence_of_two_figures_of_one_head_pairs_them_by_their_places_and_days(tmp_path: Path) -> None:
    first = "Temperatures reached 44C in southern Spain on Tuesday, while Paris recorded 38C."
    second = "The thermometer hit 46C in El Granado in Spain on Saturday, and Paris reached 37.6C on Tuesday."
    verdicts = _two(tmp_path, first, second)
    assert _conflicts(verdicts) == []  # were 44 / 37.6 and 38 / 46: each place's figure against the other's
    assert ["37.6 celsius", "38 celsius"] in _agreed(verdicts)
    # control: one figure to a sentence still conflicts
    (v,) = _conflicts(_two(tmp_path, "Temperatures reached 44C in Seville on Tuesday.", "Seville hit 46C on Tuesday."))
    assert sorted(m.value for m in v.members) == ["44 celsius", "46 celsius"]
