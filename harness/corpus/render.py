"""Rendering a page in headless Chromium (Playwright): what a browser showed, kept as views.

The browser is the machine's own Chromium (never one downloaded): `--browser`, else
`HARNESS_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on PATH. Every
request the page makes goes through one handler (`page.route`): online it is let through
(a loopback or private address only when the URL given is one, or with `allow_private`);
offline it is answered from the capture (`harness.corpus.replay`) or refused, and the
browser's proxy is a closed local port, so nothing it did not route reaches the network.

The page is rendered until the network has been quiet for `quiet_ms` (no request in
flight), or `timeout` seconds in all; what it showed is its DOM (`page.html`), the text of
its body (`page.txt`) and a screenshot (`screenshot.png`) at most `max_height` pixels high.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness.errors import HarnessError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
# offline: what the handler does not answer goes to a closed port, loopback included
OFFLINE_FLAGS = ("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>")
MAX_ERRORS = 20
MAX_ERROR_CHARS = 500
MAX_REFUSED = 20


@dataclass(frozen=True)
class Answer:
    """A response given to the browser from a capture, instead of the network."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


Answers = Callable[[str], "Answer | None"]
"""The answer to a request for a URL, or None to refuse it."""


@dataclass(frozen=True)
class Settings:
    """How a page is rendered (the manifest records all of it)."""

    browser: Path
    width: int = 1280
    height: int = 800
    quiet_ms: int = 500
    timeout: float = 30.0
    max_height: int = 10_000
    allow_private: bool = False


@dataclass(frozen=True)
class Rendered:
    """What the browser showed, and how it was rendered (the manifest's `render`)."""

    url: str
    html: str
    text: str
    screenshot: bytes
    manifest: dict[str, Any]

    def views(self) -> dict[str, bytes]:
        """The text and screenshot views (the HTML is the capture's page or `rendered.html`)."""
        return {"page.txt": self.text.encode("utf-8"), "screenshot.png": self.screenshot}


def find_browser(given: str | None, environ: Mapping[str, str]) -> Path:
    """The Chromium to run: given, from HARNESS_CHROMIUM, or the first found on PATH."""
    named = given or environ.get("HARNESS_CHROMIUM")
    where = "--browser" if given else "HARNESS_CHROMIUM"
    if named:
        found = shutil.which(named)
        if found is None:
            raise HarnessError(
                f"{named} is not an executable browser",
                where=where,
                fix="give the path of Chromium, e.g. --browser /usr/bin/chromium",
            )
        return Path(found)
    for name in CANDIDATES:
        if found := shutil.which(name):
            return Path(found)
    raise HarnessError(
        f"no Chromium found (looked for {', '.join(CANDIDATES)} on PATH)",
        where="--render",
        fix="install it (Debian: apt-get install chromium), or name it with --browser PATH "
        "or HARNESS_CHROMIUM",
    )


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise HarnessError(
            "needs Playwright, which is not installed",
            where="--render",
            fix="pip install 'capture-harness[render]' (it uses your Chromium: never run "
            "`playwright install`)",
        ) from None
    return sync_playwright


def render(url: str, settings: Settings, answers: Answers | None = None) -> Rendered:
    """Render `url`: from the network, or with `answers` offline (nothing else answered)."""
    with _playwright()() as driver, tempfile.TemporaryDirectory(prefix="harness-render-") as home:
        context = driver.chromium.launch_persistent_context(
            home,
            executable_path=str(settings.browser),
            headless=True,
            args=[*FLAGS, *(OFFLINE_FLAGS if answers else ())],
            viewport={"width": settings.width, "height": settings.height},
            service_workers="block",
            accept_downloads=False,
            env={**os.environ, "HOME": home},
        )
        try:
            return _render(context, url, settings, answers)
        except HarnessError:
            raise
        except Exception as error:  # Playwright's errors: a page that could not be rendered
            raise HarnessError(
                f"could not be rendered: {type(error).__name__}: {str(error)[:300]}",
                where=url,
                fix="check the URL (or the page) and the browser; raise --timeout for a slow page",
            ) from None
        finally:
            context.close()


