"""HTML pages: main text, title and the page's own publication date, through trafilatura."""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from laborwatch.errors import InputError
from laborwatch.model import PublishedSource, RawDocument

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_html(source: str, html: str) -> RawDocument:
    """The page's main text, with its title, canonical URL and date when the page states them."""
    extracted = _extract(html)
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not text:
        raise InputError("no main text found in the HTML page")
    published = _page_date(getattr(extracted, "date", None))
    url = getattr(extracted, "url", None)
    return RawDocument(
        source=source,
        text=text,
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        title=getattr(extracted, "title", None) or None,
        published=published,
        published_source=PublishedSource.PAGE if published else None,
        language=getattr(extracted, "language", None) or None,
    )


def _extract(html: str) -> Any:
    # original_date: the date the page was first published, not its last edit; no
    # extensive_search, so the date comes from the page's markup, never guessed from its text
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )


def _page_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    date = value.strip()[:10]
    return date if DATE.match(date) else None
