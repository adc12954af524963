"""Versus: two extractors' records of the same pages, compared field by field, no goldens.

Pure aggregation over pairs of records with `harness.comparison.compare`: the left record plays the
golden, the right one the output (so "missing" means B lacks what A has). Per field, how
often the two differ under a tolerance; how much: the mean body similarity and the kinds of
disagreement of the other fields (title or date missing, added, changed, a different day);
and the pages that differ most, magnitude = differing fields + (1 - body similarity).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from harness.comparison.compare import Comparison, compare
from harness.comparison.tolerance import Tolerance
from harness.record import FIELDS, Record


@dataclass(frozen=True)
class Pair:
    """One page as both extractors saw it: a record each, or why there is none."""

    capture: str
    left: Record | None
    right: Record | None
    problem: str = ""


@dataclass(frozen=True)
class PageDiff:
    """How far apart the two records of one page are."""

    capture: str
    fields: tuple[str, ...]
    body_similarity: float

    @property
    def magnitude(self) -> float:
        return len(self.fields) + (1.0 - self.body_similarity)


@dataclass(frozen=True)
class FieldStats:
    """One field over the compared pages: on how many the two differ, and in which ways."""

    name: str
    differ: int
    pages: int
    kinds: tuple[tuple[str, int], ...] = ()

    @property
    def rate(self) -> float:
        return self.differ / self.pages if self.pages else 0.0


@dataclass(frozen=True)
class Versus:
    """The whole comparison of extractor `left` with extractor `right`."""

    left: str
    right: str
    pages: int
    fields: tuple[FieldStats, ...]
    mean_body_similarity: float | None
    top: tuple[PageDiff, ...]
    problems: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> FieldStats:
        return next(f for f in self.fields if f.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "pages": self.pages,
            "fields": {
                f.name: {"differ": f.differ, "rate": round(f.rate, 4), "kinds": dict(f.kinds)}
                for f in self.fields
            },
            "mean_body_similarity": _rounded(self.mean_body_similarity),
            "top": [
                {
                    "capture": p.capture,
                    "magnitude": round(p.magnitude, 4),
                    "fields": list(p.fields),
                    "body_similarity": round(p.body_similarity, 4),
                }
                for p in self.top
            ],
            "problems": [{"capture": c, "problem": m} for c, m in self.problems],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class _Tally:
    """Running counts while pairs stream past; only the top pages are kept."""

    fields: tuple[str, ...]
    top: int
    pages: int = 0
    differ: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, Counter[str]] = field(default_factory=dict)
    similarity: float = 0.0
    heap: list[tuple[float, int, PageDiff]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, capture: str, comparison: Comparison) -> None:
        self.pages += 1
        for result in comparison.fields:
            if result.drifted:
                self.differ[result.name] += 1
            if result.drifted and result.name != "body":  # the body's measure is its similarity
                self.kinds.setdefault(result.name, Counter())[result.how or "differs"] += 1
        body = comparison.field("body").score if "body" in self.fields else None
        similarity = 1.0 if body is None else body
        self.similarity += similarity
        page = PageDiff(capture, comparison.drift, similarity)
        if self.top > 0 and page.magnitude > 0:
            entry = (page.magnitude, -self.pages, page)  # ties: the earlier page first
            if len(self.heap) < self.top:
                heapq.heappush(self.heap, entry)
            else:
                heapq.heappushpop(self.heap, entry)


def versus(
    left: str,
    right: str,
    pairs: Iterable[Pair],
    *,
    tolerance: Tolerance,
    fields: Iterable[str] = FIELDS,
    top: int = 10,
) -> Versus:
    """Compare each pair on `fields` (those both extractors give) and sum it up."""
    wanted = tuple(f for f in FIELDS if f in set(fields))
    tally = _Tally(wanted, top)
    for pair in pairs:
        if pair.left is None or pair.right is None:
            tally.problems.append((pair.capture, pair.problem or "no record"))
            continue
        tally.add(pair.capture, compare(pair.left, pair.right, tolerance, wanted))
    stats = tuple(
        FieldStats(name, tally.differ[name], tally.pages, _kinds(tally.kinds.get(name)))
        for name in wanted
    )
    mean = tally.similarity / tally.pages if tally.pages and "body" in wanted else None
    ranked = tuple(page for _, _, page in sorted(tally.heap, reverse=True))
    return Versus(left, right, tally.pages, stats, mean, ranked, tuple(tally.problems))


def _kinds(found: Counter[str] | None) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((found or Counter()).items(), key=lambda kv: (-kv[1], kv[0])))
