"""Choose the article title: the prominent line just above the byline, dates and body."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from harness.rendered.blocks import Line, count_words, unspaced_chars
from harness.rendered.boilerplate import (
    is_boilerplate,
    is_comment_meta,
    is_doubled,
    is_end_marker,
)
from harness.rendered.datetext import find_dates
from harness.rendered.doctitle import document_title, find_echo, headline_part, title_key

_WINDOW = 25
_DOCUMENT_WORDS = 4
_WORD = re.compile(r"\w+")
_SUFFIX = re.compile(r"\s+[|\uff5c]\s+[^|\uff5c]{1,40}$")
_ALPHA_WORD = re.compile(r"[^\W\d_]{3,}")
_MIN_UNSPACED = 4  # Chinese or Japanese characters that can make a headline
_INSIDE = 0
_ECHO_WORDS = 40
_SENTENCE_BREAK = re.compile(r"\w{2}[.!?]\s+[A-Z]")
_ECHO_MIN_WORDS = 4
_SEPARATORS = frozenset("|-\u2013\u2014:>»\u203a·/~•\uff5c")
_ECHO = 3.0
_ECHO_WINDOW = 100
_LIST_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\.$")  # a breadcrumb rendered as a numbered list
_CAPTION = 1.5  # a line that ends with a full stop (a caption, a teaser): rarely a headline
_SHORT_WORDS = 12
_SPACED_SHARE = 0.2  # of short lines standing alone, for blank lines to set headings apart
# The words of a site's tools and links, which headlines seldom use: "Share Close extra sharing
# options", "Zur ORF.at-Navigation", "Retour à l'accueil", "[Suchbegriff ] Suchen".
_TOOL_WORDS = re.compile(
    r"\b(?:sharing|share|navigation|navigieren|suchen|suchbegriff|search|menu|menü|"
    r"external links?|new window|newsletter|retour|zurück|back to|go to|home page|homepage|"
    r"startseite|accueil|message|nachricht|kontakt|contact)\b",
    re.IGNORECASE,
)
_TOOL = 2.5
_ALONE = 2.0  # a headline stands alone; menu items, captions and teasers come in runs
_LABEL = 2.5  # a section label, a site or a person's name has one or two words
_CREDIT = re.compile(
    r"^(?:images?|photos?|photograph|pictures?|illustration|credit|source|fotos?|bild|quelle|"
    r"crédit|foto di)\s*:",
    re.IGNORECASE,
)
# A credit inside a caption: "Whale expert Hori Parata. Photograph: A. Malloch", "(All photos:
# Atlas staff)", "(AP Photo/Alan Diaz)".
_CREDIT_INSIDE = re.compile(
    r"\b(?:photo(?:graph)?s?|images?|fotos?|bild|picture|illustration)\s*:|\(ap photo|"
    r"getty images|shutterstock|\bafp\b|\breuters\b|\bdpa\b|^\(.*\)$",
    re.IGNORECASE,
)
# An icon font's ligature name, shown as text by a renderer without the font: "chevron_left".
_ICON_NAME = re.compile(r"\s+[a-z]+(?:_[a-z]+)+$")
# A byline the renderer ran into the headline: "Angry media won't buckle ... by: Laurie Oakes".
_TRAILING_BYLINE = re.compile(r"\s+(?:by|von|par|por):\s+\S.{0,40}$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:(?:written|posted|reviewed|medically reviewed|edited|reported|photos?) )?by\b|"
    r"^(?:von|par|por|di|door)\b",
    re.IGNORECASE,
)
_WIDGET = re.compile(r"\[[^\]\s]*\]|\[\s*\]|\(opens in (?:a )?new window\)", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"^(?:updated|published|posted|last updated|aktualisiert|veröffentlicht|mis à jour|publié)\b",
    re.IGNORECASE,
)


def url_words(url: str | None) -> frozenset[str]:
    """Lower-cased word tokens of the last meaningful path segment of ``url``."""
    if not url:
        return frozenset()
    segments = [s for s in unquote(urlsplit(url).path).split("/") if _WORD.search(s)]
    words: set[str] = set()
    for segment in segments[-2:]:
        words.update(w.lower() for w in re.split(r"[\W_]+", segment) if w and not w.isdigit())
    return frozenset(words)


def _furniture(line: Line) -> bool:
    """A widget's text (an image or form placeholder, "opens in new window"), a date label or
    comment furniture: never a headline."""
    text = line.text
    return bool(_WIDGET.search(text) or _DATE_LABEL.match(text)) or is_comment_meta(line)


def _candidate(line: Line) -> bool:
    words = line.words
    if not 2 <= words <= 30 or is_boilerplate(line) or is_end_marker(line):
        return False
    if find_dates(line.text) or _BYLINE.match(line.text) or _CREDIT.match(line.text):
        return False
    if _CREDIT_INSIDE.search(line.text):
        return False
    if _furniture(line) or is_doubled(line.text):
        return False
    if len(_ALPHA_WORD.findall(line.text)) < 2 and unspaced_chars(line.text) < _MIN_UNSPACED:
        return False
    if line.text.endswith((":", "\uff1a")):  # a lead-in to what follows: "Let's see what we got:"
        return False
    return not (words > 15 and line.text.endswith("."))


def _followed_by_meta(lines: tuple[Line, ...], index: int) -> bool:
    for line in lines[index + 1 : index + 5]:
        if find_dates(line.text) or _BYLINE.match(line.text):
            return True
    return False


def _set_off(before: str, after: str) -> bool:
    before, after = before.rstrip(), after.lstrip()
    if not before and not after:
        return False
    opens = not before or before[-1] in _SEPARATORS or bool(_LIST_NUMBER.search(before))
    closes = not after or after[0] in _SEPARATORS or bool(_BYLINE.match(after))
    return opens and closes  # "Headline by Jane Doe July 10, 2015" sets the headline off too


def echoed(line: Line, keys: tuple[str, ...]) -> bool:
    """Whether the page repeats ``line`` as one part of a longer line set off by a separator,
    as a document title ("Title | Site"), a breadcrumb ("News > Title", "1. News 2. Title") or
    a share text do; or, standing alone, repeats it whole (a copy inside a run of short lines is
    a menu or a tool row)."""
    if line.words < _ECHO_MIN_WORDS or line.text.endswith(".") or _SENTENCE_BREAK.search(line.text):
        return False
    key = title_key(line.text)
    copies = 0
    for other in keys:
        at = other.find(key)
        if at >= 0 and _set_off(other[:at], other[at + len(key) :]):
            return True
        copies += other == key
    return copies > 1 and line.blank_before and line.blank_after


def spaced_out(lines: tuple[Line, ...]) -> bool:
    """Whether the renderer sets headings apart with blank lines, as text browsers do: a
    good share of the page's short lines stand alone. A browser's ``innerText`` sets only
    paragraphs apart, so there a line standing alone is no sign of a headline."""
    short = [line for line in lines if line.words <= _SHORT_WORDS and not line.bullet]
    alone = sum(1 for line in short if line.blank_before and line.blank_after)
    return alone >= _SPACED_SHARE * len(short)


def _score(
    lines: tuple[Line, ...], line: Line, anchor: int, slug: frozenset[str], spaced: bool
) -> float:
    distance = max(anchor - line.index, 0)
    score = 3.0 * max(1.0 - distance / _WINDOW, 0.0)
    words = {w.lower() for w in _WORD.findall(line.text)}
    if slug and words:
        score += 6.0 * len(words & slug) / len(words | slug)
    score += 2.0 if _followed_by_meta(lines, line.index) else 0.0
    score += 1.0 if 4 <= line.words <= 20 else 0.0
    score -= _LABEL if line.words <= 2 else 0.0
    score += _ALONE if spaced and line.blank_before and line.blank_after else 0.0
    score -= 2.0 if line.bullet else 0.0
    score -= 1.0 if line.text[:1].islower() else 0.0
    score -= 1.5 if _SENTENCE_BREAK.search(line.text) else 0.0
    score -= _CAPTION if line.text.endswith(".") and not line.text.endswith("...") else 0.0
    score -= _TOOL if _TOOL_WORDS.search(line.text) else 0.0
    return score


def strip_suffix(title: str) -> str:
    """Remove a trailing `` | Site`` part, a byline run into the title (`` by: Name``) or an
    icon's name (`` chevron_left``), when what remains is still a full title."""
    stripped = _SUFFIX.sub("", _TRAILING_BYLINE.sub("", _ICON_NAME.sub("", title)))
    return stripped if count_words(stripped) >= 3 else title


