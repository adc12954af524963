"""boilerpy3's ArticleExtractor: the page's `<title>` and the article's text blocks."""

from __future__ import annotations

from harness.running import runner

from .helpers import make, page


def test_news_article() -> None:
    record = runner.extract(make("boilerpy3"), page("news-en"))
    assert record.title == (
        "Eastmere council approves tidal barrier after decade of floods | Eastmere Gazette"
    )
    assert "Opposition from fishing crews" in record.body
    assert any(p.startswith("Eastmere councillors have approved a moveable") for p in record.body)
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved"):
        assert boilerplate not in text


def test_windows_1252_page() -> None:
    record = runner.extract(make("boilerpy3"), page("blog-de-cp1252"))
    assert (
        record.title
        == "Sauerteigbrot backen: Meine Erfahrungen nach einem Jahr \u2013 Jürgens Küchenblog"
    )
    assert any(
        p.startswith("Meine Großmutter sagte immer: „Brot backen heißt") for p in record.body
    )
