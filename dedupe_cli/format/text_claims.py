"""The terminal report of the claims stage: per story, conflicts first (each side side by
side, with its sources and lines), then agreements, then the claims only one source makes,
grouped by article, one line each, at most :data:`MAX_SINGLE` per story (the JSON has all);
the stories without a claim are only named, on one last line.

Article text reaches the terminal only as :class:`rich.text.Text` (never parsed as
markup) after control characters and escape sequences are stripped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dedupe_cli.format.base import RenderOptions
from dedupe_cli.model import Article, ClaimMember, ClaimsResult, Report, Story, Verdict, VerdictKind
from dedupe_cli.sanitize import excerpt, strip_controls

_STYLE = {VerdictKind.CONFLICT: "red", VerdictKind.AGREE: "green", VerdictKind.SINGLE_SOURCE: "blue"}
_TITLE = {
    VerdictKind.CONFLICT: "Conflicts",
    VerdictKind.AGREE: "Agreements",
    VerdictKind.SINGLE_SOURCE: "Single-source claims",
}
#: Conflicts with more distinct values than this are listed one value under another.
_MAX_SIDES = 3
#: Articles listed under a story's heading before the rest are counted.
_MAX_ARTICLES = 8
#: Single-source claims listed per story; the rest are counted (``--format json`` lists them all).
MAX_SINGLE = 12
#: Stories without claims named on the report's last line; the rest are counted.
_MAX_QUIET = 20
#: Kinds whose value is the statement itself: the sentence adds only the speaker.
_STATEMENTS = frozenset(["attribution", "statement"])
_VALUE_KINDS = frozenset(["quantity", "total", "ordinal", "date", "polarity", "relation", "score"])
#: A date's value when its text gave no year: ``--MM-DD``.
_PARTIAL_DATE = re.compile(r"--(\d\d)-(\d\d)")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _line(*parts: str | Text | tuple[str, str]) -> Text:
    """One terminal line: cut with an ellipsis at the console's width, never wrapped."""
    text = Text.assemble(*parts)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def short_names(paths: Sequence[str]) -> dict[str, str]:
    """Each path shown by its file name when the names are unique within the story, else in full."""
    names = [PurePath(p).name for p in paths]
    unique = len(set(names)) == len(names)
    return {p: strip_controls(n if unique else p) for p, n in zip(paths, names, strict=True)}


def _label(verdict: Verdict) -> str:
    """What the claim is about, as the reason tells it ("number (cartel member)", "quote")."""
    return strip_controls(verdict.reason.split(": ", 1)[0])


def _badges(verdict: Verdict) -> str:
    n = verdict.independent_sources
    notes = [f"{n} source{'s' if n != 1 else ''}"]
    if verdict.approximate:
        notes.append("approximate")
    if verdict.possible_update:
        notes.append("possible update")
    return ", ".join(notes)


def _display(verdict: Verdict, member: ClaimMember) -> str:
    """The value as a reader needs it: a relation with its predicate, a statement with its speaker."""
    if verdict.kind in _STATEMENTS:
        return excerpt(member.sentence, 400)
    if verdict.kind == "relation":
        rel = re.match(r"relation \((.+?)\)", verdict.reason)
        return f"{rel.group(1)}: {member.value}" if rel else member.value
    return shown_value(verdict.kind, member.value)


def shown_value(kind: str, value: str) -> str:
    """``value`` as a reader reads it: a date with no year ("--11-30", as ISO 8601 truncates it) is
    "Nov 30 (no year)"; every other value as it is."""
    partial = _PARTIAL_DATE.fullmatch(value) if kind == "date" else None
    if partial is None or not 1 <= int(partial.group(1)) <= 12:
        return value
    return f"{_MONTH_ABBR[int(partial.group(1)) - 1]} {int(partial.group(2))} (no year)"


def context(member: ClaimMember, before: int = 20) -> str:
    """The words around the value in its sentence: the sentence from a few words before the value (where
    its span says, else where its numbers or words are found)."""
    text, (at, end) = member.sentence, member.span
    if 0 <= at < end <= len(text):
        cut = max(0, at - before)
        start = max(text.rfind(space, 0, cut) for space in " \t\n") + 1 if cut else 0
        return ("\u2026" if start else "") + " ".join(text[start:].split())
    sentence = " ".join(text.split())
    numbers = [rf"(?<![\w.,]){re.escape(n)}(?!\d|,\d)" for n in re.findall(r"\d+(?:[.,]\d+)*", member.value)]
    words = [rf"\b{re.escape(w[:5])}" for w in re.findall(r"[a-z]{4,}", member.value)]
    for probe in numbers + words:
        found = re.search(probe, sentence, re.I)
        if found:
            start = sentence.rfind(" ", 0, max(0, found.start() - before)) + 1
            return ("\u2026" if start else "") + sentence[start:]
    return sentence


