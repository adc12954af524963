"""A real headless Chromium, driven by Selenium, for the HTML report.

Nothing downloads a browser: Debian's /usr/bin/chromium and /usr/bin/chromedriver are used,
the driver path is given explicitly (so selenium-manager never runs). Without them the tests
are skipped with the reason, except in CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
INSTALL = "apt-get install -y chromium chromium-driver && pip install selenium"


def missing_browser(chromium: Path = CHROMIUM, driver: Path = CHROMEDRIVER) -> str | None:
    """What is missing to run the browser tests, or None."""
    absent = [str(p) for p in (chromium, driver) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        absent.append("the selenium package")
    return f"needs {', '.join(absent)} ({INSTALL})" if absent else None


def require_browser(reason: str | None, environ: Mapping[str, str]) -> None:
    """Skip with `reason` on a developer's machine; fail in CI, which must never skip this."""
    if reason is None:
        return
    if environ.get("CI"):
        pytest.fail(f"CI is set, so the browser test must run, but it {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_browser(missing_browser(), os.environ)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="harness-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def missing_render() -> str | None:
    """What is missing to render pages with Playwright and Chromium, or None."""
    absent = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    try:
        import playwright  # noqa: F401
    except ImportError:
        absent.append("the playwright package")
    fix = "apt-get install -y chromium && pip install 'capture-harness[render]'"
    return f"needs {', '.join(absent)} ({fix})" if absent else None


@pytest.fixture
def renderer() -> Path:
    """The Chromium that renders pages (skipped without it, failing in CI)."""
    require_browser(missing_render(), os.environ)
    return CHROMIUM
