"""The same capture gives the same record, however often and in whatever order pages are run."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from harness import registry
from harness.extractors.goose import _authors
from harness.running import runner

from .helpers import all_pages, make, page

NAMES = sorted(registry.discover())


@pytest.mark.parametrize("name", NAMES)
def test_twice_and_in_another_order_gives_the_same_records(name: str) -> None:
    extractor = registry.build().get(name).load()
    pages = all_pages()
    first = {c.id: runner.extract(extractor, c) for c in pages}
    again = {c.id: runner.extract(extractor, c) for c in reversed(pages)}
    assert again == first


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("justext", {"language": "German"}),
        ("newspaper4k", {"language": "de"}),
        ("goose3", {"target_language": "de", "use_meta_language": False}),
    ],
)
def test_a_language_option_does_not_leak_into_the_default(
    name: str, options: dict[str, object]
) -> None:
    german = page("blog-de-cp1252")
    english = page("news-en")
    plain = make(name)
    before = runner.extract(plain, english)
    runner.extract(make(name, **options), german)
    assert runner.extract(plain, english) == before


def test_goose_meta_authors_do_not_follow_the_hash_seed() -> None:
    """goose collects meta-tag authors in a set: its order changes from one process to the next."""
    from_meta = SimpleNamespace(schema=None, authors=["Tom Reyes", "Nadia Okafor"])
    from_schema = SimpleNamespace(schema={"author": "..."}, authors=["Tom Reyes", "Nadia Okafor"])
    assert _authors(from_meta) == ("Nadia Okafor", "Tom Reyes")
    assert _authors(from_schema) == ("Tom Reyes", "Nadia Okafor")


def test_htmldate_rules_out_dates_after_the_capture_day_not_after_today() -> None:
    news = page("news-en")
    assert runner.extract(make("htmldate"), news).updated == "2024-03-06"
    earlier = dataclasses.replace(news, captured_at="2024-03-05T08:00:00Z")
    record = runner.extract(make("htmldate"), earlier)
    assert record.published == "2024-03-05"
    assert record.updated != "2024-03-06"
