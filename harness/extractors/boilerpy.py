"""boilerpy3 (boilerpipe's ArticleExtractor): the page's title and the article's text blocks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("title", "body")


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "boilerpy3", "boilerpy3", FIELDS)
    if isinstance(version, Extractor):
        return version
    check_options(name, options, {})

    def extract(capture: Capture) -> Record:
        from boilerpy3.extractors import ArticleExtractor

        html = capture.text()
        if not html.strip():  # boilerpy3 fails on a blank page
            return Record()
        document = ArticleExtractor(raise_on_failure=True).get_doc(html)
        return Record(title=document.title or None, body=tuple(lines(document.content)))

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract)
