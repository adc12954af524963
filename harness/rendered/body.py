"""Select the article body: the run of lines with the highest total value (``values``).

The heaviest run is the article unless a run just below the page's own headline weighs enough;
it grows over later parts of the same article split by a table or a gallery, over a lead above
a table of contents, over closing one-liners and over a list the article introduces."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from harness.rendered.blocks import Line, is_list_item
from harness.rendered.boilerplate import (
    is_boilerplate,
    is_code,
    is_doubled,
    is_end_marker,
    is_hard_end,
    is_junk,
    is_social,
)
from harness.rendered.doctitle import document_title, headline_like, title_key, title_parts
from harness.rendered.values import (
    NEAR,
    embedded_prose,
    ends_sentence,
    is_prose,
    line_values,
    running_text,
)

_ANCHOR_WINDOW = 12  # lines below the headline within which its article starts
_ANCHOR_SHARE = 0.3  # of the heaviest run, for the run below the headline to be preferred
_REPEAT_WORDS = 4
_WORD = re.compile(r"\w+")
_ALIKE = 0.6  # of two lines' words in common: the same thing said twice
_ALIKE_WORDS = 5
_ALIKE_AFTER = 2
_LIST_ITEMS = 2
_TABLE_ROWS = 3  # rows of a table a line introduces, for the table to be part of the article
_ROW_WORDS = 25
_ROW_NUMBERS = 2
_NUMBERING = re.compile(r"^[\d.]+\s+")  # "5.3 Conferences and events" in a table of contents
_ENTRY_WORDS = 10
_CONTENTS_ENTRIES = 3
_LEAD_LINES = 10  # lines above a table of contents searched for the article's lead
_PART_SHARE = 0.3  # a second run of prose at least this share of the first: the same article
_PART_SENTENCES = 3  # ... if it holds this many sentences of running text (not a teaser)
_GAP_SOCIAL = 2  # share and follow links between two runs: the end of the article


@dataclass(frozen=True)
class Region:
    """Inclusive line-index range of the main content."""

    start: int
    end: int


@dataclass(frozen=True)
class _Run:
    """A run of lines ``start``..``end`` (inclusive) and its total value."""

    total: float
    start: int
    end: int


def _best_run(values: list[float], lo: int, hi: int) -> _Run | None:
    """The run within ``values[lo:hi]`` with the highest positive total (maximum-sum subarray)."""
    best: _Run | None = None
    total, start = 0.0, lo
    for position in range(lo, hi):
        if total <= 0:
            total, start = 0.0, position
        total += values[position]
        if total > 0 and (best is None or total > best.total):
            best = _Run(total, start, position)
    return best


def _joins(lines: tuple[Line, ...], run: _Run | None, gap: range, main: float) -> bool:
    """Whether ``run`` is another part of the article rather than a teaser or a sidebar: it
    weighs at least ``_PART_SHARE`` of the article's main part, holds several sentences of
    running text, and neither a label that starts what follows an article nor a row of share
    and follow links stands between them."""
    if run is None or run.total < _PART_SHARE * main:
        return False
    sentences = sum(1 for line in lines[run.start : run.end + 1] if running_text(line))
    if sentences < _PART_SENTENCES or any(is_end_marker(lines[i]) for i in gap):
        return False
    return sum(1 for i in gap if is_social(lines[i])) < _GAP_SOCIAL


def _run_from(values: list[float], lo: int, window: int, hi: int) -> _Run | None:
    """The run with the highest positive total among those starting in ``lo``..``lo+window``
    and ending before ``hi``."""
    best: _Run | None = None
    for start in range(lo, min(lo + window, hi)):
        total = 0.0
        for position in range(start, hi):
            total += values[position]
            if total > 0 and (best is None or total > best.total):
                best = _Run(total, start, position)
    return best


def headline_echoes(lines: tuple[Line, ...]) -> tuple[int, ...]:
    """Lines that repeat the headline part of the document title on the first line: where
    the page shows its own headline, right above its article."""
    document = document_title(lines)
    if document is None:
        return ()
    keys = {title_key(part.text) for part in title_parts(document.text) if headline_like(part)}
    return tuple(line.index for line in lines[1:] if title_key(line.text) in keys)


def _main_run(lines: tuple[Line, ...], values: list[float]) -> _Run | None:
    """The run with the highest total, unless a run that starts just below the page's own
    headline, above the heaviest one, weighs at least ``_ANCHOR_SHARE`` of it: that one is
    the article (and the heaviest a part of it, or a sidebar or a footer)."""
    main = _best_run(values, 0, len(values))
    if main is None:
        return None
    echoes = headline_echoes(lines)
    if any(echo < main.start <= echo + _ANCHOR_WINDOW for echo in echoes):
        return main
    anchored = [_run_from(values, echo + 1, _ANCHOR_WINDOW, main.start) for echo in echoes]
    runs = [run for run in anchored if run is not None and run.total >= _ANCHOR_SHARE * main.total]
    return max(runs, key=lambda run: run.total) if runs else main


def best_region(lines: tuple[Line, ...]) -> Region | None:
    """The run of lines with the highest total value (or the one below the page's headline,
    ``_main_run``), grown over neighbouring runs that are parts of the same article split by a
    long list, table or gallery (``_joins``)."""
    values = line_values(lines)
    main = _main_run(lines, values)
    if main is None:
        return None
    start, end = main.start, main.end
    while True:
        after = _best_run(values, end + 1, len(values))
        if after is not None and _joins(lines, after, range(end + 1, after.start), main.total):
            end = after.end
            continue
        before = _best_run(values, 0, start)
        if before is not None and _joins(lines, before, range(before.end + 1, start), main.total):
            start = before.start
            continue
        return Region(_lead_above_contents(lines, values, start, end), end)


def _entry_key(text: str) -> str:
    return _NUMBERING.sub("", text).casefold()


def _repeated_later(entry: Line, heading: Line | None) -> bool:
    """Whether ``heading`` repeats the contents ``entry`` further down, worded as a heading
    ("History" for "1 History"), not as a copy of the same line (a menu shown twice)."""
    return heading is not None and heading.index > entry.index and heading.text != entry.text


def _lead_above_contents(lines: tuple[Line, ...], values: list[float], start: int, end: int) -> int:
    """Where the article starts when a table of contents stands between its lead and its
    sections: the contents are short lines that the article repeats as its headings (numbers
    aside), and the lead is the prose right above them. ``start`` otherwise."""
    gap_start = start
    while gap_start > 0 and values[gap_start - 1] <= 0:
        gap_start -= 1
    gap = [line for line in lines[gap_start:start] if line.words <= _ENTRY_WORDS]
    headings: dict[str, Line] = {}  # the last line with each key, down to the article's end
    for line in lines[gap_start : end + 1]:
        if line.words <= _ENTRY_WORDS:
            headings[_entry_key(line.text)] = line
    entries = sum(1 for line in gap if _repeated_later(line, headings.get(_entry_key(line.text))))
    if entries < _CONTENTS_ENTRIES or entries * 2 < len(gap):
        return start
    lead = _best_run(values, max(gap_start - _LEAD_LINES, 0), gap_start)
    if lead is None or not any(running_text(line) for line in lines[lead.start : lead.end + 1]):
        return start
    return lead.start


def _sentence_like(line: Line, min_words: int) -> bool:
    if line.bullet or line.words < min_words or is_boilerplate(line) or is_end_marker(line):
        return False
    return ends_sentence(line.text)


def _next_is_item(lines: tuple[Line, ...], at: int) -> bool:
    return at + 1 < len(lines) and is_list_item(lines[at + 1])


def table_row(line: Line) -> bool:
    """A row of figures: a short line, not a sentence, with numbers in two cells or more
    ("3 Kevin Harvick 5033 4 6 15 26", "Pos. Driver Points Wins Top 5 Top 10")."""
    if line.bullet or line.words > _ROW_WORDS or line.text.endswith("."):
        return False
    return sum(any(c.isdigit() for c in token) for token in line.text.split()) >= _ROW_NUMBERS


def _introduced_table(lines: tuple[Line, ...], at: int) -> range:
    """The rows of figures right after line ``at``, a header row included."""
    end = at
    for line in lines[at + 1 :]:
        if not table_row(line) and not (line.index == at + 1 and line.words <= _ROW_WORDS):
            break
        end = line.index
    rows = range(at + 1, end + 1)
    return rows if sum(table_row(lines[i]) for i in rows) >= _TABLE_ROWS else range(0)


def introduced_list(lines: tuple[Line, ...], at: int) -> range:
    """The list that line ``at`` introduces with a colon ("Here are the best offers:"): the
    bulleted or numbered items right after it, with a link on a line of its own between two
    of them, or a table of figures (``table_row``). Empty when the line introduces no list of
    at least ``_LIST_ITEMS`` items."""
    if not lines[at].text.endswith((":", "\uff1a")):
        return range(0)
    end, items = at, 0
    for line in lines[at + 1 :]:
        if is_hard_end(line) or is_end_marker(line):
            break
        if is_list_item(line):
            items += 1
        elif not (
            is_junk(line) and line.index + 1 < len(lines) and is_list_item(lines[line.index + 1])
        ):
            break
        end = line.index
    return range(at + 1, end + 1) if items >= _LIST_ITEMS else _introduced_table(lines, at)


def extend_region(lines: tuple[Line, ...], region: Region) -> Region:
    """Grow ``region`` over adjacent short sentences (a closing one-liner, a short lead) and
    over a list its last line introduces."""
    start, end = region.start, region.end
    while True:
        while end + 1 < len(lines) and _sentence_like(lines[end + 1], 2):
            end += 1
        items = introduced_list(lines, end)
        if not items and end + 1 < len(lines):  # a short lead-in: "Here are the offers:"
            items = introduced_list(lines, end + 1)
        if not items:
            break
        end = items[-1]
    while start > 0 and _sentence_like(lines[start - 1], 6):
        start -= 1
    return Region(start, end)


def article_region(lines: tuple[Line, ...]) -> Region | None:
    """Where the article is: the best run of lines (``best_region``), grown over its short
    lead, closing lines and introduced lists (``extend_region``); ``None`` on a page with no
    prose."""
    found = best_region(lines)
    return None if found is None else extend_region(lines, found)


def body_lines(lines: tuple[Line, ...], region: Region, exclude: frozenset[int]) -> tuple[str, ...]:
    """The paragraphs of ``region``, leaving out boilerplate and the ``exclude`` indices."""
    kept: list[str] = []
    seen: set[str] = set()
    embedded = embedded_prose(lines[: region.end + 1 + NEAR])
    counts = Counter(line.text for line in lines)
    listed = {
        at
        for line in lines[region.start : region.end + 1]
        for at in introduced_list(lines, line.index)
    }
    for line in lines[region.start : region.end + 1]:
        furniture = is_boilerplate(line) and line.index not in embedded | listed
        if line.index in exclude or furniture or is_end_marker(line) or is_doubled(line.text):
            continue
        if counts[line.text] > 1 and _repeatable(line):  # an image's alt text, a pull quote
            continue
        if _said_again(lines, line.index) or line.text in seen:  # a pull quote's second copy
            continue
        kept.append(line.text)
        seen.add(line.text)
    return tuple(kept)


def _vocabulary(line: Line) -> frozenset[str]:
    return frozenset(word.casefold() for word in _WORD.findall(line.text))


def _alike(one: Line, other: Line) -> bool:
    """Two different lines that share ``_ALIKE`` of their words."""
    if (
        one.text == other.text or is_list_item(one) or is_list_item(other)
    ):  # list items share templates
        return False
    mine, theirs = _vocabulary(one), _vocabulary(other)
    if min(len(mine), len(theirs)) < _ALIKE_WORDS:
        return False
    return len(mine & theirs) >= _ALIKE * len(mine | theirs)


def _said_again(lines: tuple[Line, ...], at: int) -> bool:
    """Whether one of the next lines says nearly the same as line ``at``: an image's alt text
    right before its caption, worded a little differently (the second one is kept). A series
    of alike lines (a schedule, a results table written out) is no such pair."""
    line = lines[at]
    if at > 0 and _alike(lines[at - 1], line):
        return False
    for other in lines[at + 1 : at + 1 + _ALIKE_AFTER]:
        follows = lines[other.index + 1] if other.index + 1 < len(lines) else None
        if _alike(line, other) and not (follows is not None and _alike(other, follows)):
            return True
    return False


def _repeatable(line: Line) -> bool:
    """A line of several words that is neither prose nor code: when the page shows it twice,
    it is an image's alt text or caption, a pull quote or a share text."""
    return line.words >= _REPEAT_WORDS and not is_prose(line) and not is_code(line)
