"""Under GitHub Actions: `::error` annotations for failing cells and the job summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main
from harness.reports import github


def test_workflow_commands_are_escaped_as_githubs_toolkit_does() -> None:
    line = github.error("goldens/a,b/c:d.json", "t: 1, 2", "100% sure\r\nnext\x1b[2J")
    assert line == (
        "::error file=goldens/a%2Cb/c%3Ad.json,title=t%3A 1%2C 2::100%25 sure\\r%0Anext\\x1b[2J"
    )


def test_only_under_github_actions() -> None:
    assert github.active({"GITHUB_ACTIONS": "true"})
    assert not github.active({"GITHUB_ACTIONS": "false"}) and not github.active({"CI": "true"})


def test_the_summary_is_appended_never_through_a_link(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    assert github.append_summary(env, "# harness") == summary
    assert summary.read_text() == "# earlier step\n# harness\n"
    assert github.append_summary({"GITHUB_ACTIONS": "true"}, "x") is None
    link = tmp_path / "link.md"
    link.symlink_to(summary)
    with pytest.raises(github.confine.Escape):
        github.append_summary(env | {"GITHUB_STEP_SUMMARY": str(link)}, "# again")
    assert summary.read_text() == "# earlier step\n# harness\n"


def _on_github(monkeypatch: pytest.MonkeyPatch, project: Path) -> Path:
    summary = project.parent / f"{project.name}-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def test_run_annotates_failing_cells_and_writes_the_summary(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    main(["run"])
    main(["approve", "--all"])
    golden = project / "goldens" / "demo" / "alpha.json"
    data = json.loads(golden.read_text())
    data["record"]["title"] = "Alpha 100%, olds"
    golden.write_text(json.dumps(data))
    capsys.readouterr()
    summary = _on_github(monkeypatch, project)
    assert main(["run"]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0] == (
        "::error file=goldens/demo/alpha.json,title=demo[alpha]%3A drift::"
        "demo[alpha]: drift in title%0A  title: changed (rule: equal after NFC and white space)"
        '%0A    expected: "Alpha 100%25, olds"%0A    actual:   "Alpha news"'
        "%0A  to approve: harness approve --extractor demo --capture alpha"
        '%0A          or: pytest --snapshot-update -k "demo and alpha"'
    )
    text = summary.read_text("utf-8")
    assert text.startswith("# capture-harness report") and "| alpha | **drift: title** |" in text


def test_run_json_keeps_stdout_json_and_annotates_on_stderr(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    summary = _on_github(monkeypatch, project)
    assert main(["run", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["new"] == 2
    assert err.count("::error file=goldens/demo/") == 2
    assert "## New outputs (2)" in summary.read_text("utf-8")


def test_nothing_for_github_outside_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = _on_github(monkeypatch, project)
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert main(["run"]) == 1
    assert "::error" not in capsys.readouterr().out and not summary.exists()
