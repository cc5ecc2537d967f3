"""Claims of a story's sentences: quantities, ordinals, dates, quotes, causal framing, relations, statements.

Each :class:`Claim` keeps the sentence it came from, the rule that found it, the
anchor it is about (lemmas), its value, and the context the aligner compares.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from lemminflect import getLemma

from dedupe_cli.claims.ages import ages, first_name
from dedupe_cli.claims.attribution import attribution
from dedupe_cli.claims.causes import causal_claims, framing
from dedupe_cli.claims.dates import DateMention, dates
from dedupe_cli.claims.entities import canonical, name_set, names
from dedupe_cli.claims.lexicon import (
    HEDGES,
    NOUN_STOP_BEFORE,
    WORD,
    SpanWords,
    content_lemmas,
    english,
    lemma,
    short,
    tokens,
)
from dedupe_cli.claims.numbers import Quantity, describe, quantities
from dedupe_cli.claims.scores import scores
from dedupe_cli.claims.sentences import Sentence
from dedupe_cli.claims.speakers import Quote, quotes
from dedupe_cli.model import Article, ScanResult
from dedupe_cli.published import published_date


@dataclass(frozen=True)
class Claim:
    """One claim made by one sentence.

    Attributes:
        kind: quantity, total, ordinal, date, quote, polarity, relation, age, score, attribution or statement.
        anchor: lemmas of what the claim is about (the counted noun, the cause, the relation).
        value: the value as shown in verdicts.
        polarity: False when the claim is denied ("not a concession to pressure").
        hedge: the sentence hedges the claim ("alleged", "reportedly").
        speaker: who is quoted or credited, canonical; empty when unknown.
        names: canonical names in the sentence; context: its content lemmas.
        span: character span of the claim in its sentence.
        data: the extracted record (Quantity, DateMention, Quote) when there is one.
        extra: what else tells claims apart: a statement's negated words, an age's first name, a relation's holder.
        rule: the rule that found it.
        person: the last person named before the sentence in its article (who "he" or "she" is).
    """

    sentence: Sentence
    kind: str
    anchor: tuple[str, ...]
    value: str
    rule: str
    polarity: bool = True
    hedge: bool = False
    speaker: str = ""
    names: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    span: tuple[int, int] = (0, 0)
    data: Quantity | DateMention | Quote | None = None
    extra: frozenset[str] = field(default_factory=frozenset)
    doc_names: frozenset[str] = frozenset()
    doc_values: frozenset[tuple[float, str, str]] = frozenset()
    doc_dates: frozenset[str] = frozenset()
    person: str = ""


_RELATION_WORDS = (
    r"\b(?P<rel>born|died|based|headquartered|located|held|elected|capital|president|prime\s+minister|mayor|"
    r"governor|ceo|chairman|headquarters|native|citizen)\s+(?:(?<=headquarters\s)(?:is|are|was|were|remains?)\s+)?"
    r"(?:in|of|at)\s+(?:the\s+)?(?P<ent>[A-Z][\w.'’-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w.'’-]*)*)"
)
_RELATION = re.compile(_RELATION_WORDS + r"|\b(?P<ent2>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)-based\b")
#: The same without its "X-based" branch, for text without "-based": that branch tries every capital of a run
#: such as "A.A.A." to its end (quadratic in the run), and can match only where "-based" is written.
_RELATION_NOT_BASED = re.compile(_RELATION_WORDS + r"|(?P<ent2>(?!))")
#: A quote in quote marks (its words are the speaker's, not a report of who is acting).
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
#: Who a report has its news from, counted: "two people familiar with the matter", "three senior officials
#: briefed on the talks", "two sources who asked not to be named". The count says who told the reporter, not
#: what happened; up to three modifiers (no function word) stand before the noun.
_SOURCING = re.compile(
    r"\s+(?:(?!(?:and|or|but|who|that|to|of|in|on|at|the|were|are|was|is)\b)[\w.’'-]+\s+){0,3}?"
    r"(?:people|persons|sources|officials|executives|diplomats|insiders|individuals)\s+"
    r"(?:who\s+(?:are|were)\s+)?(?:(?:directly\s+|closely\s+)?familiar\s+with|briefed\s+on|with\s+(?:direct\s+)?knowledge"
    r"|close\s+to|knowledgeable\s+about|speaking\s+on|who\s+(?:spoke|asked|declined|requested)|not\s+authori[sz]ed)",
    re.I,
)
#: The lemmas such a count's phrase ends with ("people" and "individuals" are lemmatised to "person").
_INFORMANTS = frozenset(["person", "source", "official", "executive", "diplomat", "insider"])
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer|n't|declined\s+to|refused\s+to|failed\s+to)\s+(?:(?:be|been|being|have|yet|even|ever|actually|a|an|the|to|only|so)\s+)*(\w+)(?:\s+(\w+))?",
    re.I,
)


def _inside(spans: Sequence[tuple[int, int]], starts: Sequence[int], at: int) -> bool:
    """Whether ``at`` lies in one of ``spans`` (disjoint and in order; ``starts`` their starts)."""
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < spans[i][1]


_NOR = re.compile(r"\bnor\s+(?:did|does|do|will|would|could|can|has|have|had|was|is|were|are)\s+\w+\s+(\w+)", re.I)


#: A verb that ends what the next one says: "stop selling", "ceased to operate", "quit drinking" deny "sell",
#: "operate" and "drink" from then on, as "no longer" does.
_STOPPED = re.compile(
    r"\b(?:stop|stops|stopped|stopping|quit|quits|quitting|halt|halts|halted|halting|cease|ceases|ceased|ceasing)"
    r"\s+(?:(\w+ing)|to\s+(\w+))\b",
    re.I,
)


def _noun_stop(text: str, start: int) -> bool:
    """Whether the "stop" at ``start`` is a noun ("the bus stop parking area"): see ``NOUN_STOP_BEFORE``."""
    before = WORD.findall(text, max(0, start - 12), start)
    return bool(before) and before[-1].lower() in NOUN_STOP_BEFORE


def negated_words(text: str) -> frozenset[str]:
    """Lemmas of the words a negation governs ("did not win" gives "win", "nor did she plan" gives "plan",
    "will stop selling" gives "sell")."""
    found = [m.group(1) for m in _NEGATED.finditer(text)] + [m.group(1) for m in _NOR.finditer(text)]
    stopped = [m.group(1) or m.group(2) for m in _STOPPED.finditer(text) if not _noun_stop(text, m.start())]
    return frozenset(lemma(w) for w in found) | frozenset(_verb(w) for w in stopped)


def _verb(word: str) -> str:
    """The lemma of a verb form ("selling" is "sell"), by lemminflect where it knows the word."""
    known = getLemma(word.lower(), upos="VERB", lemmatize_oov=False)
    return known[0] if known else lemma(word)


class _Words(SpanWords):
    """A sentence's words, read once for all its dates (see :class:`~dedupe_cli.claims.lexicon.SpanWords`)."""

    def window(self, start: int, end: int) -> tuple[str, ...]:
        """The content lemmas of the six words before ``start`` and after ``end``, sorted: what
        ``tokens(text[:start])`` and ``tokens(text[end:])`` give, without reading the sentence again."""
        size = 6
        first, last = self.touched(start, end)
        left, right = self.cut(start, end)
        left = self.words[max(0, first - size) : first] + left
        right = right + self.words[last : last + size]
        return tuple(sorted(content_lemmas(" ".join(left[-size:] + right[:size]))))


