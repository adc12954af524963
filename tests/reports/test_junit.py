"""junit.xml: a testcase per cell, failures carrying the explain text, skips their reason."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from harness.reports import junit
from harness.reports.files import write_all

from . import sample


def test_one_testcase_per_cell_with_failure_error_and_skip(tmp_path: Path) -> None:
    write_all(tmp_path, sample.outcomes(), sample.TRUTHS)
    root = ET.parse(tmp_path / "junit.xml").getroot()
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.attrib | {"time": "0"} == {
        "name": "capture-harness",
        "tests": "5",
        "failures": "2",
        "errors": "1",
        "skipped": "1",
        "time": "0",
    }
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert len(cases) == 5
    failure = cases[("demo", "evil")].find("failure")
    assert failure is not None and failure.get("type") == "drift"
    assert failure.text is not None and "title: changed" in failure.text
    assert sample.HOSTILE_SCRIPT in failure.text  # escaped in the file, text when parsed
    skipped = cases[("other", "evil")].find("skipped")
    assert skipped is not None and skipped.get("message") == "other takes text captures, not html"
    error = cases[("other", "calm")].find("error")
    message = error.get("message") if error is not None else None
    assert message is not None and "\\x0c" in message and "\x0c" not in message
    assert list(cases[("demo", "calm")]) == []


def test_control_characters_are_shown_and_those_xml_cannot_hold_replaced() -> None:
    assert junit.clean("a\x00b\x0cc\ud800d\te\u202ef\ufffe") == (
        "a\\x00b\\x0cc\\ud800d\te\\u202ef\ufffd"
    )
