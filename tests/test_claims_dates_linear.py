"""A sentence of many mentions (a flattened calendar or results table) costs the claims stage in proportion to
its mentions: dates, the words around each date, causal cues, quoted figures and the pruning of the sentence's
claims. Each is checked against a verbatim copy of the former code, which compared every mention with every
other: on every sentence of the corpora and on thousands of seeded random sentences, the same output.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import dedupe_cli.claims.ages as ages_module
import dedupe_cli.claims.causes as causes_module
import dedupe_cli.claims.checkable as checkable_module
import dedupe_cli.claims.coverage as coverage_module
import dedupe_cli.claims.dates as dates_module
import dedupe_cli.claims.lexicon as lexicon_module
import dedupe_cli.claims.scores as scores_module
import dedupe_cli.claims.verdict as verdict_module
from dedupe_cli.claims import reconcile
from dedupe_cli.claims.align import Cluster
from dedupe_cli.claims.dates import _PATTERNS, DateMention, _can_match, _resolve
from dedupe_cli.claims.entities import canonical, name_set
from dedupe_cli.claims.extract import _RELATION, _RELATION_NOT_BASED, Claim
from dedupe_cli.claims.lexicon import CAUSE_NOUNS, HEDGES, NEGATIONS, WORD, content_lemmas, lemma, tokens
from dedupe_cli.claims.numbers import Quantity, describe, quantities
from dedupe_cli.claims.restate import Group
from dedupe_cli.claims.sentences import Sentence, story_sentences
from dedupe_cli.model import Story, Verdict, VerdictKind
from dedupe_cli.options import ClaimsOptions, LoadOptions, ScanOptions
from dedupe_cli.published import published_date
from dedupe_cli.scan import scan

from .conftest import ROOT, SAMPLES
from .linecount import lines_run

extract_module = importlib.import_module("dedupe_cli.claims.extract")  # the module (the package exports its function)
attribution_module = importlib.import_module("dedupe_cli.claims.attribution")

SEED = 20260324


# ---------------------------------------------------------------------------------------------------------------
# The references: the functions as they were (commit 020a1d2), verbatim but for their names.
# ---------------------------------------------------------------------------------------------------------------


def head_dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    """Every date mention of a sentence (longest match wins where patterns overlap)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, may_match in zip(_PATTERNS, _can_match(sentence), strict=True):
        if not may_match:
            continue
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if m.groupdict().get("month") == "may" and not m.group("month")[0].isupper():
                continue
            if re.match(r"\s*[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.]*)?,\s*$", sentence[: m.start()]) and re.match(
                r"(?:,?\s+\d{4})?\s*(?:\([^()]{1,40}\))?\s*[-—–]", sentence[m.end() :]
            ):
                continue  # (since) a dateline's date
            if pattern is dates_module._BARE_WEEKDAY and sentence[: m.start()].split()[-1][:1].isupper():
                continue  # (since) "Black Friday"
            resolved = _resolve(m, published)
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(resolved[0], resolved[1], m.start(), m.end(), m.group()))
    return sorted(found, key=lambda d: d.start)


def head_cause_after(text: str, pos: int) -> tuple[str, int]:
    """The cause class of the first cause noun within six words after a cue, or '' (since: and where it ends)."""
    for word in list(WORD.finditer(text[pos:]))[:6]:
        cls = CAUSE_NOUNS.get(word.group().lower())
        if cls:
            return cls, pos + word.end()
    return "", pos


def head_causal_claims(text: str) -> list[tuple[str, bool, int, int]]:
    """Causal framing in a sentence: (cause class, asserted?, start, end) per cue with a cause noun."""
    out: list[tuple[str, bool, int, int]] = []
    denied_spans: list[tuple[int, int]] = []
    for m in causes_module._DENY_CUE.finditer(text):
        cause, end = head_cause_after(text, m.end())
        if cause:
            out.append((cause, False, m.start(), end))
            denied_spans.append((m.start(), m.end()))
    for m in causes_module._ASSERT_CUE.finditer(text):
        if any(s <= m.start() < e for s, e in denied_spans):
            continue
        state = re.search(r"\b(?:is|are|was|were|be|been|being|am|remain(?:s|ed)?|came|come|comes|coming)\s+$",
                          text[max(0, m.start() - 12) : m.start()], re.I)  # fmt: skip
        if m.group().lower() == "under" and state:  # (since: "we were under pressure" is a state)
            continue
        cause, end = head_cause_after(text, m.end())
        if not cause:
            continue
        before = text[max(0, m.start() - 25) : m.start()].lower().split()
        negated = bool(set(before[-3:]) & NEGATIONS) or any(w.endswith("n't") for w in before[-3:])
        out.append((cause, not negated, m.start(), end))
    return out


