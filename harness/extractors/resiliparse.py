"""Resiliparse: the page's `<title>` from its HTML tree, and the main-content plain text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("title", "body")
OPTIONS: dict[str, type] = {
    "list_bullets": bool,
    "alt_texts": bool,
    "noscript": bool,
    "comments": bool,
    "post_meta": bool,
}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "Resiliparse", "resiliparse", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)

    def extract(capture: Capture) -> Record:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        tree = HTMLTree.parse(capture.text())
        text = extract_plain_text(tree, main_content=True, **settings)
        return Record(title=tree.title or None, body=tuple(lines(text)))

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)
