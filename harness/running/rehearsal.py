"""A rehearsal: `harness run`, the same code, inside an environment with other versions.

The run happens in a child process, the rehearsal environment's Python running
`-m harness.cli run` (so through the same isolated worker pool, with the same comparison
and the same JSON), against the project's goldens, with its pending outputs kept in a
temporary folder that is thrown away: the project's goldens, pending outputs and
environment are left as they were. Whatever keys that run's JSON has are passed through.
The inner run is not told it is in GitHub Actions (no annotations, no job summary of its
own): the rehearsal's own output is what a workflow shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.running.environment import Environment


@dataclass(frozen=True)
class Versions:
    """What a rehearsal changes: each named distribution's and each extractor's version,
    before (here) and after (in the rehearsal environment); None when not installed."""

    before: Mapping[str, str | None] = field(default_factory=dict)
    after: Mapping[str, str | None] = field(default_factory=dict)
    extractors_before: Mapping[str, str] = field(default_factory=dict)
    extractors_after: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "before": {"distributions": dict(self.before), "extractors": self.extractors_before},
            "after": {"distributions": dict(self.after), "extractors": self.extractors_after},
        }


@dataclass(frozen=True)
class Run:
    """The inner `harness run`: its exit status, its stdout (JSON or the table)."""

    code: int
    stdout: str

    def document(self) -> dict[str, Any]:
        """Its JSON (a run in `--format json`); a run that printed none (it failed before
        running: its error is on stderr) gives an empty document."""
        try:
            found = json.loads(self.stdout)
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}


def command(python: Path, arguments: Sequence[str], pending: Path) -> list[str]:
    """The inner run's command line: `arguments` are `harness run`'s own options."""
    return [str(python), "-P", "-m", "harness.cli", "run", *arguments, "--pending", str(pending)]


def run(environment: Environment, arguments: Sequence[str], *, capture: bool) -> Run:
    """`harness run ARGUMENTS` in the environment, its pending outputs kept aside; stderr
    is this process's (progress, errors); stdout is captured, or passed through."""
    with tempfile.TemporaryDirectory(prefix="harness-rehearsal-") as aside:
        return _run(command(environment.python, arguments, Path(aside) / "pending"), capture)


def records(environment: Environment | None, arguments: Sequence[str]) -> dict[str, Any]:
    """Each record `harness run ARGUMENTS` makes with no goldens (every cell is then new,
    and noted as pending with its record), by extractor then capture, as JSON; with no
    environment, in this one. Cells without a record are kept as {"problem": ...}."""
    from harness.goldens import pending

    python = environment.python if environment else Path(sys.executable)
    with tempfile.TemporaryDirectory(prefix="harness-records-") as aside:
        folder = Path(aside)
        (folder / "goldens").mkdir()
        options = [*arguments, "--format", "json", "--goldens", str(folder / "goldens")]
        done = _run(command(python, options, folder / "pending"), capture=True)
        results = done.document().get("results")
        if done.code not in (0, 1) or not isinstance(results, list):
            raise HarnessError(
                f"the run to compare exited {done.code}",
                where=f"{python} -m harness.cli run",
                fix="see its error above",
            )
        kept = {(e.extractor, e.capture): e.record for e in pending.entries(folder / "pending")}
    found: dict[str, Any] = {}
    for result in results:
        name, capture = result["extractor"], result["capture"]
        record = kept.get((name, capture))
        shown = {"problem": f"{result['status']}: {result['message']}"}
        found.setdefault(name, {})[capture] = record.to_json() if record else shown
    return found


_GITHUB = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")


def _run(command: list[str], capture: bool) -> Run:
    sys.stdout.flush()
    done = subprocess.run(
        command,
        env={k: v for k, v in os.environ.items() if k not in _GITHUB},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else None,
        text=True,
        check=False,
    )
    return Run(done.returncode, done.stdout or "")


def described(python: Path, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The extractors `names` as the environment of `python` describes them (built in its
    workers: `harness extractors --format json`), by name."""
    command = [str(python), "-P", "-m", "harness.cli", "extractors", "--format", "json"]
    for name in names:
        command += ["--extractor", name]
    done = _run(command, True)
    try:
        rows = json.loads(done.stdout)
    except ValueError:
        raise HarnessError(
            f"cannot list its extractors (exit {done.code})",
            where=f"{python} -m harness.cli extractors",
            fix="see its error above",
        ) from None
    return {str(row["name"]): row for row in rows if isinstance(row, dict) and "name" in row}


def versions(environment: Environment, distributions: list[str], extractors: list[str]) -> Versions:
    """The versions of `distributions` and of `extractors` here and in `environment`."""
    from harness.extractor import library_version
    from harness.running.environment import versions as there

    here, after = (described(p, extractors) for p in (Path(sys.executable), environment.python))
    return Versions(
        before={name: library_version(name) for name in distributions},
        after=there(environment.python, distributions),
        extractors_before={n: str(here.get(n, {}).get("version", "")) for n in extractors},
        extractors_after={n: str(after.get(n, {}).get("version", "")) for n in extractors},
    )