def head_window(text: str, start: int, end: int, size: int = 6) -> tuple[str, ...]:
    left = [w for w in tokens(text[:start]) if len(w) > 1][-size:]
    right = [w for w in tokens(text[end:]) if len(w) > 1][:size]
    return tuple(sorted(content_lemmas(" ".join(left + right))))


def head_sentence_claims(s: Sentence, published: dt.date | None, last_person: str) -> list[Claim]:
    negated_words, _attribution = extract_module.negated_words, attribution_module.attribution
    text = s.text
    ctx = content_lemmas(text)
    ns = name_set(text)
    hedge = any(w.lower() in HEDGES for w in tokens(text))
    out: list[Claim] = []
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"“”]*[\"”]?", text)]
    for q in quantities(text):
        q = replace(q, hedge=q.hedge or any(a <= q.start < b for a, b in quoted))
        kind = "ordinal" if q.ordinal else "total" if q.total else "quantity"
        out.append(Claim(s, kind, q.anchor, describe(q), f"{kind}:{q.unit}", hedge=q.hedge, names=ns, context=ctx,
                         span=(q.start, q.end), data=q))  # fmt: skip
    for d in head_dates(text, published):
        window = head_window(text, d.start, d.end)
        out.append(Claim(s, "date", window, d.value, f"date:{d.granularity}", names=ns, context=ctx,
                         span=(d.start, d.end), data=d))  # fmt: skip
    for cause, asserted, start, end in head_causal_claims(text):
        whose = re.match(
            r"\s+(?:from|by|of|over)(?:\s+(?!(?:on|in|at|after|before|for|to|and|but|or|as|with|when|while|that|which)\b)[^\W\d_][\w'’-]*){1,4}",
            text[end:],
        )  # (since: as told)
        told = " ".join(text[start : end + (whose.end() if whose else 0)].split())
        value = told if asserted or causes_module._DENY_CUE.match(text, start) else "not: " + told
        out.append(Claim(s, "polarity", (cause,), value, "causal", polarity=asserted, hedge=hedge, names=ns,
                         context=ctx, span=(start, end)))  # fmt: skip
    for m in (_RELATION if "-based" in text else _RELATION_NOT_BASED).finditer(text):
        entity: str = m.group("ent") or m.group("ent2")
        rel = lemma(m.group("rel")) if m.group("rel") else "based"
        rel = {"headquarter": "based", "headquartered": "based", "headquarters": "based", "located": "based"}.get(
            rel, rel
        )
        form, _ = canonical(entity)
        holder = extract_module._holder(text, m.start()) if m.group("ent") else frozenset()  # (since: its holder)
        out.append(Claim(s, "relation", (rel,), form, "relation", hedge=hedge, names=ns - {form}, context=ctx,
                         span=(m.start(), m.end()), extra=holder))  # fmt: skip
    for age in ages_module.ages(text, {}, last_person):  # (since: ages, a claim of their own; "He was 84.")
        first = frozenset([age.first]) if age.first else frozenset()
        out.append(Claim(s, "age", (age.surname,), str(age.years), "age", hedge=hedge, names=ns, context=ctx,
                         span=(age.start, age.end), extra=first))  # fmt: skip
    for score in scores_module.scores(text):  # (since: a game's score, a claim of its own)
        out.append(Claim(s, "score", tuple(sorted(score.sides)), score.value, "score", hedge=hedge, names=ns,
                         context=ctx, span=(score.start, score.end)))  # fmt: skip
    tokens(text)
    neg = negated_words(text)
    said = _attribution(text, last_person)
    if said:
        speaker, verb, what = said
        out.append(Claim(s, "attribution", tuple(sorted(content_lemmas(what))), what, f"attribution:{verb}",
                         polarity=not neg, hedge=hedge, speaker=speaker, names=ns, context=ctx))  # fmt: skip
    if len(ctx) >= 3:
        negated = bool(neg)
        value = "negated" if negated else "affirmed"
        out.append(Claim(s, "statement", (), value, "statement", polarity=not negated, hedge=hedge, names=ns,
                         context=ctx, extra=neg, person=last_person))  # fmt: skip
    return out


