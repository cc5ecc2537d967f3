"""Plain-text articles (``.txt``): the whole file is the body."""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.load.base import Document, Loaded, folder_source, read_text


def load_text(path: Path, display: str) -> Loaded:
    """Read a plain-text article; its title is a short first line, if it has one."""
    out = Loaded()
    text = read_text(path, display, out.problems)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    title = first if len(first.split()) <= 25 and not first.endswith((".", "!", "?")) else ""
    out.documents.append(Document(id=display, path=display, source=folder_source(path), title=title, body=text))
    return out
