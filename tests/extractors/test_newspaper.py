"""newspaper4k: title, date, authors, language and body from the page given, never fetched."""

from __future__ import annotations

import dataclasses

import pytest

from harness.errors import UsageError
from harness.running import runner

from .helpers import make, page


def test_news_article() -> None:
    record = runner.extract(make("newspaper4k"), page("news-en"))
    assert record.title == "Eastmere council approves tidal barrier after decade of floods"
    assert record.published == "2024-03-05T09:30:00+01:00"
    assert record.authors == ("Nadia Okafor",)
    assert record.language == "en"
    assert "Opposition from fishing crews" in record.body
    text = "\n".join(record.body)
    assert "a levy on harbour businesses" in text
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


def test_french_article_dated_by_its_time_element() -> None:
    record = runner.extract(make("newspaper4k"), page("article-fr"))
    assert record.published == "2023-11-20T08:15:00+01:00"
    assert record.authors == ("Claire Dubois",)
    assert record.language == "fr"


def test_the_capture_url_is_used() -> None:
    dated = dataclasses.replace(
        page("article-fr"), url="https://www.courrier-rivebelle.example/2023/11/18/culture/x"
    )
    assert runner.extract(make("newspaper4k"), dated).published == "2023-11-18T00:00:00"


def test_latin1_bytes_declared_utf8_are_read_as_latin1() -> None:
    record = runner.extract(make("newspaper4k"), page("mislabelled-latin1"))
    assert record.language == "es"
    assert any(p.startswith("¿Merece la pena abrir en domingo?") for p in record.body)


def test_language_option() -> None:
    assert make("newspaper4k", language="de").options["language"] == "de"
    with pytest.raises(UsageError, match="two-letter code it knows: af, ar"):
        make("newspaper4k", language="German")
