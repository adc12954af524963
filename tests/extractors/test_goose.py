"""goose3: title, date, authors, language and body, with nothing fetched."""

from __future__ import annotations

from pathlib import Path

from harness.corpus.capture import create
from harness.running import runner

from .helpers import make, page


def test_news_article() -> None:
    record = runner.extract(make("goose3"), page("news-en"))
    assert record.title == "Eastmere council approves tidal barrier after decade of floods"
    assert record.published == "2024-03-05T09:30:00+01:00"
    assert record.authors == ("Nadia Okafor",)
    assert record.language == "en"
    assert record.body[0].startswith("Eastmere councillors have approved")
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


def test_language_of_pages_in_other_languages() -> None:
    extractor = make("goose3")
    languages = [
        runner.extract(extractor, page(p)).language for p in ("article-fr", "blog-de-cp1252")
    ]
    assert languages == ["fr", "de"]


def test_several_meta_authors_come_sorted(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Two writers</title>"
        '<meta name="author" content="Tom Reyes"><meta name="author" content="Nadia Okafor">'
        '<meta name="author" content="Marian Holt"></head><body><p>'
        + "Councillors met again on Tuesday to discuss the barrier and its cost. " * 5
        + "</p></body></html>"
    )
    capture = create(tmp_path, "two-writers", html.encode(), kind="html")
    record = runner.extract(make("goose3"), capture)
    assert record.authors == ("Marian Holt", "Nadia Okafor", "Tom Reyes")
