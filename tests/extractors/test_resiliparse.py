"""Resiliparse: the page's `<title>` and its main-content text, one paragraph per line."""

from __future__ import annotations

from harness.running import runner

from .helpers import make, page


def test_news_article() -> None:
    record = runner.extract(make("resiliparse"), page("news-en"))
    assert record.title == (
        "Eastmere council approves tidal barrier after decade of floods | Eastmere Gazette"
    )
    assert "Opposition from fishing crews" in record.body
    assert any(p.startswith("Eastmere councillors have approved a moveable") for p in record.body)
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


def test_options_reach_the_library() -> None:
    news = page("news-en")
    assert "By , local democracy reporter" in runner.extract(make("resiliparse"), news).body
    without_meta = runner.extract(make("resiliparse", post_meta=False), news).body
    assert not any(p.startswith("By ") for p in without_meta)
