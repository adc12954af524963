"""Goldens as syrupy snapshots: `goldens/<extractor>/<capture-id>.json`, in the golden format.

syrupy keeps the files and the report; the harness judges. A golden test checks its cell with
`runner.check`, then hands syrupy the text its golden should hold: the text already stored
when the cell passes (equal, so never rewritten, whatever white space the tolerance forgave),
or the golden `harness approve` would write when the cell is new, drifted or changed
(different, so `--snapshot-update` writes it, atomically, and a plain run fails).

syrupy calls a snapshot unused when it discovers the file and no test asserts it. This
extension discovers only orphans, goldens whose extractor or capture is gone, so no selection
of tests (`-k`, `--harness-extractor`, a node id) can make syrupy report or delete a golden
that still has a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.data import Snapshot, SnapshotCollection, SnapshotCollections
from syrupy.extensions.base import AbstractSyrupyExtension
from syrupy.location import PyTestLocation
from syrupy.types import (
    PropertyFilter,
    PropertyMatcher,
    SerializableData,
    SerializedData,
    SnapshotIndex,
)

from harness import config as configuration
from harness import confine, output, registry
from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem, check_id
from harness.corpus.capture import ids as capture_ids
from harness.errors import HarnessError, UsageError

if TYPE_CHECKING:
    from harness.corpus.remote import Remote
from harness.extractor import Extractor
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.goldens.tree import Tree
from harness.record import Record
from harness.running import pool, runner
from harness.running.runner import Outcome


def case_name(extractor: str, capture_id: str) -> str:
    """The test name and snapshot name of one cell: `extractor[capture]` (a name that is
    no valid id shows its control characters, a new line too, as escapes)."""
    return f"{output.name(extractor)}[{output.name(capture_id)}]"


@dataclass(frozen=True)
class GoldenCase:
    """One golden test: an extractor on a capture, under a configuration."""

    extractor: Extractor
    capture: Capture | CaptureProblem
    config: Config
    problem: str | None = None  # why the extractor could not be built: the test fails so

    @property
    def name(self) -> str:
        return case_name(self.extractor.name, self.capture.id)

    @property
    def path(self) -> Path:
        return golden.path_for(self.config.goldens, self.extractor.name, self.capture.id)


@dataclass(frozen=True)
class GoldenFile:
    """A golden file found on disk, named as its test would be."""

    name: str
    path: Path


@dataclass(frozen=True)
class GoldenSite:
    """The goldens folder and what a run may show syrupy of it.

    `live` names every cell that exists (all registered extractors on all captures), `scope`
    the extractors whose orphans this run answers for (None: all), `show_orphans` whether
    orphans are shown at all (not when an update run selected a subset).
    """

    root: Path
    live: frozenset[str]
    scope: frozenset[str] | None = None
    show_orphans: bool = True

    def orphans(self) -> list[GoldenFile]:
        """Goldens in scope whose extractor or capture is gone; none while no cell is live
        (a corpus without captures would make every golden look unused, as in `prune`)."""
        if not self.live:
            return []
        return [
            found
            for found in golden_files(self.root)
            if found.name not in self.live
            and (self.scope is None or found.path.parent.name in self.scope)
        ]

    def shown(self) -> list[GoldenFile]:
        return self.orphans() if self.show_orphans else []


@dataclass(frozen=True)
class Suite:
    """The golden tests of a run (`cases`, in capture order) and the site of their goldens."""

    cases: tuple[GoldenCase, ...]
    site: GoldenSite
    captures: Path | Remote | None = None  # the corpus the cases come from


def golden_files(root: Path) -> Iterator[GoldenFile]:
    """Every `<extractor>/<capture-id>.json` under `root`; anything else is not ours, and a
    link (a folder or a file) is never followed, so never a candidate for deletion."""
    if not root.is_dir():
        return
    for folder in confine.listdir(root):
        if folder.kind != "dir" or not _valid(folder.name):
            continue
        for file in confine.listdir(root, folder.path):
            stem = file.name.removesuffix(".json")
            if file.kind == "file" and file.name.endswith(".json") and _valid(stem):
                yield GoldenFile(case_name(folder.name, stem), file.path)


def _valid(name: str) -> bool:
    try:
        check_id(name)
    except HarnessError:
        return False
    return True


def suite(
    start: Path,
    *,
    captures: Path | None = None,
    goldens: Path | None = None,
    extractors: Iterable[str] = (),
    allow_network: bool = False,
) -> Suite:
    """The cases of the project at `start`, command-line paths and extractor names applied.

    The extractors are built in a worker process (`pool.probe`), never in the pytest process:
    one whose module or factory exits, crashes or raises gets failing tests saying so.
    """
    config = configuration.load(start).with_paths(
        captures=captures, goldens=goldens, flag="--harness-{}"
    )
    found = registry.from_config(config)
    chosen = frozenset(extractors)
    unknown = sorted(chosen - set(found.extractors))
    if unknown:
        raise UsageError(
            f"unknown extractor(s) {', '.join(unknown)}",
            where="--harness-extractor",
            fix=f"use one of: {', '.join(sorted(found.extractors)) or '(none registered)'}",
        )
    selected = found.select(sorted(chosen) or None)
    bounds = pool.Limits(config.timeout, config.memory_mb, allow_network=allow_network)
    built = pool.probe(config, [e.name for e in selected], bounds)
    cases = tuple(
        GoldenCase(_stub(name), c, config, problem=e)
        if isinstance(e := built[name], str)
        else GoldenCase(e, c, config)
        for name, c in runner.cases(config, [e.name for e in selected])
    )
    live = frozenset(
        case_name(e, c) for e in found.extractors for c in _capture_ids(config.captures)
    )
    site = GoldenSite(root=config.goldens, live=live, scope=chosen or None)
    return Suite(cases=cases, site=site, captures=config.captures)


def tampering(found: Suite, before: Tree, *, update: bool) -> list[str]:
    """The changes to the goldens folder since `before` that no approval made: any, in a
    plain run; in an update run, any but the goldens of its cases and its orphans (and the
    temporary files and folder times of their atomic writes)."""
    root = found.site.root
    approvable = {c.path for c in found.cases} | {o.path for o in found.site.orphans()}
    allowed = {p.relative_to(root).as_posix() for p in approvable if p.is_relative_to(root)}
    folders = {"."} | {path.rpartition("/")[0] or "." for path in allowed}

    def approved(path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        temporary = name.startswith(".") and name.endswith(".tmp")  # golden.atomic_write
        return update and (path in allowed or path in folders or temporary)

    return before.changes(Tree.of(root), allowed=approved)


def _stub(name: str) -> Extractor:
    """An extractor that could not be built, known by name (its case carries the problem)."""
    return Extractor(name, "", frozenset(), (), _not_built)


def _not_built(capture: Capture) -> Record:
    raise RuntimeError("this extractor could not be built")


def _capture_ids(root: Path | Remote) -> set[str]:
    """The captures present, by the loader a run uses (folders, a bare corpus, a WARC):
    a golden is live while its capture and extractor are. A corpus that cannot be read
    whole gives none, so no golden is deleted as unused (its cells show the problem)."""
    try:
        return capture_ids(root)
    except HarnessError:
        return set()


def skip_reason(case: GoldenCase) -> str | None:
    """Why the case's extractor does not run on its capture, known before running it."""
    if isinstance(case.capture, CaptureProblem) or case.problem is not None:
        return None
    return runner.skip_reason(case.extractor, case.capture)


