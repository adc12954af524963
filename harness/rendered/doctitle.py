"""Read a document title on the first line ("Headline | Site") and find the page line that
repeats its headline part.

Renderers that keep the ``<title>`` (``render_html`` does) put it on the first line. Its
parts are separated by a symbol set off by spaces ("Headline - Site", "Site | Section |
Headline"); the headline is the part a later line of the page repeats, and failing that the
title without its short site and section parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.rendered.blocks import Line, count_words
from harness.rendered.boilerplate import is_boilerplate

_SEPARATOR = re.compile(r"\s+[^\w\s\"'\u2018\u2019\u201c\u201d«»()\[\]{}.,;!?]{1,3}\s+")
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d\u00ab\u00bb", '\'\'""""')
_MAX_WORDS = 40
_MIN_PART_WORDS = 2
_MIN_WHOLE_WORDS = 3  # a first line of one or two words alone is as often a logo as a title
_SITE_WORDS = 4
_LEADING_WORDS = 3
_ECHO_AFTER = 5
_SENTENCES = re.compile(r"\w{2}[.!?]\s+[A-Z]")


@dataclass(frozen=True)
class TitlePart:
    """A run of consecutive parts of the document title, as written there."""

    text: str
    words: int
    central: bool  # holds a part with the most words, so not a site or section name
    leading: bool  # starts at the first part, where most sites put the headline


@dataclass(frozen=True)
class Echo:
    """The headline part of the document title and the page line that repeats it."""

    text: str
    line: Line


def title_key(text: str) -> str:
    """A comparison key: case, quote style and spacing ignored."""
    return " ".join(text.casefold().translate(_QUOTES).split())


def _words(text: str) -> int:
    return count_words(text)


def _spans(title: str) -> list[tuple[int, int]]:
    """Start and end of each part of ``title`` between separators."""
    bounds = [0]
    for match in _SEPARATOR.finditer(title):
        bounds.extend((match.start(), match.end()))
    bounds.append(len(title))
    return [(s, e) for s, e in zip(bounds[::2], bounds[1::2], strict=True) if title[s:e].strip()]


def title_parts(title: str) -> tuple[TitlePart, ...]:
    """Every run of consecutive parts of ``title``, with the separators kept between them."""
    spans = _spans(title)
    sizes = [_words(title[start:end]) for start, end in spans]
    runs: list[TitlePart] = []
    for first in range(len(spans)):
        for last in range(first, len(spans)):
            text = title[spans[first][0] : spans[last][1]].strip()
            central = max(sizes[first : last + 1]) == max(sizes)
            runs.append(TitlePart(text, _words(text), central, first == 0))
    return tuple(runs)


def document_title(lines: tuple[Line, ...]) -> Line | None:
    """The first line when it can be a document title: a stand-alone line of a few words."""
    if not lines:
        return None
    first = lines[0]
    if first.bullet or not first.blank_after or not 1 <= first.words <= _MAX_WORDS:
        return None
    if is_boilerplate(first) or _SENTENCES.search(first.text):
        return None
    return first


def headline_like(part: TitlePart) -> bool:
    if part.words < _MIN_PART_WORDS:
        return False
    return part.central or (part.leading and part.words >= _LEADING_WORDS)


def find_echo(lines: tuple[Line, ...], title: Line, anchor: int) -> Echo | None:
    """The longest headline part of ``title`` that a later line repeats, with the repeating
    line nearest above ``anchor`` (else the first one just below it)."""
    parts = {title_key(p.text): p for p in title_parts(title.text) if headline_like(p)}
    if title.words < _MIN_WHOLE_WORDS:  # "Fox Business", a logo the footer repeats
        parts.pop(title_key(title.text), None)
    echoes: list[Echo] = []
    for line in lines[title.index + 1 : anchor + _ECHO_AFTER]:
        part = parts.get(title_key(line.text))
        if part is not None:
            echoes.append(Echo(part.text, line))
    if not echoes:
        return None
    most = max(_words(echo.text) for echo in echoes)
    longest = [echo for echo in echoes if _words(echo.text) == most]
    above = [echo for echo in longest if echo.line.index <= anchor]
    return above[-1] if above else longest[0]


def headline_part(title: str) -> str:
    """``title`` without its site and section names: the short parts at its end (else at its
    start) that have fewer words than its longest part."""
    spans = _spans(title)
    if not spans:
        return title
    sizes = [_words(title[start:end]) for start, end in spans]
    first, last = 0, len(spans) - 1
    while last > first and sizes[last] <= _SITE_WORDS and sizes[last] < max(sizes):
        last -= 1
    while last == len(spans) - 1 and first < last and sizes[first] < max(sizes):
        if sizes[first] > _SITE_WORDS:
            break
        first += 1
    return title[spans[first][0] : spans[last][1]].strip()