def _sentence_claims(
    s: Sentence, published: dt.date | None, last_person: str, persons: Mapping[str, set[str]] | None = None
) -> list[Claim]:
    """The claims of one sentence; ``persons``: the surnames its article has named a person by before it, with the
    first names written with each."""
    text = s.text
    ctx = content_lemmas(text)
    ns = name_set(text)
    hedge = any(w.lower() in HEDGES for w in tokens(text))
    out: list[Claim] = []
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"“”]*[\"”]?", text)]
    quoted_starts = [a for a, _ in quoted]  # matches of one pattern: disjoint and in order
    for q in quantities(text):
        if q.anchor and q.anchor[-1] in _INFORMANTS and _SOURCING.match(text, q.end):
            continue  # "two people familiar with the matter": the report's sources, not a figure of the news
        q = replace(q, hedge=q.hedge or _inside(quoted, quoted_starts, q.start))
        kind = "ordinal" if q.ordinal else "total" if q.total else "quantity"
        out.append(Claim(s, kind, q.anchor, describe(q), f"{kind}:{q.unit}", hedge=q.hedge, names=ns, context=ctx,
                         span=(q.start, q.end), data=q))  # fmt: skip
    dated = dates(text, published)
    if dated:
        words = _Words(text)  # read once for all the sentence's dates
        for d in dated:
            out.append(Claim(s, "date", words.window(d.start, d.end), d.value, f"date:{d.granularity}", names=ns,
                             context=ctx, span=(d.start, d.end), data=d))  # fmt: skip
    for cause, asserted, start, end in causal_claims(text):
        value = framing(text, asserted, start, end)
        out.append(Claim(s, "polarity", (cause,), value, "causal", polarity=asserted, hedge=hedge, names=ns,
                         context=ctx, span=(start, end)))  # fmt: skip
    for m in (_RELATION if "-based" in text else _RELATION_NOT_BASED).finditer(text):
        entity: str = m.group("ent") or m.group("ent2")
        rel = lemma(m.group("rel")) if m.group("rel") else "based"
        rel = {"headquarter": "based", "headquartered": "based", "headquarters": "based", "located": "based"}.get(
            rel, rel
        )
        form, _ = canonical(entity)
        holder = _holder(text, m.start()) if m.group("ent") else frozenset()
        out.append(Claim(s, "relation", (rel,), form, "relation", hedge=hedge, names=ns - {form}, context=ctx,
                         span=(m.start(), m.end()), extra=holder))  # fmt: skip
    # "Kimani Gray, 16,": the person's age; the first name tells two of one family apart
    for age in ages(text, persons or {}, last_person):
        first = frozenset([age.first]) if age.first else frozenset()
        out.append(Claim(s, "age", (age.surname,), str(age.years), "age", hedge=hedge, names=ns, context=ctx,
                         span=(age.start, age.end), extra=first))  # fmt: skip
    for score in scores(text):  # "Arsenal beat Chelsea 3-1": the game's score, known by its sides
        out.append(Claim(s, "score", tuple(sorted(score.sides)), score.value, "score", hedge=hedge, names=ns,
                         context=ctx, span=(score.start, score.end)))  # fmt: skip
    tokens(text)
    neg = negated_words(text)
    said = attribution(text, last_person)
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


