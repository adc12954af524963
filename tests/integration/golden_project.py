"""A tiny harness project in a temporary folder, and pytest run over it in-process."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import harness.goldens.snapshot  # noqa: F401  (imported once here, not again by every in-process run)
from harness import registry
from harness.corpus.capture import Kind, create, sha256_of
from harness.goldens.golden import Golden, dumps
from harness.record import Record

EXTRACTOR = '''
from harness import Extractor, Record
from harness.extractor import unavailable


def extractor(name, options):
    """Title on line 1, date on line 2, then paragraphs separated by blank lines."""

    def extract(capture):
        head, _, rest = capture.text().partition("\\n\\n")
        title, _, published = head.partition("\\n")
        return Record(title=title, published=published or None, body=tuple(rest.split("\\n\\n")))

    return Extractor(name, "1.0", frozenset({"text"}), ("title", "published", "body"), extract)


def absent(name, options):
    return unavailable(name, kinds={"text"}, fields=("title",), reason="demolib is not installed")
'''

PAGES = {
    "alpha": "Alpha news\n2024-05-01T10:00\n\nFirst alpha paragraph.\n\nSecond alpha paragraph.\n",
    "beta": "Beta story\n2023-11-30\n\nOnly beta paragraph.\n",
}

RECORDS = {
    "alpha": Record(
        title="Alpha news",
        published="2024-05-01T10:00",
        body=("First alpha paragraph.", "Second alpha paragraph."),
    ),
    "beta": Record(title="Beta story", published="2023-11-30", body=("Only beta paragraph.",)),
}

# Plugins the inner runs do without: hypothesis would be imported afresh by every run.
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:xdist")

GOLDEN_TESTS = """
from harness.plugin import golden_tests

test_goldens = golden_tests()
"""


@dataclass(frozen=True)
class Project:
    """The project folder and pytest, run in it."""

    pytester: pytest.Pytester

    @property
    def root(self) -> Path:
        return self.pytester.path

    def run(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest_inprocess(*QUIET, *args)

    def golden(self, capture: str, extractor: str = "demo") -> Path:
        return self.root / "goldens" / extractor / f"{capture}.json"

    def expected(self, capture: str, extractor: str = "demo") -> str:
        """The golden text `harness approve` writes for this cell."""
        page = (self.root / "captures" / capture / "page.txt").read_bytes()
        golden = Golden(extractor, "1.0", capture, sha256_of(page), RECORDS[capture])
        return dumps(golden)

    def goldens(self) -> dict[str, bytes]:
        """Every file under goldens/, by relative path, with its bytes."""
        root = self.root / "goldens"
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    def approve_all(self) -> None:
        for capture in PAGES:
            self.golden(capture).parent.mkdir(parents=True, exist_ok=True)
            self.golden(capture).write_text(self.expected(capture), "utf-8")

    def add_capture(self, capture_id: str, page: str, kind: Kind = "text") -> None:
        create(self.root / "captures", capture_id, page.encode(), kind=kind)


def pyproject(extra: str = "") -> str:
    """[tool.harness] with the `demo` extractor; the installed extractors are switched off."""
    installed = "".join(
        f"\n[tool.harness.extractors.{name}]\nenabled = false\n" for name in registry.discover()
    )
    return (
        textwrap.dedent(
            """
        [tool.pytest.ini_options]
        addopts = "--import-mode=importlib"

        [tool.harness]
        captures = "captures"
        goldens = "goldens"

        [tool.harness.extractors.demo]
        factory = "demo_extractor:extractor"
        """
        )
        + installed
        + textwrap.dedent(extra)
    )


def make_project(pytester: pytest.Pytester) -> Project:
    """Two text captures, the `demo` extractor and tests/test_goldens.py; no goldens yet."""
    pytester.syspathinsert()
    (pytester.path / "demo_extractor.py").write_text(EXTRACTOR)
    (pytester.path / "pyproject.toml").write_text(pyproject())
    for capture_id, page in PAGES.items():
        create(pytester.path / "captures", capture_id, page.encode(), kind="text")
    (pytester.path / "goldens").mkdir()
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_goldens.py").write_text(GOLDEN_TESTS)
    return Project(pytester)
