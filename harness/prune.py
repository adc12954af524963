"""Goldens whose capture or extractor is gone: listed, and removed only when told."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Orphan:
    path: Path
    reason: str


def orphans(goldens: Path, captures: Path, extractors: Iterable[str]) -> list[Orphan]:
    """Every golden file whose extractor is not registered or whose capture folder is gone."""
    known = set(extractors)
    found = []
    for path in sorted(goldens.glob("*/*.json")) if goldens.is_dir() else []:
        extractor, capture = path.parent.name, path.stem
        if extractor not in known:
            found.append(Orphan(path, f"extractor {extractor!r} is not registered"))
        elif not (captures / capture).is_dir():
            found.append(Orphan(path, f"capture {capture!r} is gone"))
    return found


def remove(found: Iterable[Orphan]) -> int:
    count = 0
    for orphan in found:
        orphan.path.unlink(missing_ok=True)
        count += 1
        parent = orphan.path.parent
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
    return count
