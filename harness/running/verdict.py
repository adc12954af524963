"""The verdict on a cell, made again in the parent process from what its worker returned.

A worker runs extractor code, which can patch anything in its process, the comparison
included: a worker's `pass` is a claim, not a verdict. The parent (the `harness` command, the
pytest process, a Dask worker) never imports extractor code, so it judges again every outcome
that would look green (`pass`, `skipped`), from the record the worker returned and the golden
it reads itself, with the same rules (`runner.judge`). A failing outcome is kept as it is: a
worker cannot make a run greener by saying something failed.
"""

from __future__ import annotations

from dataclasses import replace

from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.goldens import golden as goldens
from harness.record import Record
from harness.running.runner import Cell, Outcome, judge, skip_reason

GREEN = frozenset({"pass", "skipped"})


def rejudge(
    outcome: Outcome,
    capture: Capture | CaptureProblem | None,
    config: Config,
    extractor: Extractor | None,
) -> Outcome:
    """The worker's outcome when it is failing or stands; otherwise the parent's verdict.

    `extractor` is the extractor as its worker described it (`Extractor.described`); a cell
    with no capture is a probe (only a build was asked for), not a verdict."""
    if outcome.status not in GREEN or capture is None:
        return outcome
    if isinstance(capture, CaptureProblem):
        return _untrusted(outcome, capture.message)
    if extractor is None or extractor.name != outcome.extractor:
        return _untrusted(outcome, "no description of the extractor came from its worker")
    capture = capture.viewed(extractor.kinds)
    if outcome.status == "skipped":
        reason = skip_reason(extractor, capture)
        return outcome if reason else _untrusted(outcome, "the extractor takes this capture")
    return _pass(outcome, capture, config, extractor)


def _pass(outcome: Outcome, capture: Capture, config: Config, extractor: Extractor) -> Outcome:
    record = outcome.record
    if not isinstance(record, Record):
        return _untrusted(outcome, "it returned no record")
    if capture.changed:
        return _untrusted(outcome, f"the bytes of {capture.path} no longer match its manifest")
    path = goldens.path_for(config.goldens, extractor.name, capture.id)
    try:
        golden = goldens.read(path, config.goldens)
    except HarnessError as error:
        return _untrusted(outcome, error.message)
    if golden is None:
        return _untrusted(outcome, f"there is no golden at {path}")
    cell = Cell(extractor.name, capture.id, outcome.version)
    found = judge(cell, extractor, capture, config, record, golden, path, outcome.seconds)
    if found.status == "pass":
        return found
    return replace(found, message=f"{found.message} ({_CLAIM})")


_CLAIM = "its worker reported pass: the harness judged again and does not trust it"


def _untrusted(outcome: Outcome, why: str) -> Outcome:
    return replace(
        outcome,
        status="error",
        message=f"{outcome.extractor}'s worker reported {outcome.status}, but {why}; "
        "the harness does not trust it (an extractor must not patch the harness)",
    )