def approval(outcome: Outcome, capture: Capture) -> Golden | None:
    """The golden `harness approve` would write for this cell, or None: nothing to approve."""
    return runner.golden_of(outcome, capture)


def settle(case: GoldenCase, outcome: Outcome, snapshot: SnapshotAssertion) -> bool:
    """Hand syrupy what the golden should hold; True when it holds it (the test passes)."""
    goldens = snapshot.use_extension(GoldenExtension)
    if outcome.status == "pass":
        return goldens == read_text(case.path)
    if not isinstance(case.capture, Capture):
        return False
    approved = approval(outcome, case.capture)
    return approved is not None and goldens == approved


def read_text(path: Path) -> str | None:
    """A golden's exact text (line ends kept), or None when there is none; read under the
    goldens folder following no link."""
    try:
        return confine.read_bytes(path.parent.parent, path).decode("utf-8")
    except FileNotFoundError:
        return None


CASE = pytest.StashKey[GoldenCase]()
"""On each golden test item: its case."""

SITE = pytest.StashKey[GoldenSite]()
"""On the pytest config, once collection is done: the goldens site of the run."""


def case_of(location: PyTestLocation) -> GoldenCase | None:
    stash: pytest.Stash | None = getattr(location.item, "stash", None)
    return stash.get(CASE, None) if stash is not None else None


