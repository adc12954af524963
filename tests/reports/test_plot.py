"""The plot of report.html: drawn by matplotlib when installed, rebuilt from an allow-list so
no script, style or outside link reaches a page under a strict Content-Security-Policy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness.goldens.golden import Golden
from harness.record import Record
from harness.reports import files, plot
from harness.running.runner import Outcome
from harness.scoring.paired import Pair

HOSTILE = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" onload="alert(1)">
  <style>*{fill:red}</style>
  <script>alert(2)</script>
  <metadata><title>x</title></metadata>
  <foreignObject><div>html</div></foreignObject>
  <g id="g1" style="fill: #ff0000; stroke: url(https://evil.example/x); cursor: pointer">
    <path d="M 0 0 L 1 1" style="fill: url(#clip1)" onclick="alert(3)"/>
    <use xlink:href="#g1"/><use xlink:href="https://evil.example/#a"/>
    <use href="javascript:alert(4)"/>
    <a href="https://evil.example"><text>link</text></a>
    <text x="1" style="font: 7px 'DejaVu Sans'; text-anchor: start">a&lt;b&gt; &amp; c</text>
  </g>
</svg>"""


def test_the_svg_keeps_what_draws_and_nothing_else() -> None:
    clean = plot.sanitise(HOSTILE)
    lowered = clean.lower()
    for gone in ("<script", "<style", "alert", "onload", "onclick", "evil", "javascript"):
        assert gone not in lowered
    for gone in ("<metadata", "foreignobject", "<div", "cursor", "style=", "link</text>"):
        assert gone not in lowered
    assert 'fill="#ff0000"' in clean and 'fill="url(#clip1)"' in clean
    assert 'xlink:href="#g1"' in clean and 'font-size="7px"' in clean
    assert 'text-anchor="start"' in clean and ">a&lt;b&gt; &amp; c</text>" in clean


def pairs(*captures: str) -> list[Pair]:
    return [Pair("x", c, "body", 0.2 * i, 0.1 + 0.15 * i) for i, c in enumerate(captures)]


def test_no_plot_for_fewer_than_two_pages_and_a_note_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert plot.section(pairs("a")) == ""
    assert plot.section([Pair("x", "a", "title", 0, 1), *pairs("b")]) == ""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails
    shown = plot.section(pairs("a", "b"))
    assert "matplotlib is not installed" in shown and "<svg" not in shown


def test_the_plot_is_an_inline_svg_with_escaped_labels() -> None:
    pytest.importorskip("matplotlib", reason="the plot needs matplotlib ([plots] extra)")
    found = [
        Pair("x", "moved", "body", 0.2, 0.9),
        Pair("x", "a<b>&$x$", "body", 0.8, 0.1),
        Pair("x", "still", "body", 0.5, 0.5),
    ]
    shown = plot.section(found)
    assert shown.count("<svg") == 1 and ">moved</text>" in shown and "still" not in shown
    assert "a&lt;b&gt;&amp;$x$</text>" in shown and "<b>" not in shown
    for gone in ("<script", "<style", "style=", "<metadata"):
        assert gone not in shown
    assert plot.section(pairs("a", "b", "c")) == plot.section(pairs("a", "b", "c"))  # stable


def test_report_html_carries_the_plot_under_its_policy(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the plot needs matplotlib ([plots] extra)")
    body = ("one two three four five six", "seven eight nine ten")
    truths = {c: Record(body=body) for c in ("p1", "p2")}
    outcomes = [
        Outcome(
            "x",
            c,
            "drift",
            record=Record(body=body[:1]),
            golden=Golden("x", "1", c, "0" * 64, Record(body=body)),
        )
        for c in truths
    ]
    files.write_all(tmp_path, outcomes, truths)
    page = (tmp_path / "report.html").read_text()
    assert '<figure id="plot"><svg' in page and 'content="default-src &#x27;none&#x27;' in page
    assert page.count("<script") == 2  # the report's data and its own script, no other