#: What may stand between a relation's holder and its word: "Initech, based in", "Initech, which is headquartered
#: in", "Maria Lopez was born in" (no other name, no sentence's end).
_HOLDER_GAP = re.compile(r"\s*(?:,\s*(?:(?:which|who)\s+)?)?(?:(?:is|was|are|were|has\s+been)\s+)?\Z")
#: How far before a relation's word its holder is looked for.
_HOLDER_REACH = 80


#: A number written onto the noun it measures: "the 343-seat House", "a 5,000-seat arena".
_VALUED = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)-([a-z]+)\b")


def _holder(text: str, start: int) -> frozenset[str]:
    """The name a relation at ``text[start:]`` is of, when it stands right before ("Initech, based in Austin":
    Initech), as a one-name set; empty when none does."""
    low = max(0, start - _HOLDER_REACH)
    found = names(text[low:start])
    last = found[-1] if found else None
    if last is None or not _HOLDER_GAP.match(text, low + last.end, start):
        return frozenset()
    return frozenset([last.canonical])


def _english_article(article: Article, number: int, found: dict[int, bool]) -> bool:
    """Whether the whole text of an article is English (:func:`english`), found once per article number."""
    if number not in found:
        found[number] = english("\n".join(paragraph.text for paragraph in article.paragraphs))
    return found[number]


