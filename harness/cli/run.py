"""`harness run`: the main job, every extractor over every capture, compared with goldens."""

from __future__ import annotations

import argparse
from typing import Any

from harness import pending, report, runner
from harness.capture import Capture
from harness.cli import add_selection, context


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="every extractor over every capture, compared with goldens")
    add_selection(run)
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    config, extractors = context(args)
    outcomes = []
    for extractor, capture in runner.cases(config, extractors, args.capture):
        outcome = runner.check(extractor, capture, config)
        if isinstance(capture, Capture):
            pending.note(config.pending, outcome, capture.actual_sha256)
        outcomes.append(outcome)
    if args.format == "json":
        print(report.as_json(outcomes))
    else:
        print(report.matrix(outcomes))
        for outcome in (o for o in outcomes if o.failed):
            print()
            print(report.explain(outcome))
        print()
        print(report.summary_line(outcomes))
    return 1 if any(o.failed for o in outcomes) else 0
