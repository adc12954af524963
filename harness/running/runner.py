"""The core: run an extractor over a capture, compare with its golden, approve on request.

The CLI and the pytest plugin are thin layers over `check` and `approve`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from harness import schema
from harness.comparison.compare import Comparison, FieldResult, compare
from harness.config import Config
from harness.corpus import decode
from harness.corpus.capture import Capture, CaptureProblem, check_id, iter_captures
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.goldens import golden as goldens
from harness.goldens.golden import Golden
from harness.record import Record, normalise

E = TypeVar("E")
Status = Literal["pass", "drift", "new", "changed", "error", "skipped"]
STATUSES: tuple[Status, ...] = ("pass", "drift", "new", "changed", "error", "skipped")
FAILING: frozenset[str] = frozenset({"drift", "new", "changed", "error"})


@dataclass(frozen=True)
class Outcome:
    """One cell of the matrix: an extractor on a capture."""

    extractor: str
    capture: str
    status: Status
    message: str = ""
    record: Record | None = None
    golden: Golden | None = None
    comparison: Comparison | None = None
    golden_path: Path | None = None
    version: str = ""
    seconds: float = 0.0
    empty: tuple[str, ...] = ()  # declared fields the output left empty: "body", "title"
    read_sha256: str = ""  # the sha256 of the capture's file (view) the extractor read

    @property
    def drift(self) -> tuple[str, ...]:
        return self.comparison.drift if self.comparison else ()

    @property
    def failed(self) -> bool:
        return self.status in FAILING

    def slim(self) -> Outcome:
        """This outcome as a long run keeps it: a passing or skipped cell without its record,
        golden and compared values (what `to_json`, the matrix and the summary show stays)."""
        if self.failed:
            return self
        comparison = self.comparison and Comparison(
            tuple(
                _shared(replace(f, expected=None, actual=None, diff=()))
                for f in self.comparison.fields
            )
        )
        return replace(self, record=None, golden=None, comparison=comparison)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "extractor": self.extractor,
            "capture": self.capture,
            "status": self.status,
            "drift": list(self.drift),
            "message": self.message,
            "version": self.version,
            "seconds": round(self.seconds, 4),
        }
        if self.comparison:
            out["fields"] = {
                f.name: {"drifted": f.drifted, "how": f.how, "score": f.score, "rule": f.rule}
                for f in self.comparison.fields
            }
        if self.golden_path is not None:
            out["golden"] = str(self.golden_path)
        if self.empty:
            out["empty"] = list(self.empty)
        return out


def empty_note(fields: Iterable[str]) -> str:
    """`empty body, no title`: the fields `empty_fields` found, as people read them."""
    return ", ".join("empty body" if f == "body" else f"no {f}" for f in fields)


def empty_fields(record: Record, fields: Iterable[str]) -> tuple[str, ...]:
    """The declared fields an output left empty that a person should see before approving
    it: no body, no title (a field the extractor never gives is never "empty")."""
    declared = set(fields)
    found = []
    if "body" in declared and not any(p.strip() for p in record.body):
        found.append("body")
    if "title" in declared and not (record.title or "").strip():
        found.append("title")
    return tuple(found)


@functools.lru_cache(maxsize=256)
def _shared(result: FieldResult) -> FieldResult:
    """One object for equal field results, shared by the many slim outcomes of a long run."""
    return result


def extract(extractor: Extractor, capture: Capture) -> Record:
    """Run one extractor on one capture and normalise what it returns."""
    raw = extractor.extract(capture)
    return normalise(raw, source=extractor.name)


def skip_reason(extractor: Extractor, capture: Capture) -> str | None:
    """Why this extractor does not run on this capture, or None when it does."""
    if not extractor.available:
        return extractor.reason or "not available"
    capture = capture.viewed(extractor.kinds)
    if capture.kind not in extractor.kinds:
        takes = "/".join(sorted(extractor.kinds))
        return f"takes {takes} captures, not {capture.kind}"  # the column or test id names it
    return None


def prepare() -> None:
    """Load what checking a cell takes besides the extractor (the schema's validators) in
    this process, before it forks its workers: they share it instead of each loading it
    again. No extractor's library is ever loaded here, nor DeepDiff: a comparison imports it
    on the first difference it meets."""
    schema.prepare("golden", "truth", "manifest")


def check(extractor: Extractor, capture: Capture | CaptureProblem, config: Config) -> Outcome:
    """Extract, then compare with the golden: the status of one cell."""
    cell = Cell(extractor.name, capture.id, extractor.version)
    if isinstance(capture, CaptureProblem):
        return cell.outcome("error", capture.message)
    capture = capture.viewed(extractor.kinds)
    outcome = _check(cell, extractor, capture, config)
    return replace(outcome, read_sha256=capture.actual_sha256)


def _check(cell: Cell, extractor: Extractor, capture: Capture, config: Config) -> Outcome:
    if reason := skip_reason(extractor, capture):
        return cell.outcome("skipped", reason)
    if capture.changed:
        return cell.outcome("changed", _changed_capture(capture))
    path = goldens.path_for(config.goldens, extractor.name, capture.id)
    if problem := page_problem(capture, config.max_page_mb):
        return cell.outcome("error", problem, golden_path=path)
    started = time.perf_counter()
    record = _extract(cell, extractor, capture, path)
    if isinstance(record, Outcome):
        return record
    seconds = time.perf_counter() - started
    try:
        golden = goldens.read(path, config.goldens)
    except HarnessError as error:
        return cell.outcome(
            "error", error.message, record=record, golden_path=path, seconds=seconds
        )
    if golden is None:
        outcome = cell.outcome(
            "new", "no golden yet", record=record, golden_path=path, seconds=seconds
        )
    else:
        outcome = judge(cell, extractor, capture, config, record, golden, path, seconds)
        if outcome.status == "drift" and (
            unstable := _unstable(cell, extractor, capture, record, path)
        ):
            outcome = replace(outcome, status="error", message=unstable)
    if outcome.status in ("new", "drift", "changed"):
        outcome = replace(outcome, empty=empty_fields(record, extractor.fields))
    return _writable(outcome, capture, path)


def _writable(outcome: Outcome, capture: Capture, path: Path) -> Outcome:
    """A cell whose output could not be approved (its golden could not be written) is an
    error now, not a refusal at approval. `normalise` already made the record schema-valid;
    what is left is the golden's header (an extractor version that is not text)."""
    proposed = golden_of(outcome, capture)
    if proposed is None:
        return outcome
    try:
        goldens.check_text(goldens.dumps(proposed), path)
    except HarnessError as error:
        return replace(outcome, status="error", message=error.message)
    return outcome


def page_problem(capture: Capture, max_page_mb: float) -> str | None:
    """Why a page cannot be given to extractors at all: empty, too large, or not text."""
    size, head = capture.probe()
    if size == 0:
        return f"capture {capture.id} is empty (0 bytes): there is nothing to extract"
    if size > max_page_mb * 1024 * 1024:
        return (
            f"capture {capture.id} is {size / 1024 / 1024:.1f} MB, over the limit of "
            f"{max_page_mb:g} MB; raise max_page_mb in [tool.harness] to check it"
        )
    if decode.looks_binary(head):
        return f"capture {capture.id} is not a text or HTML page (binary content); replace it"
    return None


def _extract(cell: Cell, extractor: Extractor, capture: Capture, path: Path) -> Record | Outcome:
    """Run the extractor on a copy of the capture; its errors and mutations become error cells."""
    given = replace(capture)
    before = capture.stat()
    try:
        record = extract(extractor, given)
    except HarnessError as error:
        return cell.outcome("error", error.message, golden_path=path)
    except MemoryError:
        return cell.outcome("error", f"{extractor.name} ran out of memory", golden_path=path)
    except Exception as error:  # an extractor's bug is a cell, not a crash
        text = f"{extractor.name} raised {type(error).__name__}: {error}"
        return cell.outcome("error", text[:1000], golden_path=path)
    if given != capture or capture.stat() != before:
        return cell.outcome(
            "error",
            f"{extractor.name} changed the capture it was given (in memory or on disk); "
            "an extractor must only read it",
            golden_path=path,
        )
    return record


@dataclass(frozen=True)
class Cell:
    extractor: str
    capture: str
    version: str

    def outcome(self, status: Status, message: str, **more: Any) -> Outcome:
        return Outcome(self.extractor, self.capture, status, message, version=self.version, **more)


def judge(
    cell: Cell,
    extractor: Extractor,
    capture: Capture,
    config: Config,
    record: Record,
    golden: Golden,
    path: Path,
    seconds: float,
) -> Outcome:
    """The verdict on a record against its golden, without running the extractor again: pure,
    so the parent process can make it from what a worker returned (`harness.running.verdict`)."""
    found = dict(record=record, golden=golden, golden_path=path, seconds=seconds)
    if golden.extractor != extractor.name or golden.capture_id != capture.id:
        problem = (
            f"{path} holds the golden of {golden.extractor}[{golden.capture_id}], "
            f"not {extractor.name}[{capture.id}]"
        )
        return cell.outcome(
            "error", problem + "; move it back or delete it and approve again", **found
        )
    if golden.capture_sha256 != capture.actual_sha256:
        return cell.outcome(
            "changed",
            f"golden was approved for other bytes of capture {capture.id} "
            f"(sha256 {golden.capture_sha256[:12]}…, now {capture.actual_sha256[:12]}…): "
            "review the output and approve it again",
            **found,
        )
    tolerance = config.policy.for_case(extractor.name, capture.id)
    comparison = compare(golden.record, record, tolerance, extractor.fields)
    if comparison.ok:
        return cell.outcome("pass", "", comparison=comparison, **found)
    message = f"drift in {', '.join(comparison.drift)}"
    if golden.extractor_version != extractor.version:
        message += (
            f" ({extractor.name} {extractor.version};"
            f" golden approved with {golden.extractor_version})"
        )
    return cell.outcome("drift", message, comparison=comparison, **found)


def _unstable(
    cell: Cell, extractor: Extractor, capture: Capture, record: Record, path: Path
) -> str | None:
    """Before calling a difference drift, run the extractor again: if two runs on the same
    bytes disagree, the extractor is not deterministic here, and that is what to report."""
    again = _extract(cell, extractor, capture, path)
    if isinstance(again, Outcome) or again == record:
        return None
    differ = [name for name in extractor.fields if getattr(again, name) != getattr(record, name)]
    return (
        f"{extractor.name} is not deterministic on this capture: two runs gave different "
        f"{', '.join(differ)}, so drift cannot be judged; make it deterministic "
        "(or loosen the tolerance of those fields for this capture)"
    )


def _changed_capture(capture: Capture) -> str:
    return (
        f"the bytes of {capture.path} no longer match the sha256 in its manifest "
        f"({capture.sha256[:12]}…, now {capture.actual_sha256[:12]}…); nothing was compared. "
        f"Restore the page, or if the change is intended set sha256 to {capture.actual_sha256} "
        f"in {capture.folder / 'capture.json'} and review the outputs again"
    )


def golden_of(outcome: Outcome, capture: Capture, *, reason: str | None = None) -> Golden | None:
    """The golden that approving this cell writes: its record, for the bytes it read."""
    if outcome.status not in ("new", "drift", "changed") or outcome.record is None:
        return None
    return Golden(
        extractor=outcome.extractor,
        extractor_version=outcome.version,
        capture_id=capture.id,
        capture_sha256=outcome.read_sha256 or capture.actual_sha256,  # of the view it read
        record=outcome.record,
        reason=reason,
    )


def approve(outcome: Outcome, capture: Capture, *, reason: str | None = None) -> Path:
    """Write the golden of a checked cell."""
    golden = golden_of(outcome, capture, reason=reason)
    if golden is None or outcome.golden_path is None:
        raise HarnessError(
            f"has nothing to approve ({outcome.status}: {outcome.message})",
            where=f"{outcome.extractor}[{outcome.capture}]",
            fix="fix the error first; run `harness run` to see it",
        )
    goldens.write(outcome.golden_path, golden)
    return outcome.golden_path


def cases(
    config: Config, extractors: Sequence[E], capture_ids: Iterable[str] | None = None
) -> Iterator[tuple[E, Capture | CaptureProblem]]:
    """(extractor, capture) pairs, capture by capture, streaming the captures folder; an
    extractor is whatever names it (a registry entry, or a built extractor)."""
    wanted = {check_id(i, where="--capture") for i in capture_ids or ()}
    folders = config.captures.is_dir()
    missing = sorted(i for i in wanted if folders and not (config.captures / i).is_dir())
    if missing:
        raise _no_capture(config, missing)
    seen: set[str] = set()
    for capture in iter_captures(config.captures, max_bytes=config.max_page_bytes):
        if wanted and capture.id not in wanted:
            continue
        seen.add(capture.id)
        for extractor in extractors:
            yield extractor, capture
    if wanted - seen:  # in a WARC, known only once it is read
        raise _no_capture(config, sorted(wanted - seen))


def _no_capture(config: Config, ids: list[str]) -> HarnessError:
    return HarnessError(
        f"has no capture {', '.join(ids)}",
        where=config.captures,
        fix=f"use one of: {listing(present_ids(config.captures))}",
    )


def present_ids(captures: Path) -> list[str]:
    """The ids of the captures there are, sorted (none when the folder cannot be read)."""
    from harness.corpus.capture import ids

    try:
        return sorted(ids(captures))
    except (HarnessError, OSError):
        return []


def listing(names: Sequence[str], limit: int = 40) -> str:
    """Names for an error message: all of them, or the first `limit` and how many more."""
    if not names:
        return "(none)"
    shown = ", ".join(names[:limit])
    return shown + (f", … and {len(names) - limit} more" if len(names) > limit else "")