def extract(result: ScanResult, sentences: Sequence[Sentence]) -> list[Claim]:
    """Every claim of the given sentences (copies of earlier paragraphs are skipped: they add nothing)."""
    claims: list[Claim] = []
    last_person: dict[int, str] = {}
    known: dict[int, dict[str, set[str]]] = {}  # per article, the surnames it has named a person by, first names
    english_articles: dict[int, bool] = {}
    by_paragraph: dict[tuple[int, int], list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault((s.article, s.paragraph), []).append(s)
    for (a, p), group in by_paragraph.items():
        article = result.articles[a]
        published = published_date(article.published)
        paragraph = article.paragraphs[p].text
        if not english(paragraph):
            continue  # the rules read English: numbers and names in another language are misread
        if short(paragraph) and not _english_article(article, a, english_articles):
            continue  # "Tempo de leitura: 1 minuto" in a Portuguese article
        if not group[0].copy:
            for q in quotes(paragraph, last_person.get(a, "")):
                if not q.speaker:
                    continue
                s = next((x for x in group if x.start <= q.end <= x.end + 1), group[-1])
                first = next((x for x in group if x.start <= q.start < x.end), s)
                if first is not s:
                    merged = paragraph[first.start : s.end]
                    s = Sentence(s.article, s.paragraph, first.line, first.start, s.end, merged, s.source_key, s.copy)
                anchor = tuple(sorted(content_lemmas(q.words)))
                out = Claim(s, "quote", anchor, q.words, f"quote:{q.verb or 'none'}", speaker=q.speaker,
                            names=name_set(s.text), context=content_lemmas(s.text), data=q)  # fmt: skip
                claims.append(out)
        for s in group:
            persons = known.setdefault(a, {})
            if not s.copy:
                claims.extend(_sentence_claims(s, published, last_person.get(a, ""), persons))
            # "Barack Obama" earlier makes a later bare "Obama said" a person whom "he said" can mean
            named = names(_QUOTED.sub(" ", s.text))  # not a name inside a quote ("my Total Endorsement")
            for n in named:
                if n.person:
                    firsts = persons.setdefault(n.canonical, set())
                    given = first_name(n.text, n.canonical)
                    if given:
                        firsts.add(given)
            found = [n.canonical for n in named if n.person or n.canonical in persons]
            if found:
                last_person[a] = found[0]
    claims = _acronyms_folded(claims)
    doc: dict[int, frozenset[str]] = {}
    for c in claims:
        doc[c.sentence.article] = doc.get(c.sentence.article, frozenset()) | c.names
    values: dict[int, set[tuple[float, str, str]]] = {}
    when: dict[int, set[str]] = {}
    read: set[int] = set()  # the sentences whose numbers written onto nouns are read
    for c in claims:
        if isinstance(c.data, Quantity):  # with what it counts (see align._told_in)
            told = (c.data.value, c.anchor[-1] if c.anchor else "", c.data.unit)
            values.setdefault(c.sentence.article, set()).add(told)
        if id(c.sentence) not in read:  # "the 343-seat House" tells 343 seats, though it counts no seats
            read.add(id(c.sentence))
            for m in _VALUED.finditer(c.sentence.text):
                told_as = (float(m.group(1).replace(",", "")), lemma(m.group(2)), "count")
                values.setdefault(c.sentence.article, set()).add(told_as)
        if isinstance(c.data, DateMention):
            when.setdefault(c.sentence.article, set()).add(c.data.value)
    # one frozen set per article, shared by its claims (a set per claim costs claims x values: an article of
    # 1,500 figures took 3 GB)
    frozen_values = {a: frozenset(v) for a, v in values.items()}
    frozen_when = {a: frozenset(v) for a, v in when.items()}
    return [
        replace(c, doc_names=doc.get(c.sentence.article, frozenset()),
                doc_values=frozen_values.get(c.sentence.article, frozenset()),
                doc_dates=frozen_when.get(c.sentence.article, frozenset()))
        for c in claims
    ]  # fmt: skip


def _acronyms_folded(claims: list[Claim]) -> list[Claim]:
    """The claims with a body's name folded to its acronym where the story writes that too: "the Federal Aviation
    Administration" and "the FAA" are one name (the initials of its capitalised words)."""
    names = {n for c in claims for n in c.names}
    short = {n for n in names if 2 <= len(n) <= 6 and n.isalpha() and n.isupper()}
    if not short:
        return claims
    folded = {}
    for name in names:
        words = name.split()
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(words) >= 2 and initials in short:
            folded[name] = initials
    if not folded:
        return claims
    return [replace(c, names=frozenset(folded.get(n, n) for n in c.names)) if c.names & folded.keys() else c
            for c in claims]  # fmt: skip


__all__ = ["Claim", "causal_claims", "extract", "names", "negated_words"]
