"""CI never writes goldens: --snapshot-update is refused when CI or GITHUB_ACTIONS is set."""

from __future__ import annotations

import pytest

from .golden_project import Project


@pytest.mark.parametrize(
    ("variable", "value", "option"),
    [
        ("CI", "true", "--snapshot-update"),
        ("GITHUB_ACTIONS", "true", "--snapshot-update"),
        ("CI", "1", "--snapshot-update-new-only"),
    ],
)
def test_an_update_on_ci_is_a_usage_error_naming_the_variable(
    project: Project, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, option: str
) -> None:
    monkeypatch.setenv(variable, value)

    result = project.run(option)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: {option} refused: {variable}={value} says this is a CI run, "
            "and CI never writes goldens",
            "  fix: approve locally and commit the goldens, or add --harness-force",
        ]
    )
    assert project.goldens() == {}


def test_harness_force_lets_an_update_write_on_ci(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")

    project.run("--snapshot-update", "--harness-force").assert_outcomes(passed=2)

    assert project.golden("alpha").read_text("utf-8") == project.expected("alpha")


@pytest.mark.parametrize("value", ["false", "0", ""])
def test_ci_set_to_false_is_not_ci(
    project: Project, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)

    project.run("--snapshot-update").assert_outcomes(passed=2)


def test_a_plain_run_on_ci_runs(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    project.run().assert_outcomes(failed=2)


def test_an_update_on_ci_is_refused_for_a_project_below_the_rootdir(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = project.root / "sub"
    sub.mkdir()
    for name in ("pyproject.toml", "captures", "goldens", "tests", "demo_extractor.py"):
        (project.root / name).rename(sub / name)
    pytest_section = '[tool.pytest.ini_options]\naddopts = "--import-mode=importlib"\n'
    harness_only = (sub / "pyproject.toml").read_text().replace(pytest_section, "")
    (sub / "pyproject.toml").write_text(harness_only)
    (project.root / "pyproject.toml").write_text(pytest_section)
    monkeypatch.setenv("CI", "true")

    result = project.run("--snapshot-update", "sub/tests")

    result.stdout.fnmatch_lines(
        ["*ERROR collecting sub/tests/test_goldens.py*", "*refused: CI=true*"]
    )
    assert not any((sub / "goldens").iterdir())
