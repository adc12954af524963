"""`harness run`: the main job, every extractor over every capture, compared with goldens."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import output
from harness.cli import add_network, add_selection, context
from harness.config import Config, option
from harness.errors import UsageError
from harness.goldens.tree import Tree, tampered
from harness.running.progress import Progress

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.record import Record
    from harness.registry import Entry
    from harness.reports import upgrade
    from harness.running import pool, runner

LONG_RUN = 100  # cells: a shorter run shows no progress


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="every extractor over every capture, compared with goldens")
    add_selection(run)
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.add_argument(
        "--report", type=Path, metavar="DIR", help="write report.json, .md, .html and junit.xml"
    )
    run.add_argument(
        "--pending",
        type=Path,
        metavar="DIR",
        help="where new and drifted outputs are kept for review (default: [tool.harness] pending)",
    )
    add_execution(run)
    add_cache(run)
    run.set_defaults(handler=cmd_run)


def add_cache(parser: argparse.ArgumentParser) -> None:
    """--cache and --no-cache: where the record cache is, or not to use it at all."""
    parser.add_argument(
        "--cache", type=Path, metavar="DIR", help="the record cache (default .harness/cache)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="extract every cell again: the record cache is neither read nor written",
    )


def add_execution(parser: argparse.ArgumentParser) -> None:
    """How cells run (in isolated worker processes): --jobs, --timeout, --memory-mb, where,
    --allow-network."""
    add_network(parser)
    parser.add_argument("--jobs", type=option("jobs"), help="worker processes (default: the cores)")
    parser.add_argument(
        "--timeout", type=option("timeout"), help="seconds a cell may take (default 60)"
    )
    parser.add_argument(
        "--memory-mb", type=option("memory_mb"), help="memory limit of a worker, MiB"
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        help="local worker processes (default) or a Dask cluster (pip install '.[dask]')",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler to use (implies --engine dask; default: a local cluster)",
    )


def limits(args: argparse.Namespace, config: Config) -> tuple[int, pool.Limits]:
    from harness.running import pool

    jobs = args.jobs if args.jobs is not None else pool.default_jobs()
    if jobs < 1:
        raise UsageError(f"{jobs} is not a number of workers", where="--jobs", fix="give 1 or more")
    timeout = args.timeout if args.timeout is not None else config.timeout
    memory = args.memory_mb if args.memory_mb is not None else config.memory_mb
    allow = bool(getattr(args, "allow_network", False))
    return jobs, pool.Limits(timeout=timeout, memory_mb=memory, allow_network=allow)


def execute(
    args: argparse.Namespace,
    config: Config,
    cells: Iterable[pool.Cell],
    seen: pool.Seen | None = None,
) -> Iterator[runner.Outcome]:
    """The cells' outcomes in input order, from the engine the command line chose; `seen`
    is filled with the extractors the local workers built (the Dask engine tells nothing)."""
    from harness.running import pool

    jobs, bounds = limits(args, config)
    if args.engine == "local" and args.scheduler:
        raise UsageError(
            "a scheduler address needs the Dask engine",
            where="--scheduler",
            fix="drop --engine local, or drop --scheduler",
        )
    if args.engine != "dask" and not args.scheduler:
        return pool.run(config, cells, jobs=jobs, limits=bounds, seen=seen)
    try:
        from harness.running import dask_engine
    except ImportError as error:
        raise UsageError(
            f"cannot use the Dask engine: {error}",
            where="--engine dask",
            fix="pip install 'capture-harness[dask]', or use --engine local",
        ) from None
    return dask_engine.run(config, cells, scheduler=args.scheduler, jobs=jobs, limits=bounds)


def outcomes(
    args: argparse.Namespace,
    config: Config,
    extractors: list[Entry],
    truths: dict[str, Record] | None = None,
    seen: pool.Seen | None = None,
) -> Iterator[runner.Outcome]:
    """Every cell's outcome, in matrix order, noting the reviewable ones as pending.

    Captures stream from the folder or WARC: only those with cells in flight are held.
    """
    from harness.corpus.capture import Capture
    from harness.goldens import pending
    from harness.running import runner

    held: dict[str, tuple[Capture, int]] = {}
    seen = {} if seen is None else seen

    def cells() -> Iterator[pool.Cell]:
        for extractor, capture in runner.cases(config, extractors, args.capture):
            if isinstance(capture, Capture):
                count = held[capture.id][1] if capture.id in held else 0
                held[capture.id] = (capture, count + 1)
                if truths is not None and capture.truth is not None:
                    truths[capture.id] = capture.truth
            yield extractor, capture

    for outcome in _incremental(args, config, cells(), seen):
        if outcome.capture in held:
            capture, count = held.pop(outcome.capture)
            if count > 1:
                held[outcome.capture] = (capture, count - 1)
            pending.note(config.pending, outcome, capture.actual_sha256, config.captures)
        yield outcome


def _incremental(
    args: argparse.Namespace, config: Config, cells: Iterator[pool.Cell], seen: pool.Seen
) -> Iterable[runner.Outcome]:
    """The outcomes, through the record cache unless --no-cache: a cell whose record is
    cached is judged here and runs in no worker (`harness.running.incremental`)."""
    from harness.running import incremental, pool

    def engine(todo: Iterator[pool.Cell]) -> Iterator[runner.Outcome]:
        return execute(args, config, todo, seen)

    allow = bool(getattr(args, "allow_network", False))
    known = pool.registry_for(config)
    off = getattr(args, "no_cache", False)
    reuse = None if off else incremental.Reuse.of(config, known, allow_network=allow)
    if reuse is None:
        return engine(cells)
    return incremental.run(reuse, config, cells, engine, seen)


def cmd_run(args: argparse.Namespace) -> int:
    from harness.reports import terminal as report
    from harness.reports import upgrade

    if args.report is not None:
        from harness.reports import parts

        if problem := parts.prepare(args.report):
            fix = "give a folder to write to"
            raise UsageError(problem, where=f"--report {args.report}", fix=fix)
    config, extractors = context(args)
    before = Tree.of(config.goldens)

    def write(text: str) -> None:  # JSON on stdout names files as the reports do
        sys.stdout.write(output.relative(text, config.root))

    truths: dict[str, Record] = {}
    if args.format == "json" and not args.report and not _on_github():
        with _progress(config, extractors, args.capture) as progress:
            found_now = _guarded(outcomes(args, config, extractors, truths), before, config)
            failed = report.stream_json(_counted(found_now, progress), write, truths)
        return 1 if _tampered(before, config) or failed or _empty(config) else 0
    found: list[runner.Outcome] = []
    seen: pool.Seen = {}
    # the paired quality scores every page with a truth: for the reports and JSON, not the table
    wanted = args.format == "json" or bool(args.report) or _on_github()
    gatherer = upgrade.Gatherer(truths, quality=wanted)
    with _progress(config, extractors, args.capture) as progress:
        for outcome in _guarded(outcomes(args, config, extractors, truths, seen), before, config):
            gatherer.add(outcome)  # before the cell is slimmed: its quality needs its records
            # reports show every cell's record; otherwise passing cells are kept slim
            found.append(outcome if args.report else outcome.slim())
            progress.advance()
    if changes := _tampered(before, config):
        found = [untrusted(o, changes) for o in found]
    gathered = gatherer.result()
    if args.format == "json":
        write(report.as_json(found, gathered) + "\n")
    else:
        print(report.matrix(found))
        for block in (upgrade.cluster_lines(gathered), upgrade.quality_lines(gathered)):
            if block:
                print()
                print("\n".join(block))
        for text in report.explain_failures(found):
            print()
            print(text)
        print()
        print(report.summary_line(found))
        missing = [e.name for e in seen.values() if not e.available]
        if missing:
            print(
                f"not installed, so skipped: {', '.join(missing)} (pip install "
                "'capture-harness[all]', or disable them in [tool.harness])"
            )
    fields = {e.name: e.fields for e in seen.values()}
    stream = sys.stdout if args.format == "table" else sys.stderr
    _github(found, config, truths, fields, stream, gathered)
    if args.report:
        from harness.corpus import views
        from harness.reports import files as reports

        shots = (
            views.screenshots(config.captures, [o.capture for o in found])
            if isinstance(config.captures, Path)
            else {}  # screenshots of a corpus in object storage are not fetched for reports
        )
        written = reports.write_all(
            args.report,
            found,
            truths,
            fields=fields,
            root=config.root,
            screenshots=shots,
            found=gathered,
        )
        print(f"reports: {', '.join(str(p) for p in written)}", file=sys.stderr)
    return 1 if any(o.failed for o in found) or (not found and _empty(config)) else 0


def _empty(config: Config) -> bool:
    """A corpus with no capture: said on stderr, and the run fails (it checked nothing)."""
    from harness.corpus.capture import nothing_to_check

    if (problem := nothing_to_check(config.captures)) is None:
        return False
    print(f"harness: {output.relative(problem, config.root)}", file=sys.stderr)
    return True


def _on_github() -> bool:
    """Whether this is a GitHub Actions job (a run then holds its cells for the summary)."""
    import os

    from harness.reports import github

    return github.active(os.environ)


def _github(
    found: list[runner.Outcome],
    config: Config,
    truths: dict[str, Record],
    fields: dict[str, tuple[str, ...]],
    stream: Any,
    found_upgrade: upgrade.Upgrade,
) -> None:
    """Under GitHub Actions: an `::error` annotation a failing cell on `stream` (stdout, or
    stderr when stdout carries JSON), and the Markdown report appended to the job summary."""
    import os

    from harness.reports import github, markdown
    from harness.reports import terminal as report
    from harness.reports.cells import cells

    if not github.active(os.environ):
        return
    for outcome in found:
        if outcome.failed:
            file = github.golden_file(
                config.goldens, outcome.extractor, outcome.capture, config.root
            )
            o = outcome
            why = output.relative(report.explain(o), config.root)
            line = github.cell_error(o.extractor, o.capture, o.status, file, why)
            print(line, file=stream)
    text = markdown.render(found, cells(found, truths, fields), found_upgrade)
    github.append_summary(os.environ, output.relative(text, config.root))


def _guarded(
    found: Iterator[runner.Outcome], before: Tree, config: Config
) -> Iterator[runner.Outcome]:
    """The outcomes, each passing one an error from the moment a cheap look at the goldens
    folder (its folders, the cell's golden) sees a change (the whole folder is compared
    once the run is over)."""
    changes: list[str] = []
    for outcome in found:
        if not changes and before.moved(outcome.golden_path):
            changes = before.changes(Tree.of(config.goldens))
        yield untrusted(outcome, changes) if changes else outcome


def _tampered(before: Tree, config: Config) -> list[str]:
    """The changes to the goldens folder since `before`, said on stderr: a run writes none."""
    changes = before.changes(Tree.of(config.goldens))
    if changes:
        print(f"harness: {tampered(changes)}", file=sys.stderr)
    return changes


def untrusted(outcome: runner.Outcome, changes: list[str]) -> runner.Outcome:
    """A passing cell of a run during which the goldens changed: an error, not a pass."""
    if outcome.status != "pass":
        return outcome
    return replace(outcome, status="error", message=tampered(changes))


def _counted(found: Iterator[runner.Outcome], progress: Progress) -> Iterator[runner.Outcome]:
    for outcome in found:
        progress.advance()
        yield outcome


def _progress(config: Config, extractors: list[Entry], ids: list[str] | None) -> Progress:
    """A progress display on stderr for long runs (a bar on a terminal, lines in CI logs)."""
    if ids:
        captures = len(ids)
    elif isinstance(config.captures, Path) and config.captures.is_dir():
        captures = sum(1 for p in config.captures.iterdir() if p.is_dir())
    else:
        captures = 0  # a WARC: the count is known only once it is read
    total = captures * len(extractors)
    return Progress(
        total, "checked", output.trusted(sys.stderr), unit="cells", quiet=total < LONG_RUN
    )
