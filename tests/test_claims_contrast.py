"""Mismatch features of aligned sentences: negation scope, antonyms, name substitution, coverage, guards."""

from __future__ import annotations

import random
from pathlib import Path

from lemminflect import getAllLemmas

from dedupe_cli.claims import reconcile, roles
from dedupe_cli.claims.contrast import antonyms, coverage, covers, mismatch, polarity, substitution
from dedupe_cli.claims.sentences import split_paragraph
from dedupe_cli.claims.sides import hedged
from dedupe_cli.model import Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, ScanOptions
from dedupe_cli.scan import scan
from tests.conftest import SAMPLES


def _conflicts(tmp_path: Path, a: str, b: str) -> list[Verdict]:
    paths = []
    for name, body in (("a", a), ("b", b)):
        path = tmp_path / f"{name}.md"
        path.write_text(f'---\ntitle: ""\nsource: "{name}"\nurl: ""\npublished: ""\n---\n\n{body}\n', encoding="utf-8")
        paths.append(path)
    result = scan(paths, ScanOptions())
    verdicts = reconcile(result, [Story("s", (0, 1))], ClaimsOptions())
    return [v for v in verdicts if v.verdict == VerdictKind.CONFLICT]


def test_negation_of_an_asserted_verb_with_the_same_arguments() -> None:
    found = polarity("The mayor did not sign the budget bill on Friday.", "The mayor signed the budget bill.")
    assert found and found.subtype == "polarity" and "sign" in found.reason
    assert polarity("Nor did the union accept the pay offer.", "The union accepts the pay offer.")


def test_negation_elsewhere_in_the_clause_is_no_conflict() -> None:
    # negation raising, an open clause, and a negation governing another verb of the clause
    assert not polarity("I don't think the senator won the primary.", "The senator did not win the primary.")
    assert not polarity(
        "Regulators will decide whether the merger harms consumers.", "The merger will not harm consumers."
    )
    assert not polarity("The company did not say when the plant would reopen.", "The company said the plant reopens.")
    assert not polarity("It was not only the rain that delayed the match.", "The rain delayed the match.")


def test_stopping_a_gerund_negates_it_but_not_its_clause() -> None:
    stop = "CVS will stop selling its own brand of caplets."
    assert polarity(stop, "CVS will not sell its own brand of caplets any longer.") is None
    assert polarity(stop, "CVS sells its own brand of caplets.") is not None
    # "plans to stop buying" still plans: its clause is not negated
    assert (
        polarity(
            "Nor did she plan to stop buying the generic products.", "Walsh plans to stop buying the generic products."
        )
        is not None
    )


def test_antonyms_in_the_same_slot() -> None:
    found = antonyms(
        "The city council approved the stadium plan on Monday.", "The city council rejected the stadium plan."
    )
    assert found and "approve" in found.reason and "reject" in found.reason
    assert antonyms("Acme reported earnings of $12m in the quarter.", "Acme lost $12m in the quarter.")


def test_antonyms_negated_or_about_other_things_are_no_conflict() -> None:
    assert not antonyms("The striker did not win the award.", "The striker lost the award.")
    # successive events of one story are not opposites
    assert not antonyms("The club hired Smith as coach in 2019.", "The club fired Smith as coach on Monday.")
    assert not antonyms("Shares rose on Monday after the merger news.", "Oil prices fell on weak demand in Asia.")


def test_name_substitution_in_the_same_slot() -> None:
    long = "The freighter docked at the Rotterdam container terminal on Tuesday after a week at sea."
    found = substitution(long, "The freighter docked at the Hamburg container terminal.", ["Rotterdam"])
    assert found and found.subtype == "entity" and "Hamburg" in found.reason


def test_nicknames_known_names_and_verbs_are_no_substitution() -> None:
    long = "The land was bought by Anchorage lawyer William Harlan last year."
    assert not substitution(long, "It was bought by Anchorage lawyer Bill Harlan.", ["Anchorage", "Harlan"])
    # the other article names the place too: a second place, not a substitution
    assert not substitution(
        "Talks were held in Geneva, before moving to Vienna.", "Talks were held in Vienna.", ["Geneva", "Vienna"]
    )


