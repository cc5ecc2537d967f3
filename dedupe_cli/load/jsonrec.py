"""JSON articles: ``.json`` (one object or a list of them) and ``.jsonl``/``.ndjson``
(one object per line). Field names are configurable through :class:`LoadOptions`.

Each record's paragraphs are located at the record's first line. A malformed record
is reported with its file and line, and the other records are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dedupe_cli.load.base import Document, Loaded, LoadError, folder_source, format_of, read_text
from dedupe_cli.model import Problem
from dedupe_cli.options import LoadOptions


def _field(record: dict[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            if isinstance(value, list):
                return "\n\n".join(str(v) for v in value)
            return str(value)
    return ""


def _records_in_array(text: str, display: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """Yield (line, value) for each element of a top-level JSON array, in order."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    n = len(text)
    while pos < n:
        while pos < n and text[pos] in " \t\n,":
            pos += 1
        if pos >= n or text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            problems.append(Problem(display, f"malformed JSON: {exc.msg}; rest of the file skipped", line=exc.lineno))
            return
        yield line, value
        pos = end


def _records(path: Path, text: str, display: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    if format_of(path) in ("jsonl", "ndjson"):
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(display, f"malformed JSON record: {exc.msg}", line=number))
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _records_in_array(text, display, problems)
        return
    try:
        yield text[: len(text) - len(stripped)].count("\n") + 1, json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc


def load_json(path: Path, display: str, options: LoadOptions, data: bytes | None = None) -> Loaded:
    """Read the article records of a JSON or JSON Lines file."""
    out = Loaded()
    text = read_text(path, display, out.problems, data)
    for line, record in _records(path, text, display, out.problems):
        if not isinstance(record, dict):
            out.problems.append(Problem(display, "record is not a JSON object, skipped", line=line))
            continue
        body = _field(record, options.text_fields)
        if not body:
            fields = "/".join(options.text_fields)
            out.problems.append(Problem(display, f"record has no text field ({fields}), skipped", line=line))
            continue
        rid = _field(record, options.id_fields)
        out.documents.append(
            Document(
                id=rid or f"{display}:{line}",
                path=display,
                source=_field(record, options.source_fields) or folder_source(path),
                title=_field(record, options.title_fields),
                published=_field(record, options.published_fields),
                url=_field(record, options.url_fields),
                body=body.replace("\r\n", "\n"),
                fixed_line=line,
            )
        )
    return out
