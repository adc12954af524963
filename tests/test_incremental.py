"""Incremental runs through `harness run`: each input of a record invalidates its own cells
and nothing else, counted by the extractions themselves (each appends a line to a file)."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

import pytest

from harness.cli import main
from harness.corpus.capture import sha256_of
from harness.running import fingerprint, pool

COUNTED = """
import os
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        with open(os.path.join(os.path.dirname(__file__), "extractions.log"), "a") as log:
            log.write(f"{name} {capture.id}\\n")
        text = capture.text()
        return Record(title=capture.id + options.get("suffix", ""), body=(text[:40],))
    return Extractor(name, "VERSION", frozenset({"html"}), ("title", "body"), extract)
"""

CONFIG = """
[tool.harness]
captures = "captures"
goldens = "goldens"
enable = ["demo", "other"]

[tool.harness.extractors.demo]
factory = "demo_extractor:extractor"

[tool.harness.extractors.other]
factory = "other_extractor:extractor"
options = { suffix = "" }
"""


class Run(Protocol):
    def __call__(self, *args: str, code: int = ...) -> dict[str, Any]: ...


@pytest.fixture
def counted(project: Path) -> Path:
    """The demo project with two counting extractors, its outputs approved, the log empty."""
    (project / "demo_extractor.py").write_text(COUNTED.replace("VERSION", "1.0"))
    (project / "other_extractor.py").write_text(COUNTED.replace("VERSION", "1.0"))
    (project / "pyproject.toml").write_text(textwrap.dedent(CONFIG))
    assert main(["run", "--jobs", "1", "--no-cache"]) == 1  # all new
    assert main(["approve", "--all"]) == 0
    (project / "extractions.log").unlink()
    return project


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*args: str, code: int = 0) -> dict[str, Any]:
        capsys.readouterr()
        assert main(["run", "--jobs", "1", "--format", "json", *args]) == code
        found: dict[str, Any] = json.loads(capsys.readouterr().out)
        return found

    return go


def extractions(project: Path) -> Counter[str]:
    """The cells extracted since the last look, as `extractor capture`; the log is emptied."""
    log = project / "extractions.log"
    if not log.exists():
        return Counter()
    found = Counter(log.read_text().splitlines())
    log.unlink()
    return found


def cached(found: dict[str, Any]) -> dict[str, bool]:
    return {f"{r['extractor']} {r['capture']}": bool(r.get("cached")) for r in found["results"]}


INSTALLED = fingerprint.distributions
ALL = Counter({"demo alpha": 1, "demo beta": 1, "other alpha": 1, "other beta": 1})


def warm(project: Path, run: Run) -> None:
    run()  # the first run extracts and keeps every record
    assert extractions(project) == ALL


def test_an_unchanged_corpus_is_judged_from_the_cache(counted: Path, run: Run) -> None:
    warm(counted, run)
    found = run()
    assert extractions(counted) == Counter()
    assert all(cached(found).values()) and found["summary"]["pass"] == 4


def test_a_hit_starts_no_worker(counted: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    warm(counted, run)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker was started for a cached cell")

    monkeypatch.setattr(pool, "run", refuse)
    assert run()["summary"]["pass"] == 4


def test_cached_and_fresh_runs_give_the_same_results(counted: Path, run: Run) -> None:
    warm(counted, run)

    def plain(found: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k not in ("cached", "seconds")} for r in found["results"]
        ]

    assert plain(run()) == plain(run("--no-cache"))
    (counted / "captures/alpha/page.html").write_text("<p>now different</p>")
    assert plain(run(code=1)) == plain(run("--no-cache", code=1))


def _rewrite_capture(project: Path, capture: str, page: bytes) -> None:
    """Change a capture's page and, as a user who means it does, its manifest's sha256."""
    folder = project / "captures" / capture
    (folder / "page.html").write_bytes(page)
    manifest = json.loads((folder / "capture.json").read_text())
    manifest["sha256"] = sha256_of(page)
    (folder / "capture.json").write_text(json.dumps(manifest))


def test_changed_capture_bytes_reextract_only_that_capture(counted: Path, run: Run) -> None:
    warm(counted, run)
    _rewrite_capture(counted, "alpha", b"<html><p>Rewritten alpha.</p></html>")
    found = run(code=1)
    assert extractions(counted) == Counter({"demo alpha": 1, "other alpha": 1})
    assert cached(found) == {
        "demo alpha": False,
        "other alpha": False,
        "demo beta": True,
        "other beta": True,
    }


def test_bytes_changed_under_an_unchanged_manifest_are_not_reused(counted: Path, run: Run) -> None:
    warm(counted, run)
    (counted / "captures/alpha/page.html").write_text("<p>changed behind the manifest</p>")
    found = run(code=1)
    statuses = {f"{r['extractor']} {r['capture']}": r["status"] for r in found["results"]}
    assert statuses["demo alpha"] == statuses["other alpha"] == "changed"
    assert not cached(found)["demo alpha"] and not cached(found)["other alpha"]


def test_changed_options_reextract_only_that_extractor(counted: Path, run: Run) -> None:
    warm(counted, run)
    config = (counted / "pyproject.toml").read_text()
    changed = config.replace('suffix = ""', 'suffix = "", unused = 1')  # the output is the same
    (counted / "pyproject.toml").write_text(changed)
    found = run()
    assert extractions(counted) == Counter({"other alpha": 1, "other beta": 1})
    assert found["summary"]["pass"] == 4


def test_changed_extractor_code_reextracts_only_that_extractor(counted: Path, run: Run) -> None:
    warm(counted, run)
    (counted / "demo_extractor.py").write_text(COUNTED.replace("VERSION", "1.1"))
    run()
    assert extractions(counted) == Counter({"demo alpha": 1, "demo beta": 1})


@pytest.mark.parametrize(
    ("function", "value"),
    [
        ("harness_version", lambda: "harness 9.9.9 0000"),
        ("python", lambda: {"version": "3.99.0 (simulated)", "implementation": "cpython"}),
        ("distributions", lambda: [*INSTALLED(), "simulated-dist==1.0"]),
    ],
    ids=["harness-version", "python-version", "a-distribution's-version"],
)
def test_a_changed_tool_chain_reextracts_every_cell(
    counted: Path, run: Run, monkeypatch: pytest.MonkeyPatch, function: str, value: object
) -> None:
    warm(counted, run)
    run()
    assert extractions(counted) == Counter()
    monkeypatch.setattr(fingerprint, function, value)
    run()
    assert extractions(counted) == ALL
    run()
    assert extractions(counted) == Counter()


def _entry(project: Path, extractor: str, capture: str) -> Path:
    for path in (project / ".harness/cache").glob("*.json"):
        inputs = json.loads(path.read_text())["inputs"]
        if (inputs["extractor"]["name"], inputs["capture"]["manifest"]["id"]) == (
            extractor,
            capture,
        ):
            return path
    raise AssertionError(f"no cache entry for {extractor}[{capture}]")


def test_a_stale_entry_that_drifts_is_extracted_again_and_rewritten(
    counted: Path, run: Run
) -> None:
    warm(counted, run)
    path = _entry(counted, "demo", "alpha")
    entry = json.loads(path.read_text())
    good = entry["record"]
    entry["record"] = dict(good, title="A stale title")  # valid, and matching its key
    entry["record_sha256"] = fingerprint.digest(entry["record"])
    path.write_text(json.dumps(entry))
    found = run()  # no drift reported from the cache alone
    assert extractions(counted) == Counter({"demo alpha": 1})
    assert found["summary"]["pass"] == 4 and not cached(found)["demo alpha"]
    assert json.loads(path.read_text())["record"] == good


@pytest.mark.parametrize("damage", ["truncated", "other key", "bad record", "link"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(counted: Path, run: Run, damage: str) -> None:
    warm(counted, run)
    path = _entry(counted, "other", "beta")
    text = path.read_text()
    entry, original = json.loads(text), json.loads(text)
    if damage == "truncated":
        path.write_text(text[: len(text) // 2])
    elif damage == "other key":
        path.write_text(_entry(counted, "demo", "beta").read_text())
    elif damage == "bad record":
        entry["record"] = {"title": ["not", "text"], "body": []}
        entry["record_sha256"] = fingerprint.digest(entry["record"])
        path.write_text(json.dumps(entry))
    else:
        elsewhere = counted / "elsewhere.json"
        elsewhere.write_text(text)
        path.unlink()
        path.symlink_to(elsewhere)
    assert run()["summary"]["pass"] == 4
    assert extractions(counted) == Counter({"other beta": 1})
    assert not path.is_symlink() and json.loads(path.read_text()) == original
    assert run()["summary"]["pass"] == 4 and extractions(counted) == Counter()


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*")}


def test_no_cache_neither_reads_nor_writes(counted: Path, run: Run) -> None:
    run("--no-cache")
    assert extractions(counted) == ALL
    assert not (counted / ".harness/cache").exists()
    warm(counted, run)
    before = _state(counted / ".harness/cache")
    found = run("--no-cache")
    assert extractions(counted) == ALL and not any(cached(found).values())
    assert _state(counted / ".harness/cache") == before


def test_the_cache_folder_is_configurable(
    counted: Path, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    run("--cache", "ci-cache")
    assert len(list((counted / "ci-cache").glob("*.json"))) == 4
    assert not (counted / ".harness/cache").exists()
    config = (counted / "pyproject.toml").read_text()
    (counted / "pyproject.toml").write_text(
        config.replace("[tool.harness]\n", '[tool.harness]\ncache = "ci-cache"\n', 1)
    )
    extractions(counted)
    assert all(cached(run()).values()) and extractions(counted) == Counter()
    capsys.readouterr()
    assert main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert "entries: 4" in info and "ci-cache" in info


def test_the_size_bound_keeps_the_newest_entries(counted: Path, run: Run) -> None:
    config = (counted / "pyproject.toml").read_text()
    bound = config.replace("[tool.harness]\n", "[tool.harness]\ncache_mb = 0.002\n", 1)
    (counted / "pyproject.toml").write_text(bound)  # about 2 KB: room for one entry
    run()
    left = list((counted / ".harness/cache").glob("*.json"))
    assert len(left) == 1 and left[0].stat().st_size <= 0.002 * 1024 * 1024


def test_cache_clear_empties_the_cache_folder_only(
    counted: Path, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    warm(counted, run)
    folder = counted / ".harness/cache"
    (folder / "README").write_text("kept")
    capsys.readouterr()
    assert main(["cache", "clear"]) == 0
    assert "removed 4 entries" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["README"]
    assert (counted / "goldens/demo/alpha.json").exists()
    run()
    assert extractions(counted) == ALL


@pytest.mark.parametrize(
    ("setting", "option"),
    [('cache = "captures/.cache"', None), (None, "goldens/cache"), (None, "captures")],
)
def test_a_cache_folder_overlapping_captures_or_goldens_is_refused(
    counted: Path, capsys: pytest.CaptureFixture[str], setting: str | None, option: str | None
) -> None:
    if setting:
        config = (counted / "pyproject.toml").read_text()
        (counted / "pyproject.toml").write_text(
            config.replace("[tool.harness]\n", f"[tool.harness]\n{setting}\n", 1)
        )
    capsys.readouterr()
    args = ["run", "--jobs", "1"] + (["--cache", option] if option else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "cache" in err and ("inside" in err or "same folder" in err)
    assert extractions(counted) == Counter()


def test_cached_cells_are_marked_in_the_table_and_the_reports(
    counted: Path, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    warm(counted, run)
    capsys.readouterr()
    assert main(["run", "--jobs", "1", "--report", "out"]) == 0
    table = capsys.readouterr().out
    assert "pass†" in table and "† 4 cell(s) judged from the record cache" in table
    cells = json.loads((counted / "out/report.json").read_text())["cells"]
    assert [c["cached"] for c in cells] == [True] * 4
    assert "pass†" in (counted / "out/report.md").read_text()
    html = (counted / "out/report.html").read_text()
    assert 'id="cached"' in html and "judged from the record cache" in html
    assert main(["run", "--jobs", "1", "--no-cache"]) == 0
    assert "†" not in capsys.readouterr().out


def test_a_factory_module_that_is_a_link_is_never_cached(counted: Path, run: Run) -> None:
    real = counted / "elsewhere" / "other_extractor.py"
    real.parent.mkdir()
    (counted / "other_extractor.py").rename(real)
    (counted / "other_extractor.py").symlink_to(real)
    warm(counted, run)
    found = run()
    assert extractions(counted) == Counter({"other alpha": 1, "other beta": 1})
    assert found["summary"]["pass"] == 4
