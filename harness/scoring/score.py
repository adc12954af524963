"""Scores: how close extractors come to the truth of captures that have one.

No goldens are involved: each extractor runs on each capture with a `truth.json`, and only
the fields the extractor declares *and* the truth knows are scored:

- title: exact match after NFC, white space squashed and casefold; a site-suffix variant of
  the truth (" | X", " - X", " — X", and the same with an en dash, taken off the truth or
  added to it) counts too;
- published, updated: the same date at the chosen precision (or at the truth's own precision
  when that is coarser); a wrong date and a missing date are counted apart;
- body: the article-extraction-benchmark shingle metric (`harness.scoring.metrics`),
  paragraphs joined with newlines, with its bootstrap standard deviation over pages.

An extractor that raises on a page scores that page as if it returned nothing.
"""

from __future__ import annotations

import statistics
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from harness.comparison import dates
from harness.config import Config
from harness.corpus.capture import Capture
from harness.extractor import Extractor
from harness.record import Record, squash
from harness.running import pool
from harness.running.runner import extract
from harness.scoring import metrics

Verdict = Literal["ok", "wrong", "missing"]
SCORED: tuple[str, ...] = ("title", "published", "updated", "body")
SUFFIX_SEPARATORS: tuple[str, ...] = (" | ", " - ", " \u2013 ", " \u2014 ")


def norm_title(text: str) -> str:
    """NFC, white space squashed, casefold."""
    return unicodedata.normalize("NFC", squash(text).casefold())


def _without_suffix(text: str) -> str | None:
    """`text` with its last " | X"-style segment taken off, or None when it has none."""
    cut = max(text.rfind(sep) for sep in SUFFIX_SEPARATORS)
    return (text[:cut].strip() or None) if cut > 0 else None


def title_matches(truth: str, predicted: str | None) -> bool:
    """Whether `predicted` is the truth's title, up to case, spacing and a site suffix."""
    if predicted is None:
        return False
    want, got = norm_title(truth), norm_title(predicted)
    return got in (want, _without_suffix(want)) or _without_suffix(got) == want


def date_verdict(truth: str, predicted: str | None, precision: dates.Precision) -> Verdict:
    """ "ok" when `predicted` is the truth's date at `precision` (or the truth's own, coarser)."""
    if predicted is None:
        return "missing"
    want, got = dates.parse(truth), dates.parse(predicted)
    usable = dates.coarsest(precision, want.precision)
    if dates.finer(usable, got.precision):
        return "wrong"
    as_utc = want.has_offset and got.has_offset
    same = want.truncated(usable, as_utc=as_utc) == got.truncated(usable, as_utc=as_utc)
    return "ok" if same else "wrong"


def body_text(record: Record) -> str:
    return "\n".join(record.body)


@dataclass(frozen=True)
class PageResult:
    """One extractor on one capture: the scores of the fields that were scored."""

    capture: str
    extractor: str
    body: metrics.PageScore | None = None
    title_ok: bool | None = None
    published: Verdict | None = None
    updated: Verdict | None = None
    error: str | None = None

    @property
    def values(self) -> dict[str, float]:
        """The page's numbers in [0, 1], by metric name (what a baseline pins)."""
        out: dict[str, float] = {}
        if self.body is not None:
            out["body_f1"] = self.body.f1
        if self.title_ok is not None:
            out["title"] = float(self.title_ok)
        for name, verdict in (("published", self.published), ("updated", self.updated)):
            if verdict is not None:
                out[name] = float(verdict == "ok")
        return out

    @property
    def score(self) -> float:
        """The mean of the page's numbers: what "worst first" sorts by. A page the extractor
        failed on scores 0, whatever was (or was not) scored of it: never a perfect page."""
        values = self.values
        if self.error is not None:
            return 0.0
        return statistics.fmean(values.values()) if values else 1.0

    def to_json(self) -> dict[str, Any]:
        body = self.body
        return {
            "capture": self.capture,
            "extractor": self.extractor,
            "score": round(self.score, 4),
            "body_f1": None if body is None else round(body.f1, 4),
            "body_precision": None if body is None else round(body.precision, 4),
            "body_recall": None if body is None else round(body.recall, 4),
            "title_ok": self.title_ok,
            "published": self.published,
            "updated": self.updated,
            "error": self.error,
        }


