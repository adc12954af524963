"""Render HTML to text in the style of a browser's text dump."""

from __future__ import annotations

import re
from html import unescape

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

_CONFIG = ParserConfig(css=CSS_PROFILES["strict"].copy(), display_images=False)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_HEAD_END = re.compile(r"</head\s*>|<body\b|<svg\b", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def document_title(html: str) -> str | None:
    """The text of the ``<title>`` in the document head (not an SVG title in the body)."""
    head_end = _HEAD_END.search(html)
    match = _TITLE.search(html, 0, head_end.start() if head_end else len(html))
    if match is None:
        return None
    title = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
    return title or None


def render_html(html: str) -> str:
    """Render ``html`` as a text dump: one block per line, blank lines between paragraphs.

    The document ``<title>`` comes first, on a line of its own, as a browser shows it in its
    title bar; the rest of the head, scripts and styles are dropped; runs of blank lines
    collapse to a single blank line.
    """
    if not html.strip():
        return ""
    text = str(get_text(html, _CONFIG))
    title = document_title(html)
    if title:
        text = f"{title}\n\n{text}"
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
