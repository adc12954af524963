"""Extract articles from rendered-text page captures (browser or ``w3m -dump`` text)."""

from harness.rendered.extract import TextExtraction, extract_text
from harness.rendered.render import render_html

__all__ = ["TextExtraction", "extract_text", "render_html"]
