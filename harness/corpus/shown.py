"""What a browser showed, as captures: `harness add --render` and `harness render CAPTURE`.

A page added with `--render` is kept as the browser left it: its DOM is the capture's
`page.html` (what HTML extractors read), the text it showed `page.txt` (what the text
extractor reads) and its screenshot `screenshot.png`. `harness render` adds the views to a
capture that has them not: its own `page.html` stays what it was (its goldens with it), the
DOM is kept beside it as `rendered.html`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from harness import confine, schema
from harness.corpus import views
from harness.corpus.capture import MANIFEST, Capture, check_id, load_capture
from harness.corpus.intake import NewPage
from harness.corpus.render import Rendered, Settings, render
from harness.corpus.replay import PAGE_URL, page_answers, warc_answers
from harness.errors import HarnessError


def online(url: str, settings: Settings) -> NewPage:
    """The page at `url` as the browser showed it, fetched by the browser."""
    shown = render(url, settings)
    return _page(
        NewPage(b"", "html", source=f"rendered {url}", url=shown.url, captured_at=_now()), shown
    )


def offline(
    page: NewPage, settings: Settings, *, warc: Path | None = None, max_bytes: int
) -> NewPage:
    """A saved page (a file, or a WARC's record) as a browser shows it from what was saved:
    every request answered from the file or the WARC, or refused."""
    if page.kind != "html":
        raise HarnessError(
            "is rendered text, not HTML: there is nothing to render",
            where=page.source,
            fix="leave out --render (or give the page's HTML)",
        )
    url = page.url or PAGE_URL
    answers = warc_answers(warc, max_bytes) if warc else page_answers(url, page.data, page.charset)
    shown = render(url, settings, answers)
    return _page(replace(page, source=f"{page.source}, rendered offline"), shown)


def _page(page: NewPage, shown: Rendered) -> NewPage:
    return replace(
        page,
        data=shown.html.encode("utf-8"),
        charset="utf-8",
        extra={**page.extra, "render": shown.manifest},
        more=shown.views(),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def render_capture(root: Path, capture_id: str, settings: Settings) -> Capture:
    """Add the rendered views to an HTML capture of the folder `root`, rendered offline."""
    if not root.is_dir():
        raise HarnessError(
            "is not a folder of captures: a WARC's records are rendered as they are added",
            where=root,
            fix="harness add CRAWL.warc.gz --record URL --render",
        )
    folder = root / check_id(capture_id, where="harness render")
    capture = load_capture(folder)
    if capture.kind != "html" or capture.payload != "page.html":
        raise HarnessError(
            "is rendered text: there is no page to render",
            where=folder,
            fix="render an HTML capture (one with page.html)",
        )
    if capture.changed:
        raise HarnessError(
            "its page no longer matches the sha256 in its manifest: refused",
            where=folder / "page.html",
            fix="restore the page (or correct capture.json), then render",
        )
    data = capture.read_bytes()
    url = capture.url or PAGE_URL
    shown = render(url, settings, page_answers(url, data, capture.declared_encoding))
    files = {"rendered.html": shown.html.encode("utf-8"), **shown.views()}
    manifest = {**_manifest(capture), "render": shown.manifest}
    manifest["views"] = views.entries({"page.html": data, **files})
    where = folder / MANIFEST
    schema.validate("manifest", manifest, where=where, fix="report this as a bug")
    views.add(folder, files, manifest)
    return load_capture(folder)


def _manifest(capture: Capture) -> dict[str, Any]:
    """The capture's manifest as written, or as computed when it has none."""
    path = capture.folder / MANIFEST
    if confine.kind(capture.root, path) != "file":
        return capture.manifest()
    found: dict[str, Any] = json.loads(confine.read_text(capture.root, path))
    return found
