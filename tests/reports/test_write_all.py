"""write_all: the four reports, from the same cells, in one folder."""

from __future__ import annotations

import json
from pathlib import Path

from harness.reports.files import write_all

from . import sample


def test_writes_the_four_reports(tmp_path: Path) -> None:
    paths = write_all(tmp_path / "out", sample.outcomes(), sample.TRUTHS)
    assert [p.name for p in paths] == ["report.json", "report.md", "junit.xml", "report.html"]
    assert all(p.is_file() for p in paths)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_json_report_has_summary_cells_scores_and_diffs(tmp_path: Path) -> None:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS)
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["summary"]["drift"] == 1 and data["summary"]["total"] == 5
    drift, calm = data["cells"][0], data["cells"][1]
    assert drift["fields"]["title"]["drifted"] is True
    assert drift["explain"].startswith("demo[evil]: drift")
    assert [r["tag"] for r in drift["body"]] == ["equal", "replace", "insert"]
    assert drift["body"][2] == {
        "tag": "insert",
        "old_n": None,
        "old": None,
        "new_n": 3,
        "new": "Added ``` fence",
    }
    # truth "one two three four six" vs "one two three four five": 1 of 2 shingles each way.
    assert calm["scores"] == {"body_f1": 0.5, "title_ok": True}
    assert drift["scores"] is None  # no truth for "evil"


def test_fields_an_extractor_does_not_declare_are_not_scored(tmp_path: Path) -> None:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS, fields={"demo": ("body",)})
    calm = json.loads((tmp_path / "report.json").read_text("utf-8"))["cells"][1]
    assert calm["scores"] == {"body_f1": 0.5, "title_ok": None}
