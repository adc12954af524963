"""The `harness` command, a thin layer over the runner: one module a group of subcommands.

Exit 0 when all match, 1 on any drift, new, changed or error, 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from harness import config as configuration
from harness import registry
from harness.errors import HarnessError


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except HarnessError as error:
        print(f"harness: {error.message}", file=sys.stderr)
        return 2
    except OSError as error:  # a file named on the command line or in the configuration
        where = f"{error.filename}: " if error.filename else ""
        print(f"harness: {where}{error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    return code


def parser() -> argparse.ArgumentParser:
    from harness.cli import add, compare, extract, review, run, score

    top = argparse.ArgumentParser(prog="harness", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for module in (run, review, add, extract, score, compare):
        module.register(sub)
    return top


def add_selection(parser: argparse.ArgumentParser) -> None:
    """--extractor, --capture, --captures and --goldens, shared by the commands that run."""
    parser.add_argument("--extractor", action="append", help="repeatable; default all")
    parser.add_argument("--capture", action="append", help="repeatable; default all")
    parser.add_argument("--captures", type=Path, help="folder of captures")
    parser.add_argument("--goldens", type=Path, help="folder of goldens")


def add_network(parser: argparse.ArgumentParser) -> None:
    """--allow-network, for every command that runs extractors (in worker processes)."""
    parser.add_argument(
        "--allow-network",
        action="store_true",
        help="let extractors reach the network (refused in worker processes by default)",
    )


def context(args: argparse.Namespace) -> tuple[configuration.Config, list[registry.Entry]]:
    """The configuration with command-line paths put in, and the selected extractors (by
    name: nothing of theirs is imported here)."""
    config = configuration.load().with_paths(captures=args.captures, goldens=args.goldens)
    extractors = registry.from_config(config).select(args.extractor)
    return config, extractors
