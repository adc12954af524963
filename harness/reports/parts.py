"""Reports from pytest: each process keeps its outcomes; the last one writes the reports.

Without xdist the one pytest process writes them. With xdist each worker leaves its part
in `DIR/.parts/` and the controller, which finishes last, merges the parts and writes.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness import confine
from harness.record import Record
from harness.running.runner import Outcome

PARTS = ".parts"


@dataclass
class Part:
    """What one process saw: outcomes, the truths of their captures, extractors' fields."""

    outcomes: list[Outcome] = field(default_factory=list)
    truths: dict[str, Record] = field(default_factory=dict)
    fields: dict[str, Collection[str]] = field(default_factory=dict)


def prepare(folder: Path) -> str | None:
    """Make the reports folder now, before a long run; why it cannot be, or None."""
    if folder.exists() and not folder.is_dir():
        return "is not a folder"
    from harness.errors import HarnessError

    try:  # a link in the project leading out of it, before anything is made there
        confine.named_root(folder, Path.cwd(), where="report folder")
    except HarnessError as error:
        return error.problem
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot be made: {error.strerror or error}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot be written: no write permission"
    from harness.errors import HarnessError
    from harness.reports.files import targets

    try:
        targets(folder)
    except HarnessError as error:
        return f"{error.where}: {error.problem}"
    return None


def save(folder: Path, worker: str, part: Part) -> None:
    confine.write_atomic(folder, folder / PARTS / f"{worker}.pickle", pickle.dumps(part))


def finish(
    folder: Path, own: Part, order: Sequence[tuple[str, str]] = (), root: Path | None = None
) -> list[Path]:
    """Merge this process's part with any workers' parts and write the reports (paths under
    `root`, the project's root folder, shown relative to it)."""
    from harness.reports.files import write_all

    merged = Part(list(own.outcomes), dict(own.truths), dict(own.fields))
    found = confine.listdir(folder, PARTS) if confine.kind(folder, PARTS) == "dir" else []
    for entry in found:
        if entry.kind != "file" or not entry.name.endswith(".pickle"):
            continue
        part: Part = pickle.loads(confine.read_bytes(folder, entry.path))
        merged.outcomes += part.outcomes
        merged.truths.update(part.truths)
        merged.fields.update(part.fields)
    shutil.rmtree(folder / PARTS, ignore_errors=True)
    unique = {(o.extractor, o.capture): o for o in merged.outcomes}
    rank = {key: i for i, key in enumerate(order)}
    ordered = sorted(
        unique.values(),
        key=lambda o: (rank.get((o.extractor, o.capture), len(rank)), o.capture, o.extractor),
    )
    return write_all(folder, ordered, merged.truths, fields=merged.fields, root=root)
