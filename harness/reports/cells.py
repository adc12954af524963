"""One matrix cell as every report shows it: status, why, scores against truth, and the diff.

Pure data (no markup): `report.json` writes it, `report.html` embeds it as JSON that the
page renders with textContent, and the Markdown and JUnit reports read its text.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.record import Record
from harness.reports.terminal import cell_text, explain
from harness.running.runner import Outcome
from harness.scoring import metrics
from harness.scoring.score import body_text, title_matches

HEAD_FIELDS: tuple[str, ...] = ("title", "published", "updated", "authors", "language")


@dataclass(frozen=True)
class CellScores:
    """How a cell's output compares with the capture's truth (None: not scored)."""

    body_f1: float | None = None
    title_ok: bool | None = None

    def to_json(self) -> dict[str, Any]:
        f1 = None if self.body_f1 is None else round(self.body_f1, 4)
        return {"body_f1": f1, "title_ok": self.title_ok}

    @property
    def any(self) -> bool:
        return self.body_f1 is not None or self.title_ok is not None


def declared(outcome: Outcome) -> frozenset[str] | None:
    """The fields the extractor declares, as its comparison shows them (None: unknown)."""
    if outcome.comparison is None:
        return None
    return frozenset(f.name for f in outcome.comparison.fields)


def cell_scores(
    outcome: Outcome, truth: Record | None, fields: Collection[str] | None = None
) -> CellScores:
    """Body F1 and title match of the cell's output against `truth`, where both exist."""
    record = outcome.record
    if truth is None or record is None:
        return CellScores()
    fields = declared(outcome) if fields is None else frozenset(fields)
    body_f1 = None
    if truth.body and (fields is None or "body" in fields):
        body_f1 = metrics.page_scores(body_text(truth), body_text(record)).f1
    title_ok = None
    title_known = "title" in fields if fields is not None else record.title is not None
    if truth.title is not None and title_known:
        title_ok = title_matches(truth.title, record.title)
    return CellScores(body_f1, title_ok)


def align(old: Sequence[str], new: Sequence[str]) -> list[dict[str, Any]]:
    """Paragraph rows for a side-by-side view: tag, then each side's number and text."""
    rows: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            side = tag if i < i2 and j < j2 else ("delete" if i < i2 else "insert")
            rows.append(
                {
                    "tag": side,
                    "old_n": i + 1 if i < i2 else None,
                    "old": old[i] if i < i2 else None,
                    "new_n": j + 1 if j < j2 else None,
                    "new": new[j] if j < j2 else None,
                }
            )
    return rows


def _head(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    data = record.to_json()
    return {name: data[name] for name in HEAD_FIELDS}


def cell(
    index: int, outcome: Outcome, truth: Record | None, fields: Collection[str] | None = None
) -> dict[str, Any]:
    """Everything the reports show of one cell, JSON-ready."""
    golden = outcome.golden.record if outcome.golden else None
    scores = cell_scores(outcome, truth, fields)
    verdicts = {
        f.name: {"drifted": f.drifted, "how": f.how, "rule": f.rule, "score": f.score}
        for f in (outcome.comparison.fields if outcome.comparison else ())
    }
    return {
        "index": index,
        **_shown(outcome),
        "scores": scores.to_json() if scores.any else None,
        "fields": verdicts,
        "golden": _head(golden),
        "record": _head(outcome.record),
        "body": align(golden.body if golden else (), outcome.record.body if outcome.record else ()),
    }


def cells(
    outcomes: Sequence[Outcome],
    truths: Mapping[str, Record],
    fields: Mapping[str, Collection[str]] | None = None,
) -> list[dict[str, Any]]:
    """Every cell, in the order of the outcomes."""
    fields = fields or {}
    return [
        cell(i, o, truths.get(o.capture), fields.get(o.extractor)) for i, o in enumerate(outcomes)
    ]


def brief(outcome: Outcome, file: str) -> dict[str, Any]:
    """A cell as the Markdown summary and the CI annotations show it, small enough to travel
    with a test's report from a pytest-xdist worker; `file` is its golden, as annotated."""
    return {**_shown(outcome), "scores": None, "file": file}


def _shown(outcome: Outcome) -> dict[str, Any]:
    """What every view of a cell shows: which cell, its status and label, why it failed."""
    return {
        "extractor": outcome.extractor,
        "capture": outcome.capture,
        "status": outcome.status,
        "label": cell_text(outcome),
        "failed": outcome.failed,
        "message": outcome.message,
        "empty": list(outcome.empty),
        "explain": explain(outcome) if outcome.failed else "",
        "cached": outcome.cached,
    }
