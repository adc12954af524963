"""`harness rehearse REQUIREMENT...`: what an upgrade changes, before it is taken.

The extractors run against this project's goldens in an environment of their own where the
requirements (`trafilatura==2.0.0`) override this environment's versions
(`harness.running.environment`), through `harness run` itself (`harness.running.rehearsal`).
Nothing of the project is written: not the goldens, not the pending outputs, not this
environment. Exit 0 when every cell passes, 1 when cells drifted (or are new, or failed),
2 on a bad requirement, an unknown extractor or an environment that cannot be built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import output
from harness.cli import add_selection, context
from harness.cli.run import add_execution

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.config import Config
    from harness.running.environment import Environment


def register(sub: Any) -> None:
    cmd = sub.add_parser(
        "rehearse",
        help="run the extractors with other versions of libraries against the goldens",
    )
    cmd.add_argument(
        "requirements", nargs="+", metavar="REQUIREMENT", help="e.g. 'trafilatura==2.0.0'"
    )
    add_selection(cmd)
    cmd.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    cmd.add_argument(
        "--report", type=Path, metavar="DIR", help="write the run's report.json, .md, .html, junit"
    )
    cmd.add_argument(
        "--find-links", type=Path, action="append", metavar="DIR", help="wheels to install from"
    )
    cmd.add_argument("--no-index", action="store_true", help="install from --find-links only")
    add_execution(cmd)
    cmd.set_defaults(handler=cmd_rehearse)


def cmd_rehearse(args: argparse.Namespace) -> int:
    from harness.reports import rehearsal as report
    from harness.running import rehearsal

    config, extractors = context(args)
    names = [e.name for e in extractors]
    built = environment(args, config)
    versions = rehearsal.versions(built, list(_distributions(args)), names)
    arguments = run_arguments(args, config, names)
    if args.format == "table":
        print(report.versions_table(versions))
        print()
        return rehearsal.run(built, [*arguments, "--format", "table"], capture=False).code
    done = rehearsal.run(built, [*arguments, "--format", "json"], capture=True)
    found = done.document()
    if not found:
        return done.code  # the run failed before it ran: its error is on stderr
    where = {"path": output.relative(str(built.path), config.root), "reused": built.reused}
    document = {"environment": where, "versions": versions.to_json(), **found}
    if args.format == "json":
        print(output.dumps(document, indent=2))
    else:
        print(report.markdown(args.requirements, document))
    return done.code


def environment(args: argparse.Namespace, config: Config) -> Environment:
    """The rehearsal environment of the command line's requirements (built, or reused)."""
    from harness.running import environment as environments

    request = environments.Request(
        tuple(args.requirements), tuple(args.find_links or ()), bool(args.no_index)
    )
    request.parsed()  # a bad requirement is refused before anything is built
    print(f"harness: rehearsal environment for {' '.join(args.requirements)}", file=sys.stderr)
    return environments.ensure(config.envs, request)


def _distributions(args: argparse.Namespace) -> list[str]:
    from harness.running.environment import parse

    return [parse(text).name for text in args.requirements]


def run_arguments(args: argparse.Namespace, config: Config, names: list[str]) -> list[str]:
    """`harness run`'s options for the inner run: the same captures, goldens, extractors
    and limits as this command's."""
    out = ["--goldens", str(config.goldens), "--captures", str(config.captures)]
    for name in names:
        out += ["--extractor", name]
    for capture in args.capture or ():
        out += ["--capture", capture]
    if getattr(args, "report", None) is not None:
        out += ["--report", str(args.report.resolve())]
    return out + execution_arguments(args)


def execution_arguments(args: argparse.Namespace) -> list[str]:
    """--jobs, --timeout, --memory-mb, --engine, --scheduler, --allow-network, as given."""
    out: list[str] = []
    for flag, value in (
        ("--jobs", args.jobs),
        ("--timeout", args.timeout),
        ("--memory-mb", args.memory_mb),
        ("--engine", args.engine),
        ("--scheduler", args.scheduler),
    ):
        if value is not None:
            out += [flag, str(value)]
    return out + (["--allow-network"] if args.allow_network else [])
