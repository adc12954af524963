"""The report files of a run: JSON, Markdown (a job summary), JUnit XML and HTML.

`write_all(folder, outcomes, truths)` writes all four into `folder` and returns their paths.
Captured text is hostile: the HTML report carries it only as escaped JSON data, rendered with
textContent under a Content-Security-Policy that runs nothing but the report's own script;
the Markdown and JUnit reports show control characters as escapes (`harness.output`).
Reports are shared, so files under the project root are named relative to it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from harness import confine, output
from harness.errors import HarnessError
from harness.record import Record
from harness.reports import html as html
from harness.reports import junit as junit
from harness.reports import markdown as markdown
from harness.reports import plot as plot
from harness.reports import upgrade as upgrade
from harness.reports.cells import cells
from harness.reports.terminal import summary
from harness.running.runner import Outcome

__all__ = ["targets", "write_all"]

NAMES = ("report.json", "report.md", "junit.xml", "report.html")


def targets(folder: Path) -> Path:
    """The reports folder, resolved, once every report in it can be written: none is a
    link, a folder or anything but a file. Checked before any is written, so a refusal
    leaves no report half-written; an `Escape` or HarnessError names the file."""
    folder = confine.named_root(folder, Path.cwd(), where="report folder")
    for name in NAMES:
        found = confine.kind(folder, name)
        if found == "link":
            raise confine.link_refused(folder / name, folder)
        if found not in (None, "file"):
            raise HarnessError(
                f"is a {found}, not a file",
                where=folder / name,
                fix="remove it, or give another folder",
            )
    return folder


def write_all(
    folder: Path,
    outcomes: Sequence[Outcome],
    truths: Mapping[str, Record],
    *,
    fields: Mapping[str, Collection[str]] | None = None,
    root: Path | None = None,
    found: upgrade.Upgrade | None = None,
    screenshots: Mapping[str, bytes] | None = None,
) -> list[Path]:
    """Write report.json, report.md, junit.xml and report.html into `folder`.

    `truths` maps capture ids to their truth (cells of those captures get body F1 and
    title scores); `fields` optionally maps extractor names to the fields they declare;
    paths under `root` (the project's root folder) are shown relative to it;
    `screenshots` (PNGs by capture id) are shown beside their cells in report.html;
    `found` is the run's clusters and quality when it gathered them (else they are
    gathered here).
    """
    folder = targets(folder)
    data = cells(outcomes, truths, fields)
    found = found if found is not None else upgrade.collect(outcomes, truths)
    texts = {
        "report.json": as_json(outcomes, data, found),
        "report.md": markdown.render(outcomes, data, found),
        "junit.xml": junit.render(outcomes),
        "report.html": html.render(outcomes, data, screenshots, plot.section(found.bodies)),
    }
    assert tuple(texts) == NAMES
    # with the umask's permissions, as any file shared as a CI artifact or page
    return [
        confine.write_atomic(folder, folder / name, output.relative(text, root))
        for name, text in texts.items()
    ]


def as_json(
    outcomes: Sequence[Outcome],
    data: Sequence[Mapping[str, object]],
    found: upgrade.Upgrade | None = None,
) -> str:
    document = {"summary": summary(outcomes), "cells": list(data)}
    if found is not None:
        document |= found.to_json()
    return output.dumps(document, indent=2) + "\n"
