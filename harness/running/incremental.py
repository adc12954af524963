"""Incremental runs: a cell whose record is in the cache is judged here, in the parent
process, and goes to no worker (no worker started, no extractor imported); the other cells run
as usual, and the records the parent validated are kept for the next run.

Only a cell the cached record makes pass (or skipped, as it was) is served from the cache:
one whose cached record would drift, be new or changed is extracted again, and the fresh
record decides (with the usual determinism re-run), so no failure is ever reported from the
cache alone. Workers never write the cache: an extractor cannot poison it.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem, sha256_of
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.record import Record, normalise
from harness.registry import Registry
from harness.running import fingerprint, runner
from harness.running.cache import Cache
from harness.running.runner import Outcome

Engine = Callable[[Iterator[Any]], Iterable[Outcome]]
SERVED = frozenset({"pass", "skipped"})  # what a cached record may decide alone
KEPT = frozenset({"pass", "new", "drift", "changed"})  # fresh records worth keeping


@dataclass
class Reuse:
    """The cache of a run, and how its keys are made: the registry gives each extractor's
    factory and options by name, without importing it."""

    cache: Cache
    registry: Registry
    chain: fingerprint.Toolchain  # computed once for the run
    allow_network: bool = False
    hits: int = field(default=0)

    @classmethod
    def of(cls, config: Config, registry: Registry, *, allow_network: bool) -> Reuse | None:
        """The reuse of `config`'s cache, or None when it has none."""
        if config.cache is None:
            return None
        cache = Cache.of(config.cache, config.cache_mb)
        return cls(cache, registry, fingerprint.toolchain(), allow_network)

    def key(
        self, name: str, capture: Capture | CaptureProblem
    ) -> tuple[str, dict[str, Any]] | None:
        if not isinstance(capture, Capture) or name not in self.registry.extractors:
            return None
        entry = self.registry.extractors[name]
        try:  # a project's factory module that cannot be read: its cells are not cached
            inputs = fingerprint.inputs(
                entry, capture, self.chain, allow_network=self.allow_network
            )
        except (HarnessError, OSError):
            return None
        return None if inputs is None else (fingerprint.digest(inputs), inputs)

    def reuse(self, name: str, capture: Capture | CaptureProblem, config: Config) -> Outcome | None:
        """The cell's outcome from its cached record when that passes (or is skipped); None:
        the cell is to run."""
        found = self.key(name, capture)
        hit = found and self.cache.get(*found)
        if not hit or hit.extractor.name != name or not isinstance(capture, Capture):
            return None
        if hit.record is None and runner.skip_reason(hit.extractor, capture) is None:
            return None
        started = time.perf_counter()
        try:
            outcome = runner.check(hit.extractor, capture, config)
        except (HarnessError, OSError):
            return None
        if outcome.status not in SERVED:
            return None
        self.hits += 1
        return replace(outcome, cached=True, seconds=time.perf_counter() - started)

    def keep(
        self,
        name: str,
        capture: Capture | CaptureProblem,
        outcome: Outcome,
        described: Extractor | None,
    ) -> None:
        """Store a fresh outcome's record, once the parent has checked it: the extractor as
        its worker described it, a record the golden schema takes, the capture's bytes still
        the ones its key was made from."""
        if outcome.cached or described is None or not isinstance(capture, Capture):
            return
        if described.name != name or described.version != outcome.version:
            return
        keep, record = _checked(outcome, described, capture)
        if not keep:
            return
        found = self.key(name, capture)
        if found is not None and _unchanged(capture):
            self.cache.put(*found, described, record)

    def close(self) -> None:
        """Bring the cache folder within its size limit (the oldest entries go first)."""
        with contextlib.suppress(HarnessError, OSError):
            self.cache.trim()


def _checked(
    outcome: Outcome, described: Extractor, capture: Capture
) -> tuple[bool, Record | None]:
    """Whether to keep the outcome, and its record (None for a skipped cell)."""
    skipped = runner.skip_reason(described, capture) is not None
    if outcome.status == "skipped":
        return skipped, None
    if outcome.status not in KEPT or skipped or not isinstance(outcome.record, Record):
        return False, None
    try:
        again = normalise(outcome.record.to_json(), source=described.name)
    except HarnessError:
        return False, None
    return again == outcome.record, again


def _unchanged(capture: Capture) -> bool:
    """Whether the capture's bytes are still those its key was made from."""
    try:
        return sha256_of(capture.read_bytes()) == capture.actual_sha256
    except (HarnessError, OSError):
        return False


def one(
    reuse: Reuse,
    config: Config,
    name: str,
    capture: Capture | CaptureProblem,
    fresh: Callable[[], Outcome],
    described: Extractor | None,
) -> Outcome:
    """One cell: from the cache when its record is there and passes, else `fresh()`, whose
    record is then kept (`described`: the extractor as a worker described it)."""
    hit = reuse.reuse(name, capture, config)
    if hit is not None:
        return hit
    outcome = fresh()
    reuse.keep(name, capture, outcome, described)
    return outcome


@dataclass
class _Slot:
    name: str
    capture: Capture | CaptureProblem
    outcome: Outcome | None


def run(
    reuse: Reuse,
    config: Config,
    cells: Iterable[tuple[Any, Capture | CaptureProblem]],
    engine: Engine,
    seen: dict[str, Extractor],
) -> Iterator[Outcome]:
    """Every cell's outcome in input order: hits from the cache, the rest from `engine` (started
    only at the first miss), their records kept. `seen` is what the engine's workers built."""
    source = iter(cells)
    try:
        for named, capture in source:
            hit = reuse.reuse(named.name, capture, config)
            if hit is None:
                rest = chain([(named, capture)], source)
                yield from _mixed(reuse, config, rest, engine, seen)
                return
            yield hit
    finally:
        reuse.close()


def _mixed(
    reuse: Reuse,
    config: Config,
    cells: Iterator[tuple[Any, Capture | CaptureProblem]],
    engine: Engine,
    seen: dict[str, Extractor],
) -> Iterator[Outcome]:
    """Hits and the engine's outcomes, merged back into input order."""
    slots: deque[_Slot] = deque()
    waiting: deque[_Slot] = deque()

    def misses() -> Iterator[tuple[Any, Capture | CaptureProblem]]:
        for named, capture in cells:
            slot = _Slot(named.name, capture, reuse.reuse(named.name, capture, config))
            slots.append(slot)
            if slot.outcome is None:
                waiting.append(slot)
                yield named, capture

    for outcome in engine(misses()):
        slot = waiting.popleft()
        slot.outcome = outcome
        reuse.keep(slot.name, slot.capture, outcome, seen.get(slot.name))
        yield from _ready(slots)
    yield from _ready(slots)


def _ready(slots: deque[_Slot]) -> Iterator[Outcome]:
    """The outcomes at the front of the line that are known, in order."""
    while slots and (outcome := slots[0].outcome) is not None:
        slots.popleft()
        yield outcome
