"""Versus: per-field difference rates, body similarity and the most different pages."""

from __future__ import annotations

import pytest

from harness.comparison.tolerance import Tolerance
from harness.comparison.versus import Pair, versus
from harness.record import Record

BODY = ("First paragraph of the story here.", "Second paragraph of the story here.")


def pairs() -> list[Pair]:
    same = Record(title="Same", published="2024-01-02", body=BODY)
    return [
        Pair("same", same, same),
        Pair("title", same, Record(title="Other", published="2024-01-02", body=BODY)),
        Pair("date", same, Record(title="Same", published="2024-01-03", body=BODY)),
        Pair("body", same, Record(title="SAME", published="2024-01-02", body=BODY[:1])),
        Pair("broken", same, None, "b error: it raised"),
    ]


def test_rates_are_over_the_pages_both_extractors_read() -> None:
    result = versus("a", "b", pairs(), tolerance=Tolerance(), fields=("title", "published", "body"))
    assert result.pages == 4
    assert [(f.name, f.differ) for f in result.fields] == [
        ("title", 2),
        ("published", 1),
        ("body", 1),
    ]
    assert result.field("title").rate == pytest.approx(0.5)
    assert result.field("title").kinds == (("changed", 2),)
    assert result.field("published").kinds == (("different day", 1),)
    assert result.problems == (("broken", "b error: it raised"),)


def test_body_similarity_is_averaged_and_ranks_the_pages() -> None:
    result = versus("a", "b", pairs(), tolerance=Tolerance(), fields=("title", "published", "body"))
    body_page = next(p for p in result.top if p.capture == "body")
    assert 0 < body_page.body_similarity < 1
    assert result.mean_body_similarity == pytest.approx((3 + body_page.body_similarity) / 4)
    assert [p.capture for p in result.top] == ["body", "title", "date"]
    assert body_page.magnitude == pytest.approx(2 + 1 - body_page.body_similarity)
    assert body_page.fields == ("title", "body")


def test_tolerance_fields_and_top_are_applied() -> None:
    lenient = Tolerance(title_casefold=True, published_precision="month")
    result = versus("a", "b", pairs(), tolerance=lenient, fields=("title", "published"), top=1)
    assert [(f.name, f.differ) for f in result.fields] == [("title", 1), ("published", 0)]
    assert result.mean_body_similarity is None
    assert [p.capture for p in result.top] == ["title"]
    assert result.to_json()["fields"]["title"] == {
        "differ": 1,
        "rate": 0.25,
        "kinds": {"changed": 1},
    }


def test_top_keeps_the_first_of_equal_pages_and_nothing_for_equal_records() -> None:
    record = Record(title="x")
    many = [Pair(f"p{i}", record, Record(title=f"y{i}")) for i in range(5)]
    many.insert(0, Pair("equal", record, record))
    result = versus("a", "b", many, tolerance=Tolerance(), fields=("title",), top=3)
    assert [p.capture for p in result.top] == ["p0", "p1", "p2"]
    assert versus("a", "b", [], tolerance=Tolerance()).to_json()["pages"] == 0
