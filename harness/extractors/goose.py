"""goose3: title, published date, authors, language and body, from the page alone.

Goose is given the page as `raw_html` (so it fetches nothing; an empty page is never handed
over, since goose would then download the url) and image fetching is off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.comparison import dates
from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("title", "published", "authors", "language", "body")
OPTIONS: dict[str, type] = {
    "target_language": str,
    "use_meta_language": bool,
    "parse_lists": bool,
    "pretty_lists": bool,
    "parse_headers": bool,
    "keep_footnotes": bool,
}
OFFLINE = {"enable_image_fetching": False}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "goose3", "goose3", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)

    def extract(capture: Capture) -> Record:
        from goose3 import Goose

        html = capture.text()
        if not html.strip():  # goose would download the url instead, or lxml refuse the page
            return Record()
        with Goose({**settings, **OFFLINE}) as goose:
            article = goose.extract(url=capture.url, raw_html=html)
        return Record(
            title=article.title or None,
            published=_published(article),
            authors=_authors(article),
            language=article.meta_lang or None,
            body=tuple(lines(article.cleaned_text)),
        )

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)


def _published(article: Any) -> str | None:
    """The page's own date string when it is ISO 8601 (keeping its precision and offset);
    otherwise goose's parse of it, in UTC."""
    try:
        return dates.normalise(article.publish_date)
    except (TypeError, ValueError):
        return dates.normalise(article.publish_datetime_utc)


def _authors(article: Any) -> tuple[str, ...]:
    """Authors in the page's order when they come from schema.org; goose collects meta-tag
    authors in a set, whose order changes with the hash seed, so those are sorted."""
    schema = article.schema
    if isinstance(schema, dict) and schema.get("author"):
        return tuple(article.authors)
    return tuple(sorted(article.authors))
