"""Choose the article title: the prominent line just above the byline, dates and body."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from harness.rendered.blocks import Line, count_words, is_list_item, unspaced_chars
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
_INSIDE = 1  # the body may start with its headline
_FAR_WINDOW = 100  # lines above the body searched for the headline
_LEAD_LINES = 3
_LEAD_WORD = re.compile(r"[^\W\d_]{4,}")
_ECHO_WORDS = 40
_SENTENCE_BREAK = re.compile(r"\w{2}[.!?]\s+[A-Z]")
_ECHO_MIN_WORDS = 4
_SEPARATORS = frozenset("|-\u2013\u2014:>»\u203a·/~•\uff5c")
_LIST_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\.$")  # a breadcrumb rendered as a numbered list
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
# An icon font's ligature name, shown as text by a renderer without the font ("chevron_left"),
# and what a browser's innerText runs on after it: "... at Experience chevron_left Browse All".
_ICON_NAME = re.compile(
    r"\s+(?:[a-z]+(?:_[a-z]+)+$|(?:chevron|arrow|keyboard_arrow|navigate|expand)_[a-z_]+\b.*$)"
)
# A time stamp run into the front of a headline: "17:27 GMT Egypt records 30 new cases".
_LEADING_TIME = re.compile(r"^\d{1,2}:\d{2}(?:\s*(?:GMT|UTC|[AaPp]\.?[Mm]\.?))?\s+")
# A byline the renderer ran into the headline: "Angry media won't buckle ... by: Laurie Oakes",
# or, in a browser's innerText, "Why Beijing will bring slaughter to Hong Kong by Tom Rogan"
# (capitalised names only: "Homes destroyed by the fire" keeps its end).
_TRAILING_BYLINE = re.compile(
    r"\s+(?:(?i:by|von|par|por):\s+\S.{0,40}|[Bb]y(?:\s+[A-Z][\w'.-]+){2,3})$"
)
_BYLINE = re.compile(
    r"^(?:(?:written|posted|reviewed|medically reviewed|edited|reported|photos?) )?by\b|"
    r"^(?:von|par|por|di|door)\b",
    re.IGNORECASE,
)
_WIDGET = re.compile(r"\[[^\]\s]*\]|\[\s*\]|\(opens in (?:a )?new window\)", re.IGNORECASE)
_TABLE_RULE = re.compile(r"[\u2500-\u257f]")  # a table row drawn with box characters: "│"
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
    if _furniture(line) or is_doubled(line.text) or _TABLE_RULE.search(line.text):
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


@dataclass(frozen=True)
class Page:
    """What the title features need to know of the whole page."""

    lines: tuple[Line, ...]
    anchor: int  # the line the body starts at
    slug: frozenset[str]  # the words of the URL's last path segments
    spaced: bool  # whether blank lines set headings apart (``spaced_out``)
    counts: Counter[str]  # how often each line's text occurs
    keys: tuple[str, ...]  # ``title_key`` of every line short enough to hold a title
    lead: frozenset[str]  # longer words of the first lines of the body


def read_page(lines: tuple[Line, ...], anchor: int, url: str | None) -> Page:
    lead: set[str] = set()
    for line in lines[anchor : anchor + _LEAD_LINES]:
        lead.update(w.casefold() for w in _LEAD_WORD.findall(line.text))
    return Page(
        lines=lines,
        anchor=anchor,
        slug=url_words(url),
        spaced=spaced_out(lines),
        counts=Counter(line.text for line in lines),
        keys=tuple(title_key(line.text) for line in lines if line.words <= _ECHO_WORDS),
        lead=frozenset(lead),
    )


def _neighbour(lines: tuple[Line, ...], index: int) -> Line | None:
    return lines[index] if 0 <= index < len(lines) else None


def title_features(page: Page, line: Line) -> dict[str, float]:
    """What tells whether ``line`` is the page's headline, by name (``_WEIGHTS`` weighs them)."""
    lines, text = page.lines, line.text
    distance = max(page.anchor - line.index, 0)
    words = {w.lower() for w in _WORD.findall(text)}
    long_words = {w.casefold() for w in _LEAD_WORD.findall(text)}
    before = _neighbour(lines, line.index - 1)
    after = _neighbour(lines, line.index + 1)
    alone = line.blank_before and line.blank_after
    letters = [c for c in text if c.isalpha()]
    tokens = text.split()
    above = lines[max(line.index - 3, 0) : line.index]
    return {
        "near": max(1.0 - distance / _WINDOW, 0.0),
        "far": max(1.0 - distance / _FAR_WINDOW, 0.0),
        "at_anchor": float(distance == 0),
        "slug": len(words & page.slug) / len(words | page.slug) if page.slug and words else 0.0,
        "lead": len(long_words & page.lead) / len(long_words) if long_words else 0.0,
        "meta_after": float(_followed_by_meta(lines, line.index)),
        "date_before": float(any(find_dates(other.text) for other in above)),
        "mid_length": float(4 <= line.words <= 20),
        "label": float(line.words <= 2),
        "long": float(line.words > 20),
        "log_words": math.log1p(line.words),
        "alone_spaced": float(page.spaced and alone),
        "alone": float(alone),
        "bullet": float(line.bullet),
        "after_item": float(before is not None and is_list_item(before)),
        "before_item": float(after is not None and is_list_item(after)),
        "lower_start": float(text[:1].islower()),
        "all_caps": float(bool(letters) and all(c.isupper() for c in letters)),
        "sentence_break": float(bool(_SENTENCE_BREAK.search(text))),
        "caption": float(text.endswith(".") and not text.endswith("...")),
        "numbers": sum(any(c.isdigit() for c in t) for t in tokens) / max(len(tokens), 1),
        "tool_words": float(bool(_TOOL_WORDS.search(text))),
        "repeated": float(page.counts[text] > 1),
        "echo": float(echoed(line, page.keys)),
        "suffix_of_near": float(_ends_nearby(page, line, shorter=False)),
        "ends_with_near": float(_ends_nearby(page, line, shorter=True)),
        "position": line.index / len(lines),
    }


