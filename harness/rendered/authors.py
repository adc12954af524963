"""Find author names in bylines ("By Jane Doe", "Von Max Muster", "Par Jean Dupont")."""

from __future__ import annotations

import re

from harness.rendered.blocks import Line

_BYLINE = re.compile(
    r"^(?:(?:written |posted |words |story |text |reporting )?by|von|par|por|di|door|"
    r"autor(?:in)?|auteur|author|texte|text)\s*:?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:[|•·;(]|\s[-–—]\s|\b(?:on|am|le|el|il|op|at|um)\b|"
    r"(?i:\b(?:published|updated|veröffentlicht|aktualisiert|publié|mis à jour)\b)|\d).*$"
)
_JOINERS = re.compile(r"\s+(?:and|und|et|y|e|en)\s+|\s*&\s*|\s*,\s*")
_NAME = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|van|von|de|der|da|di|le|la)){1,4}$"
)


def _names(fragment: str) -> list[str]:
    parts = _JOINERS.split(_CUT.sub("", fragment))
    return [part.strip(" .:") for part in parts if _NAME.match(part.strip(" .:"))]


def find_authors(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """Names from the first byline among ``lines`` (an article's header zone)."""
    for line in lines:
        if line.words > 20:
            continue
        match = _BYLINE.match(line.text)
        if match:
            names = _names(match.group("names"))
            if names:
                return tuple(dict.fromkeys(names))
    return ()
