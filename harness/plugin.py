"""pytest plugin (entry point `pytest11`): hooks and options only; work is in the runner.

A test module holding `test_goldens = golden_tests()` gets one test per (extractor, capture),
named `<extractor>[<capture>]`; each compares the extractor's output with its golden, which
`harness.goldens.snapshot` keeps as a syrupy snapshot (so `pytest --snapshot-update` approves).
Anywhere else the plugin is inert: it adds its options, and the harness core is imported
only once such a module is collected.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from harness import output
from harness.goldens.ci import in_ci
from harness.output import visible

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr
    from syrupy.assertion import SnapshotAssertion

    from harness.config import Config as HarnessConfig
    from harness.goldens.snapshot import GoldenCase, GoldenSite, Suite
    from harness.goldens.tree import Tree
    from harness.reports.parts import Part
    from harness.running.incremental import Reuse
    from harness.running.runner import Outcome

_UPDATE = {
    "update_snapshots": "--snapshot-update",
    "update_new_snapshots_only": "--snapshot-update-new-only",
}


class GoldenTests:
    """What a test module holds for the plugin to expand into the golden tests."""

    def __repr__(self) -> str:
        return "golden_tests()"


def golden_tests() -> GoldenTests:
    """One test per (extractor, capture) of the project: `test_goldens = golden_tests()`."""
    return GoldenTests()


@dataclass(frozen=True)
class Options:
    """The command line, as far as the harness reads it."""

    captures: Path | None = None
    goldens: Path | None = None
    extractors: tuple[str, ...] = ()
    force: bool = False
    update: str | None = None  # the option that lets syrupy write snapshots, if given
    allow_network: bool = False
    cache: bool = True

    @classmethod
    def of(cls, config: pytest.Config) -> Options:
        return cls(
            captures=config.getoption("harness_captures"),
            goldens=config.getoption("harness_goldens"),
            extractors=tuple(dict.fromkeys(config.getoption("harness_extractor") or ())),
            force=bool(config.getoption("harness_force")),
            allow_network=bool(config.getoption("harness_allow_network")),
            cache=not config.getoption("harness_no_cache"),
            update=next(
                (flag for dest, flag in _UPDATE.items() if config.getoption(dest, False)), None
            ),
        )


@dataclass
class _Run:
    """What one pytest run knows of its golden tests; kept on the config's stash."""

    options: Options
    suite: Suite | None = None
    nodeids: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    before: Tree | None = None  # the goldens folder when the suite was loaded
    reuse: Reuse | None = None  # the record cache, once a cell needs it

    def cache(self, config: HarnessConfig) -> Reuse | None:
        """The record cache of the suite's configuration (None with --harness-no-cache)."""
        if self.options.cache and self.reuse is None:
            from harness.running import incremental, pool

            known = pool.registry_for(config)
            allow = self.options.allow_network
            self.reuse = incremental.Reuse.of(config, known, allow_network=allow)
        return self.reuse

    def load(self, start: Path) -> Suite:
        if self.suite is None:
            from harness.goldens.snapshot import suite
            from harness.goldens.tree import Tree

            o = self.options
            self.suite = suite(
                start,
                captures=o.captures,
                goldens=o.goldens,
                extractors=o.extractors,
                allow_network=o.allow_network,
            )
            self.before = Tree.of(self.suite.site.root)
        return self.suite

    def tampering(self) -> list[str]:
        """The changes to the goldens folder since the suite was loaded that no approval made."""
        if self.before is None or self.suite is None:
            return []
        from harness.goldens.snapshot import tampering

        return tampering(self.suite, self.before, update=self.options.update is not None)

    def site(self, selected: list[pytest.Item]) -> GoldenSite:
        """The suite's site; an update run that selected a subset shows syrupy no orphans."""
        assert self.suite is not None
        chosen = {item.nodeid for item in selected}
        whole = not self.options.extractors and all(n in chosen for n in self.nodeids)
        return replace(self.suite.site, show_orphans=self.options.update is None or whole)


