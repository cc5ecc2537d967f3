"""JSON text of report documents: the standard library's bytes, written by orjson when that is the same.

``json.dumps`` with an indent runs in pure Python (about 1.3 s for the 55 MB report of a
million paragraphs); orjson writes the same text some ten times faster for the values a
report holds. It writes str, int, bool, None, lists, tuples and dicts with str keys
exactly as ``json.dumps(..., ensure_ascii=False)`` does (``indent=2``, or the compact
separators), every code point escaped the same way, and floats the same except those
Python writes with an exponent below 1e-4 (``1e-05``: orjson ``1e-5``) and NaN or
infinity (orjson ``null``). :func:`dumps` looks at the document first and leaves
anything else to the standard library, so the text never depends on which one wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

_SCALARS = frozenset({str, int, bool, type(None)})
_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


class Fragment:
    """JSON text written already, indented for the depth it stands at in the document
    (``json.dumps(..., indent=2)`` nested there), and a way to build the value it stands
    for, which the standard library writes when orjson cannot write the document.

    Args:
        text: the JSON text.
        value: builds the value.
    """

    __slots__ = ("text", "value")

    def __init__(self, text: bytes, value: Callable[[], Any]) -> None:
        self.text = text
        self.value = value


class Checked(list[Any]):
    """A list its builder vouches for: only str, int, bool and None inside, and floats that
    :func:`same_float` accepts, in lists and dicts with str keys; :func:`dumps` does not look
    into it again."""


def same_float(value: float) -> bool:
    """Whether orjson writes this float as ``repr`` does (0, or finite and at least 1e-4 in magnitude)."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def _plain(value: Any) -> bool:
    """Whether orjson writes ``value`` as the standard library does."""
    kind = type(value)
    if kind in _SCALARS or kind is Checked or kind is Fragment:
        return True
    if kind is float:
        return same_float(value)
    if kind is dict:
        return all(type(key) is str for key in value) and all(_plain(item) for item in value.values())
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    return False


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _insert(value: Any) -> Any:
    if type(value) is Fragment:
        return orjson.Fragment(value.text)
    raise TypeError(type(value).__name__)


def dumps(doc: Any, indent: bool = True, default: Callable[[Any], Any] | None = str) -> str:
    """``json.dumps(doc, ensure_ascii=False, default=default)`` with ``indent=2`` (else compact
    separators), byte for byte."""
    text = dumps_bytes(doc, indent, default)
    return text if isinstance(text, str) else text.decode("utf-8")


def dumps_bytes(
    doc: Any, indent: bool = True, default: Callable[[Any], Any] | None = str, newline: bool = False
) -> bytes | str:
    """:func:`dumps`'s text (and a newline, with ``newline``), as UTF-8 bytes when orjson writes it (no
    decoding of a large document), else as the standard library's str."""
    text = _by_orjson(doc, indent, orjson.OPT_APPEND_NEWLINE if newline else 0)
    if text is not None:
        return text
    end = "\n" if newline else ""

    def expand(value: Any) -> Any:
        if type(value) is Fragment:
            return value.value()
        if default is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        return default(value)

    if indent:
        return json.dumps(doc, ensure_ascii=False, indent=2, default=expand) + end
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=expand) + end


def fragment_text(value: Any, depth: int) -> bytes | None:
    """``value``'s indented JSON as it stands ``depth`` levels deep in a document :func:`dumps`
    writes, or None when orjson would not write it as the standard library does."""
    text = _by_orjson(value, True)
    return None if text is None else text.replace(b"\n", b"\n" + b"  " * depth)  # JSON strings hold no raw newline


def _by_orjson(doc: Any, indent: bool, extra: int = 0) -> bytes | None:
    """``doc``'s JSON by orjson (``extra``: more of its options), None where it would not be the standard
    library's text (a type orjson writes its own way, a lone surrogate, a huge int)."""
    if not _plain(doc):
        return None
    # fragments are indented text: a compact document has the standard library expand them
    hook, option = (_insert, _OPTIONS | orjson.OPT_INDENT_2) if indent else (_refuse, _OPTIONS)
    try:
        text: bytes = orjson.dumps(doc, default=hook, option=option | extra)
    except (orjson.JSONEncodeError, TypeError):
        return None
    return text
