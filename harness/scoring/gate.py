"""The score gate: pinned floors per extractor, overall and per page, on a fingerprinted corpus.

A baseline file records, for each extractor, the scores it reached overall and on each page
(`harness.scoring.score` metric names: body_f1, title, published, updated) and the corpus they were
measured on. A run fails when a score falls below its floor by more than the noise tolerance;
re-pinning never lowers a floor unless asked to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import confine, userfile
from harness.corpus.capture import Capture
from harness.errors import HarnessError
from harness.goldens.golden import atomic_write
from harness.scoring.score import Scores

FORMAT = 1
OVERALL = "overall"
EPSILON = 1e-9


@dataclass(frozen=True)
class Noise:
    """How far below its floor a score may fall before the gate fails."""

    overall: float = 0.01
    page: float = 0.05

    def for_where(self, where: str) -> float:
        return self.overall if where == OVERALL else self.page


@dataclass(frozen=True)
class Floors:
    """One extractor's pinned scores: `OVERALL` and each capture id, by metric name."""

    version: str
    scores: Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class Baseline:
    """The floors of every pinned extractor and the corpus they were measured on."""

    fingerprint: str
    captures: Mapping[str, str]
    date_precision: str
    extractors: Mapping[str, Floors] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "corpus": {"fingerprint": self.fingerprint, "captures": dict(self.captures)},
            "date_precision": self.date_precision,
            "extractors": {
                name: {"version": f.version, "floors": {k: dict(v) for k, v in f.scores.items()}}
                for name, f in self.extractors.items()
            },
        }


@dataclass(frozen=True)
class Drop:
    """A score below its floor (`now` None: the extractor or page was not measured)."""

    extractor: str
    where: str
    metric: str
    floor: float
    now: float | None
    tolerance: float = 0.0

    @property
    def place(self) -> str:
        return "overall" if self.where == OVERALL else f"page {self.where}"

    def text(self) -> str:
        now = "not measured" if self.now is None else f"{self.now:.4f}"
        noise = f" (tolerance {self.tolerance})" if self.tolerance else ""
        return (
            f"{self.extractor} {self.place} {self.metric}: floor {self.floor:.4f}, now {now}{noise}"
        )

    def lowering(self) -> str:
        return (
            f"{self.extractor} {self.place} {self.metric}: "
            f"old floor {self.floor:.4f}, new floor {self.now or 0.0:.4f}"
        )


@dataclass(frozen=True)
class CorpusChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def text(self) -> str:
        groups = (("added", self.added), ("removed", self.removed), ("changed", self.changed))
        parts = [f"{len(ids)} {what} ({_some(ids)})" for what, ids in groups if ids]
        return ", ".join(parts) or "no capture differs"


def _some(ids: tuple[str, ...], shown: int = 5) -> str:
    return ", ".join(ids[:shown]) + (", …" if len(ids) > shown else "")


def capture_digest(capture: Capture) -> str:
    """sha256 of a capture's page bytes and of its truth file."""
    if capture.location is not None:  # carried: read from object storage
        truth_sha = capture.truth_sha256 or ""
        return hashlib.sha256(f"{capture.actual_sha256}\n{truth_sha}".encode()).hexdigest()
    truth = capture.folder / "truth.json"
    try:
        data = confine.read_bytes(capture.root, truth) if capture.offset is None else None
    except FileNotFoundError:
        data = None
    truth_sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    return hashlib.sha256(f"{capture.actual_sha256}\n{truth_sha}".encode()).hexdigest()


def corpus_digests(captures: Iterable[Capture]) -> dict[str, str]:
    """Capture id to digest, for the captures that have a truth (the scored ones)."""
    return {c.id: capture_digest(c) for c in sorted(captures, key=lambda c: c.id) if c.truth}


def fingerprint(digests: Mapping[str, str]) -> str:
    """sha256 over the sorted capture ids with their digests."""
    lines = "".join(f"{key}\t{digests[key]}\n" for key in sorted(digests))
    return hashlib.sha256(lines.encode()).hexdigest()


def measured(scores: Scores, digests: Mapping[str, str]) -> Baseline:
    """The baseline these scores would pin."""
    pinned: dict[str, Floors] = {}
    for name, summary in sorted(scores.extractors.items()):
        table: dict[str, dict[str, float]] = {OVERALL: _rounded(summary.values)}
        for page in sorted(scores.pages, key=lambda p: p.capture):
            if page.extractor == name and page.values:
                table[page.capture] = _rounded(page.values)
        pinned[name] = Floors(summary.version, table)
    return Baseline(fingerprint(digests), dict(digests), scores.precision, pinned)


def _rounded(values: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in sorted(values.items())}


def corpus_change(old: Baseline, new: Baseline) -> CorpusChange | None:
    """How the corpus differs from the one the baseline was measured on (None: it does not)."""
    if old.fingerprint == new.fingerprint:
        return None
    a, b = old.captures, new.captures
    return CorpusChange(
        added=tuple(sorted(set(b) - set(a))),
        removed=tuple(sorted(set(a) - set(b))),
        changed=tuple(sorted(k for k in set(a) & set(b) if a[k] != b[k])),
    )