def head_quantity_checkable(claim: Claim, q: Quantity, single: bool) -> bool:
    _SPANS, _REFERENCE = checkable_module._SPANS, checkable_module._REFERENCE
    text = claim.sentence.text
    if q.unit != "count":
        return True
    if not claim.anchor:
        return False  # a bare number ("Reid, 33,")
    if (
        claim.anchor[-1] in _SPANS
        and re.match(  # since: a relative time ("two years ago", "two years before,")
            r"\s+(?:[\w-]+\s+){0,2}?(?:ago|earlier|later)\b|\s+(?:[\w-]+\s+){0,2}?(?:before|after)(?=\s*(?:[,.;:!?)]|\Z))",
            text[q.end :],
            re.I,
        )
    ):
        return False
    if single and len(claim.anchor) == 1 and claim.anchor[0] in _SPANS:
        return False  # a span of time one source gives, with nothing said to last it
    raw = text[q.start : q.end].strip()
    if raw.isdigit() and len(raw) == 4 and 1800 <= q.value <= 2100:
        return False  # a year read as a count ("her 1999 role")
    before = text[: q.start].lower().split()[-1:]
    return q.ordinal or not (before and before[0] in _REFERENCE)


def head_date_checkable(claim: Claim, d: DateMention) -> bool:
    _STAMP = checkable_module._STAMP
    text = claim.sentence.text
    rest = text[: d.start] + " " + text[d.end :]
    words = {w for w in content_lemmas(rest) if not any(ch.isdigit() for ch in w)} - _STAMP
    return len(words) >= 2 and any(w[0].islower() for w in tokens(rest) if len(w) > 1)  # since: not a dateline


def head_checkable(claim: Claim, single: bool = True) -> bool:
    """Whether a claim asserts something a reader could check, rather than merely mention it.

    A bare span of time ("24 hours") passes only when sources agree on it (``single`` False):
    then the aligner has matched what it measures.
    """
    data = claim.data
    if isinstance(data, Quantity):
        return head_quantity_checkable(claim, data, single)
    if isinstance(data, DateMention):
        return head_date_checkable(claim, data)
    if claim.kind == "relation":
        return bool(checkable_module._relation_checkable(claim))
    if claim.kind == "attribution":
        return bool(checkable_module._attribution_checkable(claim))
    if claim.kind == "quote":
        return bool(claim.speaker)
    return True


def head_prune(judged: Sequence[tuple[Cluster, Verdict]]) -> list[Verdict]:
    """The verdicts worth reporting, in the given order.

    Conflicts always stay. An agreement stays when one of its claims is checkable, a
    single-source claim when it is checkable and no claim of its sentence already
    reported (a conflict, an agreement, or a longer single-source claim) covers it.
    """
    checkable = head_checkable
    _where, _covered, _restated = coverage_module.where, coverage_module.covered, checkable_module._restated
    subsumed = coverage_module.subsumed
    kept = [
        (cluster, verdict)
        for cluster, verdict in judged
        if verdict.verdict == VerdictKind.CONFLICT
        or (verdict.verdict == VerdictKind.AGREE and any(checkable(c, False) for g in cluster.groups for c in g.claims))
        or (verdict.verdict == VerdictKind.SINGLE_SOURCE and checkable(cluster.groups[0].rep))
    ]
    # the tests below hold only within one sentence (one article for restated claims): each claim is
    # compared with those of its own, not with every claim of the story (an article of 1,500 figures
    # made 7.5 million comparisons)
    shown: dict[tuple[int, int, int], list[Claim]] = {}
    single: dict[tuple[int, int, int], list[Claim]] = {}
    for cluster, v in kept:
        if v.verdict != VerdictKind.SINGLE_SOURCE:
            for c in (c for g in cluster.groups for c in g.claims):
                shown.setdefault(_where(c), []).append(c)
        else:
            single.setdefault(_where(cluster.groups[0].rep), []).append(cluster.groups[0].rep)
    out: list[Verdict] = []
    said: dict[int, list[Claim]] = {}
    for cluster, verdict in kept:
        if verdict.verdict == VerdictKind.SINGLE_SOURCE:
            rep = cluster.groups[0].rep
            here = _where(rep)
            if any(_covered(rep, c) for c in shown.get(here, ())) or any(
                subsumed(rep, other) for other in single.get(here, ())
            ):
                continue
            if any(_restated(rep, earlier) for earlier in said.get(rep.sentence.article, ())):
                continue
            said.setdefault(rep.sentence.article, []).append(rep)
        out.append(verdict)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Comparisons of the new code with the references.
# ---------------------------------------------------------------------------------------------------------------


def _sentence(text: str, article: int = 0, start: int = 0) -> Sentence:
    return Sentence(article, 0, 1, start, start + len(text), text, f"k{article}")


def _date_claim(text: str, d: DateMention, article: int = 0) -> Claim:
    return Claim(_sentence(text, article), "date", (), d.value, "date:day", span=(d.start, d.end), data=d)


