"""HTML to PDF with WeasyPrint, fetching nothing (SECURITY.md: reports are rendered from escaped text with
a fetcher that refuses everything outside our own static files).

A report's HTML carries its stylesheet inline and draws its charts as inline SVG, so a report needs no
fetch at all: `Fetcher` refuses every URL, whatever its scheme (`file://`, `http://`, an internal address,
`data:`), except our own static files named `static:<path>`. A name or a note that slipped an `<img>`
or a `url()` past escaping would still fetch nothing, and each refusal is logged without the URL's
query so that no pupil detail reaches the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static:"


class RefusedFetch(ValueError):
    """A report asked for something outside our static files."""


class Fetcher(URLFetcher):
    """Deny by default: only `static:<path>` of our own static files is read."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_SCHEME):
            found = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
            if found:
                return URLFetcherResponse(url, body=Path(found).read_bytes())
        scheme = url.split(":", 1)[0][:10]
        self.refused.append(url)
        logger.warning("A report asked to fetch a %s: URL; refused", scheme)
        raise RefusedFetch("Reports fetch nothing")


def static_text(path: str) -> str:
    """One of our static files as text, to inline in a report (its stylesheet)."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    pages: int


def render_pdf(html: str, *, fetcher: Fetcher | None = None) -> Rendered:
    """The PDF of a finished HTML document. Relative URLs resolve against nothing."""
    laid_out = HTML(string=html, base_url=None, url_fetcher=fetcher or Fetcher()).render()
    return Rendered(content=laid_out.write_pdf(), pages=len(laid_out.pages))