def _render(context: Any, url: str, settings: Settings, answers: Answers | None) -> Rendered:
    seen = _Traffic()
    context.route("**/*", _handler(seen, url, settings, answers))
    context.route_web_socket("**/*", seen.socket)  # mocked: never connected to a server
    page = context.pages[0] if context.pages else context.new_page()
    page.on("request", lambda request: seen.started())
    page.on("requestfinished", lambda request: seen.ended())
    page.on("requestfailed", lambda request: seen.ended())
    page.on("console", seen.console)
    page.on("pageerror", lambda error: seen.error(str(error)))
    deadline = time.monotonic() + settings.timeout
    # the document, then the network's quiet: a picture or script that never ends is bounded
    # by the deadline, and what the page shows then is kept (`wait.quiet` false)
    response = page.goto(url, wait_until="domcontentloaded", timeout=settings.timeout * 1000)
    if response is None:
        raise HarnessError("gave no response", where=url, fix="check the URL")
    quiet = _settle(page, seen, settings.quiet_ms, deadline)
    html = page.content()
    text = page.evaluate("() => document.body ? document.body.innerText : ''")
    shot, height = _screenshot(page, settings)
    manifest = {
        "browser": {"name": settings.browser.name, "version": _version(context, page)},
        "viewport": {"width": settings.width, "height": settings.height},
        "user_agent": page.evaluate("() => navigator.userAgent"),
        "wait": {"quiet_ms": settings.quiet_ms, "timeout_s": settings.timeout, "quiet": quiet},
        "console_errors": seen.errors,
        "offline": answers is not None,
        "requests": {"answered": seen.answered, "refused": seen.refused_count},
        "refused": seen.refused,
        "status": response.status,
        "screenshot": {"width": settings.width, "height": height},
    }
    return Rendered(page.url, html, text, shot, manifest)


def _version(context: Any, page: Any) -> str:
    """The browser's version, as it says it (`HeadlessChrome/150.0.7871.100`: 150.0.7871.100)."""
    product = str(context.new_cdp_session(page).send("Browser.getVersion").get("product", ""))
    return product.rpartition("/")[2] or product


class _Traffic:
    """Requests in flight, answered and refused, and console errors (bounded)."""

    def __init__(self) -> None:
        self.flight = 0
        self.last = time.monotonic()
        self.answered = 0
        self.refused_count = 0
        self.refused: list[str] = []
        self.errors: list[str] = []

    def started(self) -> None:
        self.flight += 1
        self.last = time.monotonic()

    def ended(self) -> None:
        self.flight = max(0, self.flight - 1)
        self.last = time.monotonic()

    def refuse(self, url: str) -> None:
        self.refused_count += 1
        if len(self.refused) < MAX_REFUSED:
            self.refused.append(url[:MAX_ERROR_CHARS])

    def socket(self, route: Any) -> None:
        self.refuse(route.url)

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.error(message.text)

    def error(self, text: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(text[:MAX_ERROR_CHARS])


def _settle(page: Any, seen: _Traffic, quiet_ms: int, deadline: float) -> bool:
    """Wait until no request has been in flight for `quiet_ms`, or the deadline: whether the
    network went quiet. (The browser's events are delivered while it waits.)"""
    while time.monotonic() < deadline:
        if seen.flight == 0 and (time.monotonic() - seen.last) * 1000 >= quiet_ms:
            return True
        page.wait_for_timeout(50)
    return False


def _screenshot(page: Any, settings: Settings) -> tuple[bytes, int]:
    """A PNG of the page from the top, as wide as the viewport, at most `max_height` high."""
    full = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " document.body ? document.body.scrollHeight : 0)"
    )
    height = max(1, min(int(full or settings.height), settings.max_height))
    clip = {"x": 0, "y": 0, "width": settings.width, "height": height}
    return page.screenshot(type="png", full_page=True, clip=clip), height


def _handler(seen: _Traffic, url: str, settings: Settings, answers: Answers | None) -> Any:
    """The one way out of the page: every request answered, let through or refused."""
    local_ok = settings.allow_private or not _public_url(url)

    def handle(route: Any) -> None:
        asked = route.request.url
        if answers is not None:
            found = answers(asked)
            if found is None:
                seen.refuse(asked)
                route.abort("blockedbyclient")
                return
            seen.answered += 1
            route.fulfill(status=found.status, headers=dict(found.headers), body=found.body)
            return
        if urlsplit(asked).scheme not in ("http", "https") or not (local_ok or _public_url(asked)):
            seen.refuse(asked)
            route.abort("blockedbyclient")
            return
        seen.answered += 1
        route.continue_()

    return handle


def _public_url(url: str) -> bool:
    """Whether every address the URL's host resolves to is public (as `harness add URL`)."""
    from harness.corpus import fetch

    parts = urlsplit(url)
    if not parts.hostname:
        return False
    try:
        addresses = fetch.resolve(parts.hostname, parts.port or 443)
    except OSError:
        return False
    return bool(addresses) and all(fetch.is_public(a) for a in addresses)
