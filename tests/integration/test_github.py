"""Under GitHub Actions the golden tests annotate failing cells and write the job summary,
from the one pytest process or from the xdist controller."""

from __future__ import annotations

from pathlib import Path

import pytest

from .golden_project import Project


def _on_github(monkeypatch: pytest.MonkeyPatch, project: Project) -> Path:
    summary = project.root / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def test_failing_golden_tests_are_annotated_and_summarised(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.approve_all()
    golden = project.golden("beta")
    golden.write_text(golden.read_text("utf-8").replace('"Beta story"', '"Beta: a, b"'))
    summary = _on_github(monkeypatch, project)

    result = project.run()

    result.assert_outcomes(passed=1, failed=1)
    errors = [line for line in result.outlines if line.startswith("::error ")]
    assert errors == [
        "::error file=goldens/demo/beta.json,title=demo[beta]%3A drift::demo[beta]: drift in "
        "title%0A  title: changed (rule: equal after NFC and white space)%0A    expected: "
        '"Beta: a, b"%0A    actual:   "Beta story"%0A  to approve: harness approve '
        "--extractor demo --capture beta%0A          or: "
        'pytest --snapshot-update -k "demo and beta"'
    ]
    text = summary.read_text("utf-8")
    assert "| alpha | pass |" in text and "### demo[beta]: drift" in text


def test_new_cells_under_xdist_reach_the_controller(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _on_github(monkeypatch, project)

    result = project.pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")

    assert result.ret == 1
    errors = sorted(line for line in result.outlines if line.startswith("::error "))
    assert [e.split("::")[1] for e in errors] == [
        "error file=goldens/demo/alpha.json,title=demo[alpha]%3A new",
        "error file=goldens/demo/beta.json,title=demo[beta]%3A new",
    ]
    text = summary.read_text("utf-8")
    assert "## New outputs (2)" in text
    assert "- new: alpha (1 extractor: demo) — approve: harness approve --capture alpha" in text


def test_an_update_run_annotates_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = _on_github(monkeypatch, project)

    result = project.run("--snapshot-update", "--harness-force")

    result.assert_outcomes(passed=2)
    assert not [line for line in result.outlines if line.startswith("::error")]
    assert "2 cells: 2 new" in summary.read_text("utf-8")


def test_outside_github_actions_nothing_is_written(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _on_github(monkeypatch, project)
    monkeypatch.delenv("GITHUB_ACTIONS")

    result = project.run()

    assert not [line for line in result.outlines if line.startswith("::error")]
    assert not summary.exists()
