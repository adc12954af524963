"""`harness rehearse` and `harness compare X X@VERSION`, offline, with wheels made here.

The "current" environment is itself a rehearsal environment (tinyext 1.0 layered over the
test environment, which is never changed); goldens are approved there with tinyext 1.0,
then tinyext 2.0 (which upper-cases titles) is rehearsed: exactly the pages whose title is
not already upper-case drift, on the title alone.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from wheels import tinyext

from harness.corpus.capture import create
from harness.running import environment

PAGES = {
    "alpha": "<html><head><title>Alpha news</title></head><body><p>First alpha.</p></body></html>",
    "beta": "<html><head><title>Beta story</title></head><body><p>Only beta.</p></body></html>",
    "gamma": "<html><head><title>GAMMA</title></head><body><p>Loud gamma.</p></body></html>",
}


@dataclass(frozen=True)
class Setup:
    project: Path
    wheels: Path
    python: Path  # the "current" environment's: tinyext 1.0
    first: subprocess.CompletedProcess[str]  # the first rehearsal of tinyext==2.0, JSON

    def harness(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if k not in _CLEARED} | env
        return subprocess.run(
            [str(self.python), "-m", "harness.cli", *args],
            cwd=self.project,
            env=environ,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def rehearse(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        offline = ("--find-links", str(self.wheels), "--no-index")
        return self.harness("rehearse", *args, *offline, **env)

    def tree(self, folder: str) -> dict[str, bytes]:
        root = self.project / folder
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


pytestmark = pytest.mark.slow  # builds rehearsal environments (pip, offline): about a minute

_CLEARED = ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PYTHONPATH")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    base = tmp_path_factory.mktemp("rehearse")
    wheels = base / "wheels"
    for version in ("1.0", "2.0"):
        tinyext(wheels, version)
    for module in ("venv", "pip"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"a rehearsal environment needs {module}, which this Python lacks")
    request = environment.Request(("tinyext==1.0",), (wheels,), no_index=True)
    current = environment.ensure(base / "current", request)
    project = base / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "captures"\ngoldens = "goldens"\nenable = ["tinyext"]\n'
    )
    for capture_id, page in PAGES.items():
        create(project / "captures", capture_id, page.encode(), kind="html")
    (project / "goldens").mkdir()
    made = Setup(project, wheels, current.python, subprocess.CompletedProcess([], 0))
    assert made.harness("run").returncode == 1  # every cell new
    approved = made.harness("approve", "--all")
    assert approved.returncode == 0, approved.stderr
    first = made.rehearse("tinyext==2.0", "--format", "json")
    yield Setup(project, wheels, current.python, first)


def test_the_versions_before_and_after_are_reported(setup: Setup) -> None:
    assert setup.first.returncode == 1, setup.first.stderr
    versions = json.loads(setup.first.stdout)["versions"]
    assert versions["before"] == {
        "distributions": {"tinyext": "1.0"},
        "extractors": {"tinyext": "1.0"},
    }
    assert versions["after"] == {
        "distributions": {"tinyext": "2.0"},
        "extractors": {"tinyext": "2.0"},
    }


def test_exactly_the_cells_the_new_version_changes_drift(setup: Setup) -> None:
    results = json.loads(setup.first.stdout)["results"]
    found = {r["capture"]: (r["status"], r["drift"], r["version"]) for r in results}
    assert found == {
        "alpha": ("drift", ["title"], "2.0"),
        "beta": ("drift", ["title"], "2.0"),
        "gamma": ("pass", [], "2.0"),
    }


def test_the_project_and_the_current_environment_are_left_as_they_were(setup: Setup) -> None:
    goldens, pending = setup.tree("goldens"), setup.tree(".harness/pending")
    again = setup.rehearse("tinyext==2.0", "--format", "json")
    assert again.returncode == 1
    assert setup.tree("goldens") == goldens
    assert setup.tree(".harness/pending") == pending  # the drifted cells were not noted here
    here = setup.harness("extractors", "--format", "json")
    assert [r["version"] for r in json.loads(here.stdout) if r["name"] == "tinyext"] == ["1.0"]
    plain = setup.harness("run", "--format", "json")  # tinyext 1.0 still passes here
    assert plain.returncode == 0, plain.stdout


def test_the_environment_is_built_once_and_reused(setup: Setup) -> None:
    first = json.loads(setup.first.stdout)["environment"]
    assert first["reused"] is False
    folder = setup.project / first["path"]
    (folder / "seen-by-the-test").write_text("kept")
    second = json.loads(setup.rehearse("tinyext==2.0", "--format", "json").stdout)
    assert second["environment"] == {"path": first["path"], "reused": True}
    assert (folder / "seen-by-the-test").read_text() == "kept"
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no half-built env


def test_a_half_built_environment_is_built_again(setup: Setup) -> None:
    folder = setup.project / json.loads(setup.first.stdout)["environment"]["path"]
    (folder / environment.MARKER).unlink()  # as if a build had stopped before its end
    again = json.loads(setup.rehearse("tinyext==2.0", "--format", "json").stdout)
    assert again["environment"]["reused"] is False
    assert again["versions"]["after"]["distributions"] == {"tinyext": "2.0"}
    assert (folder / environment.MARKER).is_file()


def test_a_bad_requirement_is_a_usage_error(setup: Setup) -> None:
    result = setup.rehearse("tinyext=2.0")
    assert result.returncode == 2
    assert "harness rehearse 'tinyext=2.0': is not a requirement" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_version_that_cannot_be_installed_shows_the_installer_and_the_fix(setup: Setup) -> None:
    result = setup.rehearse("tinyext==3.0")
    assert result.returncode == 2
    assert "harness rehearse tinyext==3.0: the environment could not be built" in result.stderr
    assert "No matching distribution found for tinyext==3.0" in result.stderr
    assert "fix: check the requirement's name and version" in result.stderr
    envs = setup.project / ".harness" / "envs"
    assert not [p for p in envs.iterdir() if p.name.startswith(".building")]


def test_an_unknown_extractor_is_a_usage_error(setup: Setup) -> None:
    result = setup.rehearse("tinyext==2.0", "--extractor", "nope")
    assert result.returncode == 2
    assert "unknown extractor 'nope'" in result.stderr


def test_the_table_shows_the_versions_then_the_run(setup: Setup) -> None:
    result = setup.rehearse("tinyext==2.0")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "                      before  after",
        "distribution tinyext  1.0     2.0",
        "extractor tinyext     1.0     2.0",
    ]
    assert "drift: title" in result.stdout
    assert "1 pass, 2 drift" in result.stdout


def test_the_markdown_summary_counts_the_cells(setup: Setup) -> None:
    result = setup.rehearse("tinyext==2.0", "--format", "markdown")
    assert result.returncode == 1
    text = result.stdout
    assert text.startswith("## Rehearsal of tinyext==2.0\n")
    assert "| distribution tinyext | 1.0 | 2.0 |" in text
    assert "**3 cells**: 2 drift, 1 pass" in text
    assert "| tinyext | alpha | title |" in text and "| tinyext | beta | title |" in text


def test_the_report_folder_gets_the_run_reports(setup: Setup, tmp_path: Path) -> None:
    result = setup.rehearse("tinyext==2.0", "--format", "json", "--report", str(tmp_path / "r"))
    assert result.returncode == 1
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert {c["capture"]: c["status"] for c in report["cells"]}["alpha"] == "drift"


def test_under_github_actions_the_inner_run_writes_no_summary(setup: Setup, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    github = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = setup.rehearse("tinyext==2.0", "--format", "markdown", **github)
    assert result.returncode == 1
    assert result.stdout.startswith("## Rehearsal of tinyext==2.0")
    assert "::error" not in result.stdout + result.stderr
    assert not summary.exists()  # the workflow appends the rehearsal's summary itself


def test_compare_a_name_with_a_version_of_it(setup: Setup) -> None:
    result = setup.harness(
        "compare", "tinyext", "tinyext@2.0", "--format", "json", "--no-index",
        "--find-links", str(setup.wheels),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["left"], found["right"], found["pages"]) == ("tinyext", "tinyext@2.0", 3)
    assert found["fields"]["title"] == {"differ": 2, "rate": 0.6667, "kinds": {"changed": 2}}
    assert found["fields"]["body"]["differ"] == 0
    assert {p["capture"] for p in found["top"]} == {"alpha", "beta"}


def test_compare_refuses_a_version_of_an_extractor_no_distribution_owns(setup: Setup) -> None:
    result = setup.harness("compare", "tinyext", "text@9.9")
    assert result.returncode == 2
    assert "harness compare text@9.9: text belongs to no distribution" in result.stderr