def _cut_points(text: str, rng: random.Random, many: int) -> list[int]:
    """Positions of ``text`` to cut at: every token boundary and the characters around it, and random ones."""
    points = {0, len(text)}
    for m in re.finditer(r"[^\W_]+(?:[-'’][^\W_]+)*|[-'’]", text):
        points.update(range(max(0, m.start() - 1), min(len(text), m.end() + 1) + 1))
    points.update(rng.randint(0, len(text)) for _ in range(many))
    return sorted(points)


def compare_sentence(text: str, published: dt.date | None, rng: random.Random, spans: int = 6) -> int:
    """Asserts that the new code says of ``text`` what the references say; returns the dates compared."""
    found = dates_module.dates(text, published)
    assert found == head_dates(text, published), text
    assert causes_module.causal_claims(text) == head_causal_claims(text), text
    s = _sentence(text)
    assert extract_module._sentence_claims(s, published, "Jane Doe") == head_sentence_claims(s, published, "Jane Doe")
    words = extract_module._Words(text)
    rests: dict[str, checkable_module._DateRest] = {}
    cuts = _cut_points(text, rng, spans)
    pairs = [(d.start, d.end) for d in found]  # the dates, spans cut anywhere (in a word, at a hyphen), empty ones
    for _ in range(spans):
        a, b = rng.choice(cuts), rng.choice(cuts)
        pairs.append((min(a, b), max(a, b)))
    pairs += [(p, p) for p in rng.sample(cuts, min(3, len(cuts)))]
    for start, end in pairs:
        assert words.window(start, end) == head_window(text, start, end), (text, start, end)
        d = DateMention("2005", "year", start, end, text[start:end])
        claim = _date_claim(text, d)
        assert checkable_module._date_checkable(claim, d, rests) == head_date_checkable(claim, d), (text, start, end)
    for at in [*rng.sample(cuts, min(4, len(cuts))), -1, len(text) + 2]:
        assert checkable_module._word_before(text, at) == text[:at].lower().split()[-1:], (text, at)
    return len(found)


_MONTH_WORDS = ["May", "may", "MAY", "March", "march", "Mar.", "Sept", "sept.", "September", "Dec", "jUNE", "Jan"]
_DAYS = ["1", "3", "12", "31", "1st", "2nd", "3rd", "22nd", "4th", "11th", "32", "0", "07", "9th"]
_YEARS = ["1999", "2024", "1500", "1499", "2099", "1600", "2005", "20050", "0999"]
_ISO = ["2020-05-17", "1999-12-31", "2020-13-45", "2021-02-29", "2020-05-17-2021-01-01", "2005-5-17"]
_WEEK = ["Monday", "tuesday", "Sunday", "FRIDAY", "Frıday", "wednesday", "Thursday", "Saturday"]
_WEEK_CUES = ["on", "last", "next", "this", "since", "until", "by", "from", "On", "LAST"]
_REL = ["yesterday", "Today", "tomorrow", "TOMORROW", "today's", "yesterday-"]
_YEAR_CUES = ["in", "since", "by", "until", "of", "from", "during", "before", "after", "early", "late", "mid-", "mid"]
_NUMBERS = ["1,500", "$3 million", "50%", "12", "7", "three", "twenty-one", "1 000", "3.5", "No. 4", "the third"]
_CAUSAL = ["under", "pressure", "demands", "not a concession to", "in response to", "independent of", "sanctions",
           "to ease", "rather than bowing to", "bow to", "threats", "didn't", "not", "due to", "protests", "were",
           "came", "from", "by the unions", "of"]  # fmt: skip
_WORDS = ["said", "council", "meeting", "held", "voted", "é", "café", "naïve", "straße", "İstanbul", "ſecond",
          "\u212aelvin", "ΟΔΟΣ", "ΣΑΣ", "x", "a", "I", "rock'n'roll", "o’clock", "well-known", "the", "its", "their",
          "Smith", "John Smith", "officials", "reportedly", "born in Paris", "Boston-based", "people", "votes",
          "published", "updated", "GMT", "a.m.", "2nd-place", "x2", "_", "__init__", "ab_cd", "١٢", "x" * 70,
          "Llanfairpwllgwyngyll-gogerychwyrndrobwll-llantysilio-gogogoch'ss", "ΣΣ" * 40, "the" + " " * 90,
          "beat", "Arsenal", "won", "3-1", "2–0", "win over", "a 4-1 win over", "Wild's", "lost", "to", "record",
          "6-4, 6-3", "7-6 (5)"]  # fmt: skip
_MARKS = ['"', "“", "”", '"quoted words said here"', "“curly quote with words”", "'", "’", "-", "--", "—", "(", ")",
          ",", ".", ";", "…", "'s", "’s", "-based"]  # fmt: skip
