"""report.md: the matrix and each failing cell's diff, with no way out of a code fence."""

from __future__ import annotations

from pathlib import Path

from harness.reports import markdown
from harness.reports.files import write_all

from . import sample


def test_matrix_and_failing_cells(tmp_path: Path) -> None:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS)
    text = (tmp_path / "report.md").read_text("utf-8")
    assert "| capture | demo | other |" in text
    assert "| evil | **drift: title,published,body** | skipped¹ |" in text
    assert "| calm | pass · F1 0.500 · title ok | **error** |" in text
    assert "## Failing cells (2)" in text and "### demo[evil]: drift" in text
    assert "    - ¶2: <img" in text  # the field diff, inside a fence
    assert "calm]: pass" not in text


def test_a_fence_is_longer_than_any_backtick_run_inside() -> None:
    assert markdown.fenced("a ``` b") == "````text\na ``` b\n````"
    assert markdown.fenced("plain") == "```text\nplain\n```"


def test_table_cells_cannot_open_markup_or_columns() -> None:
    assert markdown.cell_md("<b>a|b</b>\n&") == "&lt;b&gt;a\\|b&lt;/b&gt; &amp;"


def test_long_explain_text_is_cut() -> None:
    long = "\n".join(f"line {i}" for i in range(500))
    cut = markdown._cut(long)
    assert cut.count("\n") == markdown.MAX_LINES and cut.endswith("report.json)")


def test_skip_reasons_and_new_cells_in_the_markdown_report(tmp_path: Path) -> None:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS)
    text = (tmp_path / "report.md").read_text("utf-8")
    assert "\n¹ other takes text captures, not html  \n" in text
    assert "## New outputs (1)\n\n- new: fresh (1 extractor: demo) — approve: " in text
    assert "### demo[fresh]" not in text
