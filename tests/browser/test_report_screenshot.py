"""A capture's screenshot in report.html: beside its cell, as an image only, under the policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.corpus import views
from harness.corpus.capture import create, load_capture
from harness.record import Record
from harness.reports.files import write_all
from harness.running.runner import Outcome

PAGE = b"<html><head><title>Shot</title></head><body><p>Seen.</p></body></html>"


def _report(tmp_path: Path, png: Callable[[int, int], bytes]) -> Path:
    root = tmp_path / "captures"
    create(root, "shot", PAGE, kind="html", more={"screenshot.png": png(40, 30)})
    create(root, "plain", PAGE.replace(b"Seen", b"Plain"), kind="html")
    outcomes = [
        Outcome("x", capture, "new", "no golden yet", record=Record(title="Shot"))
        for capture in ("shot", "plain")
    ]
    shots = views.screenshots(root, [o.capture for o in outcomes])
    assert set(shots) == {"shot"}
    write_all(tmp_path / "report", outcomes, {}, screenshots=shots)
    return tmp_path / "report" / "report.html"


def test_the_policy_allows_data_images_only_when_there_are_screenshots(
    tmp_path: Path, png: Callable[[int, int], bytes]
) -> None:
    page = _report(tmp_path, png).read_text()
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None and "img-src data:;" in policy.group(1)
    write_all(tmp_path / "bare", [Outcome("x", "plain", "new", "")], {})
    assert "img-src &#x27;none&#x27;" in (tmp_path / "bare" / "report.html").read_text()


def test_a_screenshot_that_is_not_its_recorded_bytes_is_left_out(
    tmp_path: Path, png: Callable[[int, int], bytes]
) -> None:
    root = tmp_path / "captures"
    create(root, "shot", PAGE, kind="html", more={"screenshot.png": png(40, 30)})
    (root / "shot" / "screenshot.png").write_bytes(png(50, 30))
    assert views.screenshot(root / "shot", load_capture(root / "shot").views) is None


def test_the_report_shows_the_screenshot_beside_the_cell(
    tmp_path: Path, browser: Any, png: Callable[[int, int], bytes]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(_report(tmp_path, png).as_uri())
    browser.find_element(By.CSS_SELECTOR, '#matrix button[data-cell="0"]').click()
    shot = browser.find_element(By.CSS_SELECTOR, "#detail img.shot")
    WebDriverWait(browser, 30).until(lambda b: shot.get_attribute("complete") == "true")
    assert browser.execute_script("return arguments[0].naturalWidth", shot) == 40
    browser.find_element(By.CSS_SELECTOR, '#matrix button[data-cell="1"]').click()
    assert browser.find_elements(By.CSS_SELECTOR, "#detail img.shot") == []
