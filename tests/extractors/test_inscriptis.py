"""inscriptis: the whole page as text, boilerplate included (the benchmarks' baseline)."""

from __future__ import annotations

from harness.running import runner

from .helpers import make, page


def test_whole_page_text_one_paragraph_a_line() -> None:
    record = runner.extract(make("inscriptis"), page("news-en"))
    assert any(p.startswith("Eastmere councillors have approved a moveable") for p in record.body)
    assert any("All rights reserved" in p for p in record.body)  # nothing is removed
    assert record.title is None and all(p == p.strip() and p for p in record.body)
