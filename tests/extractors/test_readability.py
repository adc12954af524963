"""readability-lxml: short title, the meta author, and its article HTML split into blocks."""

from __future__ import annotations

from harness.extractors.readability import paragraphs
from harness.running import runner

from .helpers import make, page

TITLE = "Eastmere council approves tidal barrier after decade of floods"


def test_news_article() -> None:
    record = runner.extract(make("readability"), page("news-en"))
    assert record.title == TITLE
    assert record.authors == ("Nadia Okafor",)
    assert record.body[0].startswith("Eastmere councillors have approved a moveable tidal barrier")
    assert "Opposition from fishing crews" in record.body
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


def test_full_title_option_keeps_the_site_name() -> None:
    record = runner.extract(make("readability", full_title=True), page("news-en"))
    assert record.title == f"{TITLE} | Eastmere Gazette"


def test_windows_1252_page_keeps_its_umlauts_and_quotes() -> None:
    record = runner.extract(make("readability"), page("blog-de-cp1252"))
    assert record.authors == ("Jürgen Weiß",)
    assert any(
        p.startswith("Meine Großmutter sagte immer: „Brot backen heißt") for p in record.body
    )


def test_no_meta_author_gives_no_authors() -> None:
    assert runner.extract(make("readability"), page("article-fr")).authors == ()


def test_paragraphs_are_blocks_and_line_breaks() -> None:
    html = (
        "<div>Loose text<p>A <b>bold</b>\n move.</p>tail<br>after<!-- c -->"
        "<ul><li>one</li></ul></div>"
    )
    assert paragraphs(html) == ["Loose text", "A bold move.", "tail", "after", "one"]
    assert paragraphs("  ") == []