def test_coverage_uses_lemmas_and_names_behind_pronouns() -> None:
    assert coverage("The bridges were closed.", "Officials closed the bridge.") == 1.0
    low = coverage("Maria Lind plans to sell the farm.", "She does not plan to sell the farm.", [])
    high = coverage("Maria Lind plans to sell the farm.", "She does not plan to sell the farm.", ["Maria", "Lind"])
    assert low < high == 1.0


def test_hedges_and_reporting_verbs() -> None:
    assert hedged("The minister allegedly took the money.")
    assert not hedged("The firm reported earnings of $5m.")


def test_mismatch_needs_no_parser_for_plain_contradictions() -> None:
    assert mismatch("The plant did not close in March.", "The plant closed in March.")
    assert mismatch("The plant closed in March.", "The plant closed in March.") is None


def test_engine_reports_antonym_and_substitution_conflicts(tmp_path: Path) -> None:
    (v,) = _conflicts(
        tmp_path,
        "The state senate passed the water rights bill on Thursday by a vote of 31 to 8, after a long debate.",
        "The water rights bill was rejected by the state senate.",
    )
    assert v.subtype == "polarity" and "pass" in v.reason and "reject" in v.reason
    found = _conflicts(
        tmp_path,
        "The research vessel Polaris docked with the Harbour Point station on Friday, the port authority said.",
        "The vessel Polaris docked with the Seaview station.",
    )
    assert [v.subtype for v in found] == ["entity"]


def test_weakly_aligned_sentences_never_conflict(tmp_path: Path) -> None:
    assert not _conflicts(
        tmp_path,
        "The council did not approve the budget, and the mayor said talks with unions would resume next week.",
        "Unions rejected a pay offer from the transport authority.",
    )


def test_negation_of_another_actor_is_no_conflict() -> None:
    # the subject of the asserted verb is the antecedent of "which": another actor than "the regulations"
    old = "The agency changed Section 7 of the act, which required agencies to consult wildlife scientists."
    assert not polarity("The regulations don't require agencies to consult wildlife scientists.", old)
    assert polarity(
        "The ministry did not require agencies to consult wildlife scientists.",
        "The ministry required agencies to consult wildlife scientists.",
    )
    # "he" is the last person named before the sentence
    assert not polarity("Smith did not land a punch in the fourth.", "In the fourth, he landed a punch.", "", "Jones")
    assert polarity("Smith did not land a punch in the fourth.", "In the fourth, he landed a punch.", "", "Smith")
    # a passive names its agent after "by"
    assert polarity("The council did not approve the budget.", "The budget was approved by the council.")
    assert not polarity("The council did not approve the budget.", "The budget was approved by the mayor.")


def test_narrower_denials_removals_and_future_events_are_no_conflict() -> None:
    assert not polarity("The striker didn't score a winning goal.", "The striker scored a goal in the first half.")
    assert polarity("The striker didn't score a goal.", "The striker scored a winning goal.")
    assert not polarity(
        "Without independent audits, the projects could be approved faster.",
        "The rules eliminate some of the mandatory, independent audits of the projects.",
    )
    assert not polarity("The new tariffs have not yet taken effect.", "The new tariffs will take effect in March.")
    assert polarity("The new tariffs have not taken effect.", "The new tariffs took effect in March.")


def test_curly_apostrophes_and_misspellings() -> None:
    assert not polarity(
        "The witness couldn’t see the car clearly, police said.", "Police said the witness couldn't see the car."
    )
    assert polarity(
        "The senator didn't loose the primary election in May.",
        "The senator, who lost the primary election in May, conceded on Friday.",
    )


