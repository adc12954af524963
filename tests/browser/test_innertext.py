"""The text extractor on a real browser's rendering of a page (``document.body.innerText``).

A browser's text is denser than a text browser's dump: headings, menu items and bylines are
lines of their own with no blank line around them, and only paragraphs are set apart. The
page below is written for this test: a news site's menu, a headline, a byline and dateline,
share buttons, an image caption, the article, related stories and a footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.rendered import extract_text

PARAGRAPHS = (
    "The regional council approved on Tuesday a plan to reopen three rural railway lines "
    "that were closed in the 1990s, at a cost of several hundred million euros.",
    "The first trains could run in 2024 between the two towns farthest apart in the region, "
    "according to the timetable presented by the head of the regional executive.",
    "The opposition called the project too expensive and asked for an independent study of "
    "the number of passengers the lines could expect in their first ten years.",
)
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Region to reopen three rural railway lines | The Courier</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<main><article>
<h1>Region to reopen three rural railway lines</h1>
<div class="byline">By Jane Doe</div><time>December 1, 2020 at 5:26 pm</time>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<figure><img alt="" src="train.jpg"><figcaption>A regional train. Photo: John Smith
</figcaption></figure>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Bus fares to rise in April</a></li>
<li><a href="/b">New cycle lanes for the city centre</a></li></ul></aside></main>
<footer><p>&copy; 2020 The Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""


def test_a_browsers_innertext_of_a_news_page_extracts_title_date_and_body(
    browser: Any, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    browser.get(page.as_uri())
    text = browser.execute_script("return document.body.innerText")
    assert "Region to reopen" in text and "Share on Facebook" in text  # a real rendering
    result = extract_text(text)
    assert result.title == "Region to reopen three rural railway lines"
    assert result.published == "2020-12-01T17:26:00"
    assert result.authors == ("Jane Doe",)
    assert result.body == PARAGRAPHS
