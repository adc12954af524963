"""Start-up of the `harness` command, timed as a user times it: whole processes.

Run from the project root:  python benchmarks/startup.py [--rounds 10]

Times `harness --help` and `harness extractors` (in an empty project folder, every
registered extractor listed), each a fresh process started with `subprocess`, from before the
start to its exit; the best of the rounds counts (the machines are shared and noisy). The
targets are for an idle machine: the load average is printed with the figures. Bytecode is
kept (under a temporary PYTHONPYCACHEPREFIX) as on a user's machine; an untimed first run of
each command writes it.

The helpers here serve benchmarks/overhead.py and benchmarks/scaling.py too, which time
`harness run` the same way: whole processes, start-up included.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark"
SOURCE = "https://github.com/scrapinghub/article-extraction-benchmark"
TARGETS = {"harness --help": 0.3, "harness extractors": 0.6}


def harness(*args: str) -> list[str]:
    """The `harness` command as this Python runs it (what the `harness` script does)."""
    return [sys.executable, "-m", "harness.cli", *args]


def environment() -> dict[str, str]:
    """The caller's environment, less what would make a run behave as on a CI machine, and
    with bytecode kept as on a user's machine (in a cache folder of its own, outside the
    tree), even where PYTHONDONTWRITEBYTECODE is set: else every run compiles every module."""
    dropped = ("CI", "GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE")
    found = {k: v for k, v in os.environ.items() if k not in dropped}
    found["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "harness-benchmark-pycache")
    return found


def seconds(command: Sequence[str], cwd: Path, codes: tuple[int, ...] = (0,)) -> Timing:
    """Wall-clock seconds of one whole process, start to exit, and the CPU seconds it and
    its worker processes used (less sensitive to a busy machine); a wrong exit status stops."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in codes:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu)


def best_of(
    sides: Mapping[str, Sequence[str]], cwd: Path, rounds: int, codes: tuple[int, ...] = (0,)
) -> dict[str, Timing]:
    """The best wall-clock and CPU times of each command over the rounds (each its own
    minimum), the sides alternating (their order reversed every other round), after one
    untimed warm-up run of each."""
    for command in sides.values():
        seconds(command, cwd, codes)
    times: dict[str, list[Timing]] = {name: [] for name in sides}
    for number in range(rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for name in order:
            times[name].append(seconds(sides[name], cwd, codes))
    return {
        name: Timing(min(t.wall for t in found), min(t.cpu for t in found))
        for name, found in times.items()
    }


class Timing(NamedTuple):
    wall: float  # seconds, start to exit
    cpu: float  # user + system seconds of the process and the workers it waited for


def corpus(given: Path | None) -> Path:
    """The corpus folder: the one given, else ../shared/corpus/article-extraction-benchmark."""
    folder = given or CORPUS
    if not folder.is_dir():
        sys.exit(
            f"benchmark corpus not found: {folder}; give --corpus DIR, a folder of the page "
            f"folders (page.html, truth.json) of scrapinghub/article-extraction-benchmark "
            f"({SOURCE})"
        )
    return folder.resolve()


def approved_project(folder: Path, captures: Path, extractor: str = "trafilatura") -> Path:
    """A project in `folder` reading `captures`, every record of `extractor` approved, so
    that a timed run compares with goldens, as a user's CI run does."""
    (folder / "pyproject.toml").write_text(
        "[tool.harness]\n"
        f"captures = {str(captures)!r}\n"
        'goldens = "goldens"\n'
        f"enable = [{extractor!r}]\n",
        "utf-8",
    )
    seconds(harness("run", "--no-cache", "--jobs", "2", "--format", "json"), folder, codes=(0, 1))
    seconds(harness("approve", "--all"), folder)
    seconds(harness("run", "--no-cache", "--jobs", "2"), folder)  # exit 0: every cell passes
    return folder


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def load_line() -> str:
    return f"cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="harness-startup-") as folder:
        sides = {"harness --help": harness("--help"), "harness extractors": harness("extractors")}
        found = best_of(sides, Path(folder), rounds)
    print(f"best of {rounds} rounds, whole processes; {load_line()}")
    for name, took in found.items():
        target, met = TARGETS[name], verdict(took.wall < TARGETS[name])
        print(f"| {name} | {took.wall:.3f} s (CPU {took.cpu:.3f} s) | target < {target} s: {met} |")


if __name__ == "__main__":
    main()