def scored_fields(extractor: Extractor, capture: Capture) -> frozenset[str]:
    """The fields this extractor declares and this capture's truth knows."""
    return frozenset(SCORED) & frozenset(extractor.fields) & capture.truth_fields


def score_record(
    capture: Capture,
    extractor: str,
    fields: frozenset[str],
    record: Record,
    precision: dates.Precision,
    error: str | None = None,
) -> PageResult:
    """Score `record` against the capture's truth on `fields`."""
    truth = capture.truth or Record()

    def verdict(name: str) -> Verdict | None:
        wanted: str | None = getattr(truth, name)
        if name not in fields or wanted is None:
            return None
        return date_verdict(wanted, getattr(record, name), precision)

    title_ok = None
    if "title" in fields and truth.title is not None:
        title_ok = title_matches(truth.title, record.title)
    body = None
    if "body" in fields:
        body = metrics.page_scores(body_text(truth), body_text(record))
    return PageResult(
        capture.id, extractor, body, title_ok, verdict("published"), verdict("updated"), error
    )


def score_page(extractor: Extractor, capture: Capture, precision: dates.Precision) -> PageResult:
    """Run `extractor` on `capture` and score it; an exception scores as an empty record."""
    fields = scored_fields(extractor, capture)
    try:
        record, error = extract(extractor, capture), None
    except Exception as problem:  # an extractor's failure is a page that scores nothing
        record, error = Record(), f"{type(problem).__name__}: {problem}"
    return score_record(capture, extractor.name, fields, record, precision, error)


@dataclass(frozen=True)
class FieldAccuracy:
    """Share of pages where the field was right; dates count wrong and missing apart."""

    accuracy: float
    pages: int
    wrong: int = 0
    missing: int = 0

    def to_json(self, *, dated: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"accuracy": round(self.accuracy, 4), "pages": self.pages}
        return out | {"wrong": self.wrong, "missing": self.missing} if dated else out


@dataclass(frozen=True)
class ExtractorScore:
    """One extractor over the corpus: each field's score over the pages it was scored on."""

    name: str
    version: str
    pages: int
    errors: int
    body: metrics.CorpusScore | None = None
    title: FieldAccuracy | None = None
    published: FieldAccuracy | None = None
    updated: FieldAccuracy | None = None

    @property
    def values(self) -> dict[str, float]:
        """The overall numbers in [0, 1], by metric name (what a baseline pins)."""
        out = {} if self.body is None else {"body_f1": self.body.f1}
        for name in ("title", "published", "updated"):
            found: FieldAccuracy | None = getattr(self, name)
            if found is not None:
                out[name] = found.accuracy
        return out

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.version, "pages": self.pages}
        out["errors"] = self.errors
        if self.body is not None:
            b = self.body
            out["body"] = {
                "precision": round(b.precision, 4),
                "recall": round(b.recall, 4),
                "f1": round(b.f1, 4),
                "f1_std": round(b.f1_std, 4),
                "pages": b.pages,
            }
        for name in ("title", "published", "updated"):
            found: FieldAccuracy | None = getattr(self, name)
            if found is not None:
                out[name] = found.to_json(dated=name != "title")
        return out


def _accuracy(flags: Sequence[bool]) -> FieldAccuracy | None:
    return FieldAccuracy(sum(flags) / len(flags), len(flags)) if flags else None


def _date_accuracy(verdicts: Sequence[Verdict]) -> FieldAccuracy | None:
    if not verdicts:
        return None
    ok = verdicts.count("ok")
    return FieldAccuracy(
        ok / len(verdicts), len(verdicts), verdicts.count("wrong"), verdicts.count("missing")
    )


