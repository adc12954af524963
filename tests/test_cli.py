"""The `harness` command as a user runs it: exit codes, matrix, JSON, approve, extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_new_then_approve_then_pass(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", "--extractor", "demo")
    assert code == 1
    assert "alpha    new" in out and "harness approve --capture alpha" in out
    code, out, _ = run(capsys, "approve", "--extractor", "demo", "--reason", "first")
    assert code == 0 and "2 golden(s) written" in out
    code, out, _ = run(capsys, "run", "--extractor", "demo")
    assert code == 0 and "2 cells: 2 pass" in out


def test_drift_names_the_field_and_json_form(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "run")
    run(capsys, "approve", "--all", "--extractor", "demo")
    path = project / "goldens" / "demo" / "beta.json"
    data = json.loads(path.read_text())
    data["record"]["title"] = "Gamma story"
    path.write_text(json.dumps(data))
    code, out, _ = run(capsys, "run", "--extractor", "demo")
    assert code == 1
    assert "drift: title" in out
    assert 'expected: "Gamma story"' in out and 'actual:   "Beta story"' in out
    code, out, _ = run(capsys, "run", "--extractor", "demo", "--format", "json")
    document = json.loads(out)
    beta = next(r for r in document["results"] if r["capture"] == "beta")
    assert (beta["status"], beta["drift"]) == ("drift", ["title"])
    assert document["summary"]["drift"] == 1 and document["summary"]["pass"] == 1


def test_capture_selection_and_unknown_capture(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "run", "--extractor", "demo", "--capture", "beta", "--format", "json"
    )
    assert [r["capture"] for r in json.loads(out)["results"]] == ["beta"]
    code, _, err = run(capsys, "run", "--capture", "nope")
    assert code == 2 and "has no capture nope" in err and "Traceback" not in err


def test_unknown_extractor_is_exit_2_listing_names(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "run", "--extractor", "nope")
    assert code == 2 and "unknown extractor 'nope'" in err and "demo" in err


def test_approve_needs_a_selection(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "approve")
    assert code == 2 and "--all" in err


def test_approve_without_a_run_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "approve", "--all")
    assert code == 0 and "run `harness run` first" in out
    assert not list((project / "goldens").rglob("*.json"))


def test_other_captures_and_goldens_folders(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere"
    (project / "captures").rename(other)
    code, out, _ = run(
        capsys,
        "run",
        "--extractor",
        "demo",
        "--captures",
        str(other),
        "--goldens",
        str(tmp_path / "g2"),
    )
    assert code == 1 and "2 new" in out


def test_extract_prints_records(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "page.html"
    page.write_text("<title>Loose</title><p>One.</p>")
    code, out, _ = run(capsys, "extract", str(page), "--extractor", "demo")
    assert code == 0
    assert json.loads(out)["demo"]["title"] == "Loose"
    code, out, _ = run(
        capsys, "extract", str(project / "captures" / "alpha"), "--extractor", "demo"
    )
    assert json.loads(out)["demo"]["published"] == "2020-12-01T17:26"


def test_extractors_listing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extractors", "--format", "json")
    assert code == 0
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["demo"] == {
        "name": "demo",
        "version": "1.0",
        "kinds": ["html"],
        "fields": ["title", "published", "body"],
        "available": True,
        "enabled": True,
    }
    assert rows["trafilatura"]["enabled"] is False


def test_extractors_listing_of_some(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extractors", "--format", "json", "--extractor", "demo")
    assert code == 0
    assert [row["name"] for row in json.loads(out)] == ["demo"]
    code, _, err = run(capsys, "extractors", "--extractor", "nope")
    assert code == 2 and "unknown extractor 'nope'" in err


def test_run_writes_reports_with_scores_where_a_truth_exists(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = {"title": "Alpha news", "body": "First alpha paragraph.\n\nSecond alpha paragraph."}
    (project / "captures" / "alpha" / "truth.json").write_text(json.dumps(truth))
    code, _, err = run(capsys, "run", "--report", str(project / "out"))
    assert code == 1 and "report.html" in err
    names = sorted(p.name for p in (project / "out").iterdir())
    assert names == ["junit.xml", "report.html", "report.json", "report.md"]
    cells = json.loads((project / "out" / "report.json").read_text())["cells"]
    alpha = next(c for c in cells if c["capture"] == "alpha")
    assert alpha["status"] == "new" and alpha["scores"]["title_ok"] is True


def test_long_runs_show_progress_on_stderr(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.cli import run as run_module

    _, _, quiet = run(capsys, "run")
    assert "checked" not in quiet
    monkeypatch.setattr(run_module, "LONG_RUN", 1)
    _, out, err = run(capsys, "run")
    assert "checked 2/2 cells" in err and "checked" not in out


def test_extractors_not_installed_are_named_once(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "absent_extractor.py").write_text(
        "from harness.extractor import unavailable\n"
        "def extractor(name, options):\n"
        "    return unavailable(name, kinds={'html'}, fields=('body',), reason='lib missing')\n"
    )
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('enable = ["demo"]', 'enable = ["demo", "absent"]')
        + '\n[tool.harness.extractors.absent]\nfactory = "absent_extractor:extractor"\n'
    )
    _, out, _ = run(capsys, "run")
    assert "not installed, so skipped: absent" in out
    assert out.count("absent") == 2  # the matrix column and that line


def test_goldens_in_the_captures_folder_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "run", "--goldens", "captures")
    assert code == 2 and "--goldens" in err and "fix:" in err and "Traceback" not in err
    assert not (project / "captures" / "demo").exists()


def test_a_linked_report_target_refuses_before_any_report_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "rep").mkdir()
    (project / "rep" / "report.md").symlink_to(project / "elsewhere.md")
    code, _, err = run(capsys, "run", "--report", "rep")
    assert code == 2 and "report.md" in err and "symbolic link" in err
    assert sorted(p.name for p in (project / "rep").iterdir()) == ["report.md"]
    assert not (project / "elsewhere.md").exists()


@pytest.mark.parametrize("form", ["table", "json"])
def test_a_run_over_an_empty_corpus_is_not_green(
    project: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    (project / "empty").mkdir()
    code, out, err = run(capsys, "run", "--captures", "empty", "--format", form)
    assert code == 1 and "no captures in empty: add one with `harness add`" in err
    if form == "json":
        json.loads(out)
