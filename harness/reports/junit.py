"""JUnit XML: one testcase per cell (classname the extractor, name the capture)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from harness.output import name, visible
from harness.reports.terminal import explain, summary
from harness.running.runner import Outcome

# Characters XML 1.0 cannot hold at all, even escaped.
_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """`text` with control characters shown as escapes (`harness.output.visible`: CI pages
    and terminals show this file) and without the characters XML 1.0 forbids (ElementTree
    escapes the rest)."""
    return _INVALID.sub("\ufffd", visible(text))


def testcase(outcome: Outcome) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=clean(name(outcome.extractor)),
        name=clean(name(outcome.capture)),
        time=f"{outcome.seconds:.3f}",
    )
    if outcome.status == "skipped":
        ET.SubElement(case, "skipped", message=clean(outcome.message or "skipped"))
    elif outcome.failed:
        tag = "error" if outcome.status == "error" else "failure"
        child = ET.SubElement(
            case, tag, message=clean(outcome.message or outcome.status), type=outcome.status
        )
        child.text = clean(explain(outcome))
    return case


def render(outcomes: Sequence[Outcome]) -> str:
    counts = summary(outcomes)
    attributes = {
        "name": "capture-harness",
        "tests": str(counts["total"]),
        "failures": str(counts["drift"] + counts["new"] + counts["changed"]),
        "errors": str(counts["error"]),
        "skipped": str(counts["skipped"]),
        "time": f"{sum(o.seconds for o in outcomes):.3f}",
    }
    suites = ET.Element("testsuites", attributes)
    suite = ET.SubElement(suites, "testsuite", attributes)
    suite.extend(testcase(o) for o in outcomes)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
