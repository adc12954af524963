"""The three daily workflows, as a user does them, through the `harness` command itself.

Add a page (file, URL from a local server, WARC record), see it `new`, approve, see `pass`;
change the extractor, review the drift in a pseudo-terminal (accept one, reject another);
CI refusal; prune.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

HARNESS = [sys.executable, "-m", "harness.cli"]


def harness(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    environ.update(env or {})
    return subprocess.run(
        [*HARNESS, *args], cwd=project, env=environ, capture_output=True, text=True, timeout=120
    )


def goldens(project: Path) -> dict[str, str]:
    return {
        p.relative_to(project).as_posix(): p.read_text()
        for p in (project / "goldens").rglob("*.json")
    }


def test_add_approve_pass_for_a_file_a_url_and_a_warc(
    project: Path, http_server: str, write_warc: Callable[..., Path]
) -> None:
    page = project / "saved.html"
    page.write_text("<html><head><title>Saved page</title></head><body><p>Kept.</p></body></html>")
    added = harness(project, "add", str(page))
    assert added.returncode == 0, added.stderr
    assert "added capture saved-page" in added.stdout
    assert harness(project, "add", f"{http_server}/moved").returncode == 0
    manifest = json.loads((project / "captures/local-article/capture.json").read_text())
    assert (
        manifest["fetch"]["final_url"].endswith("/article.html")
        and manifest["fetch"]["status"] == 200
    )
    warc = write_warc(
        project / "crawl.warc.gz",
        [
            ("https://w.example/a", "text/html", b"<title>Warc A</title><p>a</p>"),
            ("https://w.example/b", "text/html", b"<title>Warc B</title><p>b</p>"),
        ],
    )
    assert harness(project, "add", str(warc), "--record", "https://w.example/b").returncode == 0
    assert (project / "captures/warc-b").is_dir() and not (project / "captures/warc-a").exists()
    assert goldens(project) == {}  # never approved on the way in
    run = harness(project, "run", "--format", "json")
    statuses = {r["capture"]: r["status"] for r in json.loads(run.stdout)["results"]}
    assert run.returncode == 1 and statuses["saved-page"] == "new" and statuses["warc-b"] == "new"
    assert harness(project, "approve", "--all").returncode == 0
    again = harness(project, "run")
    assert again.returncode == 0, again.stdout
    assert "5 pass" in again.stdout


def test_adding_the_same_page_twice_is_refused(project: Path) -> None:
    page = project / "captures" / "alpha" / "page.html"
    before = sorted(p.name for p in (project / "captures").iterdir())
    result = harness(project, "add", str(page), "--id", "alpha-copy")
    assert result.returncode == 2
    assert "already in the corpus as capture 'alpha'" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "captures").iterdir()) == before
    assert not (project / ".harness").exists()


def spawn_in_pty(project: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    main, secondary = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    process = subprocess.Popen(
        [*HARNESS, *args],
        cwd=project,
        env=environ,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    return process, main


def read_until(fd: int, marker: bytes, seen: bytearray, start: int = 0, timeout: float = 60) -> int:
    """Read the terminal until `marker` shows after `start`; return where it ends."""
    deadline = time.monotonic() + timeout
    while marker not in seen[start:]:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {marker!r} in:\n{seen.decode(errors='replace')}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.extend(os.read(fd, 4096))
            except OSError:
                break
    return seen.index(marker, start) + len(marker)


def test_review_in_a_terminal_accepts_one_and_rejects_another(project: Path) -> None:
    harness(project, "run")
    harness(project, "approve", "--all")
    extractor = project / "demo_extractor.py"
    extractor.write_text(
        extractor.read_text().replace("title.group(1) if title", "title.group(1).upper() if title")
    )
    before = goldens(project)
    drift = harness(project, "run")
    assert drift.returncode == 1 and drift.stdout.count("drift: title") == 2
    process, fd = spawn_in_pty(project, "review")
    seen = bytearray()
    read_until(fd, b"[q]uit > ", seen)
    assert b'golden: "Alpha news"' in seen and b'new:    "ALPHA NEWS"' in seen
    os.write(fd, b"a")
    read_until(fd, b"[2/2]", seen)
    read_until(fd, b"[q]uit > ", seen[seen.index(b"[2/2]") :] if False else seen)
    os.write(fd, b"r")
    read_until(fd, b"left pending", seen)
    assert process.wait(timeout=30) == 0
    os.close(fd)
    assert b"1 accepted, 1 rejected, 0 left pending" in seen
    after = goldens(project)
    assert json.loads(after["goldens/demo/alpha.json"])["record"]["title"] == "ALPHA NEWS"
    assert after["goldens/demo/beta.json"] == before["goldens/demo/beta.json"]
    assert "demo[beta]" not in harness(project, "pending").stdout


def test_review_without_a_terminal_names_the_other_commands(project: Path) -> None:
    harness(project, "run")
    result = harness(project, "review")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "harness approve" in result.stderr


@pytest.mark.parametrize("variable", ["CI", "GITHUB_ACTIONS"])
def test_ci_refuses_to_approve_unless_forced(project: Path, variable: str) -> None:
    harness(project, "run")
    refused = harness(project, "approve", "--all", env={variable: "true"})
    assert refused.returncode == 2 and f"{variable} is set" in refused.stderr
    assert goldens(project) == {}
    forced = harness(project, "approve", "--all", "--force", env={variable: "true"})
    assert forced.returncode == 0 and len(goldens(project)) == 2


def test_prune_lists_then_removes_only_when_told(project: Path) -> None:
    harness(project, "run")
    harness(project, "approve", "--all")
    import shutil

    shutil.rmtree(project / "captures" / "beta")
    listed = harness(project, "prune")
    assert "capture 'beta' is gone" in listed.stdout
    assert "goldens/demo/beta.json" in "".join(goldens(project))
    removed = harness(project, "prune", "--delete")
    assert "1 golden(s) removed" in removed.stdout
    assert list(goldens(project)) == ["goldens/demo/alpha.json"]


def test_review_exits_1_while_it_leaves_outputs_pending(project: Path) -> None:
    harness(project, "run")
    process, fd = spawn_in_pty(project, "review")
    seen = bytearray()
    read_until(fd, b"[q]uit > ", seen)
    os.write(fd, b"s")
    read_until(fd, b"[2/2]", seen)
    os.write(fd, b"a")
    read_until(fd, b"left pending", seen)
    assert process.wait(timeout=30) == 1
    os.close(fd)
    assert b"1 accepted, 0 rejected, 1 left pending" in seen
    process, fd = spawn_in_pty(project, "review")
    seen = bytearray()
    read_until(fd, b"[q]uit > ", seen)
    os.write(fd, b"a")
    read_until(fd, b"left pending", seen)
    assert process.wait(timeout=30) == 0
    os.close(fd)
    assert b"1 accepted, 0 rejected, 0 left pending" in seen
