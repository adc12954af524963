"""Render HTML to text in the style of a browser's text dump."""

from __future__ import annotations

import re

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

_CONFIG = ParserConfig(css=CSS_PROFILES["strict"].copy(), display_images=False)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


def render_html(html: str) -> str:
    """Render ``html`` as a text dump: one block per line, blank lines between paragraphs.

    Scripts, styles and the document head are dropped (as a browser dump does); runs of
    blank lines collapse to a single blank line.
    """
    if not html.strip():
        return ""
    text = str(get_text(html, _CONFIG))
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
