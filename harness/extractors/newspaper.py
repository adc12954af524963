"""newspaper4k: title, published date, authors, language and body, from the page alone.

The page is handed over with `download(input_html=...)`, so nothing is fetched; images
are not fetched either, and meta refreshes are not followed.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from harness.comparison import dates
from harness.corpus.capture import Capture
from harness.errors import UsageError
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("title", "published", "authors", "language", "body")
OPTIONS: dict[str, type] = {"language": str, "max_authors": int, "max_title": int, "max_text": int}
OFFLINE = {"fetch_images": False, "follow_meta_refresh": False, "memorize_articles": False}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "newspaper4k", "newspaper4k", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)
    if "language" in settings:
        _check_language(name, settings["language"])

    def extract(capture: Capture) -> Record:
        article = _library().Article(capture.url or "", config=_config(settings))
        article.download(input_html=capture.text())
        article.parse()
        return Record(
            title=article.title or None,
            published=dates.normalise(article.publish_date),
            authors=tuple(article.authors),
            language=article.meta_lang or None,
            body=tuple(lines(article.text)),
        )

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)


def _library() -> Any:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="nltk is not installed")
        import newspaper

    return newspaper


def _config(settings: Mapping[str, Any]) -> Any:
    """A fresh configuration per page, so that nothing one page sets leaks into the next."""
    config = _library().Config()
    for key, value in {**OFFLINE, **settings}.items():
        setattr(config, key, value)
    return config


def _check_language(name: str, language: str) -> None:
    try:
        _library().Config().language = language
    except ValueError:
        known = ", ".join(sorted(_library().utils.get_available_languages()))
        raise UsageError(
            f"newspaper4k has no language {language!r}",
            where=f"[tool.harness.extractors.{name}.options]",
            field="language",
            fix=f"use a two-letter code it knows: {known}",
        ) from None
