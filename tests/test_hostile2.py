"""The whole harness over the second hostile corpus (tests/hostile2): attacks on what a green
run means. Pages, truths, goldens and folders that link outside the project; extractors that
end the process at import, print at import, crash in their factory, plant goldens, call a
server, return text that is no text, or raise with terminal control sequences; a setting the
README documents (`max_page_mb`); charsets that are no text encodings or browser aliases.

The run exits 1 without a traceback; nothing outside the project is read into any output or
changed; no golden in the project is changed, added or removed; every good capture passes.
Links are made in the copy the test runs on, to files the test makes outside that copy.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HOSTILE2 = Path(__file__).parent / "hostile2"
SECRET = "SECRET-b7e1c0d2-of-the-runner"
GOOD = ["good-plain", "charset-rot13", "charset-latin1"]
BROKEN = {  # extractor: what each of its cells says
    "exits-at-import": "ended its worker process (exit status 0) while being loaded",
    "segfaults-in-factory": "killed its worker process (SIGSEGV) while being loaded",
    "calls-home": "network",
    "surrogate": "surrogate",
    "hostile-message": "raised ValueError",
    "schema-refused": "language",
}
EXTRACTORS = 8
Run = tuple[Path, Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]


def digest_tree(root: Path) -> dict[str, str]:
    """Every file and link under `root`, links by their target (never followed)."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = "link to " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A server on 127.0.0.1 that keeps whatever reaches it; no extractor may reach it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    received.append(conn.recv(1000))
                except OSError:
                    received.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = server.getsockname()[:2]
    yield f"{host}:{port}", received
    stop.set()
    thread.join()
    server.close()


def make_outside(base: Path) -> Path:
    """Files beside the project, which links in the project point to."""
    outside = base / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.html").write_text(f"<title>{SECRET}</title><p>{SECRET}</p>")
    (outside / "folder" / "page.html").write_text(f"<title>{SECRET}</title><p>{SECRET}</p>")
    (outside / "truth.json").write_text(json.dumps({"title": SECRET, "body": SECRET}))
    golden = json.loads((HOSTILE2 / "goldens" / "parser" / "good-plain.json").read_text())
    golden["record"]["title"] = SECRET
    (outside / "golden.json").write_text(json.dumps(golden))
    (outside / "goldens-folder").mkdir()
    (outside / "goldens-folder" / "kept.json").write_text(json.dumps(golden))
    return outside


def add_links(root: Path, outside: Path) -> None:
    captures, goldens = root / "captures", root / "goldens"
    (captures / "link-page").mkdir()
    (captures / "link-page" / "page.html").symlink_to(outside / "secret.html")
    (captures / "link-folder").symlink_to(outside / "folder", target_is_directory=True)
    (captures / "link-truth" / "truth.json").symlink_to(outside / "truth.json")
    (goldens / "parser" / "link-golden.json").symlink_to(outside / "golden.json")
    (goldens / "gone-extractor").symlink_to(outside / "goldens-folder", target_is_directory=True)
    (captures / "over-limit").mkdir()
    (captures / "over-limit" / "page.html").write_bytes(
        b"<title>Big</title><p>" + b"word " * (2 * 1024 * 1024 // 5) + b"</p>"
    )


def harness(root: Path, server: str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["HOSTILE2_SERVER"] = server
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def hostile_run(
    tmp_path_factory: pytest.TempPathFactory, listener: tuple[str, list[bytes]]
) -> Iterator[Run]:
    base = tmp_path_factory.mktemp("hostile2")
    root = base / "project"
    shutil.copytree(HOSTILE2, root, ignore=shutil.ignore_patterns("__pycache__", ".harness"))
    outside = make_outside(base)
    add_links(root, outside)
    goldens_before, outside_before = digest_tree(root / "goldens"), digest_tree(outside)
    server = listener[0]
    as_json = harness(root, server, "run", "--format", "json", "--jobs", "2", "--report", "out")
    as_table = harness(root, server, "run", "--jobs", "2")
    assert digest_tree(outside) == outside_before, "a run changed a file outside the project"
    assert digest_tree(root / "goldens") == goldens_before, "a plain run changed the goldens"
    yield root, outside, as_json, as_table


def cells(result: subprocess.CompletedProcess[str]) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["extractor"], r["capture"]): r for r in json.loads(result.stdout)["results"]}


def test_the_run_fails_cleanly_and_stdout_is_only_json(hostile_run: Run) -> None:
    _, _, as_json, as_table = hostile_run
    for result in (as_json, as_table):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert "not json" not in result.stdout and "neither is this" not in result.stdout
    captures = (
        len(list((HOSTILE2 / "captures").iterdir())) + 3
    )  # link-page, link-folder, over-limit
    assert json.loads(as_json.stdout)["summary"]["total"] == EXTRACTORS * captures


