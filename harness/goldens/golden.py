"""Golden files: approved records under a small header, written for people to review in git."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import confine, schema
from harness.corpus.capture import check_id
from harness.errors import HarnessError
from harness.record import Record

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)


@dataclass(frozen=True)
class Golden:
    """An approved record, with what it was approved for: extractor version and capture bytes."""

    extractor: str
    extractor_version: str
    capture_id: str
    capture_sha256: str
    record: Record
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "capture": {"id": self.capture_id, "sha256": self.capture_sha256},
            "extractor": {"name": self.extractor, "version": self.extractor_version},
            "record": self.record.to_json(),
            "schema_version": schema.SCHEMA_VERSION,
        }
        if self.reason:
            data["reason"] = self.reason
        return data


def dumps(golden: Golden) -> str:
    """Sorted keys, two-space indent, UTF-8 unescaped, a paragraph a line, a final newline."""
    return json.dumps(golden.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def path_for(root: Path, extractor: str, capture_id: str) -> Path:
    check_id(extractor, where="extractor name")
    check_id(capture_id)
    return root / extractor / f"{capture_id}.json"


def loads(text: str, where: Path) -> Golden:
    """Parse and validate a golden; every problem names the file, the place and the fix."""
    if m := _CONFLICT.search(text):
        line = text.count("\n", 0, m.start()) + 1
        raise HarnessError(
            f"holds a merge-conflict marker at line {line}",
            where=where,
            fix="resolve the conflict (keep one side), or delete the file and approve again",
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HarnessError(
            f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            where=where,
            fix="correct the JSON, or delete the file and approve the output again",
        ) from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > schema.SCHEMA_VERSION
    ):
        raise HarnessError(
            f"was written with schema version {version}; this harness reads up to "
            f"{schema.SCHEMA_VERSION}",
            where=where,
            field="$.schema_version",
            fix="upgrade capture-harness (pip install -U capture-harness)",
        )
    schema.validate(
        "golden",
        data,
        where=where,
        fix="correct the field named, or delete the file and approve again",
    )
    return Golden(
        extractor=data["extractor"]["name"],
        extractor_version=data["extractor"]["version"],
        capture_id=data["capture"]["id"],
        capture_sha256=data["capture"]["sha256"],
        record=Record.from_json(data["record"]),
        reason=data.get("reason"),
    )


def read(path: Path, root: Path | None = None) -> Golden | None:
    """The golden at `path`, or None when there is none yet.

    It is read under `root` (default: the goldens folder, two levels up from
    `<extractor>/<capture-id>.json`) following no link: a link is refused, naming it."""
    try:
        text = confine.read_text(root or path.parent.parent, path)
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder in its place, a file where the folder should be
        raise HarnessError(
            f"cannot be read: {error.strerror or error}",
            where=path,
            fix="check the goldens folder: each golden is goldens/<extractor>/<capture>.json",
        ) from None
    except UnicodeDecodeError:
        raise HarnessError(
            "is not UTF-8", where=path, fix="delete the file and approve again"
        ) from None
    return loads(text, path)


def write(path: Path, golden: Golden, root: Path | None = None) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    write_text(path, dumps(golden), root)


def write_text(path: Path, text: str, root: Path | None = None) -> None:
    """The one way a golden is written (`harness approve`, `review`, `--snapshot-update`):
    only a text the reader will accept, valid against the schema; else a HarnessError and
    nothing written."""
    check_text(text, path)
    schema.validate(
        "golden",
        json.loads(text),
        where=path,
        fix="this output cannot be approved as it is: correct the extractor (or the --reason)",
    )
    confine.write_atomic(root or path.parent.parent, path, text)


def check_text(text: str, where: Path) -> None:
    """Raise a HarnessError when `text` cannot be written as UTF-8 (a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise HarnessError(
            f"would hold U+{code:04X}, a lone surrogate, which is not text and cannot be "
            "written as UTF-8",
            where=where,
            fix="correct the extractor (its version or its output), or the --reason given",
        ) from None


def atomic_write(path: Path, text: str, *, root: Path | None = None) -> None:
    """Write `text` to `path` atomically (see `harness.confine.write_atomic`), under `root`
    (default: the folder of `path`); kept for the callers that write beside a named file."""
    confine.write_atomic(root or path.parent, path, text)


def files(root: Path) -> list[Path]:
    """Every `<extractor>/<capture-id>.json` under the goldens folder, in order; a link
    there is listed too (reading it is refused, naming it)."""
    if not root.is_dir():
        return []
    found = []
    for folder in confine.listdir(root):
        if folder.kind == "link" or folder.name.startswith("."):
            found += [folder.path] if folder.kind == "link" else []
            continue
        if folder.kind == "dir":
            found += [
                f.path
                for f in confine.listdir(root, folder.path)
                if f.name.endswith(".json") and not f.name.startswith(".")
            ]
    return found


def problem(path: Path, root: Path) -> str | None:
    """Why the golden file at `path` (read under `root`, following no link) is not a valid
    golden, naming the file and the JSON path; or None when it is one."""
    try:
        found = read(path, root)
    except HarnessError as error:
        return error.message
    if found is None:
        return f"{path}: does not exist"
    if (found.extractor, found.capture_id) != (path.parent.name, path.stem):
        return (
            f"{path}: holds the golden of {found.extractor}[{found.capture_id}], not "
            f"{path.parent.name}[{path.stem}]\n  fix: move it back, or delete it and approve again"
        )
    return None
