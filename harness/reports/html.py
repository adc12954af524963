"""report.html: one self-contained page; a click on a matrix cell opens its side-by-side diff.

Safety, since captured text is hostile:
- the markup the server writes holds only names, statuses and numbers, all `html.escape`d;
- captured text travels only in a `<script type="application/json">` block, where `<`, `>`
  and `&` (and U+2028/U+2029) are `\\u` escapes, so nothing in it can close the block;
- the page's script renders it with textContent;
- a Content-Security-Policy allows no source at all except the page's own style and script,
  by their sha256 hashes: even injected markup could not run a script or load anything;
- a capture's screenshot (a hostile page's picture) is embedded as a `data:` PNG, shown
  only as an `<img>` (the policy then allows `data:` images and nothing else).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from harness import output
from harness.reports.assets import SCRIPT, STYLE
from harness.reports.terminal import CACHED, cached_note, summary_line
from harness.running.runner import Outcome

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>` or `&` appears raw (nor a
    control character or a lone surrogate: `output.dumps` writes those as `\\u` escapes)."""
    text = output.dumps(data, separators=(",", ":"))
    for raw, safe in _JSON_ESCAPES.items():
        text = text.replace(raw, safe)
    return text


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(images: bool = False) -> str:
    """The page's Content-Security-Policy: its own script and style, by hash; nothing else
    (`data:` images when it embeds screenshots)."""
    allowed = "data:" if images else "'none'"
    return (
        f"default-src 'none'; script-src {csp_hash(SCRIPT)}; style-src {csp_hash(STYLE)}; "
        f"img-src {allowed}; base-uri 'none'; form-action 'none'"
    )


def _button(cell: Mapping[str, Any]) -> str:
    # a new cell waits for a first approval: its own colour, not drift's
    kind = "new" if cell["status"] == "new" else "failed" if cell["failed"] else str(cell["status"])
    scores = cell.get("scores") or {}
    parts = []
    if scores.get("body_f1") is not None:
        parts.append(f"F1 {float(scores['body_f1']):.3f}")
    if scores.get("title_ok") is not None:
        parts.append("title " + ("ok" if scores["title_ok"] else "wrong"))
    extra = f'<span class="scores">{escape(" · ".join(parts))}</span>' if parts else ""
    cached = CACHED if cell.get("cached") else ""
    return (
        f'<button type="button" class="{escape(kind)}" data-cell="{int(cell["index"])}" '
        f'aria-pressed="false">{escape(str(cell["label"]))}{cached}{extra}</button>'
    )


def matrix(cells: Sequence[Mapping[str, Any]]) -> str:
    """Captures down, extractors across; each cell a button naming its status."""
    extractors = sorted({str(c["extractor"]) for c in cells})
    captures = list(dict.fromkeys(str(c["capture"]) for c in cells))
    found = {(str(c["capture"]), str(c["extractor"])): c for c in cells}
    head = "".join(f'<th scope="col">{escape(output.name(e))}</th>' for e in extractors)
    rows = []
    for capture in captures:
        tds = "".join(
            f"<td>{_button(found[(capture, e)])}</td>" if (capture, e) in found else "<td></td>"
            for e in extractors
        )
        rows.append(f'<tr><th scope="row">{escape(output.name(capture))}</th>{tds}</tr>')
    return (
        f'<table id="matrix"><thead><tr><th scope="col">capture</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render(
    outcomes: Sequence[Outcome],
    cells: Sequence[Mapping[str, Any]],
    screenshots: Mapping[str, bytes] | None = None,
    plot: str = "",
) -> str:
    """The whole page; `screenshots` are PNGs by capture id, shown beside their cells; `plot`
    is the sanitised plot section (`harness.reports.plot`)."""
    shots = {
        capture: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for capture, png in (screenshots or {}).items()
    }
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy(bool(shots)))}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>capture-harness report</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>capture-harness report</h1>",
            f'<p id="summary">{escape(summary_line(outcomes))}</p>',
            "<p>Click a cell to see its golden and new output side by side.</p>",
            matrix(cells),
            *(
                f'<p id="cached">{escape(note)}</p>'
                for note in cached_note(sum(bool(c.get("cached")) for c in cells))
            ),
            plot,
            '<section id="detail" hidden></section>',
            '<script type="application/json" id="report-data">'
            + script_json({"cells": list(cells), "screenshots": shots})
            + "</script>",
            f"<script>{SCRIPT}</script>",
            "</body></html>",
            "",
        ]
    )
