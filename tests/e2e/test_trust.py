"""Trust, through the `harness` command itself: hostile text is shown escaped, never obeyed;
an output that cannot be a golden is an error cell; reports carry no absolute path; a
user's mistake is exit 2 with a message, an internal error a line and exit 70, never a
traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_workflows import read_until, spawn_in_pty

HARNESS = [sys.executable, "-m", "harness.cli"]
# Raw characters that must never reach a terminal or a text report from captured text.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
CONTROL = "\x1b[2J\x1b]0;owned\x07 \u202eevil \x9b31m \x08"
SHOWN = ("\\x1b[2J", "\\x1b]0;owned\\x07", "\\u202e", "\\x9b31m", "\\x08")

HOSTILE_EXTRACTOR = r"""
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        if capture.id == "alpha":
            raise ValueError("cannot parse \x1b[2J\x1b]0;owned\x07 \u202eevil \x9b31m \x08")
        return {"title": "A \ud800 title", "language": "en"}
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "language"), extract)


def english(name, options):
    def extract(capture):
        return {"title": "Fine", "language": "english"}
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "language"), extract)
"""


def harness(
    project: Path, *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    environ.update(env or {})
    return subprocess.run(
        [*HARNESS, *args],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=300,
    )


def enable(project: Path, *names: str) -> None:
    """Register the hostile extractors and enable `names` (with demo)."""
    (project / "hostile_extractor.py").write_text(HOSTILE_EXTRACTOR)
    text = (project / "pyproject.toml").read_text()
    text = text.replace('enable = ["demo"]', f"enable = {json.dumps(['demo', *names])}")
    text += (
        '\n[tool.harness.extractors.hostile]\nfactory = "hostile_extractor:extractor"\n'
        '\n[tool.harness.extractors.english]\nfactory = "hostile_extractor:english"\n'
    )
    (project / "pyproject.toml").write_text(text)


def plant(project: Path) -> None:
    """Approve the demo goldens, then give alpha's golden a hostile paragraph (drift)."""
    harness(project, "run")
    assert harness(project, "approve", "--all").returncode == 0
    path = project / "goldens" / "demo" / "alpha.json"
    data = json.loads(path.read_text())
    data["record"]["body"][0] = f"First {CONTROL} paragraph."
    path.write_text(json.dumps(data, indent=2))


def assert_shown_not_obeyed(text: str) -> None:
    assert not RAW.search(text), RAW.findall(text)
    for escape in SHOWN:
        assert escape in text, escape


def test_run_shows_a_hostile_golden_paragraph_escaped(project: Path) -> None:
    plant(project)
    result = harness(project, "run")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "alpha    drift: body" in result.stdout
    assert_shown_not_obeyed(result.stdout)


def test_run_shows_a_hostile_error_message_escaped_and_json_stays_exact(project: Path) -> None:
    enable(project, "hostile")
    result = harness(project, "run", "--extractor", "hostile")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_shown_not_obeyed(result.stdout)
    streamed = harness(project, "run", "--extractor", "hostile", "--format", "json")
    assert not RAW.search(streamed.stdout)
    cells = {r["capture"]: r for r in json.loads(streamed.stdout)["results"]}
    assert cells["alpha"]["message"] == f"hostile raised ValueError: cannot parse {CONTROL}"


def test_a_lone_surrogate_is_an_error_cell_naming_the_field_and_reports_are_written(
    project: Path,
) -> None:
    enable(project, "hostile")
    result = harness(project, "run", "--report", "out", "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    cells = {(r["extractor"], r["capture"]): r for r in json.loads(result.stdout)["results"]}
    beta = cells[("hostile", "beta")]
    assert beta["status"] == "error" and "title: holds a lone surrogate" in beta["message"]
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "junit.xml",
        "report.html",
        "report.json",
        "report.md",
    ]
    for name in ("report.md", "junit.xml"):
        assert_shown_not_obeyed((project / "out" / name).read_text("utf-8"))


def test_an_output_the_schema_refuses_is_an_error_at_run_time_and_never_a_golden(
    project: Path,
) -> None:
    enable(project, "english")
    result = harness(project, "run", "--extractor", "english", "--format", "json")
    statuses = {
        r["capture"]: (r["status"], r["message"]) for r in json.loads(result.stdout)["results"]
    }
    status, message = statuses["alpha"]
    assert status == "error" and "extractor english: language: 'english' does not match" in message
    approve = harness(project, "approve", "--all")
    assert approve.returncode == 0 and "Traceback" not in approve.stderr
    assert not (project / "goldens" / "english").exists()


