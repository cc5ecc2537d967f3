"""Markdown articles (``.md``) with optional YAML front matter.

Front matter keys read: ``title``, ``source``, ``url``, ``published`` (also ``date``)
and ``id``. Values of any YAML type are turned into strings.
"""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.load.base import Document, Loaded, folder_source, read_text
from dedupe_cli.model import Problem


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, 1-based line of the body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def load_markdown(path: Path, display: str, data: bytes | None = None) -> Loaded:
    """Read a Markdown article and its front matter; a malformed header is warned about."""
    out = Loaded()
    text = read_text(path, display, out.problems, data)
    header, body, body_line = _split_front_matter(text)
    if header is None and text.split("\n", 1)[0].strip() == "---":
        out.problems.append(Problem(display, "front matter is not closed (no second ---), read as text", line=1))
    meta: dict[str, object] = {}
    if header is not None:
        import yaml  # only for a file with front matter: most runs never need it

        try:
            parsed = yaml.safe_load(header)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            out.problems.append(Problem(display, "malformed YAML front matter, ignored", line=line))
            parsed = None
        if isinstance(parsed, dict):
            meta = {str(k).lower(): v for k, v in parsed.items()}
        elif parsed is not None:
            out.problems.append(Problem(display, "front matter is not a mapping, ignored", line=1))

    def get(*keys: str) -> str:
        for key in keys:
            value = meta.get(key)
            if value not in (None, ""):
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