_SEPARATORS = [" "] * 8 + ["", "", "  ", "\t", "\u00a0", "\u2003", ", ", " , ", ",  ", "-", "'", "’", "\n", " \u3000 "]
_SEPARATORS += [" " * 7, " " * 70]
_DENSE = [
    "on Tuesday, March 3, 2005",
    "3rd of May 2005",
    "May 2005",
    "March 3 2005-05-05",
    "Tuesday, December 9, 2008",
    "the 4th of July, 1776",
    "in 2005, in May 2005",
    "2005-05-17 2005",
    "Sept. 11th, 2001",
    "mid-2005",
    "x-March 3-y",
    "a-2020-05-05-b",
]


#: Dates a weekday or a bare year may stand beside, and the gaps between them (0 to 4 characters).
_CALENDAR = ["on Tuesday", "Tuesday", "December 9", "December 9, 2008", "2008", "in 2008", "May 2005",
             "2005-05-17", "today", "next Friday", "9 December", "Dec. 9th", "last Tuesday", "since 2005",
             "May 17, 2005"]  # fmt: skip
_GAPS = ["", " ", ",", " ,", ", ", " , ", ",  ", "   ", "    ", " x ", "; ", ",,, ", "  ,"]


def _calendar_piece(rng: random.Random) -> str:
    text = rng.choice(_CALENDAR)
    for _ in range(rng.randint(1, 5)):
        text += rng.choice(_GAPS) + rng.choice(_CALENDAR)
    return text


def _piece(rng: random.Random) -> str:
    kind = rng.randrange(13)
    if kind == 12:
        return _calendar_piece(rng)
    if kind == 0:
        return f"{rng.choice(_MONTH_WORDS)} {rng.choice(_DAYS)}"
    if kind == 1:
        return f"{rng.choice(_DAYS)} {rng.choice(['of ', ''])}{rng.choice(_MONTH_WORDS)}"
    if kind == 2:
        return f"{rng.choice(_MONTH_WORDS)}{rng.choice([' ', ', ', ' of '])}{rng.choice(_YEARS)}"
    if kind == 3:
        return f"{rng.choice(_WEEK_CUES)} {rng.choice(_WEEK)}"
    if kind == 4:
        return f"{rng.choice(_YEAR_CUES)} {rng.choice(_YEARS)}"
    if kind == 5:
        return rng.choice(_ISO + _REL + _DENSE)
    if kind == 6:
        return rng.choice(_NUMBERS)
    if kind == 7:
        return rng.choice(_CAUSAL)
    if kind in (8, 9):
        return rng.choice(_WORDS)
    if kind == 10:
        return rng.choice(_MARKS)
    return rng.choice(_MONTH_WORDS + _DAYS + _YEARS + _WEEK)


def random_sentence(rng: random.Random, most: int = 30) -> str:
    parts = [_piece(rng) for _ in range(rng.randint(1, most))]
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(_SEPARATORS) + part
    return text


def _published(rng: random.Random) -> dt.date | None:
    some = dt.date(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28))
    return rng.choice([None, dt.date(2026, 3, 2), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2005, 5, 17), some])


def test_random_sentences_say_the_same() -> None:
    rng = random.Random(SEED)
    compared = 0
    for _ in range(4000):
        compared += compare_sentence(random_sentence(rng), _published(rng), rng)
    for n in (40, 120, 300):  # long ones: a calendar, a table
        compared += compare_sentence(random_sentence(rng, n), _published(rng), rng, spans=30)
    assert compared > 5000  # the random sentences hold dates of every pattern


def _corpora() -> list[Path]:
    found = [SAMPLES, ROOT.parent / "shared" / "data" / "ecb-dev" / "articles"]
    found += [Path(p) for p in os.environ.get("DEDUPE_CLAIMS_CORPORA", "").split(os.pathsep) if p]
    return [p for p in found if p.is_dir()]


def _corpus_sentences(path: Path) -> Iterator[tuple[Sentence, dt.date | None]]:
    result = scan([path], ScanOptions(jobs=1, load=LoadOptions(respect_gitignore=False)))
    published = [published_date(a.published) for a in result.articles]
    for s in story_sentences(result, range(len(result.articles)), False, {}):
        yield s, published[s.article]


def _name(corpus: Path) -> str:
    return corpus.parent.name if corpus.name == "articles" else corpus.name


@pytest.mark.parametrize("corpus", _corpora(), ids=_name)
def test_every_sentence_of_the_corpora_says_the_same(corpus: Path) -> None:
    rng = random.Random(SEED)
    sentences = 0
    for s, published in _corpus_sentences(corpus):
        compare_sentence(s.text, published, rng, spans=2)
        sentences += 1
    assert sentences > 100


