"""A project's own extractor module, in the project's root, runs under `harness` and pytest
as the project's code: no PYTHONPATH, from any folder of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project

BIN = Path(sys.executable).parent


def command(name: str) -> str:
    found = shutil.which(name, path=str(BIN))
    if found is None:
        pytest.skip(f"no {name} script beside {sys.executable} (install the package)")
    return found


def plain_environment() -> dict[str, str]:
    """The user's environment: no PYTHONPATH, not a CI machine."""
    drop = ("PYTHONPATH", "CI", "GITHUB_ACTIONS")
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_harness_run_imports_the_project_module_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    (project / "docs").mkdir()
    found = subprocess.run(
        [command("harness"), "run"],
        cwd=project / "docs",
        env=plain_environment(),
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1, found.stderr  # new cells, not errors
    assert "2 cells: 2 new" in found.stdout, found.stdout
    assert "cannot load factory" not in found.stdout


def test_pytest_golden_tests_import_the_project_module(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    (project / "tests").mkdir()
    (project / "tests" / "test_goldens.py").write_text(
        "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
    )
    approve = subprocess.run(
        [command("pytest"), "-p", "no:cacheprovider", "--snapshot-update"],
        cwd=project,
        env=plain_environment(),
        capture_output=True,
        text=True,
    )
    assert approve.returncode == 0, approve.stdout
    assert (project / "goldens" / "demo" / "alpha.json").is_file()
    again = subprocess.run(
        [command("pytest"), "-p", "no:cacheprovider"],
        cwd=project,
        env=plain_environment(),
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0 and "2 passed" in again.stdout, again.stdout