def site_of(location: PyTestLocation) -> GoldenSite | None:
    config: pytest.Config | None = getattr(location.item, "config", None)
    return config.stash.get(SITE, None) if config is not None else None


class GoldenExtension(AbstractSyrupyExtension):
    """syrupy storage for goldens: one file per cell, written as `harness approve` writes it."""

    file_extension = "json"
    write_immediately = True

    def __init__(self) -> None:
        self._site: GoldenSite | None = None

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        if isinstance(data, Golden):
            return golden.dumps(data)
        if isinstance(data, str):
            return data
        raise TypeError(f"a golden snapshot takes a Golden or its text, not {type(data).__name__}")

    @classmethod
    def get_snapshot_name(cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0) -> str:
        case = case_of(test_location)
        if case is None:
            return super().get_snapshot_name(test_location=test_location, index=index)
        return case.name

    @classmethod
    def get_location(cls, *, test_location: PyTestLocation, index: SnapshotIndex) -> str:
        case = case_of(test_location)
        if case is None:
            return super().get_location(test_location=test_location, index=index)
        return str(case.path)

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        site = site_of(test_location)
        return str(site.root) if site else super().dirname(test_location=test_location)

    @classmethod
    def matches_test_location(
        cls, *, test_location: PyTestLocation, snapshot_location: str
    ) -> bool:
        case = case_of(test_location)
        return case is not None and str(case.path) == snapshot_location

    def discover_snapshots(
        self, *, test_location: PyTestLocation, ignore_extensions: list[str] | None = None
    ) -> SnapshotCollections:
        """Only the orphans: a golden that still has a test is never a candidate for unused."""
        found = SnapshotCollections()
        self._site = site_of(test_location) or self._site
        for orphan in self._site.shown() if self._site else ():
            found.add(self._collection(orphan))
        return found

    def read_snapshot_collection(self, *, snapshot_location: str) -> SnapshotCollection:
        path = Path(snapshot_location)
        return self._collection(GoldenFile(case_name(path.parent.name, path.stem), path))

    @staticmethod
    def _collection(found: GoldenFile) -> SnapshotCollection:
        collection = SnapshotCollection(location=str(found.path))
        collection.add(Snapshot(name=found.name))
        return collection

    def read_snapshot_data_from_location(
        self, *, snapshot_location: str, snapshot_name: str, session_id: str
    ) -> SerializedData | None:
        return read_text(Path(snapshot_location))

    @classmethod
    def write_snapshot_collection(
        cls, *, snapshot_collection: SnapshotCollection, name_order: dict[str, int] | None = None
    ) -> None:
        for snapshot in snapshot_collection:
            if not isinstance(snapshot.data, str):
                raise TypeError(f"golden text expected, not {type(snapshot.data).__name__}")
            path = Path(snapshot_collection.location)
            golden.write_text(path, snapshot.data, root=path.parent.parent)

    def delete_snapshots(self, *, snapshot_location: str, snapshot_names: set[str]) -> None:
        """Delete an orphan syrupy found unused; any other golden is kept, whatever syrupy says."""
        path = Path(snapshot_location)
        if self._site is None or path not in {o.path for o in self._site.shown()}:
            return
        confine.remove(self._site.root, path)
        confine.remove_empty_dir(self._site.root, path.parent)
