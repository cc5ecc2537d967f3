"""An article's ``published`` value read as a date.

Feeds and scrapers write it in two shapes: ISO dates and date-times ("2008-12-23",
"2008-12-23T10:00:00Z") and e-mail style dates ("Tue, 23 Dec 2008 10:00:00 GMT", RFC 2822,
as RSS gives them). Story grouping (the days between two reports) and the claims stage
(the base of "on Friday", "yesterday") read it alike through :func:`published_date`.
"""

from __future__ import annotations

from datetime import date

__all__ = ["published_date"]


def published_date(published: str) -> date | None:
    """The calendar date of a ``published`` value (the day as written, in its own time zone), or None
    when it is neither an ISO nor an e-mail style date."""
    text = published.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # only here: email and socket cost a scan 5 ms to import

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