def _ends_nearby(page: Page, line: Line, shorter: bool) -> bool:
    """Whether a line close by ends with this one (``shorter``: this one ends with a close
    line): a breadcrumb a renderer ran into the headline ("News Business Ascom announces…")."""
    key = title_key(line.text)
    for other in page.lines[max(line.index - 3, 0) : line.index + 4]:
        if other.index == line.index or other.words < 3:
            continue
        other_key = title_key(other.text)
        long, short = (key, other_key) if shorter else (other_key, key)
        if len(long) > len(short) and long.endswith(" " + short):
            return True
    return False


# Fitted by ``benchmarks/fit_title_weights.py`` (a softmax over each page's candidates, on the
# tuning half of the reference corpus rendered by w3m, inscriptis and Chromium); refit after
# changing a feature. Distances: "near" falls to 0 at ``_WINDOW`` lines above the body, "far" at
# ``_FAR_WINDOW``; "slug" is the word overlap with the URL, "lead" the share of the line's
# words found in the body's first lines; "echo" a copy as part of a longer line (``echoed``).
_WEIGHTS: dict[str, float] = {
    "near": 0.97,
    "far": 0.74,
    "at_anchor": -2.50,
    "slug": 5.99,
    "lead": 2.35,
    "meta_after": 2.01,
    "date_before": 0.37,
    "mid_length": 0.76,
    "label": -1.98,
    "long": -0.40,
    "log_words": 0.95,
    "alone_spaced": 1.94,
    "alone": -0.40,
    "bullet": -0.89,
    "after_item": 0.13,
    "before_item": -0.44,
    "lower_start": -1.27,
    "all_caps": 0.67,
    "sentence_break": 0.50,
    "caption": -1.78,
    "numbers": -0.58,
    "tool_words": -0.36,
    "repeated": -0.64,
    "echo": 2.34,
    "suffix_of_near": 1.88,
    "ends_with_near": -1.24,
    "position": -1.57,
}
FEATURES = tuple(_WEIGHTS)


def title_score(page: Page, line: Line) -> float:
    return sum(_WEIGHTS[name] * value for name, value in title_features(page, line).items())


def strip_suffix(title: str) -> str:
    """Remove a trailing `` | Site`` part, a byline run into the title (`` by: Name``), an
    icon's name (`` chevron_left``) and a leading time stamp (``17:27 GMT``), when what
    remains is still a full title."""
    stripped = _ICON_NAME.sub("", _LEADING_TIME.sub("", title))
    stripped = _SUFFIX.sub("", _TRAILING_BYLINE.sub("", stripped)).rstrip(" -\u2013\u2014|:,")
    return stripped if count_words(stripped) >= 3 else title


def heading_candidates(page: Page) -> list[Line]:
    """The lines that may be the headline: title-like lines up to ``_FAR_WINDOW`` lines above
    the body's start, or at it."""
    above = page.lines[max(page.anchor - _FAR_WINDOW, 0) : page.anchor + _INSIDE]
    return [line for line in above if _candidate(line)]


def heading_line(lines: tuple[Line, ...], anchor: int, url: str | None = None) -> Line | None:
    """The most title-like line (``title_score``) shortly before line ``anchor``."""
    page = read_page(lines, anchor, url)
    best: tuple[float, int] | None = None
    for line in heading_candidates(page):
        score = title_score(page, line)
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

    A document title on the first line decides when the page repeats its headline part, or
    when it clearly has a site part to drop (the ``<title>`` convention other extractors and
    the published benchmarks follow) and is not a row of skip links ("Zum Inhalt / Zur
    Navigation", a text browser's first line); otherwise the most title-like line above the
    body (``heading_line``) is chosen."""
    heading = heading_line(lines, anchor, url)
    document = document_title(lines)
    if document is not None:
        echo = find_echo(lines, document, anchor)
        if echo is not None:
            return TitleChoice(echo.text, echo.line)
        if _has_site_part(document) and not _TOOL_WORDS.search(document.text):
            return TitleChoice(headline_part(document.text), heading)
    return None if heading is None else TitleChoice(strip_suffix(heading.text), heading)


def _has_site_part(document: Line) -> bool:
    """Whether the document title is "Headline | Site" with a headline of a few words."""
    part = headline_part(document.text)
    return part != document.text and count_words(part) >= _DOCUMENT_WORDS