# --- pruning --------------------------------------------------------------------------------------------------


def _verdict(kind: VerdictKind, claim: Claim) -> Verdict:
    return Verdict(id="", story_id="s", verdict=kind, kind=claim.kind, subtype="", reason="", independent_sources=1,
                   members=())  # fmt: skip


def _same_prune(judged: Sequence[tuple[Cluster, Verdict]]) -> list[Verdict]:
    new = checkable_module.prune(judged)
    old = head_prune(judged)
    assert [id(v) for v in new] == [id(v) for v in old]
    return new


_VALUES = ["2005", "2005-05", "2005-05-17", "2005-05-1", "--05-17", "--05", "Tuesday", "Tues", "2008-12-09", "2008"]
_KINDS = ["quantity", "date", "polarity", "attribution", "statement", "quote", "relation", "total", "ordinal"]


def _variant(c: Claim, rng: random.Random, pool: Sequence[Claim], merged: Sentence) -> Claim:
    """A claim like ``c`` with some of its fields changed as no extractor would (or would, rarely)."""
    text = c.sentence.text
    n = len(text)
    roll = rng.randrange(8)
    if roll <= 1:  # spans on a grid: equal, nested, touching, empty ones
        a = rng.choice([0, 2, 4, 6, 8, rng.randint(-2, n + 2)])
        c = replace(c, span=(a, a + rng.choice([0, 0, 1, 2, 3, 4, 6, n, -3])))
    elif roll == 1 and pool:
        c = replace(c, span=rng.choice(pool).span)
    elif roll == 2:
        c = replace(c, kind=rng.choice(_KINDS), value=rng.choice([c.value, text[: rng.randint(0, n)], "", "zz"]))
    elif roll == 3:
        c = replace(c, speaker=rng.choice(["", "Smith", "Jones"]), kind=rng.choice(["attribution", "quote"]))
        c = replace(c, anchor=tuple(rng.sample(["rate", "cut", "bank", "pressure", "vote", "plan"], rng.randint(0, 5))))
    elif roll == 4:
        c = replace(c, sentence=merged, span=(0, 0), kind="quote", data=None, value=text[: rng.randint(0, n)])
    if isinstance(c.data, DateMention) and rng.random() < 0.4:
        d = c.data
        roll = rng.randrange(8)
        if roll < 2:  # overlapping or stray positions: the slow path
            start = rng.randint(-2, n + 2)
            d = replace(d, start=start, end=start + rng.randint(-1, 15))
        elif roll == 2:  # a date over the whole sentence (over the other dates)
            d = replace(d, start=0, end=n, text=text, value=rng.choice(_VALUES))
        else:
            d = replace(d, value=rng.choice(_VALUES), text=rng.choice([d.text, "Tuesday", "May 17, 2005", "2005"]))
        c = replace(c, data=d)
    return c


def _random_judged(rng: random.Random) -> list[tuple[Cluster, Verdict]]:
    claims: list[Claim] = []
    for article in range(rng.randint(1, 3)):
        for _ in range(rng.randint(1, 3)):
            text = random_sentence(rng, rng.choice([8, 20, 60]))
            s = Sentence(article, 0, 1, 0, len(text), text, f"k{article}", heading=rng.random() < 0.05)
            merged = Sentence(article, 0, 1, 0, len(text) + 20, text + ' "and more of it," he said.', f"k{article}")
            found = extract_module._sentence_claims(s, _published(rng), "Jane Doe")
            keep = rng.choice([1.0, 1.0, 0.5, 0.2])  # a few claims alone: no statement spans the whole sentence
            found = [c for c in found if rng.random() < keep]
            chaos = rng.choice([0.0, 0.1, 0.35, 0.8])  # how many of the sentence's claims are changed
            varied = [_variant(c, rng, found, merged) if rng.random() < chaos else c for c in found]
            claims += varied
    judged: list[tuple[Cluster, Verdict]] = []
    rng.shuffle(claims)
    i = 0
    while i < len(claims):
        roll = rng.random()
        if roll < 0.7:
            kind, size = VerdictKind.SINGLE_SOURCE, 1
        else:
            kind, size = rng.choice([VerdictKind.AGREE, VerdictKind.CONFLICT]), rng.randint(1, 4)
        group = claims[i : i + size]
        i += size
        groups = [Group(group[j : j + 2]) for j in range(0, len(group), 2)]
        cluster = Cluster(group[0].kind, groups)
        judged.append((cluster, _verdict(kind, groups[0].rep)))
        if kind == VerdictKind.SINGLE_SOURCE and rng.random() < 0.03:  # one claim the rep of two clusters
            judged.append((Cluster(group[0].kind, [Group([group[0]])]), _verdict(kind, group[0])))
    rng.shuffle(judged)
    return judged


