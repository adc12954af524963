"""The whole harness over the hostile corpus (tests/hostile): every bad case is one clear
cell, the run exits 1 without a traceback, good captures beside them pass, no golden moves.

Bad pages too big to keep in git (a 50 MB page, HTML nested 100,000 levels) and names a
case-insensitive file system cannot hold are made in the copy the test runs on.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
GOOD = ["good-plain", "invalid-utf8", "wrong-charset", "utf16-bom", "nul-bytes", "manifest-missing"]
MISBEHAVING = {
    "raises": "raises raised ValueError: cannot parse this page",
    "wrong-type": "extractor wrong-type: title: is int 42",
    "nan-date": "extractor nan-date: published: is float nan",
    "bytes-body": "extractor bytes-body: body: is bytes",
    "not-json": "extractor not-json: authors: is set",
    "not-a-record": "extractor not-a-record: returned list, not a record",
    "hangs": "hangs timed out after 5 s",
    "kills": "kills killed its worker process (SIGSEGV)",
    "mutates": "mutates changed the capture it was given",
}
PAGE_PROBLEMS = {
    "empty": "capture empty is empty (0 bytes)",
    "binary-junk": "capture binary-junk is not a text or HTML page",
    "huge": "capture huge is 50.0 MB, over the limit of 20 MB",
    "manifest-malformed": "manifest-malformed/capture.json: manifest is not valid JSON",
    "manifest-invalid": "manifest-invalid/capture.json: $.kind: 'pdf' is not one of",
    "naïve-id": "'naïve-id' is not a valid capture id",
    "case-clash": "differs only in case from Case-Clash",
}
GOLDEN_PROBLEMS = {
    "golden-malformed": ("error", "golden-malformed.json: is not valid JSON"),
    "golden-schema-invalid": ("error", "golden-schema-invalid.json: $.record"),
    "golden-newer-schema": ("error", "written with schema version 7"),
    "golden-conflict": ("error", "merge-conflict marker at line"),
    "golden-other-bytes": ("changed", "golden was approved for other bytes"),
    "sha-mismatch": ("changed", "no longer match the sha256 in its manifest"),
}


def digest_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def hostile_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str], dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(HOSTILE, root, ignore=shutil.ignore_patterns("__pycache__", ".harness"))
    captures = root / "captures"
    for name, data in {
        "huge": b"<html><body><p>" + b"big " * (50 * 1024 * 1024 // 4) + b"</p></body></html>",
        "deep-nesting": b"<html><body>" + b"<div>" * 100_000 + b"<p>deep</p>" + b"</div>" * 100_000,
        "naïve-id": b"<title>Unicode id</title>",
        "Case-Clash": b"<title>One</title>",
        "case-clash": b"<title>Two</title>",
    }.items():
        (captures / name).mkdir()
        (captures / name / "page.html").write_bytes(data)
    before = digest_tree(root / "goldens")
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(root), *sys.path])
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "run", "--format", "json", "--jobs", "2"],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert digest_tree(root / "goldens") == before, "a plain run changed a golden"
    return root, result, before


def cells(result: subprocess.CompletedProcess[str]) -> dict[tuple[str, str], dict[str, object]]:
    return {(r["extractor"], r["capture"]): r for r in json.loads(result.stdout)["results"]}


def test_the_run_fails_cleanly(
    hostile_run: tuple[Path, subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    _, result, _ = hostile_run
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "extractor chatter" not in result.stdout
    assert (
        json.loads(result.stdout)["summary"]["total"] == 11 * 22
    )  # 11 extractors, 17 captures kept and 5 made here


def test_good_captures_pass_beside_the_bad(
    hostile_run: tuple[Path, subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    found = cells(hostile_run[1])
    for capture in GOOD:
        assert found[("parser", capture)]["status"] == "pass", found[("parser", capture)]
    assert found[("prints", "victim")]["status"] == "pass"


def test_each_misbehaving_extractor_is_one_error_cell(
    hostile_run: tuple[Path, subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    found = cells(hostile_run[1])
    for extractor, message in MISBEHAVING.items():
        cell = found[(extractor, "victim")]
        assert cell["status"] == "error" and message in str(cell["message"]), cell
        assert found[(extractor, "good-plain")]["status"] == "skipped"


def test_each_bad_page_or_manifest_is_an_error_naming_it(
    hostile_run: tuple[Path, subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    found = cells(hostile_run[1])
    for capture, message in PAGE_PROBLEMS.items():
        cell = found[("parser", capture)]
        assert cell["status"] == "error" and message in str(cell["message"]), cell
    deep = found[("parser", "deep-nesting")]
    assert deep["status"] in ("new", "error") and (deep["status"] == "new" or deep["message"])


def test_each_bad_golden_is_reported_with_its_file(
    hostile_run: tuple[Path, subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    found = cells(hostile_run[1])
    for capture, (status, message) in GOLDEN_PROBLEMS.items():
        cell = found[("parser", capture)]
        assert cell["status"] == status and message in str(cell["message"]), cell
