"""Find and parse date mentions (English, German, French, Spanish, Italian, Dutch, and the
year-month-day forms of Chinese, Japanese and Korean) in a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_MONTHS: dict[str, int] = {}
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
)
for _row in _MONTH_NAMES:
    for _number, _name in enumerate(_row.split(), start=1):
        _MONTHS.setdefault(_name, _number)
_MONTHS.update({"sept": 9, "jänner": 1, "maerz": 3, "setembre": 9, "setiembre": 9, "fevrier": 2})
_MONTHS.update({"decembre": 12, "aout": 8, "fev": 2, "dec": 12, "févr": 2})

_ZONES = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "cet": "+01:00", "mez": "+01:00",
    "cest": "+02:00", "mesz": "+02:00", "bst": "+01:00", "est": "-05:00", "edt": "-04:00",
    "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00",
    "pdt": "-07:00", "ist": "+05:30", "eet": "+02:00", "eest": "+03:00", "wet": "+00:00",
}  # fmt: skip

_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:,?\s*(?:at|à|um|a las|alle|om|ore|le|-|\u2013|\||/|,)?\s*"
    r"(?P<hour>\d{1,2})(?:[:h.](?P<minute>\d{2})|(?=\s*[ap]\.?m\.?))(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?(?:\s*(?:Uhr|h\b))?"
    r"(?:\s*(?P<zone>UTC|GMT|CEST|CET|MESZ|MEZ|BST|[ECMP][SD]T|IST|EEST|EET|WET|Z|"
    r"[+-]\d{2}:?\d{2})(?P<zoneoff>[+-]\d{1,2}(?::?\d{2})?)?)?)?"
)
_PATTERNS = (
    re.compile(
        r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)"
        r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d))?(?:\.\d+)?"
        r"\s*(?P<zone>Z|UTC|GMT|[+-]\d\d:?\d\d)?(?P<zoneoff>)?(?P<ampm>)?)?"
    ),
    # "Yahoo FinanceOctober 13, 2016": a renderer may run a month name into the word before.
    re.compile(
        r"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b" + _DAY + r"\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?" + _YEAR + _TIME,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)"
        + _TIME,
        re.IGNORECASE,
    ),
    # Chinese and Japanese 2020年12月1日, Korean 2020년 12월 1일, each with an optional time.
    re.compile(
        r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
        r"(?:\s*(?:[(\uff08][^)\uff09]{1,3}[)\uff09])?\s*(?P<hour>\d{1,2})[:\uff1a時时](?P<minute>\d{2})"
        r"(?::(?P<second>\d{2}))?)?(?P<zone>)(?P<zoneoff>)(?P<ampm>)"
    ),
)


@dataclass(frozen=True)
class DateMention:
    """A parsed date found in a line: its ISO 8601 form and where it sits in the line."""

    iso: str
    start: int
    end: int

    @property
    def day(self) -> str:
        """The ``YYYY-MM-DD`` part."""
        return self.iso[:10]


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _MONTHS.get(token.lower().rstrip("."))


def _zone(match: re.Match[str]) -> str:
    zone = match.group("zone")
    if not zone:
        return ""
    mapped = _ZONES.get(zone.lower())
    if mapped is None:
        sign, digits = zone[0], zone[1:].replace(":", "")
        mapped = f"{sign}{digits[:2]}:{digits[2:]}"
    offset = match.group("zoneoff")
    if offset and mapped == "+00:00":
        hours = int(offset[1:].split(":")[0][:2])
        mapped = f"{offset[0]}{hours:02d}:00"
    return mapped


def _time(match: re.Match[str]) -> str:
    hour_text = match.group("hour")
    if hour_text is None:
        return ""
    hour, minute = int(hour_text), int(match.group("minute") or 0)
    second = int(match.group("second") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return ""
    return f"T{hour:02d}:{minute:02d}:{second:02d}" + _zone(match)


def _parse(match: re.Match[str], month_first: bool) -> str | None:
    month = _month_number(match.group("month"))
    day, year = int(match.group("day")), int(match.group("year"))
    if month is None:
        return None
    # 2/26/2015 can only be month first; 2/3/2015 is read as the page's language reads it.
    slashed = match.re is _PATTERNS[3] and match.group("sep") == "/"
    if slashed and day <= 12 and (month_first or month > 12):
        day, month = month, day
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    return parsed.isoformat() + _time(match)


@lru_cache(maxsize=8192)
def find_dates(text: str, month_first: bool = False) -> tuple[DateMention, ...]:
    """All date mentions in ``text``, left to right; ``month_first`` reads 1/2/2020 as Jan 2."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            iso = _parse(match, month_first)
            if iso is not None:
                found.append(DateMention(iso, span[0], span[1]))
                taken.append(span)
    return tuple(sorted(found, key=lambda mention: mention.start))