def test_random_claims_are_pruned_alike() -> None:
    rng = random.Random(SEED)
    kept = dropped = 0
    for _ in range(600):
        judged = _random_judged(rng)
        out = _same_prune(judged)
        kept += len(out)
        dropped += len(judged) - len(out)
    assert kept > 1000 and dropped > 1000


def _dense_claims(rng: random.Random) -> list[Claim]:
    """Claims of one short sentence of spaces, commas and letters, crowded: equal, nested, touching and empty
    spans, kinds the rules treat apart, dates side by side (gaps of 0 to 4 characters) or overlapping."""
    n = rng.randint(8, 40)
    text = "".join(rng.choice(" ,,xy") for _ in range(n))
    other = "".join(rng.choice(" ,,xy") for _ in range(rng.randint(3, n)))  # a quote's merged sentence
    s, merged = _sentence(text), Sentence(0, 0, 1, 0, n, other, "k0")
    apart = rng.random() < 0.6
    at = 0
    claims: list[Claim] = []
    for _ in range(rng.randint(1, 14)):
        kind = rng.choice(["date", "date", "polarity", "attribution", "statement", "quote", "quantity"])
        a = rng.choice([0, 1, 2, 3, 4, 6, 8, rng.randint(-1, n + 1)])
        sp = (a, a + rng.choice([0, 0, 1, 2, 3, 5, n, -2]))
        value = rng.choice(["", "x", "xy", "affirmed", text[2:6]])
        data = None
        if kind == "date":
            if apart:
                start = at + rng.randint(0, 4)
                end = start + rng.choice([0, 1, 2, 3, 4, 5, 6, 6, 6])
                if end > n:
                    continue
                at = end
            else:
                start = rng.randint(-1, n + 1)
                end = start + rng.randint(-1, 8)
            data = DateMention(rng.choice(_VALUES), "day", start, end, "t" * rng.randint(1, 12))
            sp = rng.choice([sp, (start, end), (0, 0)])
        sentence = merged if kind in {"quote", "date"} and rng.random() < 0.2 else s
        claims.append(Claim(sentence, kind, (), value, kind, span=sp, data=data))
    claims += rng.sample(claims, rng.randint(0, min(2, len(claims))))  # one claim twice
    return claims


def test_the_span_rules_say_what_every_pair_says() -> None:
    """:class:`checkable._Singles` and :class:`checkable._Shown` against :func:`subsumed` and :func:`_covered`
    of every pair, on crowded sentences (every rule and edge, not only those the verdicts let through)."""
    rng = random.Random(SEED)
    subsumed, covered = coverage_module.subsumed, coverage_module.covered
    hits = [0, 0]
    for _ in range(6000):
        claims = _dense_claims(rng)
        shown = [c for c in claims if rng.random() < 0.3]
        singles = coverage_module.Singles(claims)
        covering = coverage_module.Shown(shown)
        for c in claims:
            expected = any(subsumed(c, other) for other in claims)
            assert singles.subsume(c) == expected, (c, claims)
            expected_cover = any(covered(c, other) for other in shown)
            assert covering.covers(c) == expected_cover, (c, shown)
            hits[0] += expected
            hits[1] += expected_cover
    assert min(hits) > 5000


def _write_story(folder: Path, rng: random.Random) -> list[Path]:
    """Three articles sharing some sentences (agreements), changing others (conflicts), adding their own."""
    common = [random_sentence(rng, rng.choice([10, 25])) + "." for _ in range(6)]
    paths = []
    for n in range(3):
        own = [random_sentence(rng, rng.choice([10, 25, 80])) + "." for _ in range(3)]
        shared = [re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 1)), t) for t in common]
        body = "\n\n".join(rng.sample(shared + own, len(shared + own)))
        path = folder / f"a{n}.md"
        published = rng.choice(["2026-03-02", "2005-05-17", ""])
        path.write_text(f'---\ntitle: "t{n}"\nsource: "s{n}"\npublished: "{published}"\n---\n\n{body}\n')
        paths.append(path)
    return paths


