"""report.md: fit for a CI job summary. The matrix, then each failing cell's field diffs.

No raw HTML: table cells have `|`, `<`, `>` and `&` escaped, and failure text sits in code
fences longer than any run of backticks inside it. No raw control character: all text goes
through `harness.output.visible` (a terminal showing the file obeys none of them). Long runs
are cut to stay well under the 1 MiB a GitHub job summary may hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from harness.output import name, visible
from harness.reports import upgrade
from harness.reports.terminal import (
    CACHED,
    cached_note,
    footnotes,
    mark,
    new_lines,
    skip_notes,
    summary_line,
)
from harness.reports.upgrade import Upgrade
from harness.running.runner import Outcome

MAX_FAILING = 50
MAX_LINES = 60
MAX_CHARS = 6_000
_TICKS = re.compile(r"`+")


def cell_md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    text = visible(text)  # new lines and tabs: spaces, below
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, safe)
    return " ".join(text.split())


def fenced(text: str) -> str:
    """A code block that no backtick run in `text` can close early."""
    longest = max((len(m) for m in _TICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{visible(text)}\n{fence}"


def _cut(text: str) -> str:
    cut = "\n".join(text.split("\n")[:MAX_LINES])[:MAX_CHARS]
    return cut if cut == text else cut + "\n… (cut; see report.html or report.json)"


def _label(cell: Mapping[str, Any], notes: Mapping[str, int]) -> str:
    text = str(cell["label"])
    if cell["status"] == "skipped":
        text += mark(notes[str(cell["message"] or "no reason given")])
    if cell.get("cached"):
        text += CACHED
    scores = cell.get("scores")
    if scores:
        if scores.get("body_f1") is not None:
            text += f" · F1 {scores['body_f1']:.3f}"
        if scores.get("title_ok") is not None:
            text += " · title " + ("ok" if scores["title_ok"] else "wrong")
    return ("**" + text + "**") if cell["failed"] else text


def matrix(cells: Sequence[Mapping[str, Any]]) -> str:
    """The matrix as a table; under it, one footnote a distinct reason cells were skipped."""
    extractors = sorted({str(c["extractor"]) for c in cells})
    captures = list(dict.fromkeys(str(c["capture"]) for c in cells))
    notes = skip_notes(outline(cells))
    found = {(c["capture"], c["extractor"]): _label(c, notes) for c in cells}
    lines = [
        "| capture | " + " | ".join(cell_md(name(e)) for e in extractors) + " |",
        "|---|" + "---|" * len(extractors),
    ]
    for capture in captures:
        row = [cell_md(found.get((capture, e), "")) for e in extractors]
        lines.append(f"| {cell_md(name(capture))} | " + " | ".join(row) + " |")
    below = [*footnotes(notes), *cached_note(sum(bool(c.get("cached")) for c in cells))]
    if below:
        lines += ["", *(cell_md(note) + "  " for note in below)]
    return "\n".join(lines)


def outline(cells: Sequence[Mapping[str, Any]]) -> list[Outcome]:
    """The cells as outcomes without records: what the summaries read of them."""
    return [
        Outcome(
            str(c["extractor"]),
            str(c["capture"]),
            c["status"],
            str(c.get("message") or ""),
            empty=tuple(c.get("empty") or ()),
            cached=bool(c.get("cached")),
        )
        for c in cells
    ]


def render(
    outcomes: Sequence[Outcome],
    cells: Sequence[Mapping[str, Any]],
    found: Upgrade | None = None,
) -> str:
    """The report; with `found`, the drift clusters and the paired quality under the matrix."""
    return render_cells(cells, found)


def render_cells(cells: Sequence[Mapping[str, Any]], found: Upgrade | None = None) -> str:
    """The report from the cells alone (as the pytest plugin's controller has them): new
    cells one line a capture, every other failing cell with its explanation."""
    shallow = outline(cells)
    failing = [c for c in cells if c["failed"] and c["status"] != "new"]
    parts = ["# capture-harness report", "", summary_line(shallow), "", matrix(cells)]
    if found is not None:
        parts += upgrade.markdown_lines(found)
    if new := new_lines(shallow):
        parts += ["", f"## New outputs ({sum(c['status'] == 'new' for c in cells)})", ""]
        parts += [f"- {cell_md(line)}" for line in new]
    if failing:
        parts += ["", f"## Failing cells ({len(failing)})"]
    for cell in failing[:MAX_FAILING]:
        title = f"{name(cell['extractor'])}[{name(cell['capture'])}]: {cell['status']}"
        parts += ["", f"### {cell_md(title)}", "", fenced(_cut(str(cell["explain"])))]
    if len(failing) > MAX_FAILING:
        parts += ["", f"… and {len(failing) - MAX_FAILING} more failing cells in report.html."]
    return "\n".join(parts) + "\n"