def _claim_line(verdict: Verdict, member: ClaimMember, where: str) -> Text:
    """``where  value  context``: the context only when the value alone says too little."""
    line = _line(("  " + where, "dim"), "  ", (excerpt(_display(verdict, member), 200), "bold"))
    if verdict.kind in _VALUE_KINDS:
        line.append("  " + excerpt(context(member), 200), style="italic")
    return line


def _side_text(kind: str, members: Sequence[ClaimMember], names: dict[str, str], options: RenderOptions) -> Text:
    """One side of a conflict: its value, then each place that gives it with the sentence."""
    text = Text(excerpt(shown_value(kind, members[0].value), 60) or "(no value)", style="bold")
    for member in members:
        text.append(f"\n{strip_controls(member.source)} \u00b7 {names.get(member.path, member.path)}:{member.line}\n")
        text.append(excerpt(member.sentence, options.max_excerpt), style="italic")
    return text


def conflict_panel(verdict: Verdict, names: dict[str, str], options: RenderOptions) -> Panel:
    """A conflict: each side (value, places, sentences) in its own column, then the reason."""
    sides: dict[str, list[ClaimMember]] = {}
    for member in verdict.members:
        sides.setdefault(member.value, []).append(member)
    body: list[RenderableType] = []
    if 2 <= len(sides) <= _MAX_SIDES:
        table = Table(show_header=False, box=None, expand=True, padding=(0, 1), show_edge=False)
        for _ in sides:
            table.add_column(ratio=1, overflow="fold")
        table.add_row(*(_side_text(verdict.kind, side, names, options) for side in sides.values()))
        body.append(table)
    else:
        body.extend(_side_text(verdict.kind, side, names, options) for side in sides.values())
    body.append(Text("why: " + excerpt(verdict.reason, 200), style="dim"))
    subtype = strip_controls(verdict.subtype or verdict.kind)
    title = Text.assemble(
        (strip_controls(verdict.id), "bold"), " ", (f"{subtype} conflict", "red"), " \u00b7 ", (_badges(verdict), "dim")
    )
    return Panel(Group(*body), title=title, title_align="left", border_style="red")


def agreement_lines(verdict: Verdict, names: dict[str, str], options: RenderOptions) -> Group:
    """An agreement: what it is about, then each place with its value, one line each."""
    head = _line(
        ("\u2713 ", "green"),
        (strip_controls(verdict.id), "bold"),
        " ",
        _label(verdict),
        " \u00b7 ",
        (_badges(verdict), "dim"),
    )
    lines: list[RenderableType] = [head]
    for member in verdict.members[: options.max_members]:
        where = f"{names.get(member.path, member.path)}:{member.line}"
        lines.append(_claim_line(verdict, member, where))
    if len(verdict.members) > options.max_members:
        lines.append(Text(f"  \u2026 {len(verdict.members) - options.max_members} more places", style="dim"))
    return Group(*lines)


def single_source_lines(verdicts: Sequence[Verdict], names: dict[str, str], limit: int) -> list[RenderableType]:
    """Claims one source makes, grouped by article (in the story's order), one line each with the line
    number, at most ``limit`` of them, then how many more the JSON report has."""
    order = {path: i for i, path in enumerate(names)}
    ranked = sorted(
        (v for v in verdicts if v.members),
        key=lambda v: (order.get(v.members[0].path, len(order)), v.members[0].line),
    )
    out: list[RenderableType] = []
    current = None
    for verdict in ranked[:limit]:
        member = verdict.members[0]
        if member.path != current:
            current = member.path
            out.append(_line("  ", (names.get(member.path, member.path), "bold"), (f"  [{member.source}]", "dim")))
        out.append(_claim_line(verdict, member, f"  L{member.line:<3}"))
    if len(ranked) > limit:
        out.append(Text(f"  \u2026 {len(ranked) - limit} more (all in --format json)", style="dim"))
    return out


