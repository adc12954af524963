"""Reports and hostile text: no raw control character in report.md or junit.xml, exact
strings in report.json and report.html, a lone surrogate written, paths relative."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.comparison.compare import compare
from harness.comparison.tolerance import Tolerance
from harness.record import Record
from harness.reports.files import write_all
from harness.running.runner import Outcome

from . import sample

CONTROL = "\x1b[2J\x1b]0;owned\x07 \u202eevil \x9b31m \x08"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def hostile_outcomes(root: Path) -> list[Outcome]:
    old = Record(title="Old", body=(f"Para {CONTROL} one.",))
    new = Record(title="Old", body=("Para one.",))
    comparison = compare(old, new, Tolerance(), sample.FIELDS)
    return [
        Outcome(
            "demo",
            "evil",
            "drift",
            "drift in body",
            record=new,
            golden=sample.golden("evil", old),
            comparison=comparison,
            golden_path=root / "goldens" / "demo" / "evil.json",
            version="1.0",
        ),
        Outcome("other", "evil", "error", f"other raised ValueError: {CONTROL} \ud800"),
        Outcome(
            "other",
            "calm",
            "error",
            f"{root}/goldens/other/calm.json: is not valid JSON",
            golden_path=root / "goldens" / "other" / "calm.json",
        ),
    ]


def test_markdown_and_junit_show_controls_as_escapes(tmp_path: Path) -> None:
    written = write_all(tmp_path / "out", hostile_outcomes(tmp_path), {})
    assert len(written) == 4
    for name in ("report.md", "junit.xml"):
        text = (tmp_path / "out" / name).read_text("utf-8")
        assert not RAW.search(text), name
        assert "\\x1b[2J" in text and "\\u202e" in text and "\\x9b" in text, name


def test_json_and_html_keep_the_exact_strings_and_a_lone_surrogate_is_written(
    tmp_path: Path,
) -> None:
    write_all(tmp_path / "out", hostile_outcomes(tmp_path), {})
    document = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    messages = {(c["extractor"], c["capture"]): c["message"] for c in document["cells"]}
    assert messages[("other", "evil")] == f"other raised ValueError: {CONTROL} \ud800"
    page = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert not RAW.search(page)
    data = page.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    cells = json.loads(data)["cells"]
    assert cells[1]["message"] == f"other raised ValueError: {CONTROL} \ud800"


def test_reports_name_files_relative_to_the_project_root(tmp_path: Path) -> None:
    write_all(tmp_path / "out", hostile_outcomes(tmp_path), {}, root=tmp_path)
    for path in (tmp_path / "out").iterdir():
        text = path.read_text("utf-8")
        assert str(tmp_path) not in text, path.name
    assert "goldens/other/calm.json: is not valid JSON" in (
        tmp_path / "out" / "report.md"
    ).read_text("utf-8")
