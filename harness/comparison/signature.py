"""Change signatures: what kind of change a drifted field shows, from its golden and new value.

A signature names the change, not the page: two cells whose titles both lost a " | Site"
part have the same signature, so hundreds of drifted cells after an upgrade fall into a few
groups a person can judge at once. Pure: no I/O, no state.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Any

from harness.comparison import dates
from harness.comparison.compare import Comparison
from harness.record import squash

Signature = tuple[tuple[str, str], ...]

SITE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", ": ")
SMALL_WORD_CHANGES = 0.9  # word-level similarity of two bodies above which the change is small
LONG_BODY = 40_000  # words in the two bodies together past which only a cheap bound is used
_WITHIN_A_DAY = dt.timedelta(hours=26)  # the widest gap between two time zones, and a bit


def signature(comparison: Comparison) -> Signature:
    """The sorted (field, kind) pairs of the drifted fields of a comparison."""
    return tuple(
        sorted((f.name, kind(f.name, f.expected, f.actual)) for f in comparison.fields if f.drifted)
    )


def kind(field: str, old: Any, new: Any) -> str:
    """The kind of change from the golden value `old` to the new value `new` of `field`."""
    if field == "title":
        return title_kind(old, new)
    if field in ("published", "updated"):
        return date_kind(old, new)
    if field == "body":
        return body_kind(list(old or ()), list(new or ()))
    if field == "authors":
        return authors_kind(list(old or ()), list(new or ()))
    return language_kind(old, new)


def _presence(old: object, new: object) -> str | None:
    if not new:
        return "lost"
    if not old:
        return "gained"
    return None


def title_kind(old: str | None, new: str | None) -> str:
    """site-part-added/-removed, case-or-punctuation, rewritten, lost or gained."""
    if found := _presence(old, new):
        return found
    assert old is not None and new is not None
    a, b = squash(old), squash(new)
    if has_site_part(b, a):
        return "site-part-added"
    if has_site_part(a, b):
        return "site-part-removed"
    if _letters(a) == _letters(b):
        return "case-or-punctuation"
    return "rewritten"


def has_site_part(longer: str, shorter: str) -> bool:
    """Whether `longer` is `shorter` with a site's name before or after it ("X | Site",
    "Site - X", "Site: X")."""
    for separator in SITE_SEPARATORS:
        head, tail = shorter + separator, separator + shorter
        if longer.startswith(head) and longer[len(head) :].strip():
            return True
        if longer.endswith(tail) and longer[: -len(tail)].strip():
            return True
    return False


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def date_kind(old: str | None, new: str | None) -> str:
    """shifted-hours, precision-changed, other-day, other-time, lost or gained."""
    if found := _presence(old, new):
        return found
    assert old is not None and new is not None
    a, b = dates.parse(old), dates.parse(new)
    if a.precision != b.precision:
        coarse = dates.coarsest(a.precision, b.precision)
        same = a.truncated(coarse, as_utc=False) == b.truncated(coarse, as_utc=False)
        return "precision-changed" if same else "other-day"
    if _shifted_hours(a, b):
        return "shifted-hours"
    if a.value.date() != b.value.date():
        return "other-day"
    return "other-time"


def _shifted_hours(a: dates.Instant, b: dates.Instant) -> bool:
    """Two times a whole number of hours apart (at most a day or so): a time-zone change,
    as wall clocks or as instants."""
    if dates.finer("day", a.precision):
        return False
    gaps = [a.value.replace(tzinfo=None) - b.value.replace(tzinfo=None)]
    if a.has_offset and b.has_offset:
        gaps.append(a.value - b.value)
    hour = dt.timedelta(hours=1)
    return any(gap and abs(gap) <= _WITHIN_A_DAY and gap % hour == dt.timedelta() for gap in gaps)


def body_kind(old: Sequence[str], new: Sequence[str]) -> str:
    """paragraphs-added/lost at the start/end, or elsewhere (the others kept in order),
    split-or-merged, words-lost/added (text only taken out or put in, across paragraph
    boundaries), small-word-changes, rewritten, lost or gained."""
    a, b = [squash(p) for p in old if p.strip()], [squash(p) for p in new if p.strip()]
    if found := _presence(a, b):
        return found
    if len(b) > len(a) and b[: len(a)] == a:
        return "paragraphs-added-end"
    if len(b) > len(a) and b[len(b) - len(a) :] == a:
        return "paragraphs-added-start"
    if len(a) > len(b) and a[: len(b)] == b:
        return "paragraphs-lost-end"
    if len(a) > len(b) and a[len(a) - len(b) :] == b:
        return "paragraphs-lost-start"
    if _subsequence(a, b):
        return "paragraphs-added"
    if _subsequence(b, a):
        return "paragraphs-lost"
    x, y = " ".join(a).split(), " ".join(b).split()
    if x == y:
        return "split-or-merged"
    return word_kind(x, y)


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether `long` is `short` with paragraphs inserted (anywhere, not only at the ends)."""
    if len(short) >= len(long):
        return False
    rest = iter(long)
    return all(any(p == q for q in rest) for p in short)


def word_kind(x: Sequence[str], y: Sequence[str]) -> str:
    """words-lost (only deletions), words-added (only insertions), small-word-changes
    (difflib's ratio of the word lists at least `SMALL_WORD_CHANGES`) or rewritten. Past
    `LONG_BODY` words only difflib's cheap bound is used: small changes or rewritten."""
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if len(x) + len(y) > LONG_BODY:
        return "small-word-changes" if matcher.quick_ratio() >= SMALL_WORD_CHANGES else "rewritten"
    changes = {tag for tag, *_ in matcher.get_opcodes() if tag != "equal"}
    if changes == {"delete"}:
        return "words-lost"
    if changes == {"insert"}:
        return "words-added"
    return "small-word-changes" if matcher.ratio() >= SMALL_WORD_CHANGES else "rewritten"


def authors_kind(old: Sequence[str], new: Sequence[str]) -> str:
    """names-added (every old name kept), names-removed (no new name), or names-changed."""
    before, after = {squash(a) for a in old}, {squash(a) for a in new}
    if before < after:
        return "names-added"
    if after < before:
        return "names-removed"
    return "names-changed"


def language_kind(old: str | None, new: str | None) -> str:
    return _presence(old, new) or "changed"