_RUN = pytest.StashKey[_Run]()
_LAST = pytest.StashKey[bool]()  # on a golden test: the last before other tests or the end
_OUTCOME = pytest.StashKey["Outcome"]()  # on a golden test: its cell, once checked
_CELLS = pytest.StashKey["_Cells"]()  # the cells' briefs the test reports carried


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "capture-harness golden tests")
    group.addoption("--harness-captures", type=Path, metavar="DIR", help="folder of captures")
    group.addoption("--harness-goldens", type=Path, metavar="DIR", help="folder of goldens")
    group.addoption(
        "--harness-extractor",
        action="append",
        metavar="NAME",
        help="only this extractor's golden tests (repeatable); default all",
    )
    group.addoption(
        "--harness-report",
        type=Path,
        metavar="DIR",
        help="write report.json, report.md, junit.xml and report.html of the golden tests",
    )
    group.addoption(
        "--harness-allow-network",
        action="store_true",
        help="let extractors reach the network (refused in worker processes by default)",
    )
    group.addoption(
        "--harness-no-cache",
        action="store_true",
        help="extract every cell again: the record cache is neither read nor written",
    )
    group.addoption(
        "--harness-force",
        action="store_true",
        help="let --snapshot-update write goldens although CI or GITHUB_ACTIONS is set",
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    refusal = ci_refusal(session.config, Options.of(session.config))
    if refusal:
        raise pytest.UsageError(refusal)
    if problem := path_problem(session.config):
        raise pytest.UsageError(visible(problem))


def path_problem(config: pytest.Config) -> str | None:
    """A --harness-* path that cannot serve (a file for a folder), found before any test runs;
    the reports folder is made now, not after a long run."""
    for option in ("harness_goldens", "harness_captures"):
        given: Path | None = config.getoption(option)
        if given is not None and given.is_file() and not given.name.endswith((".warc", ".gz")):
            return f"--{option.replace('_', '-')} {given}: is not a folder"
    folder: Path | None = config.getoption("harness_report")
    if folder is not None:
        from harness.reports.parts import prepare

        if problem := prepare(folder):
            return f"--harness-report {folder}: {problem}\n  fix: give a folder to write to"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(
    collector: pytest.Module | pytest.Class, name: str, obj: object
) -> list[pytest.Item] | None:
    if not isinstance(obj, GoldenTests):
        return None
    return expand(collector)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Mark the last golden test before other tests (or the end): it checks the goldens."""
    if isinstance(item, GoldenItem):
        item.stash[_LAST] = not isinstance(nextitem, GoldenItem)


def pytest_collection_finish(session: pytest.Session) -> None:
    run = session.config.stash.get(_RUN, None)
    if run is not None and run.suite is not None:
        from harness.goldens.snapshot import SITE

        session.config.stash[SITE] = run.site(session.items)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if config.stash.get(_RUN, None) is None:
        return
    from harness.goldens.snapshot import SITE

    site = config.stash.get(SITE, None)
    kept = site.orphans() if site is not None and not site.show_orphans else []
    if kept:
        terminalreporter.write_sep("-", "harness: unused goldens kept")
        terminalreporter.write_line(
            f"{len(kept)} golden(s) whose capture or extractor is gone, kept as this update ran "
            "a subset of the golden tests\n(a full `pytest --snapshot-update` deletes them):"
        )
        for orphan in kept:
            shown = f"  {orphan.name} ({_shown(orphan.path, config.rootpath)})"
            terminalreporter.write_line(visible(shown))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A golden test's report carries its cell (to the xdist controller too): the summary
    and annotations a GitHub Actions job gets are made from these, at session finish."""
    report = yield
    if isinstance(item, GoldenItem) and (brief := _brief(item, call.when)) is not None:
        brief["failed"] = brief["failed"] and report.failed  # an update run approved it
        report.harness_cell = brief  # type: ignore[attr-defined]
    return report


class _Cells:
    """Collects the cells the golden tests' reports carry (in the xdist controller too)."""

    def __init__(self) -> None:
        self.found: list[dict[str, object]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        brief = getattr(report, "harness_cell", None)
        if isinstance(brief, dict):
            self.found.append(brief)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_CELLS] = cells = _Cells()
    config.pluginmanager.register(cells, "harness-cells")


def _brief(item: GoldenItem, when: str) -> dict[str, object] | None:
    from harness.goldens.snapshot import CASE, skip_reason
    from harness.output import relative
    from harness.reports import github
    from harness.reports.cells import brief
    from harness.running import runner

    case = item.stash.get(CASE, None)
    if case is None:  # not a cell (the item that fails a suite with no captures)
        return None
    outcome = item.stash.get(_OUTCOME, None)
    if when == "setup" and outcome is None and (reason := skip_reason(case)):
        outcome = runner.Outcome(case.extractor.name, case.capture.id, "skipped", reason)
    elif when != "call" or outcome is None:
        return None
    config = case.config
    file = github.golden_file(config.goldens, outcome.extractor, outcome.capture, config.root)
    found = brief(outcome, file)
    found["explain"] = relative(str(found["explain"]), config.root)
    return found


def pytest_sessionfinish(session: pytest.Session) -> None:
    _check_goldens(session)
    run = session.config.stash.get(_RUN, None)
    if run is not None and run.reuse is not None:
        run.reuse.close()
    if not hasattr(session.config, "workerinput"):
        _github(session)
    folder: Path | None = session.config.getoption("harness_report")
    if folder is None:
        return
    from harness.reports import parts

    run = session.config.stash.get(_RUN, None)
    part = _part(run) if run is not None else parts.Part()
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker is not None:
        parts.save(folder, worker, part)
        return
    cases = run.suite.cases if run and run.suite else ()
    order = [(c.extractor.name, c.capture.id) for c in cases]
    root = cases[0].config.root if cases else session.config.rootpath
    written = parts.finish(folder, part, order, root)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        names = ", ".join(str(p) for p in written)
        reporter.write_line(visible(f"harness: reports written: {names}"))


def _github(session: pytest.Session) -> None:
    """Under GitHub Actions: an `::error` annotation a failing golden test, on stdout, and
    the Markdown report appended to the job summary."""
    from harness.reports import github

    cells = session.config.stash.get(_CELLS, None)
    found = cells.found if cells is not None else []
    if not found or not github.active(os.environ):
        return
    from harness.reports.markdown import render_cells

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    write = reporter.write_line if reporter is not None else print
    if reporter is not None:
        reporter.write("\n")  # xdist leaves the progress line open: a command starts a line
    for cell in found:
        if cell["failed"]:
            names = (str(cell[k]) for k in ("extractor", "capture", "status", "file", "explain"))
            write(github.cell_error(*names))
    github.append_summary(os.environ, render_cells(found))


def _check_goldens(session: pytest.Session) -> None:
    """A run during which the goldens folder changed without an approval fails."""
    run = session.config.stash.get(_RUN, None)
    changes = run.tampering() if run is not None else []
    if not changes:
        return
    from harness.goldens.tree import tampered

    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(visible(f"harness: {tampered(changes)}"), red=True)


def _part(run: _Run) -> Part:
    """The outcomes this process saw, with the skipped cases it never ran."""
    from harness.corpus.capture import Capture
    from harness.goldens.snapshot import skip_reason
    from harness.reports import parts
    from harness.running import runner

    part = parts.Part(list(run.outcomes))
    for case in run.suite.cases if run.suite else ():
        part.fields[case.extractor.name] = case.extractor.fields
        if isinstance(case.capture, Capture) and case.capture.truth is not None:
            part.truths[case.capture.id] = case.capture.truth
        if reason := skip_reason(case):
            part.outcomes.append(
                runner.Outcome(case.extractor.name, case.capture.id, "skipped", reason)
            )
    return part


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def ci_refusal(config: pytest.Config, options: Options) -> str | None:
    """Why this run may not write goldens (CI without --harness-force), or None."""
    variable = in_ci(os.environ)
    if options.update is None or variable is None or options.force:
        return None
    if not _uses_harness(config, options):
        return None
    return (
        f"{options.update} refused: {variable}={os.environ[variable]} says this is a CI run, "
        "and CI never writes goldens\n"
        "  fix: approve locally and commit the goldens, or add --harness-force"
    )


def _uses_harness(config: pytest.Config, options: Options) -> bool:
    if options.captures or options.goldens or options.extractors or config.stash.get(_RUN, None):
        return True
    from harness.config import find_pyproject
    from harness.errors import HarnessError

    try:
        return find_pyproject(config.rootpath) is not None
    except HarnessError:
        return True


def expand(collector: pytest.Module | pytest.Class) -> list[pytest.Item]:
    """The golden tests, one per case; a configuration problem is a collection error."""
    from harness.errors import HarnessError
    from harness.goldens.snapshot import CASE, skip_reason

    run = collector.config.stash.setdefault(_RUN, _Run(Options.of(collector.config)))
    refusal = ci_refusal(collector.config, run.options)
    if refusal:
        raise collector.CollectError(refusal)
    try:
        suite = run.load(collector.path.parent)
    except HarnessError as error:
        raise collector.CollectError(visible(error.message)) from None
    items: list[pytest.Item] = _empty(collector, suite)
    for case in suite.cases:
        item = GoldenItem.from_parent(collector, name=case.name, callobj=golden_test)
        item.stash[CASE] = case
        if reason := skip_reason(case):
            item.add_marker(pytest.mark.skip(reason=visible(reason)))
        run.nodeids.append(item.nodeid)
        items.append(item)
    return items


_EMPTY = pytest.StashKey[str]()


def _empty(collector: pytest.Module | pytest.Class, suite: Suite) -> list[pytest.Item]:
    """A corpus with no capture gives one failing test saying so: golden tests that check
    nothing must not pass (other tests of the module run as usual)."""
    from harness.corpus.capture import nothing_to_check

    if suite.cases or suite.captures is None:
        return []
    if (problem := nothing_to_check(suite.captures)) is None:
        return []
    item = GoldenItem.from_parent(collector, name="no-captures", callobj=no_captures)
    item.stash[_EMPTY] = output.relative(problem, collector.config.rootpath)
    return [item]


def no_captures(request: pytest.FixtureRequest) -> None:
    """The golden test of an empty corpus: it fails, saying where to add a capture."""
    __tracebackhide__ = True
    raise GoldenFailure(request.node.stash[_EMPTY])


class GoldenFailure(Exception):
    """A golden test failed; the message is the harness's explanation."""


class GoldenItem(pytest.Function):
    """A golden test: its failure shows the explanation alone, no traceback, and no control
    character from a capture, golden or extractor reaches the terminal raw."""

    def repr_failure(  # type: ignore[override]  # as pytest.Function's own
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        from harness.errors import HarnessError

        if isinstance(excinfo.value, GoldenFailure | HarnessError):
            text = excinfo.value.message if isinstance(excinfo.value, HarnessError) else ""
            return visible(text or str(excinfo.value))
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        """The test module, not the plugin, is where a golden test is (as skips show)."""
        return self.path, 0, self.name


def golden_test(request: pytest.FixtureRequest, snapshot: SnapshotAssertion) -> None:
    """Every golden test: check the cell; skip, pass (or approve on update), or fail saying why."""
    __tracebackhide__ = True
    from harness.goldens.snapshot import CASE, settle
    from harness.reports import terminal as report

    case = request.node.stash[CASE]
    run = request.config.stash[_RUN]
    outcome = _check(case, run)
    note_pending(case, outcome)
    if outcome.status == "skipped":
        run.outcomes.append(outcome)
        request.node.stash[_OUTCOME] = outcome
        pytest.skip(visible(outcome.message))
    settled = settle(case, outcome, snapshot)
    changes = run.tampering() if _look(run, case, request.node.stash.get(_LAST, False)) else []
    if changes:
        from dataclasses import replace as copy

        from harness.goldens.tree import tampered

        outcome = copy(outcome, status="error", message=tampered(changes))
    run.outcomes.append(outcome)
    request.node.stash[_OUTCOME] = outcome
    if changes or not settled:
        raise GoldenFailure(report.explain(outcome))


def _look(run: _Run, case: GoldenCase, last: bool) -> bool:
    """Whether to compare the goldens folder with the one at collection after this test:
    after the last golden test in a row, and whenever the cheap look (folders, this test's
    golden) sees a change; not during an update run, whose writes the whole look sorts out."""
    if last:
        return True
    return run.options.update is None and run.before is not None and run.before.moved(case.path)


def _check(case: GoldenCase, run: _Run) -> Outcome:
    """The cell, checked in a worker process as `harness run` checks it: an extractor that
    hangs past the timeout, crashes its process or blows its memory fails its own test only,
    as does one that could not be built. A cell whose record is cached runs in no worker."""
    from harness.corpus.capture import Capture
    from harness.running import incremental, pool, runner

    options = run.options

    if case.problem is not None:
        return runner.Outcome(case.extractor.name, case.capture.id, "error", case.problem)
    if not isinstance(case.capture, Capture) or runner.skip_reason(case.extractor, case.capture):
        return runner.check(case.extractor, case.capture, case.config)
    limits = pool.Limits(
        timeout=case.config.timeout,
        memory_mb=case.config.memory_mb,
        allow_network=options.allow_network,
    )
    name, capture = case.extractor.name, case.capture
    reuse = run.cache(case.config)
    if reuse is None:
        return pool.check_isolated(case.config, name, capture, limits)

    def fresh() -> Outcome:
        return pool.check_isolated(case.config, name, capture, limits)

    return incremental.one(reuse, case.config, name, capture, fresh, case.extractor)


def note_pending(case: GoldenCase, outcome: Outcome) -> None:
    """Keep new or drifted outputs for `harness review` and `harness approve`, as a run does."""
    from harness.corpus.capture import Capture
    from harness.goldens import pending

    if isinstance(case.capture, Capture):
        pending.note(case.config.pending, outcome, case.capture.actual_sha256, case.config.captures)
