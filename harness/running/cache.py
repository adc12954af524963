"""The record cache: an extractor's record for a capture, kept under the key of every input
that could change it (`harness.running.fingerprint`), so an unchanged cell is not extracted
again.

One JSON file an entry, `<cache>/<key>.json`, written atomically, holding the key, the inputs
it was computed from, the extractor as its worker described it, the record and the record's
sha256. An entry is trusted only when all of these check out: one that does not parse, whose
key or inputs are not the ones looked up, whose record fails the golden schema or its sha256,
or that is a link or not a regular file, is a miss, never an error; it is rewritten after the
fresh extraction. The folder is bounded (`cache_mb`): the entries used longest ago go first
(a hit touches its entry). Only the harness's own (parent) process writes entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import confine
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.record import Record, normalise
from harness.running import fingerprint

NAME = re.compile(r"^[0-9a-f]{64}\.json$")
MAX_ENTRY = 256 * 1024 * 1024  # bytes: a larger file in the cache folder is not read


@dataclass(frozen=True)
class Hit:
    """A trusted entry: the extractor as described when it ran, and its record (None for a
    cell the extractor skipped)."""

    extractor: Extractor
    record: Record | None


@dataclass(frozen=True)
class Info:
    folder: Path
    entries: int
    size: int  # bytes


@dataclass
class Cache:
    """The cache folder, and the most bytes its entries may take."""

    folder: Path
    limit: int
    written: int = field(default=0)

    @classmethod
    def of(cls, folder: Path, limit_mb: float) -> Cache:
        return cls(folder, int(limit_mb * 1024 * 1024))

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str, inputs: Mapping[str, Any]) -> Hit | None:
        """The trusted entry of `key`, touched (it was used now), or None: a miss."""
        try:
            fd = confine.open_file(self.folder, self.path(key))
        except (HarnessError, OSError):
            return None
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_ENTRY + 1)
            hit = _trusted(data, key, inputs)
            if hit is not None:
                with contextlib.suppress(OSError):
                    os.utime(handle.fileno())
        return hit

    def put(
        self, key: str, inputs: Mapping[str, Any], extractor: Extractor, record: Record | None
    ) -> bool:
        """Store an entry (replacing whatever is there, a link too); False when the folder
        cannot take it (a run never fails for its cache)."""
        text = entry_text(key, inputs, extractor, record)
        path = self.path(key)
        try:
            if self.folder.is_dir() and confine.kind(self.folder, path) == "link":
                confine.remove(self.folder, path, links=True)  # the link, never its target
            confine.write_atomic(self.folder, path, text)
        except (HarnessError, OSError):
            return False
        self.written += len(text.encode("utf-8"))
        return True

    def entries(self) -> list[tuple[Path, int, int]]:
        """Every entry file: path, size in bytes, last use (ns); links and odd names ignored."""
        if not self.folder.is_dir():
            return []
        found = []
        for entry in confine.listdir(self.folder):
            if entry.kind != "file" or not NAME.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                stat = entry.path.lstat()
                found.append((entry.path, stat.st_size, stat.st_mtime_ns))
        return found

    def info(self) -> Info:
        found = self.entries()
        return Info(self.folder, len(found), sum(size for _, size, _ in found))

    def trim(self) -> int:
        """Remove the entries used longest ago until the folder is within its limit; how many."""
        found = sorted(self.entries(), key=lambda e: (e[2], e[0].name))
        total = sum(size for _, size, _ in found)
        removed = 0
        for path, size, _ in found:
            if total <= self.limit:
                break
            with contextlib.suppress(HarnessError, OSError):
                if confine.remove(self.folder, path):
                    removed += 1
            total -= size
        return removed

    def clear(self) -> int:
        """Remove every entry (and leftover temporary file); nothing else is touched."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for entry in confine.listdir(self.folder):
            ours = NAME.match(entry.name) or _TEMPORARY.match(entry.name)
            if entry.kind == "file" and ours and confine.remove(self.folder, entry.path):
                removed += 1
        return removed


_TEMPORARY = re.compile(r"^\.[0-9a-f]{64}\.json\.[0-9a-f]{12}\.tmp$")


def entry_text(
    key: str, inputs: Mapping[str, Any], extractor: Extractor, record: Record | None
) -> str:
    data = record.to_json() if record is not None else None
    entry = {
        "key": key,
        "inputs": inputs,
        "extractor": _description(extractor),
        "record": data,
        "record_sha256": fingerprint.digest(data),
    }
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _description(extractor: Extractor) -> dict[str, Any]:
    return {
        "name": extractor.name,
        "version": extractor.version,
        "kinds": sorted(extractor.kinds),
        "fields": list(extractor.fields),
        "available": extractor.available,
        "reason": extractor.reason,
    }


def _trusted(data: bytes, key: str, inputs: Mapping[str, Any]) -> Hit | None:
    """The entry in `data` when every check holds, else None."""
    if len(data) > MAX_ENTRY:
        return None
    try:
        entry = json.loads(data)
    except (ValueError, RecursionError):  # not UTF-8, not JSON
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    stored = entry.get("inputs")
    if fingerprint.digest(stored) != key or fingerprint.canonical(stored) != _canon(inputs):
        return None
    record = entry.get("record")
    if fingerprint.digest(record) != entry.get("record_sha256"):
        return None
    kept = _record(record)
    if record is not None and kept is None:
        return None
    extractor = _extractor(entry.get("extractor"), kept)
    return None if extractor is None else Hit(extractor, kept)


def _canon(inputs: Mapping[str, Any]) -> bytes:
    return fingerprint.canonical(json.loads(fingerprint.canonical(inputs)))


def _extractor(found: Any, record: Record | None) -> Extractor | None:
    """The stored description as an extractor whose function gives the stored record, or
    None when the description is not what the harness writes."""
    if not isinstance(found, dict):
        return None
    strings = all(isinstance(found.get(k), str) for k in ("name", "version"))
    lists = all(
        isinstance(found.get(k), list) and all(isinstance(v, str) for v in found[k])
        for k in ("kinds", "fields")
    )
    reason = found.get("reason")
    if not (strings and lists and isinstance(found.get("available"), bool)):
        return None
    if reason is not None and not isinstance(reason, str):
        return None
    return Extractor(
        name=found["name"],
        version=found["version"],
        kinds=frozenset(found["kinds"]),
        fields=tuple(found["fields"]),
        extract=lambda capture: record or Record(),
        available=found["available"],
        reason=reason,
    )


def _record(data: Any) -> Record | None:
    """The stored record when the golden schema takes it and it is already normalised."""
    if not isinstance(data, dict):
        return None
    try:
        record = normalise(data, source="cache")
    except HarnessError:
        return None
    return record if record.to_json() == data else None
