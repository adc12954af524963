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


def fresh(results: list[Any]) -> Counter[str]:
    """The cells extracted again (not judged from the cache), counted by extractor."""
    return Counter(r["extractor"] for r in results if not r.get("cached"))


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
    pages = len({r["capture"] for r in cold})
    extractors = len({r["extractor"] for r in cold})
    page_cells = sorted({r["capture"] for r in after_page if not r.get("cached")})
    print(
        f"{pages} pages x {extractors} extractors = {len(cold)} cells, --jobs {args.jobs}; "
        f"{load_line()}"
    )
    print(
        f"| first run, empty cache | {first:.1f} s | {sum(fresh(cold).values())} cells extracted |"
    )
    print(
        f"| second run, unchanged corpus | {second:.1f} s | "
        f"{sum(fresh(warm).values())} cells extracted |"
    )
    statuses = Counter(r["status"] for r in warm)
    print(f"| second run's cells | {', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))} |")
    ratio = second / first
    print(f"| second / first | {ratio:.3f} | target <= {TARGET}: {verdict(ratio <= TARGET)} |")
    exact = page_cells == [changed] and sum(fresh(after_page).values()) == extractors
    print(
        f"| one capture changed ({changed[:12]}…) | {one_page:.1f} s | "
        f"{sum(fresh(after_page).values())} cells extracted, all of that capture: "
        f"{verdict(exact)} |"
    )
    only = set(fresh(after_options)) == {"trafilatura"}
    print(
        f"| trafilatura's options changed | {options:.1f} s | "
        f"{sum(fresh(after_options).values())} cells extracted, all trafilatura's: "
        f"{verdict(only and fresh(after_options)['trafilatura'] == pages)} |"
    )


if __name__ == "__main__":
    main()
