"""htmldate: the published (original) and updated (latest) dates of a page, nothing else.

Dates later than the capture are ruled out (`max_date` is the end of the capture's day when
the manifest gives one; htmldate's default is the end of today), so a golden does not depend
on the day the test runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed
from harness.record import Record

FIELDS = ("published", "updated")
OPTIONS: dict[str, type] = {"extensive_search": bool, "deferred_url_extractor": bool}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "htmldate", "htmldate", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)

    def extract(capture: Capture) -> Record:
        from htmldate import find_date

        html = capture.text()
        limit = _end_of_day(capture.captured_at)

        def find(original: bool) -> str | None:
            found: str | None = find_date(
                html, original_date=original, url=capture.url, max_date=limit, **settings
            )
            return found

        return Record(published=find(True), updated=find(False))

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)


def _end_of_day(captured_at: str | None) -> dt.datetime | None:
    """The last moment of the day a page was captured (a page can be dated that same day)."""
    try:
        day = dt.date.fromisoformat((captured_at or "")[:10])
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time.max)
