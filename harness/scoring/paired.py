"""Paired quality: the golden records and the new ones, scored against the truth on the same
pages, and the difference with its bootstrap interval.

Each page is scored twice, before (its golden) and after (the new output); the pages are
resampled together, so the interval is that of the difference itself, not of two scores
that each vary with the pages drawn. Deterministic: a seeded `random.Random`.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.record import Record, squash
from harness.scoring import metrics

if TYPE_CHECKING:  # the runner and the scorer (and its worker pool) load only when scoring
    from harness.comparison import dates
    from harness.running.runner import Outcome

QUALITY_FIELDS: tuple[str, ...] = ("title", "published", "updated", "body")
RESAMPLES = 2000
SHOWN = 5  # pages listed as gaining or losing most


@dataclass(frozen=True)
class Delta:
    """One extractor's field, before and after, on the same pages."""

    before: float
    after: float
    delta: float
    ci: tuple[float, float]
    pages: int
    gained: tuple[tuple[str, float], ...]  # the pages that gained most: (capture id, delta)
    lost: tuple[tuple[str, float], ...]

    def to_json(self) -> dict[str, object]:
        return {
            "before": round(self.before, 4),
            "after": round(self.after, 4),
            "delta": round(self.delta, 4),
            "ci": [round(self.ci[0], 4), round(self.ci[1], 4)],
            "pages": self.pages,
            "gained": [[c, round(d, 4)] for c, d in self.gained],
            "lost": [[c, round(d, 4)] for c, d in self.lost],
        }


@dataclass(frozen=True)
class Pair:
    """One page's score of one field, from the golden record and from the new one."""

    extractor: str
    capture: str
    field: str
    before: float
    after: float
    present: bool = True  # either record has a value for the field


def agreement(
    field: str, record: Record, truth: Record, precision: dates.Precision = "day"
) -> float | None:
    """How well `record` agrees with the truth on `field`, in [0, 1]; None when the truth
    does not know the field. Body: shingle F1; title: a match up to case, spacing and a site
    part; dates: the same date at `precision`; authors: the share of names in common;
    language: the same code."""
    from harness.scoring.score import date_verdict, title_matches

    if field == "body":
        if not truth.body:
            return None
        return metrics.page_scores("\n".join(truth.body), "\n".join(record.body)).f1
    if field == "authors":
        want, got = {squash(a) for a in truth.authors}, {squash(a) for a in record.authors}
        return len(want & got) / len(want | got) if want else None
    wanted: str | None = getattr(truth, field)
    if wanted is None:
        return None
    got_value: str | None = getattr(record, field)
    if field == "title":
        return float(title_matches(wanted, got_value))
    if field in ("published", "updated"):
        return float(date_verdict(wanted, got_value, precision) == "ok")
    return float((got_value or "").casefold() == wanted.casefold())


def pairs(outcome: Outcome, truth: Record | None) -> list[Pair]:
    """The scored pairs of one cell: every field the truth knows, when the cell has both a
    golden and a new record."""
    if truth is None or outcome.golden is None or outcome.record is None:
        return []
    old, new = outcome.golden.record, outcome.record
    found = []
    for field in QUALITY_FIELDS:
        before = agreement(field, old, truth)
        same = getattr(old, field) == getattr(new, field)
        after = before if same else agreement(field, new, truth)
        if before is not None and after is not None:
            present = bool(getattr(old, field) or getattr(new, field))
            found.append(Pair(outcome.extractor, outcome.capture, field, before, after, present))
    return found


def paired_bootstrap(
    before: Sequence[float], after: Sequence[float], *, resamples: int = RESAMPLES, seed: int = 0
) -> tuple[float, float]:
    """The 95% percentile interval of mean(after) - mean(before), pages resampled together."""
    if len(before) != len(after):
        raise ValueError(f"{len(before)} scores before but {len(after)} after: not paired")
    differences = [b - a for a, b in zip(before, after, strict=True)]
    if not differences:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(differences)
    means = sorted(sum(rng.choices(differences, k=n)) / n for _ in range(resamples))
    return means[int(0.025 * resamples)], means[min(resamples - 1, int(0.975 * resamples))]


def delta(found: Sequence[Pair], *, resamples: int = RESAMPLES, seed: int = 0) -> Delta:
    """The paired summary of one extractor's field over its pages."""
    before = [p.before for p in found]
    after = [p.after for p in found]
    moved = sorted(((p.capture, p.after - p.before) for p in found), key=lambda m: (m[1], m[0]))
    return Delta(
        before=statistics.fmean(before),
        after=statistics.fmean(after),
        delta=statistics.fmean(after) - statistics.fmean(before),
        ci=paired_bootstrap(before, after, resamples=resamples, seed=seed),
        pages=len(found),
        gained=tuple(sorted(((c, d) for c, d in moved if d > 0), key=lambda m: (-m[1], m[0])))[
            :SHOWN
        ],
        lost=tuple((c, d) for c, d in moved if d < 0)[:SHOWN],
    )


def summarise(found: Iterable[Pair]) -> dict[str, dict[str, Delta]]:
    """extractor -> field -> Delta, in name and record order; a field an extractor never
    gives (empty before and after on every page) is left out."""
    grouped: dict[str, dict[str, list[Pair]]] = {}
    for pair in found:
        grouped.setdefault(pair.extractor, {}).setdefault(pair.field, []).append(pair)
    out = {
        extractor: {
            f: delta(by_field[f])
            for f in QUALITY_FIELDS
            if f in by_field and any(p.present for p in by_field[f])
        }
        for extractor, by_field in sorted(grouped.items())
    }
    return {extractor: fields for extractor, fields in out.items() if fields}


def quality(
    outcomes: Sequence[Outcome], truths: Mapping[str, Record]
) -> dict[str, dict[str, Delta]]:
    """extractor -> field -> Delta: the golden records against the new ones on the same pages
    (those with a truth for that field and both a golden and a new record)."""
    return summarise(p for o in outcomes for p in pairs(o, truths.get(o.capture)))
