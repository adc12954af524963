"""Find author names in bylines ("By Jane Doe", "Von Max Muster", "Par Jean Dupont")."""

from __future__ import annotations

import re

from harness.rendered.blocks import Line
from harness.rendered.datetext import find_dates

_BYLINE = re.compile(
    r"^(?:(?:written |posted |words |story |text |reporting )?by|von|par|por|di|door|"
    r"autor(?:in)?|auteur|author|texte|text)\s*:?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_INLINE = re.compile(
    r"(?:\b(?:by|von|par|por|door|di)\s+|\b(?:autor(?:in)?|author|auteur)\s*:\s*)(?P<names>.+)$",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:[|•·;(]|\s[-\u2013—]\s|\b(?:on|am|le|el|il|op|at|um)\b|"
    r"(?i:\b(?:published|updated|veröffentlicht|aktualisiert|publié|mis à jour)\b)|\d).*$"
)
# 作者 李明, 記者 山田太郎, 기자: 김철수 (a name of Han or Hangul characters, at most five).
_CJK_BYLINE = re.compile(
    r"(?:作者|记者|記者|编辑|編集|기자)\s*[:\uff1a]?\s*"
    r"(?P<names>[\u4e00-\u9fff\uac00-\ud7af]{2,5}(?:\s[\u4e00-\u9fff]{2,5})?)(?![\u4e00-\u9fff\uac00-\ud7af])"
)
# A job title after the name, run into it or not: "Meg JamesStaff Writer", "Jo Ng Senior Editor".
_ROLE = re.compile(
    r"(?:(?<=[a-z])|\s+)(?:Staff|Senior|Contributing|Associate|Chief|Editor|Reporter|Writer|"
    r"Correspondent|Columnist|Redakteur(?:in)?|Journalist(?:in|e)?)\b.*$"
)
_JOINERS = re.compile(r"\s+(?:and|und|et|y|e|en)\s+|\s*&\s*|\s*,\s*")
_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\w'\u2019.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'\u2019.-]*|van|von|de|der|da|di|le|la)){1,4}$"
)


def _names(fragment: str) -> list[str]:
    dates = find_dates(fragment)  # "Laura June Topolsky July 31, 2019": cut before "July"
    fragment = _ROLE.sub("", fragment[: dates[0].start] if dates else fragment)
    parts = _JOINERS.split(_CUT.sub("", fragment))
    return [part.strip(" .:") for part in parts if _NAME.match(part.strip(" .:"))]


def _byline(line: Line) -> re.Match[str] | None:
    match = _BYLINE.match(line.text)
    if match is None and find_dates(line.text):
        match = _INLINE.search(line.text)
    return match


def find_authors(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """Names from the first byline among ``lines`` (an article's header zone): a line that
    starts with "By"/"Von"/"Par"…, or a dated line with "… by Name" in it."""
    for line in lines:
        match = _byline(line) if line.words <= 20 else None
        names = _names(match.group("names")) if match else []
        cjk = _CJK_BYLINE.search(line.text) if line.words <= 20 else None
        names = names or ([cjk.group("names")] if cjk else [])
        if names:
            return tuple(dict.fromkeys(names))
    return ()
