"""JSON articles: ``.json`` (one object or a list of them) and ``.jsonl``/``.ndjson``
(one object per line). Field names are configurable through :class:`LoadOptions`.

Each record's paragraphs are located at the record's first line. A malformed record
is reported with its file and line, and the other records are still read.

Field values: the text and title are a string or a list of strings (joined as
paragraphs); the source, url and published date a string or a number; the id a string
or an integer. A value of another type is ignored with a warning naming the record's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from dedupe_cli.load.base import Document, Loaded, LoadError, folder_source, format_of, read_text
from dedupe_cli.model import Problem
from dedupe_cli.options import LoadOptions


class _LongNumber:
    """An integer with more digits than Python converts (``sys.get_int_max_str_digits``)."""

    __slots__ = ()


def _parse_int(digits: str) -> int | _LongNumber:
    # json's own int() would raise ValueError and lose the whole record (or array) it sits in
    try:
        return int(digits)
    except ValueError:
        return _LongNumber()


_DECODER = json.JSONDecoder(parse_int=_parse_int)

# a JSON string (skipped whole) or a bracket: enough to find where a nested value ends
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)

#: What each kind of field accepts: text and title ("text"), source, url and date ("meta"), id ("id").
_Kind = Literal["text", "meta", "id"]
_ALLOWED: dict[_Kind, str] = {
    "text": "a string or a list of strings",
    "meta": "a string or a number",
    "id": "a string or an integer",
}


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, _LongNumber):
        return "a number too long to read"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _as_text(value: object, kind: _Kind) -> str | None:
    """``value`` as the text of a field of ``kind``, or None if that kind does not accept its type."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if kind == "text":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n\n".join(value)
        return None
    if isinstance(value, int) or (kind == "meta" and isinstance(value, float)):
        return str(value)
    return None


def _field(record: dict[str, Any], names: tuple[str, ...], kind: _Kind, bad: list[str]) -> str:
    """The first of ``names`` set in ``record`` to a usable value; unusable ones are added to ``bad``."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        text = _as_text(value, kind)
        if text is None:
            bad.append(f'field "{name}" is {_type_name(value)}, not {_ALLOWED[kind]}')
        elif text.strip():
            return text
    return ""


def _value_end(text: str, pos: int) -> int | None:
    """The end of the array or object starting at ``pos``, by bracket counting; None if it is not closed."""
    depth = 0
    for match in _TOKEN.finditer(text, pos):
        token = match.group()
        if token[0] in "[{":
            depth += 1
        elif token[0] in "]}":
            depth -= 1
            if depth == 0:
                return match.end()
    return None


def _records_in_array(text: str, display: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """Yield (line, value) for each element of a top-level JSON array, in order."""
    pos = text.index("[") + 1
    n = len(text)
    line, counted = 1, 0  # the line of text[counted]: lines are counted once, not from the start per record
    while pos < n:
        while pos < n and text[pos] in " \t\n,":
            pos += 1
        if pos >= n or text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            problems.append(Problem(display, f"malformed JSON: {exc.msg}; rest of the file skipped", line=exc.lineno))
            return
        except RecursionError:
            after = _value_end(text, pos)
            tail = "" if after is not None else "; rest of the file skipped"
            problems.append(Problem(display, f"record nested too deeply to read, skipped{tail}", line=line))
            if after is None:
                return
            pos = after
            continue
        yield line, value
        pos = end


def _records(path: Path, text: str, display: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    if format_of(path) in ("jsonl", "ndjson"):
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                yield number, _DECODER.decode(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(display, f"malformed JSON record: {exc.msg}", line=number))
            except RecursionError:
                problems.append(Problem(display, "record nested too deeply to read, skipped", line=number))
            except ValueError as exc:  # a parser limit other than nesting: this line only
                problems.append(Problem(display, f"record could not be read ({exc}), skipped", line=number))
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _records_in_array(text, display, problems)
        return
    try:
        yield text[: len(text) - len(stripped)].count("\n") + 1, _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc


def load_json(path: Path, display: str, options: LoadOptions, data: bytes | None = None) -> Loaded:
    """Read the article records of a JSON or JSON Lines file.

    A record without an id is named ``path:line``, and ``path:line#2``, ``#3``... for
    the further records that start on the same line (a minified array).
    """
    out = Loaded()
    text = read_text(path, display, out.problems, data, options.max_file_size)
    last_line, nth = 0, 0
    for line, record in _records(path, text, display, out.problems):
        nth = nth + 1 if line == last_line else 1
        last_line = line
        if not isinstance(record, dict):
            out.problems.append(Problem(display, "record is not a JSON object, skipped", line=line))
            continue
        bad: list[str] = []
        body = _field(record, options.text_fields, "text", bad)
        if not body:
            fields = "/".join(options.text_fields)
            reason = "; ".join(bad) + "; record" if bad else f"record has no text field ({fields}),"
            out.problems.append(Problem(display, f"{reason} skipped", line=line))
            continue
        rid = _field(record, options.id_fields, "id", bad)
        doc = Document(
            id=rid or (f"{display}:{line}" if nth == 1 else f"{display}:{line}#{nth}"),
            path=display,
            source=_field(record, options.source_fields, "meta", bad) or folder_source(path),
            title=_field(record, options.title_fields, "text", bad),
            published=_field(record, options.published_fields, "meta", bad),
            url=_field(record, options.url_fields, "meta", bad),
            body=body.replace("\r\n", "\n"),
            fixed_line=line,
        )
        out.problems.extend(Problem(display, f"{reason}; ignored", line=line) for reason in bad)
        out.documents.append(doc)
    return out