def test_good_captures_pass_beside_the_attacks(hostile_run: Run) -> None:
    found = cells(hostile_run[2])
    for capture in GOOD:
        assert found[("parser", capture)]["status"] == "pass", found[("parser", capture)]
    printed = found[("prints-at-import", "good-plain")]
    assert printed["status"] == "new", printed  # its prints went nowhere; its record is fine


def test_each_broken_extractor_errs_on_its_own_cells(hostile_run: Run) -> None:
    found = cells(hostile_run[2])
    for extractor, message in BROKEN.items():
        for capture in ("good-plain", "charset-rot13"):
            cell = found[(extractor, capture)]
            assert cell["status"] == "error" and message in cell["message"], cell


def test_no_extractor_reached_the_network(
    hostile_run: Run, listener: tuple[str, list[bytes]]
) -> None:
    assert listener[1] == []


def test_a_golden_planted_during_the_run_fails_it(
    tmp_path: Path, listener: tuple[str, list[bytes]]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(HOSTILE2, root, ignore=shutil.ignore_patterns("__pycache__", ".harness"))
    before = digest_tree(root / "goldens")
    found = harness(
        root, listener[0], "run", "--extractor", "parser", "--extractor", "plants-golden"
    )
    assert found.returncode == 1 and "Traceback" not in found.stdout + found.stderr
    assert "goldens/plants-golden/good-plain.json" in found.stdout + found.stderr
    assert " pass" not in found.stdout.split("\n\n")[0]  # the matrix: no cell passes
    after = digest_tree(root / "goldens")
    assert {k: v for k, v in after.items() if k in before} == before  # none changed or lost


def test_links_leading_outside_are_error_cells_and_never_read(hostile_run: Run) -> None:
    root, _, as_json, as_table = hostile_run
    found = cells(as_json)
    for capture in ("link-page", "link-folder", "link-truth"):
        cell = found[("parser", capture)]
        assert cell["status"] == "error" and "link" in cell["message"], cell
    assert found[("parser", "link-golden")]["status"] == "error"
    outputs = [as_json.stdout, as_json.stderr, as_table.stdout, as_table.stderr]
    written = [p.read_text("utf-8", "replace") for p in root.rglob("*") if _plain_file(p)]
    assert not [text for text in outputs + written if SECRET in text]


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts


def test_max_page_mb_is_honoured(hostile_run: Run) -> None:
    cell = cells(hostile_run[2])[("parser", "over-limit")]
    assert cell["status"] == "error" and "over the limit of 1 MB" in cell["message"], cell


def test_control_characters_reach_no_terminal_and_no_report(hostile_run: Run) -> None:
    root, _, _, as_table = hostile_run
    assert "\x1b" not in as_table.stdout + as_table.stderr and "\u202e" not in as_table.stdout
    assert "\\x1b[2J" in as_table.stdout  # shown, as an escape, where it was
    for name in ("report.md", "junit.xml"):
        text = (root / "out" / name).read_text("utf-8")
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert str(root) not in (root / "out" / "report.json").read_text("utf-8")


def test_prune_keeps_what_is_outside_and_says_what_it_would_delete(hostile_run: Run) -> None:
    root, outside, _, _ = hostile_run
    before = digest_tree(outside)
    listed = harness(root, "127.0.0.1:9", "prune")
    deleted = harness(root, "127.0.0.1:9", "prune", "--delete")
    for result in (listed, deleted):
        assert result.returncode in (1, 2) and "Traceback" not in result.stdout + result.stderr
        assert "gone-extractor" in result.stdout + result.stderr
    assert digest_tree(outside) == before
    assert (root / "goldens" / "parser" / "good-plain.json").is_file()


def test_a_bomb_and_a_cut_record_in_a_warc_are_error_cells(
    tmp_path: Path, listener: tuple[str, list[bytes]]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(HOSTILE2, root, ignore=shutil.ignore_patterns("__pycache__", ".harness"))
    archive = root / "crawl.warc.gz"
    bomb = gzip.compress(b"<p>" + b"0" * (64 * 1024 * 1024) + b"</p>", compresslevel=9)
    with archive.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, encoding in (
            ("https://bomb.example/", bomb, "gzip"),
            ("https://fine.example/", b"<title>Fine</title><p>A fine page.</p>", None),
        ):
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if encoding:
                headers.append(("Content-Encoding", encoding))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            from io import BytesIO

            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    cut = root / "cut.warc"
    whole = gzip.decompress(archive.read_bytes())
    cut.write_bytes(whole[: len(whole) // 3])
    for corpus, fine in ((archive, True), (cut, False)):
        found = harness(
            root,
            listener[0],
            "run",
            "--captures",
            corpus.name,
            "--extractor",
            "parser",
            "--format",
            "json",
        )
        assert found.returncode in (1, 2) and "Traceback" not in found.stdout + found.stderr
        if found.returncode == 1:
            statuses = {r["capture"]: r for r in json.loads(found.stdout)["results"]}
            problems = [r for r in statuses.values() if r["status"] == "error"]
            assert problems, statuses
            assert fine is False or any(r["status"] == "new" for r in statuses.values())