def heading_line(lines: tuple[Line, ...], anchor: int, url: str | None = None) -> Line | None:
    """The most title-like line shortly before line ``anchor``; a line the page echoes as part
    of a longer one (``echoed``) is preferred and may sit further up."""
    slug = url_words(url)
    spaced = spaced_out(lines)
    counts = Counter(line.text for line in lines)
    keys = tuple(title_key(line.text) for line in lines if line.words <= _ECHO_WORDS)
    best: tuple[float, int] | None = None
    for line in lines[: anchor + _INSIDE]:
        if not _candidate(line):
            continue
        distance = anchor - line.index
        echo = distance <= _ECHO_WINDOW and echoed(line, keys)
        if distance > _WINDOW and not echo:
            continue
        score = _score(lines, line, anchor, slug, spaced)
        score += 0.5 if counts[line.text] > 1 else 0.0
        score += _ECHO if echo else 0.0
        if best is None or score > best[0]:
            best = (score, line.index)
    return None if best is None else lines[best[1]]


@dataclass(frozen=True)
class TitleChoice:
    """The chosen title and the page line that starts the article header (if any)."""

    text: str
    line: Line | None


def choose_title(
    lines: tuple[Line, ...], anchor: int, url: str | None = None
) -> TitleChoice | None:
    """The title of the page whose body starts at line ``anchor``.

    A document title on the first line decides when the page repeats its headline part;
    otherwise the most title-like line above the body (``heading_line``) is chosen, unless
    the document title clearly has a site part to drop."""
    heading = heading_line(lines, anchor, url)
    document = document_title(lines)
    if document is not None:
        echo = find_echo(lines, document, anchor)
        if echo is not None:
            return TitleChoice(echo.text, echo.line)
        if _has_site_part(document):
            return TitleChoice(headline_part(document.text), heading)
    return None if heading is None else TitleChoice(strip_suffix(heading.text), heading)


def _has_site_part(document: Line) -> bool:
    """Whether the document title is "Headline | Site" with a headline of a few words."""
    part = headline_part(document.text)
    return part != document.text and count_words(part) >= _DOCUMENT_WORDS
