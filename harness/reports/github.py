"""GitHub Actions: failing cells as `::error` workflow commands, the report as a job summary.

Both only when the run is under GitHub Actions (`GITHUB_ACTIONS=true`); the summary only
when `GITHUB_STEP_SUMMARY` names a file, which is appended to (other steps write there too),
following no link. Workflow commands are escaped as GitHub's toolkit does: `%`, `\\r` and
`\\n` in the message and, in a property, also `:` and `,`; the message has its control
characters shown as escapes first (`harness.output.visible`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from harness import confine
from harness.output import visible


def active(environ: Mapping[str, str]) -> bool:
    """Whether this run is a GitHub Actions job."""
    return environ.get("GITHUB_ACTIONS", "").strip().lower() == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error(file: str, title: str, message: str) -> str:
    """One `::error` workflow command, annotating `file` (relative to the repository)."""
    props = f"file={escape_property(visible(file, lines=False))}"
    props += f",title={escape_property(visible(title, lines=False))}"
    return f"::error {props}::{escape_data(visible(message))}"


def cell_error(extractor: str, capture: str, status: str, file: str, explain: str) -> str:
    """The `::error` annotation of one failing cell, on its golden file."""
    return error(file, f"{extractor}[{capture}]: {status}", explain)


def golden_file(goldens: Path, extractor: str, capture: str, root: Path | None) -> str:
    """`goldens/<extractor>/<capture>.json`, relative to the project root where under it."""
    path = goldens / extractor / f"{capture}.json"
    if root is not None:
        for base in (root, root.resolve()):
            if path.is_relative_to(base):
                return path.relative_to(base).as_posix()
        if path.resolve().is_relative_to(root.resolve()):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


def append_summary(environ: Mapping[str, str], markdown: str) -> Path | None:
    """Append `markdown` to the job summary file, if the job names one; its path, or None."""
    named = environ.get("GITHUB_STEP_SUMMARY", "")
    if not named or not active(environ):
        return None
    path = Path(named).absolute()
    text = markdown if markdown.endswith("\n") else markdown + "\n"
    return confine.append(path.parent, path.name, text)
