"""`harness review --web` in a real browser: keys and clicks decide, no capture script runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from harness.goldens import pending

if TYPE_CHECKING:
    from conftest import Served


def test_the_browser_accepts_by_key_and_rejects_by_click_and_runs_no_capture_script(
    served: Served, browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served.url)
    WebDriverWait(browser, 30).until(
        lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
    )
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".item .title")]
    assert titles == ["title: Calm title", f"title: {served.evil_title}"]
    assert browser.execute_script("return [window.__pwned, document.title]") == [
        None,
        "capture-harness review",
    ]
    shot = browser.find_element(By.CSS_SELECTOR, "#item-1 .shot img")
    WebDriverWait(browser, 30).until(lambda b: shot.get_attribute("complete") == "true")
    assert browser.execute_script("return arguments[0].naturalWidth", shot) == 40
    browser.find_element(By.TAG_NAME, "body").send_keys("a")  # the first item is current
    golden = served.config.goldens / "titles" / "calm.json"
    WebDriverWait(browser, 30).until(lambda b: golden.exists())
    browser.find_element(By.CSS_SELECTOR, "#item-1 button.reject").click()
    tally = served.finished()
    assert (tally.accepted, tally.rejected, tally.skipped) == (1, 1, 0)
    assert not (served.config.goldens / "titles" / "evil.json").exists()
    assert pending.entries(served.config.pending) == []


def test_a_whole_cluster_is_accepted_by_one_key(served_clusters: Served, browser: Any) -> None:
    """The cells of one drift cluster sit under its heading; C accepts every one of them,
    and only them, through the same approval as one cell."""
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served_clusters.url)
    WebDriverWait(browser, 30).until(
        lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
    )
    headings = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "h2.cluster")]
    assert headings == [
        "cluster titles-title-site-part-added: 2 cells",
        "cluster titles-title-rewritten: 1 cell",
    ]
    goldens = served_clusters.config.goldens / "titles"

    def title(name: str) -> str:
        return str(json.loads((goldens / f"{name}.json").read_text())["record"]["title"])

    browser.find_element(By.TAG_NAME, "body").send_keys("C")  # the first item is current
    WebDriverWait(browser, 30).until(lambda b: title("two") == "Two | Daily")
    assert title("one") == "One | Daily"
    assert title("three") == "Old"
    browser.find_element(By.TAG_NAME, "body").send_keys("s")  # the third is current now
    tally = served_clusters.finished()
    assert (tally.accepted, tally.rejected, tally.skipped) == (2, 0, 1)
