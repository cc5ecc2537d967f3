"""HTML pages (``.html``, ``.htm``): main text and metadata through trafilatura.

trafilatura drops navigation, comments and related links, and in its precision mode promotions inside the
article ("enter our $1,000,000 challenge"); tables in the article are kept. The extracted text does not
keep the page's lines, so each paragraph is located by looking its opening words up
in the raw page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

from dedupe_cli.load.base import Document, Loaded, LoadError, folder_source, read_text

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def load_html(path: Path, display: str, data: bytes | None = None, limit: int = 0) -> Loaded:
    """Extract the article body and metadata of an HTML page (``limit``: as
    :func:`~dedupe_cli.load.base.read_text` takes it)."""
    out = Loaded()
    import trafilatura  # 0.2 s to import: only when an HTML page is read

    raw = read_text(path, display, out.problems, data, limit)
    try:
        doc = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise LoadError(f"HTML could not be parsed: {exc}") from exc
    if isinstance(doc, dict) or doc is None or not getattr(doc, "text", None):
        raise LoadError("no article text found in the HTML page")
    url = getattr(doc, "url", None) or ""
    site = getattr(doc, "sitename", None) or (urlparse(url).hostname if url else None)
    out.documents.append(
        Document(
            id=display,
            path=display,
            source=site or folder_source(path),
            title=getattr(doc, "title", None) or "",
            published=getattr(doc, "date", None) or "",
            url=url,
            body=str(doc.text),
            locate_in=raw,
        )
    )
    return out
