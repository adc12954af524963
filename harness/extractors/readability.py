"""readability-lxml: title, author and body (its cleaned article HTML, one paragraph per block)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.extractors import check_options, installed
from harness.record import Record

FIELDS = ("title", "authors", "body")
OPTIONS: dict[str, type] = {
    "full_title": bool,
    "min_text_length": int,
    "retry_length": int,
    "positive_keywords": str,
    "negative_keywords": str,
}
NO_AUTHOR = "[no-author]"
BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl"),
        *("dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li"),
        *("main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
    }
)


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "readability-lxml", "readability", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)
    full_title = settings.get("full_title", False)
    tuning = {key: value for key, value in settings.items() if key != "full_title"}

    def extract(capture: Capture) -> Record:
        from readability import Document

        html = capture.text()
        if not html.strip():  # lxml refuses an empty document
            return Record()
        document = Document(html, url=capture.url, **tuning)
        author = document.author()
        return Record(
            title=(document.title() if full_title else document.short_title()) or None,
            authors=(author,) if author and author != NO_AUTHOR else (),
            body=tuple(paragraphs(document.summary(html_partial=True))),
        )

    return Extractor(name, version, frozenset({"html"}), FIELDS, extract, options=settings)


def paragraphs(html: str) -> list[str]:
    """The text of an HTML fragment, one paragraph per block element or `<br>`."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return []
    out: list[str] = []
    pending: list[str] = []
    for event, element in etree.iterwalk(
        lxml_html.fragment_fromstring(html, create_parent=True), events=("start", "end")
    ):
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag in BLOCKS or tag == "br":
                _flush(pending, out)
            if tag is not None and element.text:
                pending.append(element.text)
        else:
            if tag in BLOCKS:
                _flush(pending, out)
            if element.tail:
                pending.append(element.tail)
    _flush(pending, out)
    return out


def _flush(pending: list[str], out: list[str]) -> None:
    text = " ".join("".join(pending).split())
    if text:
        out.append(text)
    pending.clear()
