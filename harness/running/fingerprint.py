"""The key of a cell's record: a digest of every input that could change what an extractor
returns for a capture (as Bazel, ccache and pip's wheel cache key their work).

The inputs are the capture (the sha256 of the bytes the harness actually read, never the one
its manifest records, and every other thing an extractor is handed: manifest fields, truth),
the extractor (name, options, and where its code comes from: the distribution that registers
it, name and version, or the source of a project's own factory), and the tool chain (the
harness's version and source, the Python, and every installed distribution, name and version).

Nothing here imports an extractor: versions come from package metadata.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import confine
from harness.corpus.capture import Capture
from harness.registry import GROUP, Entry

FORMAT = 1  # bumped when what the key covers changes: older entries are then all misses


def canonical(data: Any) -> bytes:
    """One spelling of `data` as JSON: sorted keys, no spaces, UTF-8 (a TOML date as text)."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8", "surrogatepass")


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


@dataclass(frozen=True)
class Toolchain:
    """What every cell of a run shares: the harness, the Python, the installed distributions."""

    harness: str
    python: Mapping[str, str]
    distributions: str  # the digest of every installed distribution, `name==version` sorted

    def to_json(self) -> dict[str, Any]:
        return {
            "harness": self.harness,
            "python": dict(self.python),
            "distributions": self.distributions,
        }


def distributions() -> list[str]:
    """Every installed distribution as `name==version`, sorted (metadata only, none imported)."""
    from importlib import metadata

    found = set()
    for dist in metadata.distributions():
        meta = dist.metadata
        found.add(f"{meta['Name']}=={meta['Version']}")
    return sorted(found)


def python() -> dict[str, str]:
    return {
        "version": sys.version,
        "implementation": sys.implementation.name,
        "platform": sys.platform,
    }


def harness_version() -> str:
    """The installed capture-harness version and a digest of its own source (an editable
    install changes its code without changing its version)."""
    from harness.cli import version

    return f"{version()} {_harness_source()}"


@functools.lru_cache(maxsize=1)
def _harness_source() -> str:
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json") and p.is_file())
    return _files_digest(package, files)


def toolchain() -> Toolchain:
    """The tool chain of this process, computed once per run by whoever asks (`Cache.open`)."""
    packages = "\n".join(distributions())
    return Toolchain(
        harness=harness_version(),
        python=python(),
        distributions=hashlib.sha256(packages.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def origin(entry: Entry) -> str | None:
    """Where an extractor's code comes from: `dist==version` of the distribution whose entry
    point names its factory, or a digest of the source of a project's own factory module.
    None when it cannot be told without importing it (its cells are never cached)."""
    if entry.project is not None:
        return _project_source(entry.project, entry.factory)
    return _entry_points().get(entry.factory)


@functools.lru_cache(maxsize=1)
def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for point in entry_points(group=GROUP):
        dist = point.dist
        if dist is not None:
            found[point.value] = f"{dist.metadata['Name']}=={dist.version}"
    return found


def _project_source(project: Path, factory: str) -> str | None:
    """A digest of every `.py` file of the factory's top-level module or package in the
    project (read following no link), or None when it is not there."""
    top = factory.partition(":")[0].split(".")[0]
    if not top.isidentifier():
        return None
    if confine.kind(project, f"{top}.py") == "file":
        return _files_digest(project, [project / f"{top}.py"])
    if confine.kind(project, top) != "dir":
        return None
    return _files_digest(project, list(_python_files(project, project / top)))


def _python_files(root: Path, folder: Path) -> list[Path]:
    found: list[Path] = []
    for entry in confine.listdir(root, folder):
        if entry.kind == "dir" and not entry.name.startswith((".", "__pycache__")):
            found.extend(_python_files(root, entry.path))
        elif entry.kind == "file" and entry.name.endswith(".py"):
            found.append(entry.path)
    return found


def _files_digest(root: Path, files: list[Path]) -> str:
    total = hashlib.sha256()
    for path in sorted(files):
        total.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        total.update(hashlib.sha256(confine.read_bytes(root, path)).digest())
    return total.hexdigest()


def capture_inputs(capture: Capture) -> dict[str, Any]:
    """Everything of a capture an extractor is handed: the sha256 of the bytes read (not the
    manifest's), of every view an extractor may read instead (`harness.corpus.views`), the
    manifest's fields, the truth, and where in a WARC it is."""
    return {
        "bytes": capture.actual_sha256,
        "views": capture.read_sha256s(),
        "manifest": capture.manifest(),
        "truth": capture.truth.to_json() if capture.truth else None,
        "truth_fields": sorted(capture.truth_fields),
        "offset": capture.offset,
    }


def inputs(
    entry: Entry, capture: Capture, chain: Toolchain, *, allow_network: bool
) -> dict[str, Any] | None:
    """Every input of one cell's record, or None when one cannot be known (never cached)."""
    code = origin(entry)
    if code is None:
        return None
    return {
        "format": FORMAT,
        "capture": capture_inputs(capture),
        "extractor": {
            "name": entry.name,
            "factory": entry.factory,
            "options": dict(entry.options),
            "origin": code,
            "network": allow_network,
        },
        "toolchain": chain.to_json(),
    }