def test_a_long_word_misspelt_or_in_capitals_still_covers() -> None:
    short = "Soldiers seized Kalashnikov rifles."
    assert coverage(short, "Soldiers seized KALASHNIKV rifles.") == 1.0  # one letter off, other case
    assert coverage(short, "Soldiers seized Kalishnikov rifles.") == 1.0
    assert coverage(short, "Soldiers seized Kaboom rifles.") == 0.75  # a long word, but not alike
    assert coverage(short, "Soldiers seized rifles.") == 0.75


def test_covers_is_coverage_reaching_the_share() -> None:
    # covers() stops early (too many words uncovered, misspellings not looked for): the same answer
    texts = [p for path in sorted(SAMPLES.rglob("*.md")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    sentences = [text for p in texts for _, _, text in split_paragraph(p)]
    rng = random.Random(11)
    pairs = [(rng.choice(sentences), rng.choice(sentences)) for _ in range(400)]
    pairs += [(a, a.replace("e", "a", 1)) for a in sentences[:100]]  # near copies: misspellings count
    names = ["Maria", "Lind", "Harbour"]
    shares = (0.0, 0.5, 0.6, 0.8, 0.9, 1.0)
    told = {(covers(a, b, names, x), coverage(a, b, names) >= x) for a, b in pairs for x in shares}
    assert told == {(True, True), (False, False)}  # both answers occur, always alike


def test_counts_of_generic_heads_must_be_told_alike(tmp_path: Path) -> None:
    injured = "About 100 people were injured in the riots in Athens on Sunday, police said."
    poll = "A poll of 520 people in Athens on Sunday showed most back the government, police said."
    assert not _conflicts(tmp_path, injured, poll)
    # "about 100" and "at least 300" cannot both hold (any two figures neither exact were compatible): a conflict, the
    # later figure larger, so a possible update
    (bound,) = _conflicts(tmp_path, injured, "At least 300 people were injured in the riots in Athens on Sunday.")
    assert bound.possible_update
    found = _conflicts(tmp_path, injured, "Police said 300 people were injured in the riots in Athens on Sunday.")
    assert found and found[0].subtype == "numeric"
    troops = "Romania has one of the largest contingents of troops in Iraq, with nearly 1,000 people."
    found = _conflicts(tmp_path, troops, "Romania has 730 troops in Iraq.")
    assert found and found[0].subtype == "numeric"


def test_a_count_for_one_round_is_not_the_whole_fight(tmp_path: Path) -> None:
    a = "Klein threw 68 punches during the third round, and Ortiz answered with 16."
    assert not _conflicts(
        tmp_path, a, "The final statistics showed Klein threw 369 punches, and Ortiz answered with 207."
    )
    found = _conflicts(tmp_path, a, "In the third round, which Ortiz lost badly, Klein threw 90 punches.")
    assert found and found[0].subtype == "numeric"


def _prefixed_pairwise(word: str, others: frozenset[str]) -> frozenset[str]:
    """roles.prefixed as first written: every other word tried both ways."""
    out = set()
    for short, long_ in [(word, o) for o in others] + [(o, word) for o in others]:
        if len(short) < 4 or not long_.endswith(short) or long_[: -len(short)] not in roles._PREFIXES:
            continue
        if long_.startswith("un") or "ADJ" in getAllLemmas(short):
            out.add(long_ if short == word else short)
    return frozenset(out)


def test_prefix_opposites_are_those_of_trying_every_pair() -> None:
    pairs = ["likely unlikely", "legal illegal", "armed unarmed", "form inform", "cover discover", "able unable"]
    pairs += ["regular irregular", "possible impossible", "partisan nonpartisan non-partisan", "honest dishonest"]
    words = [w for p in pairs for w in p.split()] + ["vote", "court", "un", "non-", "unun", "ununlikely", "inform"]
    rng = random.Random(4)
    found = 0
    for _ in range(3000):
        word = rng.choice(words)
        others = frozenset(rng.sample(words, rng.randrange(0, 12)))
        got = roles.prefixed(word, others)
        assert got == _prefixed_pairwise(word, others), (word, others)
        found += bool(got)
    assert found > 300  # many opposites compared, not only empty sets
