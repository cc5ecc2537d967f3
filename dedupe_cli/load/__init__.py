"""Loaders: one module per input format behind :func:`load_file`.

The HTML loader is imported when a page is first read, yaml (Markdown front matter) when
a header is first parsed: a run over plain text never pays for them.
"""

from __future__ import annotations

from pathlib import Path

from dedupe_cli.load.base import Document, Loaded, LoadError, format_of
from dedupe_cli.load.jsonrec import load_json
from dedupe_cli.load.markdown import load_markdown
from dedupe_cli.load.text import load_text
from dedupe_cli.model import Problem
from dedupe_cli.options import LoadOptions

__all__ = ["Document", "LoadError", "Loaded", "load_file"]


def load_file(path: Path, display: str, options: LoadOptions, data: bytes | None = None) -> Loaded:
    """Read the articles of one file, whatever its format; never raises.

    ``data``, when given, is the file's content already read. A file that cannot be read
    at all, or is larger than ``options.max_file_size``, gives an empty result with one problem.
    """
    fmt = format_of(path)
    try:
        if fmt in ("md", "markdown"):
            return load_markdown(path, display, data, options.max_file_size)
        if fmt in ("html", "htm"):
            from dedupe_cli.load.html import load_html  # with logging: only when a page is read

            return load_html(path, display, data, options.max_file_size)
        if fmt in ("json", "jsonl", "ndjson"):
            return load_json(path, display, options, data)
        return load_text(path, display, data, options.max_file_size)
    except LoadError as exc:
        return Loaded(problems=[Problem(display, str(exc))])
    except RecursionError:
        return Loaded(problems=[Problem(display, "nested too deeply to read, skipped")])
    except Exception as exc:  # a parser's unforeseen failure on one file must not stop the run
        return Loaded(problems=[Problem(display, f"could not be read ({type(exc).__name__}: {exc}), skipped")])