def summarise(name: str, version: str, pages: Sequence[PageResult]) -> ExtractorScore:
    """The corpus scores of one extractor's page results."""
    bodies = [p.body for p in pages if p.body is not None]
    return ExtractorScore(
        name=name,
        version=version,
        pages=len(pages),
        errors=sum(p.error is not None for p in pages),
        body=metrics.aggregate(bodies) if bodies else None,
        title=_accuracy([p.title_ok for p in pages if p.title_ok is not None]),
        published=_date_accuracy([p.published for p in pages if p.published is not None]),
        updated=_date_accuracy([p.updated for p in pages if p.updated is not None]),
    )


def worst_first(pages: Iterable[PageResult]) -> list[PageResult]:
    def key(page: PageResult) -> tuple[float, float, str, str]:
        f1 = 1.0 if page.body is None else page.body.f1
        return (page.score, f1, page.capture, page.extractor)

    return sorted(pages, key=key)


@dataclass(frozen=True)
class Scores:
    """A scoring run: per extractor, per page (worst first), and what was left out."""

    extractors: Mapping[str, ExtractorScore]
    pages: tuple[PageResult, ...]
    precision: dates.Precision = "day"
    skipped: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "extractors": {n: s.to_json() for n, s in sorted(self.extractors.items())},
            "captures": [p.to_json() for p in self.pages],
            "date_precision": self.precision,
            "skipped": dict(sorted(self.skipped.items())),
        }


def collect(
    results: Iterable[PageResult],
    extractors: Sequence[Extractor],
    precision: dates.Precision,
    skipped: Mapping[str, str],
) -> Scores:
    """Assemble page results into corpus scores."""
    pages = worst_first(results)
    by_name = {
        e.name: summarise(e.name, e.version, [p for p in pages if p.extractor == e.name])
        for e in extractors
        if e.name not in skipped
    }
    return Scores(by_name, tuple(pages), precision, dict(skipped))


def run(
    config: Config,
    captures: Sequence[Capture],
    extractors: Sequence[pool.Named],
    precision: dates.Precision = "day",
    *,
    jobs: int = 1,
    limits: pool.Limits | None = None,
    advance: Callable[[int], None] = lambda n: None,
) -> Scores:
    """Score every available extractor on every capture with a truth.

    The extractors run in the isolated worker processes of `harness.running.pool`, as in
    `harness run`: one that raises, crashes, hangs or cannot be loaded scores that page as an
    empty record with its error, and the other extractors are scored as ever.
    """
    with_truth = {c.id: c for c in captures if c.truth is not None}
    cells = [(e, c) for c in with_truth.values() for e in extractors]
    seen: pool.Seen = {}
    skipped: dict[str, str] = {}
    results: list[PageResult] = []
    with tempfile.TemporaryDirectory(prefix="harness-score-") as nowhere:
        blind = replace(config, goldens=Path(nowhere))  # no golden read: every record is "new"
        for outcome in pool.run(blind, cells, jobs=jobs, limits=limits or pool.Limits(), seen=seen):
            advance(1)
            built = seen.get(outcome.extractor)
            if outcome.status == "skipped":
                if built is not None and not built.available:
                    skipped[built.name] = built.reason or "not available"
                continue
            capture = with_truth[outcome.capture]
            error = None if outcome.record is not None else outcome.message
            fields = (
                scored_fields(built, capture)
                if built is not None
                else frozenset(SCORED) & capture.truth_fields  # never built: all it would be
            )
            record = outcome.record or Record()
            results.append(
                score_record(capture, outcome.extractor, fields, record, precision, error)
            )
    described = [seen.get(e.name) or _unknown(e.name) for e in extractors]
    return collect(results, described, precision, skipped)


def _unknown(name: str) -> Extractor:
    """An extractor that could not be built: only its name is known."""
    return Extractor(name, "", frozenset(), (), _never)


def _never(capture: Capture) -> Record:
    raise RuntimeError("not built")
