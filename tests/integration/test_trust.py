"""The pytest plugin and hostile text: a golden test's failure shows control characters as
escapes; --harness-report refuses a file; its reports name files relative to the project."""

from __future__ import annotations

import json
import re

import pytest

from .golden_project import Project

CONTROL = "\x1b[2J\x1b]0;owned\x07 \u202eevil \x9b31m \x08"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _hostile_golden(project: Project) -> None:
    project.approve_all()
    path = project.golden("alpha")
    data = json.loads(path.read_text("utf-8"))
    data["record"]["body"][0] = f"First {CONTROL} paragraph."
    path.write_text(json.dumps(data, indent=2), "utf-8")


def test_a_failure_shows_a_hostile_golden_escaped(project: Project) -> None:
    _hostile_golden(project)
    result = project.run("-rA")
    result.assert_outcomes(passed=1, failed=1)
    text = result.stdout.str() + result.stderr.str()
    assert not RAW.search(text), RAW.findall(text)
    assert "\\x1b[2J" in text and "\\u202e" in text and "\\x9b31m" in text


def test_harness_report_that_is_a_file_is_a_usage_error(project: Project) -> None:
    project.approve_all()
    (project.root / "taken").write_text("x")
    result = project.run("--harness-report", "taken")
    assert result.ret == 4  # pytest's usage error
    text = result.stdout.str() + result.stderr.str()
    assert "--harness-report taken: is not a folder" in text
    assert "INTERNALERROR" not in text and "Traceback" not in text
    assert (project.root / "taken").read_text() == "x"


def test_reports_from_pytest_name_files_relative_to_the_project(project: Project) -> None:
    _hostile_golden(project)
    project.golden("beta").write_text("{ not json", "utf-8")
    result = project.run("--harness-report", "out")
    result.assert_outcomes(failed=2)
    for path in (project.root / "out").iterdir():
        text = path.read_text("utf-8")
        assert str(project.root) not in text, path.name
    report = (project.root / "out" / "report.md").read_text("utf-8")
    assert "goldens/demo/beta.json: is not valid JSON" in report
    assert not RAW.search(report)


def test_harness_goldens_that_is_a_file_is_a_usage_error(project: Project) -> None:
    (project.root / "taken").write_text("x")
    result = project.run("--harness-goldens", "taken")
    assert result.ret == 4
    text = result.stdout.str() + result.stderr.str()
    assert "--harness-goldens taken: is not a folder" in text and "Traceback" not in text


def test_harness_report_linked_out_of_the_project_is_a_usage_error(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project.approve_all()
    outside = tmp_path_factory.mktemp("outside")
    (project.root / "linked").symlink_to(outside, target_is_directory=True)
    result = project.run("--harness-report", "linked")
    assert result.ret == 4  # checked at session start, before any test runs
    text = result.stdout.str() + result.stderr.str()
    assert "--harness-report linked" in text and "symbolic link" in text
    assert "INTERNALERROR" not in text and "Traceback" not in text
    assert not list(outside.iterdir())


def test_harness_report_with_a_linked_report_file_writes_none(project: Project) -> None:
    project.approve_all()
    (project.root / "out").mkdir()
    (project.root / "out" / "report.md").symlink_to(project.root / "elsewhere.md")
    result = project.run("--harness-report", "out")
    assert result.ret == 4
    assert "report.md" in result.stdout.str() + result.stderr.str()
    assert sorted(p.name for p in (project.root / "out").iterdir()) == ["report.md"]


def test_an_empty_corpus_is_a_failing_golden_test(project: Project) -> None:
    (project.root / "empty").mkdir()
    result = project.run("--harness-captures", "empty", "-rA")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "no captures in empty: add one with `harness add`" in text
    assert "Traceback" not in text