def test_reports_and_json_name_files_relative_to_the_project(project: Path) -> None:
    plant(project)
    (project / "goldens" / "demo" / "beta.json").write_text("{ not json")
    result = harness(project, "run", "--report", "out")
    assert result.returncode == 1, result.stderr
    for path in (project / "out").iterdir():
        text = path.read_text("utf-8")
        assert str(project) not in text, path.name
        assert os.path.realpath(project) not in text, path.name
    assert (
        "goldens/demo/beta.json: is not valid JSON" in (project / "out" / "report.md").read_text()
    )
    streamed = harness(project, "run", "--format", "json")
    assert str(project) not in streamed.stdout
    golden = {r["capture"]: r["golden"] for r in json.loads(streamed.stdout)["results"]}
    assert golden["alpha"] == "goldens/demo/alpha.json"


def test_review_in_a_terminal_shows_a_hostile_paragraph_escaped(project: Path) -> None:
    plant(project)
    extractor = project / "demo_extractor.py"
    extractor.write_text(
        extractor.read_text().replace("title.group(1) if", "title.group(1)+'!' if")
    )
    harness(project, "run")
    process, main = spawn_in_pty(project, "review", "--capture", "alpha")
    seen = bytearray()
    read_until(main, b"[q]uit > ", seen, timeout=120)
    os.write(main, b"q")
    process.wait(timeout=60)
    os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "[q]uit > " in text, text
    assert_shown_not_obeyed(text.replace("\r\n", "\n"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("truth", "alpha", "--body-file", "missing.txt"), "--body-file missing.txt: No such file"),
        (("truth", "alpha", "--body-file", "folder"), "--body-file folder: Is a directory"),
        (("truth", "alpha", "--body-file", "latin1.txt"), "--body-file latin1.txt: is not UTF-8"),
        (("truth", "alpha", "--title", b"caf\xe9"), "--title: is not UTF-8 text"),
        (("truth", "alpha", "--author", b"\xff"), "--author: is not UTF-8 text"),
        (("run", "--report", "a-file"), "--report a-file: is not a folder"),
        (("run", "--report", "a-file/reports"), "--report a-file/reports: cannot be made"),
        (("run", "--goldens", "a-file"), "--goldens a-file: is not a folder"),
        (("approve", "--all", "--reason", b"why \xff"), "--reason: is not UTF-8 text"),
        (("add", b"caf\xe9.html"), "harness add: is not UTF-8 text"),
    ],
)
def test_a_usage_mistake_is_exit_2_with_a_message(
    project: Path, args: tuple[str | bytes, ...], expected: str
) -> None:
    (project / "folder").mkdir()
    (project / "a-file").write_text("x")
    (project / "latin1.txt").write_bytes("café".encode("latin-1"))
    (project / os.fsdecode(b"caf\xe9.html")).write_text("<title>Cafe</title><p>x</p>")
    before = sorted(p.relative_to(project).as_posix() for p in (project / "goldens").rglob("*"))
    result = harness(project, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("harness: ") and expected in result.stderr
    assert "\n  fix: " in result.stderr
    after = sorted(p.relative_to(project).as_posix() for p in (project / "goldens").rglob("*"))
    assert after == before


def test_an_internal_error_is_one_line_and_exit_70_unless_debugging(project: Path) -> None:
    (project / "sitecustomize.py").write_text(
        "import harness.cli.review as r\n"
        "def broken(args):\n    raise RuntimeError('a bug \\x1b[2J')\n"
        "r.cmd_pending = broken\n"
    )
    result = harness(project, "pending")
    assert result.returncode == 70
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert "harness: internal error: RuntimeError: a bug \\x1b[2J" in result.stderr
    assert "HARNESS_DEBUG=1" in result.stderr
    debug = harness(project, "pending", env={"HARNESS_DEBUG": "1"})
    assert debug.returncode == 70 and "Traceback" in debug.stderr


def test_a_goldens_folder_that_is_a_file_is_an_error_cell_saying_so(project: Path) -> None:
    (project / "goldens").rmdir()
    (project / "goldens").write_text("not a folder")
    result = harness(project, "run", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    messages = [r["message"] for r in json.loads(result.stdout)["results"]]
    assert messages and all(
        "goldens/demo/" in m and "cannot be read: Not a directory" in m for m in messages
    )
