"""Normalising what extractors return into records, and refusing what is not one."""

from __future__ import annotations

import datetime as dt

import pytest

from harness.errors import ExtractorOutputError
from harness.record import Record, normalise


def test_mapping_with_string_body_is_split_into_paragraphs() -> None:
    record = normalise(
        {"title": "  A\ntitle ", "body": "One  para.\n\nTwo\npara.\n\n\n", "authors": ["X"]},
        source="demo",
    )
    assert record == Record(title="A title", authors=("X",), body=("One para.", "Two para."))


def test_dates_become_iso_text() -> None:
    record = normalise(
        {"published": dt.datetime(2020, 12, 1, 17, 26), "updated": dt.date(2021, 2, 1)},
        source="demo",
    )
    assert (record.published, record.updated) == ("2020-12-01T17:26:00", "2021-02-01")


def test_iso_strings_are_canonicalised() -> None:
    record = normalise({"published": "2020-12-01 17:26Z"}, source="demo")
    assert record.published == "2020-12-01T17:26+00:00"


def test_control_characters_and_empty_paragraphs_are_dropped() -> None:
    record = normalise({"body": ["a\x00b", "  ", "c"]}, source="demo")
    assert record.body == ("ab", "c")


def test_record_round_trips_through_json() -> None:
    record = Record("T", "2020-01-01", None, ("A",), "en", ("p1", "p2"))
    assert Record.from_json(record.to_json()) == record


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"title": 3}, "title"),
        ({"title": b"bytes"}, "title"),
        ({"published": "yesterday"}, "published"),
        ({"published": float("nan")}, "published"),
        ({"body": [1, 2]}, "body"),
        ({"authors": {"a": 1}}, "authors"),
    ],
)
def test_wrong_types_name_the_extractor_and_field(raw: dict[str, object], field: str) -> None:
    with pytest.raises(ExtractorOutputError) as caught:
        normalise(raw, source="demo")
    assert caught.value.field == field
    assert "extractor demo" in caught.value.message
    assert "fix:" in caught.value.message


def test_not_a_mapping_is_refused() -> None:
    with pytest.raises(ExtractorOutputError, match="returned list"):
        normalise(["x"], source="demo")


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ExtractorOutputError, match="unknown field"):
        normalise({"headline": "x"}, source="demo")
