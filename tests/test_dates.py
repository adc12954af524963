"""ISO 8601 parsing and canonical forms of record dates."""

from __future__ import annotations

import pytest

from harness.comparison import dates


@pytest.mark.parametrize(
    ("text", "precision", "canonical"),
    [
        ("2020", "year", "2020"),
        ("2020-12", "month", "2020-12"),
        ("2020-12-01", "day", "2020-12-01"),
        ("2020-12-01T17:26", "minute", "2020-12-01T17:26"),
        ("2020-12-01 17:26:05", "second", "2020-12-01T17:26:05"),
        ("2020-12-01T17:26:05.123Z", "second", "2020-12-01T17:26:05+00:00"),
        ("2020-12-01T17:26+0100", "minute", "2020-12-01T17:26+01:00"),
    ],
)
def test_parse_and_format(text: str, precision: str, canonical: str) -> None:
    instant = dates.parse(text)
    assert instant.precision == precision
    assert dates.format_instant(instant) == canonical


@pytest.mark.parametrize("text", ["yesterday", "2020-13-01", "2020-02-30", "01.12.2020", ""])
def test_parse_refuses_non_iso(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse(text)


def test_truncated_in_utc_only_with_offset() -> None:
    instant = dates.parse("2020-12-01T00:30+01:00")
    assert instant.truncated("day", as_utc=True) == (2020, 11, 30)
    assert instant.truncated("day", as_utc=False) == (2020, 12, 1)
