"""Incremental runs: `harness run` with every extractor over the pages of the
article-extraction-benchmark, a first run (empty record cache: every cell extracted) against
a second over the unchanged corpus, then one capture changed, then one extractor's options
changed.

Run from the project root:  python benchmarks/incremental.py [--corpus DIR] [--jobs 2]

The corpus is read in place; the project lives in a temporary folder: the first run finds no
goldens (every cell new), its outputs are approved, and every later run compares every cell
with its golden, as a user's CI does. The copy of the corpus
in which one page is changed (a cache key holds no path, so the copy's other pages are the same
captures). Each run is a whole process, timed from its start to its exit; which cells were
extracted again is counted from the run's JSON (`"cached": true` on every other cell).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import corpus, environment, harness, load_line, verdict

TARGET = 0.1  # the second run over an unchanged corpus, as a share of the first
OPTIONS = "[tool.harness.extractors.trafilatura]\noptions = {{ favor_precision = {} }}\n"


def project(folder: Path, captures: Path) -> None:
    (folder / "pyproject.toml").write_text(
        f'[tool.harness]\ncaptures = {str(captures)!r}\ngoldens = "goldens"\n\n'
        + OPTIONS.format("false"),
        "utf-8",
    )


def run(folder: Path, *args: str, codes: tuple[int, ...] = (0,)) -> tuple[float, list[Any]]:
    """Seconds of one whole `harness run --format json` and its results."""
    started = time.perf_counter()
    done = subprocess.run(
        harness("run", "--format", "json", *args),
        cwd=folder,
        env=environment(),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    if done.returncode not in codes:
        sys.exit(f"harness run {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    results: list[Any] = json.loads(done.stdout)["results"]
    return took, results


def approve(folder: Path) -> None:
    subprocess.run(
        harness("approve", "--all"),
        cwd=folder,
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def changed_copy(captures: Path, into: Path) -> tuple[Path, str]:
    """A copy of the corpus with one page changed (a comment added); its id."""
    copy = into / "captures"
    shutil.copytree(captures, copy)
    page = sorted(copy.glob("*/page.html"))[0]
    page.write_bytes(page.read_bytes() + b"\n<!-- changed -->\n")
    return copy, page.parent.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="folder of page folders (default: shared)")
    parser.add_argument("--jobs", default="2")
    args = parser.parse_args()
    captures = corpus(args.corpus)
    jobs = ("--jobs", args.jobs)
    with tempfile.TemporaryDirectory(prefix="harness-incremental-") as temporary:
        folder = Path(temporary) / "project"
        folder.mkdir()
        project(folder, captures)
        first, cold = run(folder, *jobs, codes=(0, 1))  # no goldens yet: every cell new
        approve(folder)
        second, warm = run(folder, *jobs, codes=(0, 1))  # error cells are never approved
        copy, changed = changed_copy(captures, Path(temporary))
        one_page, after_page = run(folder, *jobs, "--captures", str(copy), codes=(0, 1))
        toml = (folder / "pyproject.toml").read_text()
        (folder / "pyproject.toml").write_text(toml.replace("false", "true"))
        options, after_options = run(folder, *jobs, codes=(0, 1))
    report(
        args.jobs,
        (first, cold),
        (second, warm),
        changed,
        (one_page, after_page),
        (options, after_options),
    )


def cells(results: list[Any], *, fresh_only: bool = False) -> set[tuple[str, str]]:
    return {(r["extractor"], r["capture"]) for r in results if not (fresh_only and r.get("cached"))}


def report(
    jobs: str,
    cold: tuple[float, list[Any]],
    warm: tuple[float, list[Any]],
    changed: str,
    page: tuple[float, list[Any]],
    options: tuple[float, list[Any]],
) -> None:
    """The figures as Markdown rows. An error cell is never cached (it is extracted on every
    run): the exact sets expected besides those are the changed capture's cells, and the
    changed extractor's."""
    every = cells(cold[1])
    errors = {(r["extractor"], r["capture"]) for r in warm[1] if r["status"] == "error"}
    pages = len({c for _, c in every})
    names = len({e for e, _ in every})
    print(f"{pages} pages x {names} extractors = {len(every)} cells, --jobs {jobs}; {load_line()}")
    statuses = Counter(r["status"] for r in warm[1])
    shown = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    print(
        f"| first run, empty cache | {cold[0]:.1f} s | {len(cells(cold[1], fresh_only=True))} "
        "cells extracted |"
    )
    print(
        f"| second run, unchanged corpus | {warm[0]:.1f} s | "
        f"{len(cells(warm[1], fresh_only=True))} cells extracted ({shown}) |"
    )
    ratio = warm[0] / cold[0]
    print(f"| second / first | {ratio:.3f} | target <= {TARGET}: {verdict(ratio <= TARGET)} |")
    for label, (took, results), expected in (
        (f"one capture changed ({changed[:12]}…)", page, {c for c in every if c[1] == changed}),
        ("trafilatura's options changed", options, {c for c in every if c[0] == "trafilatura"}),
    ):
        found = cells(results, fresh_only=True)
        exact = found - errors == expected - errors
        print(
            f"| {label} | {took:.1f} s | {len(found)} cells extracted: {len(expected)} "
            f"expected + {len(found - expected)} error cells (never cached): "
            f"{verdict(exact)} |"
        )


if __name__ == "__main__":
    main()
