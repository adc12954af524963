"""ISO 8601 dates as records hold them: parsing, precision and comparison."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day", "hour", "minute", "second"]
PRECISIONS: tuple[Precision, ...] = ("year", "month", "day", "hour", "minute", "second")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class Instant:
    """A parsed date: the wall-clock value, its offset if any, and how precise it is."""

    value: dt.datetime
    precision: Precision
    has_offset: bool

    def truncated(self, precision: Precision, *, as_utc: bool) -> tuple[int, ...]:
        """The value's fields down to `precision`, in UTC when `as_utc` and it has an offset."""
        value = self.value.astimezone(dt.UTC) if as_utc and self.has_offset else self.value
        parts = (value.year, value.month, value.day, value.hour, value.minute, value.second)
        return parts[: PRECISIONS.index(precision) + 1]


def parse(text: str) -> Instant:
    """Parse an ISO 8601 date or date-time; ValueError when it is neither."""
    text = text.strip()
    if m := _DATE.match(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
        precision: Precision = "day" if day else "month" if month else "year"
        value = dt.datetime(int(year), int(month or 1), int(day or 1))
        return Instant(value, precision, has_offset=False)
    if m := _DATETIME.match(text):
        precision = "second" if m.group(6) else "minute"
        value = dt.datetime.fromisoformat(_iso_basic(text))
        return Instant(value, precision, has_offset=value.tzinfo is not None)
    raise ValueError(f"not an ISO 8601 date: {text!r}")


def _iso_basic(text: str) -> str:
    text = text.replace(" ", "T", 1).replace(",", ".")
    return text[:-1] + "+00:00" if text.endswith("Z") else text


def normalise(value: object) -> str | None:
    """Bring an extractor's date (string, date or datetime) to the record's ISO form."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if not value.strip():
            return None
        return format_instant(parse(value))
    raise TypeError(
        f"a date must be an ISO 8601 string, date or datetime, not {type(value).__name__}"
    )


def format_instant(instant: Instant) -> str:
    """The canonical text of a parsed date, at its own precision."""
    v = instant.value
    if instant.precision == "year":
        return f"{v.year:04d}"
    if instant.precision == "month":
        return f"{v.year:04d}-{v.month:02d}"
    if instant.precision == "day":
        return v.date().isoformat()
    timespec = "seconds" if instant.precision == "second" else "minutes"
    return v.replace(microsecond=0).isoformat(timespec=timespec)


def finer(a: Precision, b: Precision) -> bool:
    """Whether precision `a` is finer than `b`."""
    return PRECISIONS.index(a) > PRECISIONS.index(b)


def coarsest(*precisions: Precision) -> Precision:
    return min(precisions, key=PRECISIONS.index)
