"""Approving and rejecting pending outputs: the only way a golden is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from harness.config import Config
from harness.corpus.capture import find
from harness.errors import HarnessError
from harness.goldens import golden as goldens
from harness.goldens import pending
from harness.goldens.ci import in_ci
from harness.goldens.golden import Golden


def refuse_in_ci(environ: Mapping[str, str], *, force: bool, action: str) -> None:
    """Goldens are not written on a CI machine unless the command insists with --force."""
    variable = in_ci(environ)
    if variable and not force:
        raise HarnessError(
            f"refuses to {action} on a CI machine ({variable} is set)",
            where="harness",
            fix="approve on a developer machine and commit the goldens, or add --force",
        )


@dataclass(frozen=True)
class Approved:
    entry: pending.Entry
    path: Path


def approve(config: Config, entry: pending.Entry, *, reason: str | None = None) -> Approved:
    """Write the entry's record as the golden, if nothing moved since the run found it."""
    captures, root = entry.roots(config)
    capture = find(captures, entry.capture, max_bytes=config.max_page_bytes)
    if capture.changed or entry.capture_sha256 not in capture.read_sha256s().values():
        raise HarnessError(
            "the capture's bytes changed since the run that found this output",
            where=entry.key,
            fix="run `harness run` again, then review",
        )
    path = goldens.path_for(root, entry.extractor, entry.capture)
    if pending.file_sha256(path) != entry.golden_sha256:
        raise HarnessError(
            "the golden changed since the run that found this output",
            where=path,
            fix="run `harness run` again, then review",
        )
    golden = Golden(
        extractor=entry.extractor,
        extractor_version=entry.version,
        capture_id=entry.capture,
        capture_sha256=entry.capture_sha256,  # the bytes (of the view) it was made from
        record=entry.record,
        reason=reason,
    )
    goldens.write(path, golden)
    pending.drop(config.pending, entry)
    return Approved(entry, path)


def reject(config: Config, entry: pending.Entry) -> None:
    """Keep the golden as it is and forget the pending output (one that names other
    folders than the configured ones is refused, not silently forgotten)."""
    entry.roots(config)
    pending.drop(config.pending, entry)
