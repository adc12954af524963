"""Outcomes for report tests, built directly: a drifted cell whose text is hostile, and more."""

from __future__ import annotations

from harness.comparison.compare import compare
from harness.comparison.tolerance import Tolerance
from harness.goldens.golden import Golden
from harness.record import Record
from harness.running.runner import Outcome

HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
FIELDS = ("title", "published", "body")


def golden(capture: str, record: Record) -> Golden:
    return Golden("demo", "1.0", capture, "0" * 64, record)


def drifted(capture: str = "evil") -> Outcome:
    old = Record(title="Old title", published="2020-01-01", body=("Same first.", HOSTILE_IMG))
    new = Record(
        title=f"New {HOSTILE_SCRIPT}",
        published="2020-01-02",
        body=("Same first.", f"Now {HOSTILE_SCRIPT} here", "Added ``` fence"),
    )
    comparison = compare(old, new, Tolerance(), FIELDS)
    return Outcome(
        "demo",
        capture,
        "drift",
        "drift in " + ", ".join(comparison.drift),
        record=new,
        golden=golden(capture, old),
        comparison=comparison,
        version="1.0",
    )


def passed(capture: str = "calm") -> Outcome:
    record = Record(title="Calm page", body=("one two three four five",))
    comparison = compare(record, record, Tolerance(), FIELDS)
    return Outcome(
        "demo",
        capture,
        "pass",
        record=record,
        golden=golden(capture, record),
        comparison=comparison,
        version="1.0",
    )


def outcomes() -> list[Outcome]:
    return [
        drifted(),
        passed(),
        Outcome("other", "evil", "skipped", "other takes text captures, not html"),
        Outcome("other", "calm", "error", f"other raised ValueError: {HOSTILE_SCRIPT}\x0c"),
        Outcome("demo", "fresh", "new", "no golden yet", record=Record(title="Fresh")),
    ]


TRUTHS = {"calm": Record(title="Calm page | Site", body=("one two three four six",))}
