"""The terminal report of the claims stage: per story, conflicts first (each side side by
side, with its sources and lines), then agreements, then claims only one source makes.

Article text reaches the terminal only as :class:`rich.text.Text` (never parsed as
markup) after control characters and escape sequences are stripped.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
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


def _where(member: ClaimMember) -> Text:
    """``source · path:line``, shown literally."""
    return Text.assemble(
        (strip_controls(member.source), "bold"), " \u00b7 ", (f"{strip_controls(member.path)}:{member.line}", "dim")
    )


def _value(member: ClaimMember) -> Text:
    return Text(excerpt(member.value, 60) or "(no value)", style="bold")


def _indented(renderable: RenderableType, indent: int) -> Padding:
    """``renderable`` indented, so that its wrapped lines keep the indent."""
    return Padding(renderable, (0, 0, 0, indent), expand=False)


def _sides(verdict: Verdict) -> list[list[ClaimMember]]:
    """The members grouped by the value they give, in order of first appearance."""
    sides: dict[str, list[ClaimMember]] = {}
    for member in verdict.members:
        sides.setdefault(member.value, []).append(member)
    return list(sides.values())


def _side_text(members: Sequence[ClaimMember], options: RenderOptions) -> Text:
    """One side of a conflict: its value, then each place that gives it with the sentence."""
    text = _value(members[0])
    for member in members:
        text.append("\n" + strip_controls(member.source), style="bold")
        text.append(f"\n{strip_controls(member.path)}:{member.line}\n", style="dim")
        text.append(excerpt(member.sentence, options.max_excerpt), style="italic")
    return text


def _badges(verdict: Verdict) -> str:
    notes = [f"{verdict.independent_sources} independent source{'s' if verdict.independent_sources != 1 else ''}"]
    if verdict.approximate:
        notes.append("approximate")
    if verdict.possible_update:
        notes.append("possible update")
    return ", ".join(notes)


def _title(verdict: Verdict) -> Text:
    label = verdict.verdict.value + (f" ({verdict.subtype})" if verdict.subtype else "")
    return Text.assemble(
        (strip_controls(verdict.id), "bold"),
        " ",
        (label, _STYLE[verdict.verdict]),
        f"  {strip_controls(verdict.kind)}  ",
        (_badges(verdict), "dim"),
    )


def conflict_panel(verdict: Verdict, options: RenderOptions) -> Panel:
    """A conflict: each side (value, places, sentences) in its own column, then the reason."""
    sides = _sides(verdict)
    body: list[RenderableType] = []
    if 2 <= len(sides) <= _MAX_SIDES:
        table = Table(show_header=False, box=None, expand=True, padding=(0, 1), show_edge=False)
        for _ in sides:
            table.add_column(ratio=1, overflow="fold")
        table.add_row(*(_side_text(side, options) for side in sides))
        body.append(table)
    else:
        body.extend(_side_text(side, options) for side in sides)
    body.append(Text("why: " + excerpt(verdict.reason, 200), style="dim"))
    return Panel(Group(*body), title=_title(verdict), title_align="left", border_style=_STYLE[verdict.verdict])


def _member_lines(member: ClaimMember, options: RenderOptions, with_value: bool) -> list[RenderableType]:
    head = Text.assemble(_value(member), "  ", _where(member)) if with_value else _where(member)
    sentence = Text(excerpt(member.sentence, options.max_excerpt), style="italic")
    return [_indented(head, 2), _indented(sentence, 4)]


def agreement_lines(verdict: Verdict, options: RenderOptions) -> Group:
    """An agreement: its title and reason, then each place with its value and sentence."""
    parts: list[RenderableType] = [
        Text.assemble(("\u2713 ", "green"), _title(verdict)),
        _indented(Text(excerpt(verdict.reason, 200), style="dim"), 2),
    ]
    for member in verdict.members:
        parts.extend(_member_lines(member, options, with_value=True))
    return Group(*parts)


def single_source_line(verdict: Verdict, options: RenderOptions) -> Group:
    """A claim one source makes: its value, where it stands and the sentence."""
    title = Text.assemble(
        ("\u00b7 ", "blue"), (strip_controls(verdict.id), "bold"), f" {strip_controls(verdict.kind)} "
    )
    if not verdict.members:
        return Group(title)
    member = verdict.members[0]
    title.append_text(_value(member))
    return Group(title, *_member_lines(member, options, with_value=False))


def story_heading(story: Story, articles: Sequence[Article], verdicts: Sequence[Verdict]) -> Text:
    """``Story S1: 2 articles, 1 conflict, ...`` and the articles' paths and sources."""
    counts = {kind: sum(1 for v in verdicts if v.verdict == kind) for kind in VerdictKind}
    text = Text(f"\nStory {strip_controls(story.id)}", style="bold underline")
    text.append(f"  {len(story.articles)} article{'s' if len(story.articles) != 1 else ''}: ")
    text.append(f"{counts[VerdictKind.CONFLICT]} conflicting", style=_STYLE[VerdictKind.CONFLICT])
    text.append(", ")
    text.append(f"{counts[VerdictKind.AGREE]} agreed", style=_STYLE[VerdictKind.AGREE])
    text.append(", ")
    text.append(f"{counts[VerdictKind.SINGLE_SOURCE]} single-source", style=_STYLE[VerdictKind.SINGLE_SOURCE])
    for index in story.articles[:_MAX_ARTICLES]:
        article = articles[index]
        text.append("\n  " + strip_controls(article.path))
        text.append(f"  [{strip_controls(article.source)}]", style="dim")
    if len(story.articles) > _MAX_ARTICLES:
        text.append(f"\n  \u2026 and {len(story.articles) - _MAX_ARTICLES} more", style="dim")
    return text


def story_renderables(
    story: Story, articles: Sequence[Article], verdicts: Sequence[Verdict], options: RenderOptions
) -> list[RenderableType]:
    """One story: its heading, then conflicts, agreements and single-source claims."""
    parts: list[RenderableType] = [story_heading(story, articles, verdicts)]
    for kind in VerdictKind.CONFLICT, VerdictKind.AGREE, VerdictKind.SINGLE_SOURCE:
        of_kind = [v for v in verdicts if v.verdict == kind]
        if not of_kind:
            continue
        parts.append(Text(f"{_TITLE[kind]} ({len(of_kind)})", style=f"bold {_STYLE[kind]}"))
        for verdict in of_kind:
            if kind == VerdictKind.CONFLICT:
                parts.append(conflict_panel(verdict, options))
            elif kind == VerdictKind.AGREE:
                parts.append(agreement_lines(verdict, options))
            else:
                parts.append(single_source_line(verdict, options))
    return parts


def claims_summary(claims: ClaimsResult) -> Table:
    """Stories and verdicts by kind."""
    table = Table(title="dedupe claims", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("stories", str(len(claims.stories)))
    for kind in VerdictKind:
        table.add_row(kind.value, Text(str(claims.count(kind)), style=_STYLE[kind]))
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
    for story in claims.stories:
        parts.extend(story_renderables(story, report.scan.articles, by_story[story.id], options))
    if not claims.verdicts:
        parts.append(Text("\nNo claims found.", style="dim"))
    return parts
