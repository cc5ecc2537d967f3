"""Plain-text articles (``.txt``): the whole file is the body."""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.load.base import Document, Loaded, folder_source, read_text


def load_text(path: Path, display: str, data: bytes | None = None, limit: int = 0) -> Loaded:
    """Read a plain-text article; its title is a short first line, if it has one (``limit``: as
    :func:`~dedupe_cli.load.base.read_text` takes it)."""
    out = Loaded()
    text = read_text(path, display, out.problems, data, limit)
    first = text.lstrip().partition("\n")[0].strip()  # the first line that is not blank
    title = first if len(first.split(None, 25)) <= 25 and not first.endswith((".", "!", "?")) else ""
    out.documents.append(Document(id=display, path=display, source=folder_source(path), title=title, body=text))
    return out
