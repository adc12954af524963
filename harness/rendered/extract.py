"""Extract title, dates, authors, language and body from a rendered-text page capture."""

from __future__ import annotations

from dataclasses import dataclass

from harness.rendered.authors import find_authors
from harness.rendered.blocks import Line, split_lines
from harness.rendered.body import Region, article_region, body_lines
from harness.rendered.dates import PageDates, choose_dates, month_first
from harness.rendered.language import detect_language
from harness.rendered.title import choose_title

_META_AFTER = 3


@dataclass(frozen=True)
class TextExtraction:
    """What was found in one rendered-text page; ``None``/empty where nothing was found."""

    title: str | None
    published: str | None
    updated: str | None
    authors: tuple[str, ...]
    language: str | None
    body: tuple[str, ...]


def _header(lines: tuple[Line, ...], head: int, region: Region) -> tuple[Line, ...]:
    return lines[head + 1 : region.start + _META_AFTER]


def extract_text(text: str, url: str | None = None) -> TextExtraction:
    """Extract the article of a rendered-text page (a browser's or ``w3m -dump``'s text)."""
    lines = split_lines(text)
    region = article_region(lines)
    if region is None:
        return TextExtraction(None, None, None, (), detect_language(text), ())
    title = choose_title(lines, region.start, url)
    title_line = None if title is None else title.line
    head = title_line.index if title_line else max(region.start - 8, 0)
    exclude = frozenset() if title_line is None else frozenset({title_line.index})
    body = body_lines(lines, region, exclude)
    language = detect_language(" ".join(body) or text)
    order = month_first(lines, language, url)
    dates = choose_dates(lines, head, region.start, region.end, month_first=order)
    return TextExtraction(
        title=None if title is None else title.text,
        published=dates.published,
        updated=dates.updated,
        authors=find_authors(_header(lines, head, region)),
        language=language,
        body=body,
    )


__all__ = ["PageDates", "TextExtraction", "extract_text"]
