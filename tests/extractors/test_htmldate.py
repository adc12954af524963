"""htmldate: the original date as `published`, the latest as `updated`, at day precision."""

from __future__ import annotations

import dataclasses

import pytest

from harness.record import Record
from harness.running import runner

from .helpers import make, page


@pytest.mark.parametrize(
    ("capture_id", "published", "updated"),
    [
        ("news-en", "2024-03-05", "2024-03-06"),
        ("article-fr", "2023-11-20", "2023-11-20"),
        ("blog-de-cp1252", "2023-02-12", "2023-02-12"),
        ("mislabelled-latin1", "2022-06-15", "2022-06-15"),
    ],
)
def test_dates(capture_id: str, published: str, updated: str) -> None:
    record = runner.extract(make("htmldate"), page(capture_id))
    assert record == Record(published=published, updated=updated)


def test_the_capture_url_is_used() -> None:
    dated = dataclasses.replace(
        page("article-fr"), url="https://www.courrier-rivebelle.example/2023/11/18/culture/x"
    )
    assert runner.extract(make("htmldate"), dated).published == "2023-11-18"
