"""Folders and pending entries whose names are no valid capture id: shown only through
`harness.output.name` (one line, control characters as escapes) in the matrix, the
failure text, `harness pending` and every report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.cli import main

HOSTILE = ["new\nline", "esc\x1b[31mred", "bidi\u202eevil"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_hostile_folder_names_stay_on_one_line_escaped(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in HOSTILE:
        (project / "captures" / name).mkdir()
        (project / "captures" / name / "page.html").write_text("<title>t</title><p>p</p>")
    code = main(["run", "--report", "rep"])
    out = capsys.readouterr().out
    assert code == 1
    assert "new\\nline" in out and "esc\\x1b[31mred" in out and "bidi\\u202eevil" in out
    assert not RAW.search(out)
    rows = [line.split()[0] for line in out.split("\n\n")[0].splitlines()[2:]]
    assert sorted(rows) == sorted(
        ["alpha", "beta", "new\\nline", "esc\\x1b[31mred", "bidi\\u202eevil"]
    )
    for report in ("report.html", "report.md", "junit.xml"):
        text = (project / "rep" / report).read_text("utf-8")
        assert not RAW.search(text), (report, RAW.findall(text))
    html = (project / "rep" / "report.html").read_text("utf-8")
    assert '<th scope="row">esc\\x1b[31mred</th>' in html
    assert "Content-Security-Policy" in html


def test_a_pending_entry_with_a_new_line_in_its_extractor(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"]) == 1
    capsys.readouterr()
    pending = project / ".harness" / "pending"
    entry = next(pending.rglob("*.json"))
    data = json.loads(entry.read_text("utf-8"))
    data["extractor"] = "demo\nforged  new"
    entry.write_text(json.dumps(data), "utf-8")
    code = main(["pending"])
    out = capsys.readouterr().out
    assert code == 0 and "demo\\nforged  new[" in out
    assert len(out.splitlines()) == len(list(pending.rglob("*.json"))) + 1
