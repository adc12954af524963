"""Choose the publication and update dates of an article among the dates on its page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from harness.rendered.blocks import Line
from harness.rendered.boilerplate import is_boilerplate
from harness.rendered.datetext import DateMention, find_dates
from harness.rendered.values import is_dateline, is_prose

_UPDATE = re.compile(
    r"(?:updated?|last (?:modified|edited|changed)|modified|revised|aktualisiert|"
    r"geändert|stand|mis à jour|mise à jour|modifié|actualizado|actualización|"
    r"aggiornat[oa]|bijgewerkt|更新(?:时间|時間|日時|日期|日)?|修改时间|最終更新|수정|업데이트)"
    r"\W*(?:on|am|le|el|il|op|at)?\W*$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(?:published|posted|released|dated?|veröffentlicht|erschienen|erstellt|publié|"
    r"publicado|pubblicato|gepubliceerd|geplaatst)\b|发布|發布|发表|發表|公開|投稿|게시|입력",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:19|20)\d\d(?!\d)")
_MONTHS = 12
# Countries that write English dates day first (the United States, Canada and the
# Philippines write them month first).
_DAY_FIRST_DOMAINS = (".uk", ".ie", ".au", ".nz", ".in", ".za", ".sg", ".ng", ".ke", ".pk")
# The signature of an embedded post: "— Jane Doe (@jane) January 1, 2020".
_EMBEDDED_POST = re.compile(r"\(@\w{1,30}\)")
_HEAD_BEFORE = 2
_HEAD_AFTER = 3
_DATELINE_BEFORE = 5
_LEAD = 10
_LABELLED_LEAD = 25
_TAIL = 4
_DATELINE_CHARS = 40


@dataclass(frozen=True)
class PageDates:
    """The publication and last-update dates chosen for a page (ISO 8601)."""

    published: str | None
    updated: str | None


@dataclass(frozen=True)
class _Mention:
    mention: DateMention
    update: bool
    labelled: bool


def _mentions(line: Line, month_first: bool) -> list[_Mention]:
    found: list[_Mention] = []
    prose = is_prose(line)
    for mention in find_dates(line.text, month_first):
        before = line.text[: mention.start]
        update = bool(_UPDATE.search(before[-40:]))
        labelled = update or bool(_PUBLISHED.search(before[-40:]))
        if prose and mention.start > _DATELINE_CHARS and not labelled:
            continue
        found.append(_Mention(mention, update, labelled))
    return found


def _zone_mentions(lines: tuple[Line, ...], month_first: bool) -> list[_Mention]:
    found: list[_Mention] = []
    for line in lines:
        # A dateline is read even when it looks like furniture: digits alone ("19.10.2019
        # 12.09"), a category that is a notice word ("Posted in Datenschutz on ..."); a
        # copyright line's year and date are not the article's.
        dateline = is_dateline(line) and not _COPYRIGHT.search(line.text)
        if (not is_boilerplate(line) or dateline) and not _EMBEDDED_POST.search(line.text):
            found.extend(_mentions(line, month_first))
    return found


def _pick(found: list[_Mention]) -> PageDates:
    published = next((m.mention.iso for m in found if not m.update), None)
    updated = next((m.mention.iso for m in found if m.update), None)
    return PageDates(published, updated)


def month_first(lines: tuple[Line, ...], language: str | None, url: str | None) -> bool:
    """Whether the page writes 1/2/2020 for January 2: the slashed dates on the page that only
    one order can read decide; else the site's country (a .uk or .ie address writes the day
    first); else the language (English: month first)."""
    votes = 0
    for line in lines:
        for match in _SLASHED.finditer(line.text):
            first, second = int(match.group(1)), int(match.group(2))
            votes += (second > _MONTHS) - (first > _MONTHS)
    if votes:
        return votes > 0
    host = (urlsplit(url).hostname or "") if url else ""
    if host.endswith(_DAY_FIRST_DOMAINS):
        return False
    return language == "en"


def choose_dates(
    lines: tuple[Line, ...], head: int, start: int, end: int, month_first: bool
) -> PageDates:
    """Dates from the article header (title ``head`` to body ``start``), else labelled
    dates just after the body ``end``; page-top capture dates and footers are never read."""
    header = lines[max(head - _HEAD_BEFORE, 1) : start + _HEAD_AFTER]
    # A dateline a little above the headline, beside the section name ("Auto | 05. November
    # 2021 | 08:02 Uhr"), or a little way into the body, after a lead or a picture's caption.
    above = lines[max(head - _DATELINE_BEFORE, 1) : max(head - _HEAD_BEFORE, 1)]
    lead = lines[start + _HEAD_AFTER : start + _LEAD]
    datelines = [line for line in (*above, *lead) if is_dateline(line)]
    found = _zone_mentions((*header, *datelines), month_first)
    if found:
        return _pick(found)
    # Else a short line labelled "Published on ..." in the upper body (not a sentence that
    # mentions a study published on some day), or one just after the body.
    upper = [
        line for line in lines[start + _HEAD_AFTER : start + _LABELLED_LEAD] if is_dateline(line)
    ]
    tail = lines[end + 1 : end + 1 + _TAIL]
    labelled = [m for m in _zone_mentions((*upper, *tail), month_first) if m.labelled]
    return _pick(labelled)
