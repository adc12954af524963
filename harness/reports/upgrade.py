"""What an upgrade looks like in a run's reports: its drift clusters and paired quality.

`Gatherer` takes the outcomes as they come (it keeps a few facts of each, never a record),
so the streaming JSON output and a long run show them as well as a short one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from harness.comparison.clusters import Cluster, Drifted, cluster_id, drifted, group
from harness.output import name
from harness.record import Record
from harness.scoring.paired import Delta, Pair, pairs, summarise

if TYPE_CHECKING:
    from harness.running.runner import Outcome

EXAMPLES = 2  # capture ids shown for a cluster


@dataclass(frozen=True)
class Upgrade:
    """The clusters of a run, each drifted cell's cluster id, and the paired quality
    (None when no capture had a truth)."""

    clusters: tuple[Cluster, ...] = ()
    cells: Mapping[tuple[str, str], str] = field(default_factory=dict)
    quality: Mapping[str, Mapping[str, Delta]] | None = None
    bodies: tuple[Pair, ...] = ()  # each page's body score before and after (the HTML plot)

    def cluster_of(self, outcome: Outcome) -> str | None:
        return self.cells.get((outcome.extractor, outcome.capture))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"clusters": [c.to_json() for c in self.clusters]}
        if self.quality is not None:
            out["quality"] = {
                extractor: {f: d.to_json() for f, d in fields.items()}
                for extractor, fields in self.quality.items()
            }
        return out


class Gatherer:
    """Collects what `Upgrade` needs from outcomes as they come; `truths` may fill later
    (a run learns a capture's truth as it reads the capture)."""

    def __init__(self, truths: Mapping[str, Record], *, quality: bool = True) -> None:
        self.truths = truths
        self.quality = quality  # scoring every page with a truth twice has a cost: on request
        self.drifted: list[Drifted] = []
        self.pairs: list[Pair] = []

    def add(self, outcome: Outcome) -> str | None:
        """Take one outcome; the id of its cluster when it drifted."""
        truth = self.truths.get(outcome.capture)
        if self.quality:
            self.pairs.extend(pairs(outcome, truth))
        cell = drifted(outcome, truth)
        if cell is None:
            return None
        self.drifted.append(cell)
        return cluster_id(cell.extractor, cell.signature)

    def result(self) -> Upgrade:
        cells = {
            (c.extractor, c.capture): cluster_id(c.extractor, c.signature) for c in self.drifted
        }
        quality = summarise(self.pairs) if self.truths and self.quality else None
        bodies = tuple(p for p in self.pairs if p.field == "body")
        return Upgrade(tuple(group(self.drifted)), cells, quality, bodies)


def collect(outcomes: Iterable[Outcome], truths: Mapping[str, Record]) -> Upgrade:
    gatherer = Gatherer(truths)
    for outcome in outcomes:
        gatherer.add(outcome)
    return gatherer.result()


def change(cluster: Cluster) -> str:
    """`title: site-part-removed`, or `body: paragraphs-lost-end + title: rewritten`."""
    fields, kinds = cluster.field.split("+"), cluster.kind.split("+")
    return " + ".join(f"{f}: {k}" for f, k in zip(fields, kinds, strict=True))


def truth_note(cluster: Cluster) -> str:
    if cluster.closer is None:
        return ""
    return f"{cluster.closer} closer to the truth, {cluster.farther} farther"


def cluster_lines(upgrade: Upgrade) -> list[str]:
    """The clusters as the terminal shows them, with the commands that decide one."""
    if not upgrade.clusters:
        return []
    count = len(upgrade.clusters)
    lines = [
        f"drift in {count} cluster{'s' if count > 1 else ''} "
        "(decide one with `harness approve --cluster ID` or `harness reject --cluster ID`):"
    ]
    for c in upgrade.clusters:
        examples = ", ".join(map(name, c.captures[:EXAMPLES]))
        more = ", …" if c.count > EXAMPLES else ""
        note = f"; {truth_note(c)}" if c.closer is not None else ""
        cells = f"{c.count:>4} cell{'s' if c.count > 1 else ' '}"
        what = f"{name(c.extractor)}  {change(c)}"
        lines.append(f"  {cells}  {what}  (e.g. {examples}{more}{note})")
        lines.append(f"              id: {name(c.id)}")
    return lines


def quality_lines(upgrade: Upgrade) -> list[str]:
    """Paired quality, a line an extractor's field, as the terminal shows it."""
    if not upgrade.quality:
        return []
    lines = ["against the truth, golden → new (95% interval of the change):"]
    for extractor, fields in upgrade.quality.items():
        for f, d in fields.items():
            pages = f"{d.pages} page{'s' if d.pages > 1 else ''}"
            lines.append(
                f"  {name(extractor)} {f}: {d.before:.3f} → {d.after:.3f} "
                f"({d.delta:+.3f}, {d.ci[0]:+.3f} to {d.ci[1]:+.3f}; {pages})"
            )
    return lines


def markdown_lines(upgrade: Upgrade) -> list[str]:
    """The clusters and the quality as Markdown tables (ids and names escaped by the caller's
    `cell`), for report.md and the job summary."""
    from harness.reports.markdown import cell_md

    parts: list[str] = []
    if upgrade.clusters:
        parts += ["", f"## Drift clusters ({len(upgrade.clusters)})", ""]
        parts += [
            "| cells | extractor | change | examples | closer | farther | cluster |",
            "|---:|---|---|---|---:|---:|---|",
        ]
        for c in upgrade.clusters:
            examples = ", ".join(c.captures[:EXAMPLES]) + (", …" if c.count > EXAMPLES else "")
            row = [str(c.count), c.extractor, change(c), examples, _known(c.closer)]
            row += [_known(c.farther), c.id]
            parts.append("| " + " | ".join(cell_md(v) for v in row) + " |")
        parts += [
            "",
            "Decide one: `harness approve --cluster ID` or `harness reject --cluster ID`.",
        ]
    if upgrade.quality:
        parts += ["", "## Quality against the truth (golden → new)", ""]
        parts += [
            "| extractor | field | before | after | delta | 95% interval | pages |",
            "|---|---|---:|---:|---:|---|---:|",
        ]
        for extractor, fields in upgrade.quality.items():
            for f, d in fields.items():
                row = [extractor, f, f"{d.before:.3f}", f"{d.after:.3f}", f"{d.delta:+.3f}"]
                row += [f"{d.ci[0]:+.3f} to {d.ci[1]:+.3f}", str(d.pages)]
                parts.append("| " + " | ".join(cell_md(v) for v in row) + " |")
    return parts


def _known(count: int | None) -> str:
    return "n/a" if count is None else str(count)
