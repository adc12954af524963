"""--harness-captures, --harness-goldens and --harness-extractor override [tool.harness]; a bad
configuration is a collection error that says what to fix, never a traceback."""

from __future__ import annotations

import pytest

from harness.corpus.capture import create

from .golden_project import PAGES, Project, pyproject


def test_harness_captures_points_at_another_folder(project: Project) -> None:
    create(project.root / "elsewhere", "delta", PAGES["beta"].encode(), kind="text")

    result = project.run("--collect-only", "-q", "--harness-captures", "elsewhere")

    result.stdout.fnmatch_lines(["tests/test_goldens.py::demo?delta?", "1 test collected*"])


def test_harness_goldens_points_at_another_folder(project: Project) -> None:
    project.run("--snapshot-update", "--harness-goldens", "approved").assert_outcomes(passed=2)

    assert project.goldens() == {}
    written = project.root / "approved" / "demo" / "alpha.json"
    assert written.read_text("utf-8") == project.expected("alpha")


def test_harness_extractor_selects_extractors(project: Project) -> None:
    extra = '[tool.harness.extractors.other]\nfactory = "demo_extractor:extractor"\n'
    (project.root / "pyproject.toml").write_text(pyproject(extra))

    every = project.run("--collect-only", "-q")
    one = project.run("--collect-only", "-q", "--harness-extractor", "other")

    every.stdout.fnmatch_lines(["4 tests collected*"])
    one.stdout.fnmatch_lines(["*::other?alpha?", "*::other?beta?", "2 tests collected*"])


@pytest.mark.parametrize(
    ("args", "config", "shown"),
    [
        (
            ("--harness-extractor", "nope"),
            "",
            ["--harness-extractor: unknown extractor(s) nope", "  fix: use one of: *demo*"],
        ),
        (
            (),
            "[tool.harness.tolerance]\nbody = { min_similarity = 2 }\n",
            ["*body.min_similarity: 2 is not a number from 0 to 1", "  fix: *"],
        ),
        (
            ("--harness-captures", "missing"),
            "",
            ["*missing: is not a folder of captures", "  fix: point --captures at a folder*"],
        ),
    ],
    ids=["unknown-extractor", "bad-tolerance", "no-captures"],
)
def test_a_configuration_problem_is_a_collection_error_saying_what_to_fix(
    project: Project, args: tuple[str, ...], config: str, shown: list[str]
) -> None:
    (project.root / "pyproject.toml").write_text(pyproject(config))

    result = project.run(*args)

    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting tests/test_goldens.py*", *shown])
    assert "Traceback" not in result.stdout.str()
