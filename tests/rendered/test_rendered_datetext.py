"""Parsing dates in English, German, French, Spanish, Italian, Dutch, Chinese, Japanese and
Korean."""

from __future__ import annotations

import pytest

from harness.rendered.datetext import find_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("December 1, 2020 at 5:26 pm", "2020-12-01T17:26:00"),
        ("1 December 2020", "2020-12-01"),
        ("Dec. 1, 2020", "2020-12-01"),
        ("2020-12-01", "2020-12-01"),
        ("February 1st, 2021", "2021-02-01"),
        ("Feb 1, 2021, 12:05 am", "2021-02-01T00:05:00"),
        ("1. Dezember 2020", "2020-12-01"),
        ("01.12.2020, 17:26 Uhr", "2020-12-01T17:26:00"),
        ("Veröffentlicht am 1.12.2020 um 9:05 Uhr", "2020-12-01T09:05:00"),
        ("1 décembre 2020", "2020-12-01"),
        ("1er décembre 2020 à 17h26", "2020-12-01T17:26:00"),
        ("1 de diciembre de 2020", "2020-12-01"),
        ("3 marzo 2021 alle 11:45", "2021-03-03T11:45:00"),
        ("1 december 2020 om 17:26", "2020-12-01T17:26:00"),
        ("14 juli 2019", "2019-07-14"),
        ("2020年12月1日 17:26", "2020-12-01T17:26:00"),
        ("TNW中文站2016年10月14日07:17", "2016-10-14T07:17:00"),
        ("2019年3月5日(火) 10:30", "2019-03-05T10:30:00"),
        ("2020년 12월 1일", "2020-12-01"),
    ],
)
def test_single_date_forms(text: str, iso: str) -> None:
    assert [mention.iso for mention in find_dates(text)] == [iso]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020-12-01T17:26:00+01:00", "2020-12-01T17:26:00+01:00"),
        ("2020-12-01 17:26Z", "2020-12-01T17:26:00+00:00"),
        ("December 1, 2020 5:26 pm UTC", "2020-12-01T17:26:00+00:00"),
        ("1 December 2020 17:26 GMT", "2020-12-01T17:26:00+00:00"),
        ("01.12.2020, 17:26 Uhr CET", "2020-12-01T17:26:00+01:00"),
        ("Nov 19, 2019, 10:31 pm EST", "2019-11-19T22:31:00-05:00"),
        ("3 May 2019 at 14:05 GMT+1", "2019-05-03T14:05:00+01:00"),
    ],
)
def test_offsets_only_where_the_text_names_one(text: str, iso: str) -> None:
    assert [mention.iso for mention in find_dates(text)] == [iso]


def test_slashed_dates_follow_the_month_order_asked_for() -> None:
    assert find_dates("12/01/2020")[0].iso == "2020-01-12"
    assert find_dates("12/01/2020", month_first=True)[0].iso == "2020-12-01"
    assert find_dates("25/01/2020", month_first=True)[0].iso == "2020-01-25"


def test_several_dates_in_order_with_positions() -> None:
    text = "December 1, 2020 at 5:26 pm Updated: February 1st, 2021 at 1:52 pm News"
    mentions = find_dates(text)
    assert [m.iso for m in mentions] == ["2020-12-01T17:26:00", "2021-02-01T13:52:00"]
    assert text[mentions[1].start :].startswith("February")


@pytest.mark.parametrize("text", ["Mai 2020", "31 February 2020", "version 1.2.3", "13/13/2020"])
def test_non_dates_and_impossible_dates_are_ignored(text: str) -> None:
    assert find_dates(text) == ()


def test_a_slashed_date_that_can_only_be_month_first_is_read_so() -> None:
    assert [m.iso for m in find_dates("2/26/2015 7:11 AM PST")] == ["2015-02-26T07:11:00-08:00"]
    assert [m.iso for m in find_dates("2/3/2015")] == ["2015-03-02"]
    assert [m.iso for m in find_dates("2/3/2015", month_first=True)] == ["2015-02-03"]
