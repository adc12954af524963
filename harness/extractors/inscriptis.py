"""inscriptis: the whole page rendered to text, every non-empty line a paragraph.

Not an article extractor: the public benchmarks list it as the baseline of what a page's
full text scores (no boilerplate removed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed, lines
from harness.record import Record

FIELDS = ("body",)


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "inscriptis", "inscriptis", FIELDS)
    if isinstance(version, Extractor):
        return version
    check_options(name, options, {})

    def extract(capture: Capture) -> Record:
        from inscriptis import get_text

        return Record(body=tuple(lines(get_text(capture.text()))))

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract)
