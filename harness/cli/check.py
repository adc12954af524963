"""`harness check [FILES...]`: every golden (or the files named) valid against the schema.

For CI and pre-commit: exit 0 when every file is a valid golden, 1 naming each invalid one
with the JSON path at fault, 2 on a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    check = sub.add_parser("check", help="validate golden files against the schema")
    check.add_argument("files", nargs="*", type=Path, help="golden files (default: every one)")
    check.add_argument("--goldens", type=Path, help="folder of goldens")
    check.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from harness import config as configuration
    from harness import output
    from harness.goldens import golden

    config = configuration.load().with_paths(goldens=args.goldens)
    root = config.goldens.absolute()
    paths = [p.absolute() for p in args.files] or golden.files(root)
    invalid = 0
    for path in paths:
        found = golden.problem(path, root if path.is_relative_to(root) else path.parent)
        if found is not None:
            invalid += 1
            print(output.relative(found, config.root))
    verdict = f", {invalid} invalid" if invalid else ": all valid"
    print(f"{len(paths)} golden(s) checked{verdict}")
    return 1 if invalid else 0
