"""Size: memory and collection time of a big corpus, 1k, 3k and 10k captures.

Run from the project root:  python benchmarks/size.py [--sizes 1000,3000,10000]

A temporary project holds 10,000 small synthetic HTML captures, a trivial project-local
extractor and the goldens of every cell (written directly, so every run passes). For each
size, each in a fresh process: the peak RSS (`ru_maxrss`) of the parent process of
`harness run --jobs 2` in table and JSON format (the workers are separate processes), next
to the path before streaming, which listed every cell up front and kept every full outcome
(record, golden, compared values); and the wall time of `pytest --collect-only -q` of the
golden suite.
Memory that stays flat from 1k to 10k captures shows the run streams.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.corpus.capture import sha256_of
from harness.goldens import golden as goldens
from harness.goldens.golden import Golden
from harness.record import Record

EXTRACTOR = """
import re
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        title = re.search(r"<title>(.*?)</title>", html)
        return Record(title=title.group(1) if title else None,
                      body=tuple(re.findall(r"<p>(.*?)</p>", html)))
    return Extractor(name, "1", frozenset({"html"}), ("title", "body"), extract)
"""
PYPROJECT = """
[tool.harness]
captures = "captures"
goldens = "goldens"
enable = ["tiny"]

[tool.harness.extractors.tiny]
factory = "tiny_extractor:extractor"
"""
SUITE = "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
PEAK = """
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
STREAMED = """
import sys
from harness.cli import main
args = ["--no-cache", "--captures", sys.argv[1], "--jobs", "2", "--format", sys.argv[2]]
code = main(["run", *args])
assert code == 0, code
"""
LISTED = """
import sys
from pathlib import Path
from harness import config as configuration, registry
from harness.running import pool, runner
from harness.reports import terminal as report
config = configuration.load().with_paths(captures=Path(sys.argv[1]))
extractors = registry.from_config(config).select(None)
cells = list(runner.cases(config, extractors))
found = list(pool.run(config, cells, jobs=2))
print(report.matrix(found) if sys.argv[2] == "table" else report.as_json(found))
assert all(o.status == "pass" for o in found)
"""


def page(index: int) -> bytes:
    words = " ".join(f"word{(index * 7 + k) % 997}" for k in range(40))
    return (
        f"<html><head><title>Page {index}</title></head><body>"
        f"<p>First paragraph of page {index}: {words}.</p><p>Second paragraph, {words}.</p>"
        "</body></html>"
    ).encode()


def make_project(root: Path, total: int, sizes: list[int]) -> None:
    """The project: captures/ with `total` pages, goldens, and captures-N/ subsets (links)."""
    (root / "tiny_extractor.py").write_text(EXTRACTOR)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "tests").mkdir()
    (root / "tests" / "test_goldens.py").write_text(SUITE)
    for index in range(total):
        data = page(index)
        folder = root / "captures" / f"page-{index:05d}"
        folder.mkdir(parents=True)
        (folder / "page.html").write_bytes(data)
        text = data.decode()
        record = Record(
            title=f"Page {index}",
            body=tuple(text.split("<p>")[k].split("</p>")[0] for k in (1, 2)),
        )
        golden = Golden("tiny", "1", folder.name, sha256_of(data), record)
        path = goldens.path_for(root / "goldens", "tiny", folder.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(goldens.dumps(golden), "utf-8")
    for size in sizes:
        subset = root / f"captures-{size}"
        subset.mkdir()
        for index in range(size):
            name = f"page-{index:05d}"
            (subset / name).symlink_to(root / "captures" / name)


def measure(root: Path, code: str, captures: Path, form: str) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one fresh process running `code` over `captures`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + "\n" + PEAK, str(captures), form],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def collect(root: Path, captures: Path) -> tuple[float, int]:
    """Seconds of `pytest --collect-only -q` of the golden suite, and the tests it found."""
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    command += ["--harness-captures", str(captures), "tests/test_goldens.py"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return seconds, sum(1 for line in done.stdout.splitlines() if "::" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,3000,10000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        make_project(root, max(sizes), sizes)
        print(f"made {max(sizes)} captures and goldens in {time.perf_counter() - started:.1f} s")
        print("| captures | harness run | peak RSS, table | json | before: table | json |")
        print("|---|---|---|---|---|---|")
        collected = []
        for size in sizes:
            captures = root / f"captures-{size}"
            seconds, table = measure(root, STREAMED, captures, "table")
            _, json = measure(root, STREAMED, captures, "json")
            _, old_table = measure(root, LISTED, captures, "table")
            _, old_json = measure(root, LISTED, captures, "json")
            collected.append((size, *collect(root, captures)))
            print(
                f"| {size} | {seconds:.1f} s | {table:.0f} MiB | {json:.0f} MiB "
                f"| {old_table:.0f} MiB | {old_json:.0f} MiB |"
            )
        print("\n| captures | pytest --collect-only of the golden suite | tests |\n|---|---|---|")
        for size, seconds, tests in collected:
            print(f"| {size} | {seconds:.1f} s | {tests} |")


if __name__ == "__main__":
    main()
