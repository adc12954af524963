"""Views: one capture seen several ways, each a file of its folder with its own sha256.

A rendered capture holds the HTML a browser built (`page.html`, or `rendered.html` beside the
original page), the text it showed (`page.txt`) and a screenshot (`screenshot.png`). Its
manifest lists them under `views`, name to kind and sha256. Each extractor reads the view of
the kind it takes: one that takes text reads the text the browser showed, one that takes HTML
the page's HTML. A capture without `views` is one view, its payload, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from harness import confine
from harness.errors import HarnessError

ViewKind = Literal["html", "text", "dom", "screenshot"]
NAMES: dict[str, ViewKind] = {
    "page.html": "html",
    "page.txt": "text",
    "rendered.html": "dom",
    "screenshot.png": "screenshot",
}
READ = ("text", "html")  # the kinds extractors read, the one preferred first
SCREENSHOT = "screenshot.png"
MAX_SCREENSHOT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class View:
    """One file of a capture: its name, kind, the sha256 the manifest recorded and the one
    its bytes have now (computed at load for the views extractors read, else None)."""

    name: str
    kind: ViewKind
    sha256: str
    actual_sha256: str | None = None


def from_manifest(folder: Path, manifest: Mapping[str, Any]) -> tuple[View, ...]:
    """The views a manifest lists, each a plain file of the folder (never a link)."""
    from harness.corpus.capture import sha256_of

    root = folder.parent
    out = []
    for name, entry in sorted(manifest.get("views", {}).items()):
        if confine.kind(root, folder / name) != "file":
            raise HarnessError(
                f"names view {name!r}, which is missing or not a plain file",
                where=folder / "capture.json",
                field=f"$.views.{name}",
                fix="restore the file, or remove the view from capture.json",
            )
        kind = NAMES[name]
        actual = sha256_of(confine.read_bytes(root, folder / name)) if kind in READ else None
        out.append(View(name, kind, entry["sha256"], actual))
    return tuple(out)


def chosen(views: tuple[View, ...], kinds: frozenset[str]) -> View | None:
    """The view an extractor taking `kinds` reads: text before HTML; None without views."""
    for kind in READ:
        if kind in kinds:
            found = next((v for v in views if v.kind == kind), None)
            if found is not None:
                return found
    return None


def entries(files: Mapping[str, bytes]) -> dict[str, dict[str, str]]:
    """The manifest's `views` for these files."""
    from harness.corpus.capture import sha256_of

    return {name: {"kind": NAMES[name], "sha256": sha256_of(data)} for name, data in files.items()}


def add(folder: Path, files: Mapping[str, bytes], manifest: dict[str, Any]) -> None:
    """Write `files` into a capture folder and list them in its manifest (`manifest`, the
    capture's manifest as it is, gets `views` and whatever else it holds written).

    The manifest is the commit: it is written first as it was (so a folder that had none names
    its payload, and a new file beside it changes nothing), then each file atomically, then
    the manifest listing them. A run stopped half-way leaves the capture as it was."""
    root = folder.parent
    path = folder / "capture.json"
    if confine.kind(root, path) is None:
        before = {k: v for k, v in manifest.items() if k not in ("views", "render")}
        confine.write_atomic(root, path, _json(before))
    for name, data in files.items():
        confine.write_atomic(root, folder / name, data)
    confine.write_atomic(root, path, _json(manifest))


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def screenshot(folder: Path, views: tuple[View, ...]) -> bytes | None:
    """A capture's screenshot, if it has one whose bytes are the ones recorded and that is
    not over the size limit (a page's picture is hostile: shown only as an image)."""
    from harness.corpus.capture import sha256_of

    found = next((v for v in views if v.kind == "screenshot"), None)
    if found is None:
        return None
    try:
        handle = confine.open_file(folder.parent, folder / found.name)
    except OSError:
        return None
    with open(handle, "rb") as stream:
        data = stream.read(MAX_SCREENSHOT_BYTES + 1)
    if len(data) > MAX_SCREENSHOT_BYTES or sha256_of(data) != found.sha256:
        return None
    return data if data.startswith(b"\x89PNG\r\n\x1a\n") else None


def screenshots(root: Path, ids: Iterable[str], budget: int = 32 * 1024 * 1024) -> dict[str, bytes]:
    """The screenshot of each capture in the folder `root` that has one, until `budget`
    bytes in all (a report embeds them: the rest are left out)."""
    from harness.corpus.capture import load_capture

    found: dict[str, bytes] = {}
    if not root.is_dir():
        return found
    for capture_id in dict.fromkeys(ids):
        try:
            if confine.kind(root, root / capture_id / SCREENSHOT) != "file":
                continue  # most captures have none: not loaded again to find out
            capture = load_capture(root / capture_id)
        except (HarnessError, OSError):
            continue
        shot = screenshot(capture.folder, capture.views)
        if shot is not None and len(shot) <= budget:
            found[capture_id] = shot
            budget -= len(shot)
    return found
