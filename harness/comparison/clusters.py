"""Drift clusters: the drifted cells of a run grouped by extractor and change signature.

After an upgrade, hundreds of cells may drift in a handful of ways; a cluster is one way
(`harness.comparison.signature`) of one extractor, with the cells showing it and, where the
captures have a truth, how many came closer to it and how many went farther. A cell joins
the cluster of its whole signature, so approving a cluster never approves an unrelated change
riding along in one of its cells.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.comparison.signature import Signature, signature
from harness.record import Record

if TYPE_CHECKING:
    from harness.running.runner import Outcome

MAX_ID = 64  # characters; a longer id ends in a hash of the signature instead


@dataclass(frozen=True)
class Cluster:
    """The cells of one extractor that drifted the same way."""

    id: str
    extractor: str
    field: str  # "title", or "body+title" when the signature has several fields
    kind: str  # "site-part-removed", or "paragraphs-lost-end+site-part-removed"
    count: int
    captures: tuple[str, ...]  # sorted
    closer: int | None  # cells that moved closer to the truth (None when none has a truth)
    farther: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "extractor": self.extractor,
            "field": self.field,
            "kind": self.kind,
            "count": self.count,
            "captures": list(self.captures),
            "closer": self.closer,
            "farther": self.farther,
        }


@dataclass(frozen=True)
class Drifted:
    """What a cluster keeps of a drifted cell: its signature and how it moved against the
    truth (+1 closer, -1 farther, 0 neither, None no truth)."""

    extractor: str
    capture: str
    signature: Signature
    moved: int | None


def cluster_id(extractor: str, signature: Signature) -> str:
    """A short id, the same for the same drift on every run and machine:
    `trafilatura-title-site-part-removed`, or a hash of the signature when that is long."""
    fields, kinds = _names(signature)
    readable = f"{extractor}-{fields}-{kinds}"
    if len(readable) <= MAX_ID:
        return readable
    digest = hashlib.sha256(repr((extractor, signature)).encode()).hexdigest()[:10]
    shorter = f"{extractor}-{fields}-{digest}"
    return shorter if len(shorter) <= MAX_ID else f"{extractor[:40]}-{digest}"


def _names(signature: Signature) -> tuple[str, str]:
    return "+".join(f for f, _ in signature), "+".join(k for _, k in signature)


def cell_signature(outcome: Outcome) -> Signature:
    """The change signature of a drifted cell; () when it did not drift."""
    if outcome.status != "drift" or outcome.comparison is None:
        return ()
    return signature(outcome.comparison)


def drifted(outcome: Outcome, truth: Record | None) -> Drifted | None:
    """The cell as a cluster keeps it, or None when it did not drift."""
    found = cell_signature(outcome)
    if not found:
        return None
    moved = None
    if truth is not None and outcome.golden is not None and outcome.record is not None:
        moved = movement([f for f, _ in found], outcome.golden.record, outcome.record, truth)
    return Drifted(outcome.extractor, outcome.capture, found, moved)


def movement(fields: Sequence[str], old: Record, new: Record, truth: Record) -> int | None:
    """+1 when `new` agrees better with the truth than `old` on `fields`, -1 when worse,
    0 when the same; None when the truth knows none of them."""
    from harness.scoring.paired import agreement

    before = after = 0.0
    known = False
    for field in fields:
        a, b = agreement(field, old, truth), agreement(field, new, truth)
        if a is not None and b is not None:
            before, after, known = before + a, after + b, True
    if not known:
        return None
    return (after > before) - (after < before)


def group(cells: Iterable[Drifted]) -> list[Cluster]:
    """Cells of the same extractor and whole signature as one cluster; biggest first."""
    grouped: dict[tuple[str, Signature], list[Drifted]] = {}
    for cell in cells:
        grouped.setdefault((cell.extractor, cell.signature), []).append(cell)
    found = [_cluster(extractor, sig, members) for (extractor, sig), members in grouped.items()]
    return sorted(found, key=lambda c: (-c.count, c.id))


def _cluster(extractor: str, sig: Signature, members: list[Drifted]) -> Cluster:
    fields, kinds = _names(sig)
    judged = [m.moved for m in members if m.moved is not None]
    return Cluster(
        id=cluster_id(extractor, sig),
        extractor=extractor,
        field=fields,
        kind=kinds,
        count=len(members),
        captures=tuple(sorted(m.capture for m in members)),
        closer=sum(m > 0 for m in judged) if judged else None,
        farther=sum(m < 0 for m in judged) if judged else None,
    )


def clusters(outcomes: Sequence[Outcome], truths: Mapping[str, Record]) -> list[Cluster]:
    """The drift clusters of a run's outcomes; `truths` maps capture ids to their truth."""
    return group(
        cell
        for outcome in outcomes
        if (cell := drifted(outcome, truths.get(outcome.capture))) is not None
    )