def _pruned_both_ways(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the pipeline prune through :func:`_same_prune` (both versions, compared); the calls are counted in
    the list returned."""
    calls = [0]

    def compared(judged: Sequence[tuple[Cluster, Verdict]]) -> list[Verdict]:
        calls[0] += 1
        return _same_prune(judged)

    monkeypatch.setattr(verdict_module, "prune", compared)
    return calls


def test_generated_stories_are_pruned_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(SEED)
    calls = _pruned_both_ways(monkeypatch)
    verdicts = 0
    for n in range(12):
        folder = tmp_path / f"story{n}"
        folder.mkdir()
        result = scan(_write_story(folder, rng), ScanOptions(jobs=1))
        verdicts += len(reconcile(result, [Story("s", (0, 1, 2))], ClaimsOptions()))
    assert calls[0] == 12 and verdicts > 100


@pytest.mark.parametrize("corpus", _corpora(), ids=_name)
def test_the_corpora_are_pruned_alike(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe_cli.reconcile import run_claims

    calls = _pruned_both_ways(monkeypatch)
    result = scan([corpus], ScanOptions(jobs=1, load=LoadOptions(respect_gitignore=False)))
    run_claims(result, ClaimsOptions(), None, 1)
    assert calls[0] > 0


def test_lowering_keeps_spaces_and_a_final_sigma_ends_at_one() -> None:
    """What :func:`checkable._word_before` rests on, over every code point of this Python's Unicode."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        low = ch.lower()
        assert (low == ch) if ch.isspace() else not any(x.isspace() for x in low), hex(c)
    for w in spaces:
        assert ("AΣ" + w).lower() == "aς" + w and ("A" + w + "Σ").lower() == "a" + w + "σ", hex(ord(w))
        assert ("a" + w + "b").split() == ["a", "b"]


# ---------------------------------------------------------------------------------------------------------------
# The work is bounded: counted (lines run in the claims modules, characters tokenised), never timed.
# ---------------------------------------------------------------------------------------------------------------


class _Counted:
    """A pattern whose searches count the characters they read."""

    def __init__(self, pattern: re.Pattern[str], counter: list[int]) -> None:
        self.pattern, self.counter = pattern, counter

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        """The matches, counting the characters read up to each (matches are read as they are needed)."""
        for m in self.pattern.finditer(text, pos):
            self.counter[0] += m.end() - pos
            pos = m.end()
            yield m
        self.counter[0] += len(text) - pos

    def findall(self, text: str) -> list[Any]:
        self.counter[0] += len(text)
        return self.pattern.findall(text)


def _work(run: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> int:
    """Lines run in the claims modules (and the references here) plus characters tokenised while ``run`` runs."""
    chars = [0]
    with monkeypatch.context() as m:
        for module in (
            extract_module,
            attribution_module,
            checkable_module,
            coverage_module,
            lexicon_module,
            sys.modules[__name__],
        ):
            for name in ("tokens", "content_lemmas"):
                real = getattr(module, name, None)
                if real is not None:

                    def counted(text: str, real: Callable[[str], Any] = real) -> Any:
                        chars[0] += len(text)
                        return real(text)

                    m.setattr(module, name, counted)
            if hasattr(module, "WORD"):
                m.setattr(module, "WORD", _Counted(module.WORD, chars))
        modules = (
            dates_module,
            extract_module,
            attribution_module,
            ages_module,
            scores_module,
            checkable_module,
            coverage_module,
            lexicon_module,
        )
        with lines_run({*(str(module.__file__) for module in modules), __file__}) as lines:
            run()
    return lines[0] + chars[0]


def _calendar(n: int) -> str:
    months = ["March", "April", "May", "June", "July", "August"]
    items = [
        f"on {months[i % 6]} {i % 28 + 1}, {1601 + i // 168} the vote under pressure gave {i * 7 + 13} seats"
        for i in range(n)
    ]
    return "Meetings were held " + ", ".join(items) + " and later."


def _extract_and_prune(text: str, reference: bool) -> Callable[[], object]:
    s = _sentence(text)
    claims = (head_sentence_claims if reference else extract_module._sentence_claims)(s, None, "")
    prune = head_prune if reference else checkable_module.prune

    def run() -> object:
        mine = (head_sentence_claims if reference else extract_module._sentence_claims)(s, None, "")
        judged = [(Cluster(c.kind, [Group([c])]), _verdict(VerdictKind.SINGLE_SOURCE, c)) for c in mine]
        judged += [(Cluster(c.kind, [Group([c])]), _verdict(VerdictKind.AGREE, c)) for c in claims[::50]]
        return prune(judged)

    return run


def test_a_sentence_of_many_mentions_costs_in_proportion(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _calendar(50), _calendar(200)
    new = _work(_extract_and_prune(large, False), monkeypatch) / _work(_extract_and_prune(small, False), monkeypatch)
    old = _work(_extract_and_prune(large, True), monkeypatch) / _work(_extract_and_prune(small, True), monkeypatch)
    assert old > 10  # the references: every mention against every other (16 times the work for 4 times the text)
    assert new < 5  # in proportion (4), with a little for the sorted lists' depth
