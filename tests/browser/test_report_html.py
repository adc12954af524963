"""The HTML report in a real browser: it renders, a click shows the diff, no capture runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.comparison.compare import compare
from harness.comparison.tolerance import Tolerance
from harness.corpus.capture import create
from harness.extractor import Extractor
from harness.goldens.golden import Golden
from harness.record import Record
from harness.reports.files import write_all
from harness.running.runner import Outcome, extract

from .conftest import missing_browser, require_browser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
CLOSE = "</script><script>window.__pwned=1</script>"
PAGE = f"<html><head><title>{SCRIPT}</title></head><body><p>{IMG}</p><p>{CLOSE}</p></body></html>"


def _verbatim(capture: Any) -> Record:
    """An extractor that hands the page's markup through as text, as a bad one might."""
    html = capture.text()
    return Record(title=html[html.index("<title>") + 7 : html.index("</title>")], body=(IMG, CLOSE))


def _report(tmp_path: Path) -> Path:
    capture = create(
        tmp_path / "captures",
        "evil",
        PAGE.encode(),
        kind="html",
        truth={"title": "x", "body": "one two three four"},
    )
    extractor = Extractor("bad", "1", frozenset({"html"}), ("title", "body"), _verbatim)
    record = extract(extractor, capture)
    old = Record(title="Old title", body=("one two three four",))
    comparison = compare(old, record, Tolerance(), extractor.fields)
    golden = Golden("bad", "1", "evil", capture.actual_sha256, old)
    drift = Outcome("bad", "evil", "drift", "drift in title, body", record, golden, comparison)
    calm = Outcome("bad", "calm", "pass", record=old, golden=Golden("bad", "1", "calm", "0", old))
    assert capture.truth is not None
    write_all(tmp_path / "report", [drift, calm], {"evil": capture.truth})
    return tmp_path / "report" / "report.html"


def test_report_renders_shows_the_diff_and_runs_no_capture(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(_report(tmp_path).as_uri())
    buttons = browser.find_elements(By.CSS_SELECTOR, "#matrix button[data-cell]")
    assert [b.text.splitlines()[0] for b in buttons] == ["drift: title,body", "pass"]
    detail = browser.find_element(By.ID, "detail")
    assert not detail.is_displayed()
    buttons[0].click()
    WebDriverWait(browser, 5).until(lambda _: detail.is_displayed())
    text = detail.text
    assert "bad[evil]: drift" in text and "Old title" in text
    assert SCRIPT in text and IMG in text and CLOSE in text  # shown as text
    assert "body F1" in text
    assert detail.find_elements(By.TAG_NAME, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 2  # data block and our own
    assert browser.execute_script("return typeof window.__pwned") == "undefined"


def test_a_pass_cell_shows_its_output_too(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(_report(tmp_path).as_uri())
    browser.find_elements(By.CSS_SELECTOR, "#matrix button[data-cell]")[1].click()
    detail = browser.find_element(By.ID, "detail")
    assert "bad[calm]: pass" in detail.text and "one two three four" in detail.text


def test_missing_browser_skips_locally_and_fails_in_ci(tmp_path: Path) -> None:
    absent = tmp_path / "no-such-binary"
    reason = missing_browser(absent, absent)
    assert reason is not None and str(absent) in reason
    with pytest.raises(pytest.skip.Exception, match="no-such-binary"):
        require_browser(reason, {})
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_browser(reason, {"CI": "true"})
    require_browser(None, {"CI": "true"})  # present: nothing to say
