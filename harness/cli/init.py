"""`harness init`: a project folder gets what the workflow needs; nothing is overwritten."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness import scaffold

NEXT = """\
next:
  register your extractor in pyproject.toml ([tool.harness.extractors.NAME], enable)
  harness add page.html      # a saved page becomes a capture
  harness run                # every extractor over every capture; outputs wait as pending
  harness approve --all      # the pending outputs become goldens (or: harness review)
  pytest                     # one golden test per extractor and capture (CI runs tox)"""


def register(sub: Any) -> None:
    init = sub.add_parser(
        "init", help="add captures/, goldens/, the golden tests, tox and CI to a project"
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), help="the project (default: here)"
    )
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    steps = scaffold.scaffold(args.folder, version=_version())
    width = max(len(step.path) for step in steps)
    for step in steps:
        note, _, more = step.note.partition("\n")
        line = f"{step.action:<8} {step.path:<{width}}"
        print(f"{line}  ({note})" if note else line.rstrip())
        if more:
            print("\n".join(f"    {text}" if text else "" for text in more.splitlines()))
    print(NEXT)
    return 0


def _version() -> str:
    """The version of capture-harness that tox is to install: the one running now."""
    from harness import __version__

    return __version__