def drops(old: Baseline, new: Baseline, noise: Noise, names: Iterable[str]) -> list[Drop]:
    """Every pinned score of the extractors `names` that fell below its floor beyond `noise`."""
    found: list[Drop] = []
    for name in sorted(set(names) & set(old.extractors)):
        now = new.extractors.get(name)
        for where, floors in old.extractors[name].scores.items():
            if now is None and where != OVERALL:
                continue  # not measured at all: said once, overall
            current = now.scores.get(where, {}) if now else {}
            for metric, floor in floors.items():
                value = current.get(metric)
                tolerance = noise.for_where(where)
                if value is None or value < floor - tolerance - EPSILON:
                    found.append(Drop(name, where, metric, floor, value, tolerance))
    return found


def lowered(old: Baseline, new: Baseline) -> list[Drop]:
    """The floors re-pinning would lower (pages whose capture changed are not compared)."""
    comparable = {k for k, v in new.captures.items() if old.captures.get(k) == v} | {OVERALL}
    out = []
    for drop in drops(old, new, Noise(0.0, 0.0), new.extractors):
        if drop.where in comparable and drop.now is not None:
            out.append(drop)
    return out


def merged(old: Baseline | None, new: Baseline) -> Baseline:
    """`new`, keeping the floors of extractors `new` did not measure."""
    if old is None:
        return new
    kept = {n: f for n, f in old.extractors.items() if n not in new.extractors}
    return Baseline(
        new.fingerprint,
        new.captures,
        new.date_precision,
        dict(sorted({**kept, **new.extractors}.items())),
    )


def read(path: Path) -> Baseline | None:
    """The baseline at `path`, or None when there is none."""
    try:
        data = json.loads(userfile.read_text(path, "--baseline"))
    except FileNotFoundError:
        return None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HarnessError(
            f"is not a valid baseline: {error}",
            where=path,
            fix="restore it from git, or pin a new one with `harness score --baseline "
            f"{path} --update`",
        ) from None
    try:
        return _from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HarnessError(
            f"is not a baseline of format {FORMAT}: {type(error).__name__} {error}",
            where=path,
            fix=f"restore it from git, or pin a new one with `harness score --baseline {path} "
            "--update`",
        ) from None


def _from_json(data: Any) -> Baseline:
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r}")
    extractors = {
        str(name): Floors(
            str(entry["version"]),
            {
                str(where): {str(m): float(v) for m, v in values.items()}
                for where, values in entry["floors"].items()
            },
        )
        for name, entry in data["extractors"].items()
    }
    corpus = data["corpus"]
    captures = {str(k): str(v) for k, v in corpus["captures"].items()}
    return Baseline(str(corpus["fingerprint"]), captures, str(data["date_precision"]), extractors)


def write(path: Path, baseline: Baseline) -> None:
    """Sorted keys, two-space indent, a trailing newline; atomically."""
    text = json.dumps(baseline.to_json(), indent=2, sort_keys=True, ensure_ascii=False)
    atomic_write(path, text + "\n")


@dataclass(frozen=True)
class Verdict:
    """What the gate found: the drops that fail it and notes that do not."""

    drops: tuple[Drop, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.drops


def check(path: Path, new: Baseline, noise: Noise, names: Iterable[str]) -> Verdict:
    """Hold the scores in `new` against the floors pinned in `path`."""
    old = read(path)
    if old is None:
        raise HarnessError(
            "does not exist: there are no floors to check against",
            where=path,
            fix=f"pin the current scores with `harness score --baseline {path} --update`",
        )
    _same_conditions(path, old, new)
    names = set(names)
    notes = [
        f"{name} is not pinned in {path}; pin it with --update"
        for name in sorted(names & set(new.extractors) - set(old.extractors))
    ]
    return Verdict(tuple(drops(old, new, noise, names)), tuple(notes))


def _same_conditions(path: Path, old: Baseline, new: Baseline) -> None:
    repin = f"re-pin with `harness score --baseline {path} --update` after reviewing the scores"
    if old.date_precision != new.date_precision:
        raise HarnessError(
            f"was measured at date precision {old.date_precision}, "
            f"this run uses {new.date_precision}",
            where=path,
            fix=f"run with --date-precision {old.date_precision}, or {repin}",
        )
    change = corpus_change(old, new)
    if change is not None:
        raise HarnessError(
            f"was measured on another corpus (fingerprint {old.fingerprint[:12]}…, "
            f"now {new.fingerprint[:12]}…): {change.text()}; the floors cannot be compared",
            where=path,
            fix=f"point --captures at the corpus it was measured on, or {repin}",
        )


def update(path: Path, new: Baseline, *, allow_regression: bool) -> Verdict:
    """Re-pin the floors in `path`; refuse to lower one unless `allow_regression`. Its
    folder must exist: a mistyped path makes no folders."""
    if not path.parent.is_dir():
        raise HarnessError(
            f"its folder {path.parent} does not exist",
            where=f"--baseline {path}",
            fix="give a baseline file in an existing folder (or make the folder first)",
        )
    old = read(path)
    notes: list[str] = []
    if old is not None:
        if (change := corpus_change(old, new)) is not None:
            notes.append(f"the corpus changed since the last pin: {change.text()}")
        down = lowered(old, new)
        if down and not allow_regression:
            raise HarnessError(
                "would lower these floors:\n" + "\n".join(f"  {d.lowering()}" for d in down),
                where=path,
                fix="fix the regression, or re-run with --allow-regression to accept it",
            )
        notes.extend(f"lowered: {d.lowering()}" for d in down)
    write(path, merged(old, new))
    return Verdict((), tuple(notes))