def story_heading(story: Story, articles: Sequence[Article], verdicts: Sequence[Verdict]) -> Text:
    """``Story S1 · 2 articles · 1 conflict, ...`` and the articles' paths and sources."""
    counts = {kind: sum(1 for v in verdicts if v.verdict == kind) for kind in VerdictKind}
    n = len(story.articles)
    text = Text(f"\nStory {strip_controls(story.id)}", style="bold underline")
    text.append(f" \u00b7 {n} article{'s' if n != 1 else ''} \u00b7 ")
    text.append(f"{counts[VerdictKind.CONFLICT]} conflicting", style=_STYLE[VerdictKind.CONFLICT])
    text.append(", ")
    text.append(f"{counts[VerdictKind.AGREE]} agreed", style=_STYLE[VerdictKind.AGREE])
    text.append(", ")
    text.append(f"{counts[VerdictKind.SINGLE_SOURCE]} single-source", style=_STYLE[VerdictKind.SINGLE_SOURCE])
    for index in story.articles[:_MAX_ARTICLES]:
        article = articles[index]
        text.append("\n  " + strip_controls(article.path))
        text.append(f"  [{strip_controls(article.source)}]", style="dim")
    if n > _MAX_ARTICLES:
        text.append(f"\n  \u2026 and {n - _MAX_ARTICLES} more", style="dim")
    return text


def story_renderables(
    story: Story,
    articles: Sequence[Article],
    verdicts: Sequence[Verdict],
    options: RenderOptions,
    limit: int = MAX_SINGLE,
) -> list[RenderableType]:
    """One story: its heading, then conflicts, agreements and (at most ``limit``) single-source claims."""
    names = short_names([articles[i].path for i in story.articles])
    parts: list[RenderableType] = [story_heading(story, articles, verdicts)]
    for kind in VerdictKind.CONFLICT, VerdictKind.AGREE, VerdictKind.SINGLE_SOURCE:
        of_kind = [v for v in verdicts if v.verdict == kind]
        if not of_kind:
            continue
        parts.append(Text(f"{_TITLE[kind]} ({len(of_kind)})", style=f"bold {_STYLE[kind]}"))
        if kind == VerdictKind.CONFLICT:
            parts.extend(conflict_panel(v, names, options) for v in of_kind)
        elif kind == VerdictKind.AGREE:
            parts.extend(agreement_lines(v, names, options) for v in of_kind)
        else:
            parts.extend(single_source_lines(of_kind, names, limit))
    return parts


def claims_summary(claims: ClaimsResult) -> Table:
    """Stories and verdicts by kind."""
    table = Table(title="dedupe claims", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("stories", str(len(claims.stories)))
    for kind in VerdictKind:
        table.add_row(kind.value, Text(str(claims.count(kind)), style=_STYLE[kind]))
    if claims.not_judged:
        table.add_row("not judged", Text(str(len(claims.not_judged)), style="red"))
    return table


def claims_renderables(report: Report, options: RenderOptions) -> list[RenderableType]:
    """The claims part of the terminal report (nothing when the claims stage did not run)."""
    claims = report.claims
    if claims is None:
        return []
    parts: list[RenderableType] = [claims_summary(claims)]
    by_story: dict[str, list[Verdict]] = {story.id: [] for story in claims.stories}
    for verdict in claims.verdicts:
        by_story.setdefault(verdict.story_id, []).append(verdict)
    quiet: list[str] = []
    failed = set(claims.not_judged)
    for story in claims.stories:
        if by_story[story.id]:
            parts.extend(story_renderables(story, report.scan.articles, by_story[story.id], options))
        elif story.id not in failed:
            quiet.append(story.id)
    if not claims.verdicts and not failed:
        parts.append(Text("\nNo claims found.", style="dim"))
    elif quiet:
        parts.append(quiet_stories(quiet))
    if failed:
        parts.append(not_judged_stories(claims.not_judged))
    return parts


def not_judged_stories(ids: Sequence[str]) -> Text:
    """One line naming the stories whose claims could not be judged (each told as a problem on stderr and in
    --format json), at most :data:`_MAX_QUIET` of them."""
    return Text(f"\nStories not judged, their claims left out ({len(ids)}): {_listed(ids, '')}", style="red")


def quiet_stories(ids: Sequence[str]) -> Text:
    """One line naming the stories none of whose articles makes a claim (they get no section), at most
    :data:`_MAX_QUIET` of them."""
    return Text(f"\nStories with no claims ({len(ids)}): {_listed(ids, ' (all in --format json)')}", style="dim")


def _listed(ids: Sequence[str], where_all: str) -> str:
    """The first :data:`_MAX_QUIET` story ids, and how many more (``where_all``: where they all are)."""
    shown = ", ".join(strip_controls(i) for i in ids[:_MAX_QUIET])
    return shown + (f", \u2026 {len(ids) - _MAX_QUIET} more{where_all}" if len(ids) > _MAX_QUIET else "")
