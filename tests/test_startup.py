"""Start-up: each command imports only what it uses.

`harness --help`, every `harness CMD --help` and the parser they share import none of the
heavy modules (third-party libraries, the runner, the worker pool, reports); listing the
extractors imports none of their libraries, in the command's process nor in the worker that
builds them. What is imported is checked, not how long it takes (the machines are shared).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HARNESS = [sys.executable, "-m", "harness.cli"]
LIBRARIES = (
    "trafilatura",
    "readability",
    "newspaper",
    "goose3",
    "justext",
    "resiliparse",
    "boilerpy3",
    "htmldate",
    "inscriptis",
    "lxml",
    "harness.rendered",
)
HEAVY = (
    *LIBRARIES,
    "deepdiff",
    "jsonschema",
    "requests",
    "warcio",
    "charset_normalizer",
    "multiprocessing",
    "importlib.metadata",
    "harness.running.runner",
    "harness.running.pool",
    "harness.comparison.compare",
    "harness.goldens.golden",
    "harness.goldens.pending",
    "harness.reports.terminal",
    "harness.reports",
    "harness.scoring.score",
    "harness.scoring.gate",
    "harness.corpus.fetch",
    "harness.corpus.warc",
)
EVERY_HELP = """
import contextlib, io, json, sys
from harness.cli import parser
top = parser()
commands = sorted(top._subparsers._group_actions[0].choices)
for argv in [["--help"]] + [[command, "--help"] for command in commands]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        top.parse_args(argv)
print(json.dumps({"commands": commands, "modules": sorted(sys.modules)}))
"""


def _environ() -> dict[str, str]:
    """No CI, and no HARNESS_DEBUG (with it, workers' stderr would mix with the command's)."""
    dropped = ("CI", "GITHUB_ACTIONS", "HARNESS_DEBUG")
    return {k: v for k, v in os.environ.items() if k not in dropped}


def _python(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """This Python with `args`, in `folder`, as a user's shell would start it."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        env=_environ(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def imported(stderr: str) -> set[str]:
    """The modules `python -X importtime` reported importing."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "imported package" not in line
    }


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY))


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    done = _python(tmp_path, "-X", "importtime", "-m", "harness.cli", "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: harness" in done.stdout and "extractors" in done.stdout
    modules = imported(done.stderr)
    assert "harness.cli.run" in modules  # every subcommand is registered
    assert heavy(modules) == []


def test_every_command_help_imports_nothing_heavy(tmp_path: Path) -> None:
    done = _python(tmp_path, "-c", EVERY_HELP)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert {"run", "extractors", "approve", "add", "score", "compare"} <= set(found["commands"])
    assert heavy(set(found["modules"])) == []


SPY = """
import sys

from harness import Extractor

LIBRARIES = {libraries!r}


def extractor(name, options):
    present = [m for m in sorted(sys.modules) if m.split(".")[0] in LIBRARIES
               or m.startswith("harness.rendered")]
    return Extractor(name, ",".join(present) or "none", frozenset({{"html"}}), ("body",),
                     lambda capture: {{}})
"""


def test_listing_extractors_imports_none_of_their_libraries(tmp_path: Path) -> None:
    """The worker builds every registered extractor in name order, the spy last: what it
    finds imported by then (its version) is what building the others imported."""
    (tmp_path / "spy.py").write_text(SPY.format(libraries=LIBRARIES), "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.harness.extractors.zz-spy]\nfactory = "spy:extractor"\n', "utf-8"
    )
    done = _python(
        tmp_path, "-X", "importtime", *HARNESS[1:], "extractors", "--format", "json", timeout=120
    )
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert list(rows)[-1] == "zz-spy" and len(rows) > 1
    assert rows["zz-spy"]["version"] == "none"  # the worker, after building every extractor
    parent = imported(done.stderr)
    assert [m for m in parent if m.split(".")[0] in LIBRARIES] == []
    assert "deepdiff" not in parent and "jsonschema" not in parent
