"""Our extractor for rendered-text captures (and HTML, rendered to text first)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness import __version__
from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options
from harness.record import FIELDS, Record


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    check_options(name, options, {})

    def extract(capture: Capture) -> Record:
        from harness.rendered import extract_text, render_html

        text = capture.text()
        if capture.kind == "html":
            text = render_html(text)
        found = extract_text(text, url=capture.url)
        return Record(
            title=found.title,
            published=found.published,
            updated=found.updated,
            authors=found.authors,
            language=found.language,
            body=found.body,
        )

    return Extractor(name, __version__, frozenset({"html", "text"}), FIELDS, extract)
