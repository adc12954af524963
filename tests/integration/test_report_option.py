"""--harness-report DIR: the golden tests write the same four reports as `harness run`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from .golden_project import Project


def test_reports_of_a_run_with_a_drift_and_a_skip(project: Project) -> None:
    project.approve_all()
    path = project.golden("beta")
    data = json.loads(path.read_text())
    data["record"]["title"] = "Another title"
    path.write_text(json.dumps(data))
    project.add_capture("gamma", "<p>html page</p>", kind="html")
    folder = project.root / "out"

    result = project.run("--harness-report", str(folder))

    assert result.ret == 1
    assert sorted(p.name for p in folder.iterdir()) == [
        "junit.xml",
        "report.html",
        "report.json",
        "report.md",
    ]
    report = json.loads((folder / "report.json").read_text())
    statuses = {(r["extractor"], r["capture"]): r["status"] for r in report["cells"]}
    assert statuses == {
        ("demo", "alpha"): "pass",
        ("demo", "beta"): "drift",
        ("demo", "gamma"): "skipped",
    }
    cases = ET.parse(folder / "junit.xml").getroot().iter("testcase")
    assert {c.get("name") for c in cases} == {"alpha", "beta", "gamma"}
    assert "beta" in (folder / "report.md").read_text()


def test_reports_are_merged_across_xdist_workers(project: Project) -> None:
    folder = project.root / "out"

    result = project.pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-n", "2", "--harness-report", str(folder)
    )

    assert result.ret == 1
    report = json.loads((folder / "report.json").read_text())
    assert sorted(r["capture"] for r in report["cells"]) == ["alpha", "beta"]
    assert not (folder / ".parts").exists()
