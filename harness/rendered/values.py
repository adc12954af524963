"""The value of each line of a page as part of an article, in context.

Prose is worth its word count and furniture costs a penalty. Context shapes the values: a text
repeated on the page is furniture, a run of short lines costs more the longer it gets (menus,
teaser lists and link rows are runs, an article's subheadings are not), a prose line with no
prose neighbour (a teaser's one-sentence summary) counts half, and the prose of comment threads
and teaser lists counts little."""

from __future__ import annotations

import re
from collections import Counter

from harness.rendered.blocks import Line
from harness.rendered.boilerplate import (
    is_boilerplate,
    is_button,
    is_code,
    is_comment_meta,
    is_comments_heading,
    is_end_marker,
    is_hard_end,
    is_junk,
    is_notice,
    is_social,
)
from harness.rendered.datetext import find_dates

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
_PLACE = re.compile(r"^[^\W\d_][\w .'\u2019-]{0,30},\s*$")  # "Berlin, ", "NEW YORK, "
_PLACE_DATELINE_WORDS = 8
_DATE_LABEL = re.compile(
    r"\b(?:posted|published|updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|"
    r"publicado|actualizado|pubblicato|aggiornato|gepubliceerd)\b",
    re.IGNORECASE,
)
_RUN_CAP = 3  # the k-th line of a run of short lines costs k times as much, up to this
_ISOLATED_SHARE = 0.5  # a lone prose line among furniture: a teaser more often than not
_THREAD_GAP = 20  # two comment-furniture lines at most this far apart: a comment between them
_THREAD_TAIL = 3  # lines after a thread's last furniture line: the last comment
_THREAD_SHARE = 0.1  # what a comment's prose is worth to the article
_TEASER_STEP = 3  # lines from one teaser's summary to the next: headline, maybe a date
_TEASER_RUN = 3  # summaries in a row that make a teaser list
_TEASER_SHARE = 0.2  # what a teaser's summary is worth to the article
_LEGAL_SHARE = 0.2  # what a site's legal notice is worth: kept inside an article, never one
# A site's legal notice or disclaimer: "The information provided on this website ...", "All
# rights reserved", "... are registered trademarks of ...", "may not be reproduced".
_LEGAL = re.compile(
    r"\b(?:this|our) (?:web)?site\b|all rights reserved|registered trademarks?\b|"
    r"not intended to (?:diagnose|be a substitute)|may not be (?:re)?(?:produced|published|"
    r"distributed|broadcast)|(?:is|are) licensed under|terms of (?:use|service)|privacy policy",
    re.IGNORECASE,
)
NEAR = 2  # lines either side searched for the article's own paragraphs


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
        return line.words * (_LEGAL_SHARE if _LEGAL.search(line.text) else 1.0)
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
    if _PLACE.match(line.text[: dates[0].start]) and line.words <= _PLACE_DATELINE_WORDS:
        return True  # a press release's "Berlin, 28.10.2021, 058/21"
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


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (a full stop, a question or an exclamation mark, maybe
    followed by a closing quote or bracket)."""
    return bool(_SENTENCE_END.search(text))


def running_text(line: Line) -> bool:
    """A sentence of prose, not a caption, a teaser cut short or a form's check box."""
    text = line.text
    return is_prose(line) and ends_sentence(text) and not _FORM.search(text)


def embedded_prose(lines: tuple[Line, ...]) -> frozenset[int]:
    """Prose lines that mention cookies, terms or sign-ups (``is_notice``) but sit between
    paragraphs of running text: part of an article about such things, not a site notice."""
    plain = [is_prose(line) and not is_boilerplate(line) for line in lines]
    found: set[int] = set()
    for line in lines:
        at = line.index
        if not (running_text(line) and is_notice(line)) or is_social(line) or is_junk(line):
            continue
        if any(plain[max(at - NEAR, 0) : at]) and any(plain[at + 1 : at + 1 + NEAR]):
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
