"""Split a rendered-text page into lines, undoing the hard wrapping of text browsers."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

_BULLET = re.compile(r"^[•*+·□■▪◦○●►▶»‣∙◆◇\u2013-]\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")  # "3. ", "12) ": an ordered list's item
_ITEM = re.compile(f"{_BULLET.pattern}|{_NUMBERED.pattern}")  # never continues a line
_PLACEHOLDER = re.compile(r"^(?:\[[^\]]*\]\s*)+$")  # "[image]", "[svg][pin-it]": widgets
# An image or widget a text browser shows by its file name: "[34-raisons]", "[svg]", "[edit]".
_WIDGET = re.compile(r"\[[^\]\s]*[^\W\d_][^\]\s]*\]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Chinese and Japanese are written without spaces between words, so a sentence is one ``\w+``
# token. Their characters are counted instead, about one and a half a word. (Korean is spaced.)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CHARS_PER_WORD = 1.5
_WRAP_BAND = 14
_MIN_WRAP_WIDTH = 40
_MAX_OVERFLOW = 2
_CLAUSE_END = re.compile(r"[.!?:;…。\uff01\uff1f]\W*$")


@dataclass(frozen=True)
class Line:
    """One logical line of the page: a paragraph, heading, menu item or label."""

    index: int
    text: str
    bullet: bool
    blank_before: bool
    blank_after: bool
    words: int = 0  # ``count_words`` of the text; filled in by ``make_line``


def unspaced_chars(text: str) -> int:
    """Number of Chinese and Japanese characters in ``text``."""
    return len(_UNSPACED.findall(text))


def count_words(text: str) -> int:
    r"""Number of words in ``text``: ``\w+`` tokens, with runs of Chinese or Japanese
    characters counted as one word per ``_CHARS_PER_WORD`` characters."""
    unspaced = unspaced_chars(text)
    if not unspaced:
        return len(_WORD.findall(text))
    spaced = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    return spaced + math.ceil(unspaced / _CHARS_PER_WORD)


def is_list_item(line: Line) -> bool:
    """A bulleted item (its marker removed) or a numbered one ("3. ", "12) ")."""
    return line.bullet or bool(_NUMBERED.match(line.text))


def make_line(index: int, text: str, bullet: bool, blank_before: bool, blank_after: bool) -> Line:
    """A ``Line`` with its word count computed once."""
    return Line(index, text, bullet, blank_before, blank_after, count_words(text))


@dataclass(frozen=True)
class _RawLine:
    text: str
    blank_before: bool


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def _wraps_at(lengths: list[int], width: int) -> bool:
    near = sum(1 for n in lengths if width - _WRAP_BAND <= n <= width)
    long_lines = sum(1 for n in lengths if width // 2 < n <= width)
    return width >= _MIN_WRAP_WIDTH and near >= 3 and near * 5 >= long_lines


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese, Japanese and Korean characters take two,
    so a text browser wraps them at half as many characters."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap_width(lengths: list[int]) -> int | None:
    """Return the column width the text was hard-wrapped at, or None if it was not wrapped.

    A few lines may run past the width (an unbreakable URL, a preformatted block)."""
    if not lengths:
        return None
    allowed = max(_MAX_OVERFLOW, len(lengths) // 50)
    for width in sorted(set(lengths), reverse=True)[: allowed + 1]:
        if _wraps_at(lengths, width):
            return width
    return None


def _raw_lines(text: str) -> list[_RawLine]:
    rows: list[_RawLine] = []
    blank = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.rstrip()
        if not stripped.strip() or _PLACEHOLDER.match(stripped.strip()):
            blank = blank or not stripped.strip()
            continue
        rows.append(_RawLine(stripped.expandtabs(), blank))
        blank = False
    return rows


def _continues(previous: str, current: _RawLine, width: int) -> bool:
    """Whether ``current`` is the wrapped continuation of ``previous``."""
    if current.blank_before or _ITEM.match(current.text.strip()):
        return False
    first_word = current.text.strip().split(" ", 1)[0]
    return display_width(previous) + 1 + display_width(first_word) > width


def _runs_on(previous: str, current: _RawLine) -> bool:
    """Whether ``current`` carries on the sentence of a long ``previous`` line at any width:
    no blank line between, no sentence end before, a lower-case letter after (a paragraph the
    page itself broke into lines, or a text wrapped at a second width)."""
    if current.blank_before or _ITEM.match(current.text.strip()):
        return False
    if len(previous.strip()) < _MIN_WRAP_WIDTH or _CLAUSE_END.search(previous):
        return False
    return current.text.strip()[:1].islower()


def _unspaced_pair(before: str, after: str) -> bool:
    """Whether a wrap falls between two Chinese or Japanese characters (no space belongs there)."""
    return bool(_UNSPACED.match(before[-1:]) and _UNSPACED.match(after[:1]))


def _unwrap(rows: list[_RawLine]) -> list[_RawLine]:
    width = wrap_width([display_width(row.text) for row in rows])
    merged: list[_RawLine] = []
    last_physical = ""
    for row in rows:
        wrapped = width is not None and _continues(last_physical, row, width)
        if merged and (wrapped or _runs_on(last_physical, row)):
            head = merged[-1]
            joint = (
                ""
                if _UNSPACED.match(row.text.strip()[:1]) and _UNSPACED.match(head.text[-1:])
                else " "
            )
            joint = "" if _unspaced_pair(head.text, row.text.strip()) else " "
            merged[-1] = _RawLine(head.text + joint + row.text.strip(), head.blank_before)
        else:
            merged.append(row)
        last_physical = row.text
    return merged


def split_lines(text: str) -> tuple[Line, ...]:
    """Split ``text`` into logical lines with bullet markers removed and spaces normalised."""
    rows = _unwrap(_raw_lines(text))
    lines: list[Line] = []
    for position, row in enumerate(rows):
        stripped = row.text.strip()
        match = _BULLET.match(stripped)
        body = normalise_space(_WIDGET.sub(" ", stripped[match.end() :] if match else stripped))
        if not body:
            continue
        blank_after = position + 1 >= len(rows) or rows[position + 1].blank_before
        lines.append(make_line(len(lines), body, match is not None, row.blank_before, blank_after))
    return tuple(lines)
