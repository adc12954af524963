"""trafilatura: title, dates (through htmldate), authors, language and body from HTML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("title", "published", "authors", "language", "body")
OPTIONS: dict[str, type] = {
    "favor_precision": bool,
    "favor_recall": bool,
    "include_comments": bool,
    "include_tables": bool,
    "fast": bool,
}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "trafilatura", "trafilatura", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = {"include_comments": False, **check_options(name, options, OPTIONS)}

    def extract(capture: Capture) -> Record:
        import trafilatura

        found = trafilatura.bare_extraction(
            capture.text(), url=capture.url, with_metadata=True, **settings
        )
        if not found:
            return Record()
        document = found if isinstance(found, dict) else found.as_dict()
        return Record(
            title=document.get("title") or None,
            published=document.get("date") or None,
            authors=tuple(
                a.strip() for a in (document.get("author") or "").split(";") if a.strip()
            ),
            language=document.get("language") or None,
            body=tuple(lines(document.get("text"))),
        )

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)
