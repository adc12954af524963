"""Goldens whose capture or extractor is gone: listed, and removed only when told.

"Gone" is decided by the loader `harness run` uses (`harness.corpus.capture.ids`: capture folders,
a bare benchmark corpus, a WARC file), by capture id, never by a folder's existence. A
corpus that cannot be read, or that holds no capture at all, is refused: it would make
every golden look unused. Goldens are listed and deleted under the goldens folder
following no link (`harness.confine`): a link there is reported, never deleted through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness import confine
from harness.corpus import capture
from harness.errors import HarnessError

if TYPE_CHECKING:
    from harness.corpus.remote import Remote


@dataclass(frozen=True)
class Orphan:
    """A golden file that nothing uses any more, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Link:
    """A symbolic link found under goldens/: reported, never followed nor deleted."""

    path: Path
    target: str


@dataclass(frozen=True)
class Findings:
    orphans: list[Orphan]
    links: list[Link]


def find(goldens: Path, captures: Path | Remote, extractors: Iterable[str]) -> Findings:
    """Every unused golden (its extractor is not registered, or its capture is gone) and
    every link under `goldens`. Raises a HarnessError when the corpus cannot be read."""
    present = capture.ids(captures)
    if not present:
        raise HarnessError(
            "holds no capture, so every golden would look unused",
            where=str(captures),
            fix="check captures in [tool.harness] (or --captures); to drop every golden, "
            "delete the goldens folder yourself",
        )
    known = set(extractors)
    orphans: list[Orphan] = []
    links: list[Link] = []
    for folder in confine.listdir(goldens) if goldens.is_dir() else []:
        if folder.kind == "link":
            links.append(_link(folder.path))
        if folder.kind != "dir" or folder.name.startswith("."):
            continue
        for file in confine.listdir(goldens, folder.path):
            if file.kind == "link":
                links.append(_link(file.path))
            if file.kind != "file" or not file.name.endswith(".json") or file.name[0] == ".":
                continue
            if folder.name not in known:
                orphans.append(Orphan(file.path, f"extractor {folder.name!r} is not registered"))
            elif file.name.removesuffix(".json") not in present:
                orphans.append(Orphan(file.path, f"capture {file.name[:-5]!r} is gone"))
    return Findings(orphans, links)


def orphans(goldens: Path, captures: Path | Remote, extractors: Iterable[str]) -> list[Orphan]:
    """The unused goldens of `find`."""
    return find(goldens, captures, extractors).orphans


def _link(path: Path) -> Link:
    try:
        target = str(path.readlink())
    except OSError:
        target = "?"
    return Link(path, target)


def remove(
    goldens: Path, found: Iterable[Orphan], say: Callable[[str], object] = lambda _: None
) -> int:
    """Delete each orphan under `goldens` (following no link), saying each one deleted;
    an extractor's folder left empty goes too. Returns how many were deleted."""
    count = 0
    for orphan in found:
        if confine.remove(goldens, orphan.path):
            say(f"deleted {orphan.path}")
            count += 1
        confine.remove_empty_dir(goldens, orphan.path.parent)
    return count
