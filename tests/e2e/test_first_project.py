"""The first hour, from an empty folder, with the built wheel in a fresh environment.

The wheel is built once from a copy of the sources, installed with its dependencies into a
new virtual environment (no system site-packages), and the commands of the README's "Your own
project, from an empty folder" run in an empty folder with that environment first on PATH and no
PYTHONPATH: `harness init`, a project-local extractor module, `harness add`, `harness
approve --all`, `pytest`; a golden changed by hand then fails `pytest`, naming the drift.
Then `tox`, as the CI example runs it. Slow-ish (about a minute: a build and two installs,
from the local package cache where it has them); skipped, saying why, when the dependencies
cannot be installed for lack of network.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "README.md"  # its section "Your own project, from an empty folder"
NO_END = 1800  # seconds: only so that a hung install cannot hang the suite

MY_EXTRACTORS = '''\
"""Our extractor, as the harness sees it: a factory (name, options) -> harness.Extractor."""

import re

from harness import Extractor, Record


def extractor(name, options):
    def extract(capture):
        html = capture.text()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        return Record(
            title=title.group(1).strip() if title else None,
            body=tuple(p.strip() for p in re.findall(r"<p>(.*?)</p>", html, re.S)),
        )

    return Extractor(name, "1.0", frozenset({"html"}), ("title", "body"), extract)
'''

PAGE = """\
<html><head><title>Our first page</title></head>
<body><p>The first paragraph of our first page.</p><p>And a second one.</p></body></html>
"""

UNCOMMENTED = ("enable = ", "[tool.harness.extractors.mine]", "factory = ")
GOLDEN = "goldens/mine/our-first-page.json"
NETWORK = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "NewConnectionError",
    "ConnectTimeoutError",
    "ProxyError",
    "Read timed out",
)

pytestmark = pytest.mark.slow


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=NO_END, check=False
    )


def install(python: Path, *requirements: str) -> None:
    """pip install into the fresh environment; a skip when the network is what failed."""
    done = run([str(python), "-m", "pip", "install", "-q", *requirements], cwd=REPO)
    if done.returncode != 0:
        text = done.stdout + done.stderr
        if any(sign in text for sign in NETWORK):
            pytest.skip(f"cannot install {' '.join(requirements)} (no network?): {text[-400:]}")
        pytest.fail(f"pip install {' '.join(requirements)} failed:\n{text}")


def _setuptools_builds() -> bool:
    """The setuptools of this environment builds the wheel (pyproject.toml asks >= 77);
    else pip builds it in isolation, fetching a setuptools that does."""
    try:
        found = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return False
    return int(found.split(".")[0]) >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once from a copy of the sources (the worktree gets no build/)."""
    if importlib.util.find_spec("pip") is None:
        pytest.skip(
            "this environment has no pip to build the wheel with (uv made it, as in "
            "`tox -e lowest`); the pinned environments run this test"
        )
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "harness", source / "harness", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    isolation = ["--no-build-isolation"] if _setuptools_builds() else []
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation]
    built = run([*command, "-w", str(out), str(source)], cwd=source)
    text = built.stdout + built.stderr
    if built.returncode != 0 and not isolation and any(sign in text for sign in NETWORK):
        pytest.skip(f"cannot fetch setuptools to build the wheel (no network?): {text[-400:]}")
    assert built.returncode == 0, text
    (found,) = out.glob("capture_harness-*.whl")
    return found


@pytest.fixture(scope="module")
def environment(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh virtual environment with the wheel: the variables of a shell that activated
    it (no PYTHONPATH, not a CI machine, no tox of ours around it)."""
    home = tmp_path_factory.mktemp("env") / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(home)
    python = home / "bin" / "python"
    install(python, str(wheel), "-c", str(REPO / "constraints.txt"))
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CI", "GITHUB_ACTIONS")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("TOX_")}
    env["PATH"] = os.pathsep.join([str(home / "bin"), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(home)
    env["PIP_FIND_LINKS"] = " ".join(filter(None, [env.get("PIP_FIND_LINKS"), str(wheel.parent)]))
    return env


def first_project(folder: Path, env: dict[str, str]) -> None:
    """The steps of the README's first-project section up to the first approval."""
    (folder / "my_extractors.py").write_text(MY_EXTRACTORS)
    init = run(["harness", "init"], folder, env)
    assert init.returncode == 0, init.stderr
    assert "created  tests/test_goldens.py" in init.stdout
    pyproject = folder / "pyproject.toml"
    text = pyproject.read_text()
    for line in UNCOMMENTED:
        assert f"\n# {line}" in text
        text = text.replace(f"\n# {line}", f"\n{line}")
    pyproject.write_text(text)
    (folder / "page.html").write_text(PAGE)
    added = run(["harness", "add", "page.html"], folder, env)
    assert added.returncode == 0, added.stdout + added.stderr
    assert "added capture our-first-page" in added.stdout
    new = run(["harness", "run"], folder, env)
    assert new.returncode == 1 and "1 cells: 1 new" in new.stdout, new.stdout + new.stderr
    approved = run(["harness", "approve", "--all"], folder, env)
    assert approved.returncode == 0, approved.stdout + approved.stderr


def test_the_first_hour_from_an_empty_folder(tmp_path: Path, environment: dict[str, str]) -> None:
    folder = tmp_path / "extract"
    folder.mkdir()
    first_project(folder, environment)
    passing = run(["harness", "run"], folder, environment)
    assert passing.returncode == 0 and "1 cells: 1 pass" in passing.stdout, passing.stdout
    tests = run(["pytest"], folder, environment)
    assert tests.returncode == 0 and "1 passed" in tests.stdout, tests.stdout + tests.stderr
    golden = folder / GOLDEN
    golden.write_text(golden.read_text().replace('"Our first page"', '"Our very first page"'))
    drift = run(["pytest"], folder, environment)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert "mine[our-first-page]: drift in title" in drift.stdout
    assert 'expected: "Our very first page"' in drift.stdout
    assert "harness approve --extractor mine --capture our-first-page" in drift.stdout


def test_tox_runs_the_golden_tests_as_ci_does(tmp_path: Path, environment: dict[str, str]) -> None:
    install(Path(environment["VIRTUAL_ENV"]) / "bin" / "python", "tox")
    folder = tmp_path / "extract"
    folder.mkdir()
    first_project(folder, environment)
    ci = {**environment, "CI": "true", "GITHUB_ACTIONS": "true"}
    passing = run(["tox"], folder, ci)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "1 passed" in passing.stdout
    refused = run(["tox", "--", "--snapshot-update"], folder, ci)
    assert refused.returncode != 0, refused.stdout  # CI never approves


def test_the_document_shows_what_this_test_runs() -> None:
    doc = DOC.read_text()
    for snippet in (
        MY_EXTRACTORS,
        PAGE,
        *UNCOMMENTED,
        "harness init",
        "harness add page.html",
        "harness run",
        "harness approve --all",
        "pytest",
        '"Our very first page"',
        "pip install tox",
        "tox",
    ):
        assert snippet in doc, snippet
