"""Markdown articles (``.md``) with optional YAML front matter.

Front matter keys read: ``title``, ``source``, ``url``, ``published`` (also ``date``)
and ``id``. Their values are strings, numbers or dates; a list or a mapping is ignored
with a warning. Front matter that cannot be read (bad YAML, an impossible date, a number
too long, nesting deeper than :data:`MAX_DEPTH`, any alias) is ignored with a warning
and the body is still read.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dedupe_cli.load.base import Document, Loaded, folder_source, read_text
from dedupe_cli.model import Problem

if TYPE_CHECKING:
    import yaml

#: How deeply front matter may nest collections; a header needs two or three levels.
MAX_DEPTH = 50


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """The SafeLoader for front matter: no aliases, bounded depth, errors marked with their line."""
    import yaml  # only for a file with front matter: most runs never need it

    class FrontMatterLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            is_alias = self.check_event(yaml.AliasEvent)  # check_event leaves the event in current_event
            mark = self.current_event.start_mark
            # an alias repeats its anchor's whole tree: nine nested ones make a billion nodes
            if is_alias:
                raise yaml.composer.ComposerError(None, None, "aliases are not allowed", mark)
            if self.depth >= MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, "nested too deeply", mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, OverflowError) as exc:  # a date out of range, an integer too long
                long_int = node.tag == "tag:yaml.org,2002:int" and isinstance(exc, ValueError)
                problem = "an integer too long to read" if long_int else str(exc)
                raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from exc

    return FrontMatterLoader


def _unusable_kind(value: object) -> str | None:
    """How a warning names ``value`` if it is not a single string, number or date, else None."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | set | tuple):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    return None


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, 1-based line of the body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def _parse_front_matter(header: str, display: str, problems: list[Problem]) -> tuple[dict[str, object], dict[str, int]]:
    """The front matter's keys (lower case) with their values and their file lines; a problem if unreadable."""
    import yaml

    loader = _loader()(header)
    try:
        node = loader.get_single_node()
        parsed = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) if isinstance(exc, yaml.YAMLError) else "nested too deeply"
        why = f" ({' '.join(str(problem).split())})" if problem else ""
        problems.append(Problem(display, f"malformed YAML front matter{why}, ignored", line=line))
        return {}, {}
    finally:
        loader.dispose()
    if not isinstance(parsed, dict):
        if parsed is not None:
            problems.append(Problem(display, "front matter is not a mapping, ignored", line=1))
        return {}, {}
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    lines = {str(key.value).lower(): key.start_mark.line + 2 for key, _ in pairs}
    return {str(k).lower(): v for k, v in parsed.items()}, lines


def load_markdown(path: Path, display: str, data: bytes | None = None, limit: int = 0) -> Loaded:
    """Read a Markdown article and its front matter; a malformed header is warned about (``limit``: as
    :func:`~dedupe_cli.load.base.read_text` takes it)."""
    out = Loaded()
    text = read_text(path, display, out.problems, data, limit)
    header, body, body_line = _split_front_matter(text)
    if header is None and text.split("\n", 1)[0].strip() == "---":
        out.problems.append(Problem(display, "front matter is not closed (no second ---), read as text", line=1))
    meta, lines = _parse_front_matter(header, display, out.problems) if header is not None else ({}, {})

    def get(*keys: str) -> str:
        for key in keys:
            value = meta.get(key)
            if value is None or value == "":
                continue
            kind = _unusable_kind(value)
            if kind is not None:
                message = f'front matter "{key}" is {kind}, not a single value; ignored'
                out.problems.append(Problem(display, message, line=lines.get(key, 1)))
                continue
            return str(value)
        return ""

    out.documents.append(
        Document(
            id=get("id") or display,
            path=display,
            source=get("source") or folder_source(path),
            title=get("title"),
            published=get("published", "date"),
            url=get("url"),
            body=body,
            body_line=body_line,
        )
    )
    return out
