"""The versioned JSON document of a scan (schema: ``dedupe schema scan``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from dedupe_cli import __version__
from dedupe_cli.article_json import article_dict
from dedupe_cli.articles import ArticleTable, Meta
from dedupe_cli.findinglist import views_and_ids
from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.encode import Checked, Fragment, dumps, dumps_bytes, fragment_text, same_float
from dedupe_cli.format.json_claims import claims_sections, problem_dict
from dedupe_cli.model import Article, Finding, FindingKind, Problem, Report, ScanResult

#: The version of the scan document's layout; bump the major part on breaking changes.
SCHEMA_VERSION = "1.0"


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON-ready dict."""
    members = [
        {
            "article_id": m.article_id,
            "path": m.path,
            "source": m.source,
            "line_start": m.line_start,
            "line_end": m.line_end,
            "similarity": round(m.similarity, 6),
            "text": m.text,
        }
        for m in finding.members
    ]
    plain = all(type(s) is float and same_float(s) for s in (m["similarity"] for m in members))
    return {
        "id": finding.id,
        "kind": finding.kind.value,
        "similarity": round(finding.similarity, 6),
        "fingerprint": finding.fingerprint,
        "members": Checked(members) if plain else members,
    }


#: A finding's JSON starts so in the document (its id is the first key).
_FINDING_START = b"{\n" + b" " * 6 + b'"id": '


def finding_fragment(finding: Finding) -> bytes | None:
    """The finding's JSON without its id, indented as it stands in the report's findings list
    (None when only the standard library writes it as the report does, e.g. a lone surrogate)."""
    body = finding_dict(finding)
    del body["id"]
    return fragment_text(body, 2)


def _with_id(given: str, body: bytes | memoryview, before: bytes = b"") -> tuple[bytes, memoryview]:
    """The pieces of a finding's text in the document, after ``before``: its kept JSON ``body`` with its id
    ``given`` put in (two pieces: the writes are of whole lists of them)."""
    if given.isascii() and given.isalnum():
        head = b'%s%s"%s",' % (before, _FINDING_START, given.encode())
    else:
        head = before + _FINDING_START + orjson.dumps(given) + b","
    return head, memoryview(body)[1:]


def _finding(finding: Finding) -> Any:
    """The finding as the document holds it: its fragment with its id put in, when it has one."""
    body = finding.fragment_view()
    if body is None:
        return finding_dict(finding)
    return Fragment(b"".join(_with_id(finding.id, body)), lambda: finding_dict(finding))


#: What stands between two findings in the document's findings list, and after the last.
_BETWEEN, _END = b",\n" + b" " * 4, b"\n" + b" " * 2 + b"]"


def _findings_text(findings: Sequence[Finding]) -> list[bytes | memoryview] | None:
    """The findings list's JSON text in pieces, when every finding has its JSON already (a warm
    re-scan's tens of thousands: no object per finding, each piece a view of the scan state), else None."""
    bodies, ids = views_and_ids(findings)
    if not findings or any(body is None for body in bodies):
        return None
    pieces: list[bytes | memoryview] = [b"[\n    "]
    before = b""
    for given, body in zip(ids, bodies, strict=True):
        assert body is not None
        pieces.extend(_with_id(given, body, before))
        before = _BETWEEN
    pieces.append(_END)
    return pieces


def _findings(findings: Sequence[Finding]) -> Any:
    """The findings list as the document holds it: one fragment of text when every finding has its
    JSON already, else item by item."""
    pieces = _findings_text(findings)
    if pieces is None:
        return [_finding(f) for f in findings]
    return Fragment(b"".join(pieces), lambda: [finding_dict(f) for f in findings])


#: Stands for the findings list in a document written around it: a raw NUL, which JSON text
#: elsewhere holds only escaped.
_MARK = b"\x00findings\x00"


def scan_document(
    result: ScanResult, findings: Any = None, problems: Sequence[Problem] | None = None
) -> dict[str, Any]:
    """The scan as the JSON-ready dict the schema describes (``findings``: what stands for the
    findings list, when not the list itself; ``problems``: the run's, when not only the scan's)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "params": result.params,
        "summary": {
            "articles": len(result.articles),
            "paragraphs": result.paragraph_count,
            "findings": {kind.value: result.count(kind) for kind in FindingKind},
        },
        "articles": _articles(result),
        "findings": _findings(result.findings) if findings is None else findings,
        "problems": [problem_dict(p) for p in (result.problems if problems is None else problems)],
    }


def _articles(result: ScanResult) -> Any:
    """The articles list as the document holds it: the text the scan state kept, when there is one."""

    def listed() -> Checked:
        return Checked(article_dict(m, units) for m, units in _article_meta(result.articles))

    text = result.articles_json() if result.articles_json is not None else None
    return listed() if text is None else Fragment(text, listed)


def _article_meta(articles: Sequence[Article]) -> Iterator[tuple[Meta, int]]:
    """Each article's metadata and paragraph count (from the compact table without building articles)."""
    if isinstance(articles, ArticleTable):
        yield from articles.meta()
        return
    for a in articles:
        yield (a.id, a.path, a.source, a.title, a.published, a.url, a.body_line), len(a.paragraphs)


class JsonFormatter:
    """Renders the scan document as indented JSON (non-ASCII kept as is)."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The JSON document, ending in a newline."""
        return dumps(self._document(report)) + "\n"

    def render_pieces(self, report: Report, options: RenderOptions) -> list[bytes | memoryview]:
        """:meth:`render`'s text in UTF-8 (a lone surrogate from a file name as its escape), as bytes
        written one piece after the other: a large report is never decoded and encoded again, and
        when every finding has its JSON already, the document is written around the findings list,
        whose pieces are the scan state's text as it stands (no copy of tens of megabytes)."""
        pieces = _findings_text(report.scan.findings)
        if pieces is not None:
            text = dumps_bytes(self._document(report, Fragment(_MARK, list)), newline=True)
            if isinstance(text, bytes):
                # the mark once: the text around it, not copied. It is near the end (after the articles), and
                # a NUL before it would be another (one byte is looked for at memory speed: 0.5 ms, not 5)
                at = text.rfind(_MARK)
                if at >= 0 and text.find(b"\x00", 0, at) < 0:
                    view = memoryview(text)
                    return [view[:at], *pieces, view[at + len(_MARK) :]]
        text = dumps_bytes(self._document(report), newline=True)
        return [text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")]

    @staticmethod
    def _document(report: Report, findings: Any = None) -> dict[str, Any]:
        doc = scan_document(report.scan, findings, report.problems)
        if report.claims is not None:
            doc["params"] = {**doc["params"], **report.claims.params}
            doc.update(claims_sections(report.scan, report.claims))
        if report.gate is not None:
            from dedupe_cli.format.issues import gate_dict  # and the issue formats' machinery: dedupe check only

            doc["check"] = gate_dict(report)
        return doc
