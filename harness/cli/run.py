"""`harness run`: the main job, every extractor over every capture, compared with goldens."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from harness import pending, pool, report, runner
from harness.capture import Capture
from harness.cli import add_selection, context
from harness.config import Config
from harness.errors import UsageError
from harness.extractor import Extractor


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="every extractor over every capture, compared with goldens")
    add_selection(run)
    run.add_argument("--format", choices=("table", "json"), default="table")
    add_execution(run)
    run.set_defaults(handler=cmd_run)


def add_execution(parser: argparse.ArgumentParser) -> None:
    """--jobs, --timeout and --memory-mb: how cells run (in isolated worker processes)."""
    parser.add_argument("--jobs", type=int, help="worker processes (default: the cores)")
    parser.add_argument("--timeout", type=float, help="seconds a cell may take (default 60)")
    parser.add_argument("--memory-mb", type=int, help="memory limit of a worker, MiB")


def limits(args: argparse.Namespace, config: Config) -> tuple[int, pool.Limits]:
    jobs = args.jobs if args.jobs is not None else pool.default_jobs()
    if jobs < 1:
        raise UsageError(f"{jobs} is not a number of workers", where="--jobs", fix="give 1 or more")
    timeout = args.timeout if args.timeout is not None else config.timeout
    memory = args.memory_mb if args.memory_mb is not None else config.memory_mb
    return jobs, pool.Limits(timeout=timeout, memory_mb=memory)


def outcomes(
    args: argparse.Namespace, config: Config, extractors: list[Extractor]
) -> Iterator[runner.Outcome]:
    """Every cell's outcome, in matrix order, noting the reviewable ones as pending."""
    jobs, bounds = limits(args, config)
    cells = list(runner.cases(config, extractors, args.capture))
    captures = {c.id: c for _, c in cells if isinstance(c, Capture)}
    for outcome in pool.run(config, cells, jobs=jobs, limits=bounds):
        capture = captures.get(outcome.capture)
        if capture is not None:
            pending.note(config.pending, outcome, capture.actual_sha256, config.captures)
        yield outcome


def cmd_run(args: argparse.Namespace) -> int:
    config, extractors = context(args)
    found = list(outcomes(args, config, extractors))
    if args.format == "json":
        print(report.as_json(found))
    else:
        print(report.matrix(found))
        for outcome in (o for o in found if o.failed):
            print()
            print(report.explain(outcome))
        print()
        print(report.summary_line(found))
    return 1 if any(o.failed for o in found) else 0
