"""Shared fixtures: a small project of the harness's own, made in a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.capture import create

DEMO_EXTRACTOR = """
import re
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        if "RAISE" in html:
            raise ValueError("demo cannot read this page")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        date = re.search(r'<time datetime="([^"]+)"', html)
        return Record(
            title=title.group(1) if title else None,
            published=date.group(1) if date else None,
            body=tuple(re.findall(r"<p>(.*?)</p>", html, re.S)),
        )
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "published", "body"), extract)
"""

PAGES = {
    "alpha": '<html><head><title>Alpha news</title></head><body><time datetime="2020-12-01T17:26">'
    "</time><p>First alpha paragraph.</p><p>Second alpha paragraph.</p></body></html>",
    "beta": "<html><head><title>Beta story</title></head><body><p>Only beta paragraph.</p>"
    "</body></html>",
}


def make_project(root: Path, *, extra_config: str = "") -> Path:
    """A project with two HTML captures and a project-local extractor called `demo`."""
    (root / "demo_extractor.py").write_text(DEMO_EXTRACTOR)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.harness]
            captures = "captures"
            goldens = "goldens"

            [tool.harness.extractors.demo]
            factory = "demo_extractor:extractor"
            """
        )
        + extra_config
    )
    for capture_id, page in PAGES.items():
        create(root / "captures", capture_id, page.encode(), kind="html")
    (root / "goldens").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The demo project, as the working folder, importable, with CI variables cleared."""
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    yield tmp_path
    os.chdir(tmp_path.parent)
