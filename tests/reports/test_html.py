"""report.html without a browser: no captured text raw in the markup, a strict CSP."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.reports import html
from harness.reports.assets import SCRIPT, STYLE
from harness.reports.files import write_all

from . import sample


def _page(tmp_path: Path) -> str:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS)
    return (tmp_path / "report.html").read_text("utf-8")


def test_no_captured_markup_appears_raw(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert "window.__pwned" in page  # it is there, as data
    assert sample.HOSTILE_SCRIPT not in page
    assert "<img" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2


def test_embedded_data_is_json_with_escaped_angle_brackets(tmp_path: Path) -> None:
    page = _page(tmp_path)
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page)
    assert block is not None
    assert not set("<>&") & set(block.group(1))
    data = json.loads(block.group(1))
    assert data["cells"][0]["record"]["title"] == f"New {sample.HOSTILE_SCRIPT}"


def test_script_json_escapes_what_could_close_the_block() -> None:
    text = html.script_json({"t": "</script>&\u2028"})
    assert text == '{"t":"\\u003c/script\\u003e\\u0026\\u2028"}'
    assert json.loads(text) == {"t": "</script>&\u2028"}


def test_policy_allows_only_our_own_script_and_style_by_hash(tmp_path: Path) -> None:
    page = _page(tmp_path)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    csp = meta.group(1).replace("&#x27;", "'")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert html.csp_hash(SCRIPT) in csp and html.csp_hash(STYLE) in csp
    assert f"<script>{SCRIPT}</script>" in page and f"<style>{STYLE}</style>" in page
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_matrix_cells_are_buttons_with_status_and_scores(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert 'data-cell="0" aria-pressed="false">drift: title,published,body</button>' in page
    assert '<span class="scores">F1 0.500 · title ok</span>' in page
    assert "textContent" in SCRIPT and "innerHTML" not in SCRIPT


def test_a_new_cell_has_a_colour_of_its_own(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert re.search(r'<button type="button" class="new" data-cell="\d+"[^>]*>new</button>', page)
    assert 'class="failed" data-cell="0"' in page  # the drifted cell
    rule = re.search(r"#matrix button\.new \{ background: (#[0-9a-f]+);", STYLE)
    failed = re.search(r"#matrix button\.failed \{ background: (#[0-9a-f]+);", STYLE)
    assert rule and failed and rule[1] != failed[1]
    assert html.csp_hash(STYLE).strip("'") in page  # the strict policy allows just this style
