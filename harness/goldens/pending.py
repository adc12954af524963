"""Pending outputs: what a run found new or drifted, kept outside goldens/ until reviewed.

A review then needs no second run of the extractors: each entry holds the record, the
capture bytes it was made from, and the golden file it was compared with.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import confine, output
from harness.config import Config
from harness.errors import HarnessError
from harness.goldens import golden as goldens
from harness.record import Record
from harness.running.runner import Outcome

REVIEWABLE = frozenset({"new", "drift", "changed"})


@dataclass(frozen=True)
class Entry:
    """One pending output of an extractor on a capture."""

    extractor: str
    capture: str
    version: str
    status: str
    record: Record
    capture_sha256: str
    golden_sha256: str | None
    drift: tuple[str, ...] = ()
    message: str = ""
    captures: str | None = None
    goldens: str | None = None
    empty: tuple[str, ...] = ()  # declared fields the output left empty (`Outcome.empty`)

    @property
    def key(self) -> str:
        """`extractor[capture]` as printed: on one line, control characters as escapes."""
        return f"{output.name(self.extractor)}[{output.name(self.capture)}]"

    def roots(self, config: Config) -> tuple[Path, Path]:
        """The captures and goldens the run that found this output used.

        A pending file is not reviewed in git, so it cannot choose where a golden is
        written: the goldens it names must be the configured folder, and the captures it
        names the configured folder or one inside the project (they are only read)."""
        captures = Path(self.captures) if self.captures else config.captures
        goldens = Path(self.goldens) if self.goldens else config.goldens
        if goldens != config.goldens and _resolved(goldens) != _resolved(config.goldens):
            raise self._refused(config, goldens, f"not the configured goldens {config.goldens}")
        if captures != config.captures and not _resolved(captures).is_relative_to(config.root):
            raise self._refused(config, captures, f"outside the project {config.root}")
        return captures, config.goldens

    def _refused(self, config: Config, folder: Path, why: str) -> HarnessError:
        return HarnessError(
            f"names {folder}, {why}: refused, nothing was written",
            where=path_for(config.pending, self.extractor, self.capture),
            fix="delete it and run `harness run` again from the project, then review",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "capture": self.capture,
            "capture_sha256": self.capture_sha256,
            "drift": list(self.drift),
            "extractor": self.extractor,
            "golden_sha256": self.golden_sha256,
            "message": self.message,
            "record": self.record.to_json(),
            "status": self.status,
            "version": self.version,
            "captures": self.captures,
            "goldens": self.goldens,
            "empty": list(self.empty),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            extractor=data["extractor"],
            capture=data["capture"],
            version=data["version"],
            status=data["status"],
            record=Record.from_json(data["record"]),
            capture_sha256=data["capture_sha256"],
            golden_sha256=data["golden_sha256"],
            drift=tuple(data.get("drift", ())),
            message=data.get("message", ""),
            captures=data.get("captures"),
            goldens=data.get("goldens"),
            empty=tuple(data.get("empty", ())),
        )


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):  # a loop of links: never the configured folder
        return folder


def file_sha256(path: Path) -> str | None:
    """The sha256 of a golden file's bytes, or None when there is no file.

    Read under the goldens folder (two levels up) following no link: a link is refused."""
    try:
        return hashlib.sha256(confine.read_bytes(path.parent.parent, path)).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise HarnessError(
            f"cannot be read: {error.strerror}",
            where=path,
            fix="make it a plain file (or remove it)",
        ) from None


def path_for(root: Path, extractor: str, capture: str) -> Path:
    return goldens.path_for(root, extractor, capture)


def note(
    root: Path, outcome: Outcome, capture_sha256: str, captures: Path | None = None
) -> Path | None:
    """Keep a reviewable outcome as pending; forget a stale entry once the cell passes."""
    path = path_for(root, outcome.extractor, outcome.capture)
    try:
        if confine.kind(root, path) == "link":
            return None  # never written through; `harness pending` names it
    except confine.Escape:  # a link on the way there: the same
        return None
    if outcome.status == "pass":
        confine.remove(root, path)
        return None
    if outcome.status not in REVIEWABLE or outcome.record is None or outcome.golden_path is None:
        return None
    entry = Entry(
        extractor=outcome.extractor,
        capture=outcome.capture,
        version=outcome.version,
        status=outcome.status,
        record=outcome.record,
        capture_sha256=outcome.read_sha256 or capture_sha256,  # the view it read
        golden_sha256=file_sha256(outcome.golden_path),
        drift=outcome.drift,
        message=outcome.message,
        captures=str(captures) if captures else None,
        goldens=str(outcome.golden_path.parent.parent),
        empty=outcome.empty,
    )
    text = json.dumps(entry.to_json(), indent=2, ensure_ascii=False) + "\n"
    return confine.write_atomic(root, path, text)


def entries(root: Path) -> list[Entry]:
    """Every pending entry, in extractor and capture order.

    A link among them (a file or an extractor's folder) is refused, naming it: pending
    outputs are read under `root` following no link."""
    found = []
    for path in _files(root):
        try:
            found.append(Entry.from_json(json.loads(confine.read_text(root, path))))
        except (ValueError, KeyError, TypeError) as error:
            raise HarnessError(
                f"is not a pending entry ({error})",
                where=path,
                fix="delete it; `harness run` records pending outputs again",
            ) from None
    return found


def select(root: Path, extractors: list[str] | None, captures: list[str] | None) -> list[Entry]:
    """The pending entries matching --extractor and --capture (all when neither is given)."""
    return [
        e
        for e in entries(root)
        if (not extractors or e.extractor in extractors) and (not captures or e.capture in captures)
    ]


def _files(root: Path) -> list[Path]:
    """`<extractor>/<capture>.json` under `root`, in order; a link there is refused."""
    if not root.is_dir():
        return []
    found = []
    for folder in confine.listdir(root):
        if folder.kind == "link":
            raise confine.link_refused(folder.path, root)
        if folder.kind != "dir" or folder.name.startswith("."):
            continue
        for file in confine.listdir(root, folder.path):
            if file.kind == "link":
                raise confine.link_refused(file.path, root)
            if file.kind == "file" and file.name.endswith(".json") and file.name[0] != ".":
                found.append(file.path)
    return found


def drop(root: Path, entry: Entry) -> None:
    confine.remove(root, path_for(root, entry.extractor, entry.capture))
