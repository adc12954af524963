"""Select the article body: the densest run of prose lines, without furniture.

Each line gets a value (prose: its word count; furniture: a penalty) and the body is the
run of lines with the highest total. Context shapes the values: a text repeated on the page
is furniture, a run of short lines costs more the longer it gets (menus, teaser lists and
link rows are runs, an article's subheadings are not), and a prose line with no prose
neighbour (a teaser's one-sentence summary) counts half."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from harness.rendered.blocks import Line
from harness.rendered.boilerplate import (
    is_boilerplate,
    is_button,
    is_code,
    is_comment_meta,
    is_comments_heading,
    is_doubled,
    is_end_marker,
    is_hard_end,
    is_junk,
    is_notice,
    is_social,
)
from harness.rendered.datetext import find_dates
from harness.rendered.doctitle import document_title, headline_like, title_key, title_parts

_TERMINAL = re.compile(r"[.!?:;…\"”»)\u2019'\]。\uff01\uff1f\uff1a\uff1b」』\uff09]$")
_SENTENCE_END = re.compile(r"[.!?…。\uff01\uff1f][\"”»)\u2019'」』\uff09]?$")
_FORM = re.compile(r"\[[ xX*]?\]|©")
_PROSE_WORDS = 10
_CASED = re.compile(r"[^\W\d_]+")
_NAME_SHARE = 0.6  # of a line's words capitalised, and no sentence end: a list of names
_LONG_WORDS = 18
_BOILER_PENALTY = -8.0
_HARD_PENALTY = -1000.0
_END_PENALTY = -25.0
_BULLET_PENALTY = -3.0
_SHORT_PENALTY = -2.0
_CODE_VALUE = 0.0
_META_PENALTY = -25.0
_META_WORDS = 15
_DATELINE_SHARE = 0.4  # of a short line's characters in dates: a dateline
_DATE_LABEL = re.compile(
    r"\b(?:posted|published|updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|"
    r"publicado|actualizado|pubblicato|aggiornato|gepubliceerd)\b",
    re.IGNORECASE,
)
_ISOLATED_SHARE = 0.5  # a lone prose line among furniture: a teaser more often than not
_THREAD_GAP = 20  # two comment-furniture lines at most this far apart: a comment between them
_THREAD_TAIL = 3  # lines after a thread's last furniture line: the last comment
_THREAD_SHARE = 0.1  # what a comment's prose is worth to the article
_TEASER_STEP = 3  # lines from one teaser's summary to the next: headline, maybe a date
_TEASER_RUN = 3  # summaries in a row that make a teaser list
_TEASER_SHARE = 0.2  # what a teaser's summary is worth to the article
_ANCHOR_WINDOW = 12  # lines below the headline within which its article starts
_ANCHOR_SHARE = 0.3  # of the heaviest run, for the run below the headline to be preferred
_REPEAT_WORDS = 4
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_LIST_ITEMS = 2
_NUMBERING = re.compile(r"^[\d.]+\s+")  # "5.3 Conferences and events" in a table of contents
_ENTRY_WORDS = 10
_CONTENTS_ENTRIES = 3
_LEAD_LINES = 10  # lines above a table of contents searched for the article's lead
_NEAR = 2  # lines either side searched for the article's own paragraphs
_RUN_CAP = 3  # the k-th line of a run of short lines costs k times as much, up to this
_PART_SHARE = 0.3  # a second run of prose at least this share of the first: the same article
_PART_SENTENCES = 3  # ... if it holds this many sentences of running text (not a teaser)
_GAP_SOCIAL = 2  # share and follow links between two runs: the end of the article


@dataclass(frozen=True)
class Region:
    """Inclusive line-index range of the main content."""

    start: int
    end: int


def _name_list(text: str) -> bool:
    """A long line of mostly capitalised words and no sentence end: a list of names, languages
    or tags run together ("Other languages: Català Čeština Deutsch ..."), not a sentence."""
    words = _CASED.findall(text)
    capitalised = sum(1 for word in words if word[0].isupper())
    return len(words) >= _PROSE_WORDS and capitalised > _NAME_SHARE * len(words)


def is_prose(line: Line) -> bool:
    """A line that reads like a paragraph of running text."""
    words = line.words
    terminal = bool(_TERMINAL.search(line.text))
    if words >= _LONG_WORDS:
        return terminal or not _name_list(line.text)
    return words >= _PROSE_WORDS and terminal


def line_value(line: Line) -> float:
    """Contribution of a line to the content score of a region containing it."""
    if is_hard_end(line):
        return _HARD_PENALTY
    if is_end_marker(line):
        return _END_PENALTY
    if is_boilerplate(line):
        return _BOILER_PENALTY
    if is_comment_meta(line) or is_dateline(line):
        return _META_PENALTY
    if is_prose(line):
        return float(line.words)
    if is_code(line):
        return _CODE_VALUE
    if line.words <= _META_WORDS and find_dates(line.text):
        return _META_PENALTY
    return _BULLET_PENALTY if line.bullet else _SHORT_PENALTY


def is_dateline(line: Line) -> bool:
    """A short line that is mostly a date, or a labelled one ("posted on April 21, 2015, at
    11:29 a.m."): an article's or a teaser's dateline, even when it ends with a full stop."""
    if line.words > _META_WORDS:
        return False
    dates = find_dates(line.text)
    if not dates:
        return False
    covered = sum(date.end - date.start for date in dates)
    return covered >= _DATELINE_SHARE * len(line.text) or bool(_DATE_LABEL.search(line.text))


def _base_values(lines: tuple[Line, ...]) -> list[float]:
    """``line_value`` of each line, with prose whose text occurs twice on the page (a teaser
    beside its story, a share text) valued as a short line."""
    counts = Counter(line.text for line in lines)
    embedded = embedded_prose(lines)
    values = [float(line.words) if line.index in embedded else line_value(line) for line in lines]
    return [
        _SHORT_PENALTY if value > 0 and counts[line.text] > 1 else value
        for line, value in zip(lines, values, strict=True)
    ]


def _running_text(line: Line) -> bool:
    """A sentence of prose, not a caption, a teaser cut short or a form's check box."""
    text = line.text
    return is_prose(line) and bool(_SENTENCE_END.search(text)) and not _FORM.search(text)


def embedded_prose(lines: tuple[Line, ...]) -> frozenset[int]:
    """Prose lines that mention cookies, terms or sign-ups (``is_notice``) but sit between
    paragraphs of running text: part of an article about such things, not a site notice."""
    plain = [is_prose(line) and not is_boilerplate(line) for line in lines]
    found: set[int] = set()
    for line in lines:
        at = line.index
        if not (_running_text(line) and is_notice(line)) or is_social(line) or is_junk(line):
            continue
        if any(plain[max(at - _NEAR, 0) : at]) and any(plain[at + 1 : at + 1 + _NEAR]):
            found.add(at)
    return frozenset(found)


def comment_threads(lines: tuple[Line, ...]) -> frozenset[int]:
    """Lines of comment threads: a chain of comment-furniture lines ("2 days ago", "Reply",
    "Name on <date> said:", "Rating: 9 votes"), each at most ``_THREAD_GAP`` lines after the
    last, with a "Comments" heading just before it and the last comment's few lines after it.
    Teaser lists stamped "N hours ago" are caught too, and are no article either."""
    meta = [line.index for line in lines if is_comment_meta(line) and not is_button(line)]
    found: set[int] = set()
    chain: list[int] = []
    for at in [*meta, len(lines) + _THREAD_GAP + 1]:
        if chain and at - chain[-1] > _THREAD_GAP:
            if len(chain) > 1:
                first = chain[0]
                for back in range(chain[0] - 1, max(chain[0] - _THREAD_GAP, -1), -1):
                    if is_comments_heading(lines[back]):
                        first = back
                        break
                found.update(range(first, min(chain[-1] + _THREAD_TAIL + 1, len(lines))))
            chain = []
        chain.append(at)
    return frozenset(found)


def _isolated(base: list[float]) -> list[int]:
    """Positions of prose lines with no prose line either side."""
    positive = [value > 0 for value in base]
    return [
        at
        for at, value in enumerate(positive)
        if value
        and not (at > 0 and positive[at - 1])
        and not (at + 1 < len(base) and positive[at + 1])
    ]


def _teaser_lists(isolated: list[int]) -> frozenset[int]:
    """Isolated prose lines that follow each other every two or three lines, as the one-line
    summaries of a teaser list do between their headlines: ``_TEASER_RUN`` of them or more."""
    found: set[int] = set()
    chain: list[int] = []
    for at in [*isolated, -1]:
        if chain and not 2 <= at - chain[-1] <= _TEASER_STEP:
            if len(chain) >= _TEASER_RUN:
                found.update(chain)
            chain = []
        chain.append(at)
    return frozenset(found)


def _thread_values(lines: tuple[Line, ...]) -> list[float]:
    """``_base_values`` with the prose of comment threads worth ``_THREAD_SHARE`` of its own."""
    threads = comment_threads(lines)
    return [
        value * _THREAD_SHARE if value > 0 and at in threads else value
        for at, value in enumerate(_base_values(lines))
    ]


def teaser_summaries(lines: tuple[Line, ...]) -> frozenset[int]:
    """The one-paragraph summaries of teaser lists (``_teaser_lists``) on the page."""
    return _teaser_lists(_isolated(_thread_values(lines)))


def line_values(lines: tuple[Line, ...]) -> list[float]:
    """Each line's value in context: repeated texts count as furniture, prose inside a comment
    thread or a teaser list counts little, each further line of a run of non-prose lines costs
    more, and a prose line with no prose neighbour counts less."""
    base = _thread_values(lines)
    isolated = _isolated(base)
    listed = _teaser_lists(isolated)
    values: list[float] = []
    run = 0
    for position, value in enumerate(base):
        if value > 0:
            run = 0
            share = _TEASER_SHARE if position in listed else _ISOLATED_SHARE
            values.append(value * share if position in isolated else value)
        else:
            run += 1
            values.append(value * min(run, _RUN_CAP) if value > _BOILER_PENALTY else value)
    return values


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
    sentences = sum(1 for line in lines[run.start : run.end + 1] if _running_text(line))
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
    if lead is None or not any(_running_text(line) for line in lines[lead.start : lead.end + 1]):
        return start
    return lead.start


def _sentence_like(line: Line, min_words: int) -> bool:
    if line.bullet or line.words < min_words or is_boilerplate(line) or is_end_marker(line):
        return False
    return bool(_SENTENCE_END.search(line.text))


def _item(line: Line) -> bool:
    return line.bullet or bool(_NUMBERED.match(line.text))


def introduced_list(lines: tuple[Line, ...], at: int) -> range:
    """The list that line ``at`` introduces with a colon ("Here are the best offers:"): the
    bulleted or numbered items right after it, with a link on a line of its own between two
    of them. Empty when the line introduces no list of at least ``_LIST_ITEMS`` items."""
    if not lines[at].text.endswith((":", "\uff1a")):
        return range(0)
    end, items = at, 0
    for line in lines[at + 1 :]:
        if is_hard_end(line) or is_end_marker(line):
            break
        if _item(line):
            items += 1
        elif not (is_junk(line) and line.index + 1 < len(lines) and _item(lines[line.index + 1])):
            break
        end = line.index
    return range(at + 1, end + 1) if items >= _LIST_ITEMS else range(0)


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


def body_lines(lines: tuple[Line, ...], region: Region, exclude: frozenset[int]) -> tuple[str, ...]:
    """The paragraphs of ``region``, leaving out boilerplate and the ``exclude`` indices."""
    kept: list[str] = []
    embedded = embedded_prose(lines[: region.end + 1 + _NEAR])
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
        kept.append(line.text)
    return tuple(kept)


def _repeatable(line: Line) -> bool:
    """A line of several words that is neither prose nor code: when the page shows it twice,
    it is an image's alt text or caption, a pull quote or a share text."""
    return line.words >= _REPEAT_WORDS and not is_prose(line) and not is_code(line)
