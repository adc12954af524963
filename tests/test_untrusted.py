"""Extractors that misbehave where the harness used to trust them: at import, in their
factory, on the network, in the goldens folder. Every command that runs extractors, and the
pytest plugin, reports them as errors of their own and carries on; a green run means nothing
drifted.

The extractors are in tests/untrusted (a project-local module on PYTHONPATH, as a user's
would be); each test runs `python -m harness.cli` (or pytest) in a copy of that folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness import config as configuration
from harness import registry
from harness.corpus.capture import Capture, create, load_capture
from harness.running import runner

UNTRUSTED = Path(__file__).parent / "untrusted"
PAGES = {
    "one": "<html><head><title>One</title></head><body><p>First page.</p></body></html>",
    "two": "<html><head><title>Two</title></head><body><p>Second page.</p></body></html>",
}
BROKEN = {  # extractor: what its error cells say
    "exits-at-import": "exits-at-import ended its worker process (exit status 0) while being "
    "loaded",
    "segfaults-at-import": "segfaults-at-import killed its worker process (SIGSEGV) while being "
    "loaded",
    "raises-at-import": "raises-at-import raised RuntimeError while being loaded (importing its "
    "module or calling its factory): broken at import on purpose",
    "exits-in-factory": "exits-in-factory called sys.exit(3) while being loaded",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/untrusted with two captures and `good`'s approved goldens."""
    root = tmp_path / "project"
    shutil.copytree(UNTRUSTED, root, ignore=shutil.ignore_patterns("__pycache__"))
    for capture_id, page in PAGES.items():
        create(root / "captures", capture_id, page.encode(), kind="html")
        (root / "captures" / capture_id / "truth.json").write_text(
            json.dumps({"title": capture_id.title()})
        )
    sys.path.insert(0, str(root))
    try:
        config = configuration.load(root)
        good = registry.from_config(config).get("good").load()
        for capture_id in PAGES:
            capture = load_capture(root / "captures" / capture_id)
            runner.approve(runner.check(good, capture, config), capture)
    finally:
        sys.path.remove(str(root))
        sys.modules.pop("untrusted_extractors", None)
    return root


def harness(
    project: Path, *args: str, env: dict[str, str] | None = None, module: str = "harness.cli"
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    environ["UNTRUSTED_IMPORTS"] = str(project / "imports.log")
    environ.pop("PYTEST_XDIST_WORKER", None)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def selected(*names: str) -> list[str]:
    return [arg for name in names for arg in ("--extractor", name)]


def cells(stdout: str) -> dict[str, dict[str, Any]]:
    return {f"{r['extractor']}[{r['capture']}]": r for r in json.loads(stdout)["results"]}


def clean(result: subprocess.CompletedProcess[str]) -> None:
    """No traceback, no extractor's chatter where the user reads the command's output."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "import chatter" not in result.stdout + result.stderr


def test_run_reports_extractors_broken_at_import_or_in_their_factory(project: Path) -> None:
    names = ["good", "prints-at-import", *BROKEN]
    result = harness(project, "run", "--format", "json", "--jobs", "1", *selected(*names))
    assert result.returncode == 1, result.stderr
    clean(result)
    found = cells(result.stdout)  # stdout is the JSON document, nothing else
    assert len(found) == len(names) * len(PAGES)
    for capture in PAGES:
        assert found[f"good[{capture}]"]["status"] == "pass"
        assert found[f"prints-at-import[{capture}]"]["status"] == "new"
        for name, message in BROKEN.items():
            cell = found[f"{name}[{capture}]"]
            assert cell["status"] == "error" and cell["message"].startswith(message), cell
    # a worker that died building an extractor marked it broken: no second import attempt
    attempts = (project / "imports.log").read_text().split()
    assert sorted(attempts) == ["exits_at_import", "segfaults_at_import"]


def test_the_table_names_each_broken_extractor_once_per_cell(project: Path) -> None:
    result = harness(project, "run", "--jobs", "2", *selected("good", "exits-at-import"))
    assert result.returncode == 1
    clean(result)
    assert "exits-at-import[one]: error: exits-at-import ended its worker" in result.stdout
    assert "4 cells: 2 pass, 2 error" in result.stdout


def test_pytest_golden_tests_fail_for_broken_extractors_only(project: Path) -> None:
    (project / "test_goldens.py").write_text(
        "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
    )
    names = ["good", "exits-at-import", "segfaults-at-import", "raises-at-import"]
    result = harness(
        project,
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-p",
        "no:randomly",
        "-rA",
        "test_goldens.py",
        *[arg for name in names for arg in ("--harness-extractor", name)],
        module="pytest",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 passed" in result.stdout and "6 failed" in result.stdout, result.stdout
    assert "PASSED test_goldens.py::good[one]" in result.stdout
    for name in names[1:]:
        assert f"FAILED test_goldens.py::{name}[two]" in result.stdout
    assert "exits-at-import ended its worker process (exit status 0)" in result.stdout


def test_a_run_fails_when_an_extractor_writes_into_the_goldens(project: Path) -> None:
    report = project / "out"
    result = harness(
        project, "run", "--report", str(report), "--format", "json", *selected("good", "plants")
    )
    assert result.returncode == 1
    clean(result)
    assert "goldens folder changed during this run without an approval" in result.stderr
    assert "created " + str(project / "goldens" / "good" / "planted-one.json") in result.stderr
    statuses = {c["status"] for c in cells(result.stdout).values()}
    assert "pass" not in statuses, statuses  # good's cells matched, but nothing is trusted


def test_a_golden_rewritten_in_place_with_its_times_kept_is_seen(project: Path) -> None:
    result = harness(project, "run", "--format", "json", *selected("good", "rewrites"))
    assert result.returncode == 1
    assert "changed " + str(project / "goldens" / "good" / "one.json") in result.stderr


def test_pytest_fails_when_an_extractor_writes_into_the_goldens(project: Path) -> None:
    (project / "test_goldens.py").write_text(
        "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
    )
    flags = ["--harness-extractor", "good", "--harness-extractor", "plants"]
    result = harness(project, "-p", "no:cacheprovider", "-p", "no:xdist", *flags, module="pytest")
    assert result.returncode == 1, result.stdout
    assert "goldens folder changed during this run without an approval" in result.stdout
    assert "planted-one.json" in result.stdout


def test_extractors_get_no_network_unless_allowed(project: Path, http_server: str) -> None:
    server = {"UNTRUSTED_SERVER": http_server.removeprefix("http://")}
    names = selected("good", "calls-home")
    blocked = harness(project, "run", "--format", "json", *names, env=server)
    assert blocked.returncode == 1
    cell = cells(blocked.stdout)["calls-home[one]"]
    assert cell["status"] == "error", cell
    assert "network access refused" in cell["message"] and "--allow-network" in cell["message"]
    assert cells(blocked.stdout)["good[one]"]["status"] == "pass"
    allowed = harness(project, "run", "--format", "json", "--allow-network", *names, env=server)
    cell = cells(allowed.stdout)["calls-home[one]"]
    assert cell["status"] == "new", cell
    assert json.loads((project / ".harness" / "pending" / "calls-home" / "one.json").read_text())[
        "record"
    ]["title"].startswith("HTTP/1.0 200")


def test_extract_survives_crashing_extractors(project: Path) -> None:
    page = project / "captures" / "one"
    names = selected("good", "crashes", "segfaults-at-import")
    result = harness(project, "extract", str(page), *names)
    assert result.returncode == 1, result.stderr  # a page some extractors failed on
    clean(result)
    assert "crashes, segfaults-at-import failed on this page" in result.stderr
    found = json.loads(result.stdout)
    assert found["good"]["title"] == "One"
    assert "killed its worker process (SIGSEGV)" in found["crashes"]["error"]
    assert "while being loaded" in found["segfaults-at-import"]["error"]


def test_compare_survives_a_crashing_extractor(project: Path) -> None:
    result = harness(project, "compare", "good", "segfaults-at-import", "--format", "json")
    assert result.returncode == 1, result.stderr
    clean(result)
    assert "segfaults-at-import failed on some pages" in result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 2 and "SIGSEGV" in str(problems)


def test_score_survives_a_crashing_extractor(project: Path) -> None:
    names = selected("good", "crashes", "exits-at-import")
    result = harness(project, "score", "--format", "json", "--jobs", "2", *names)
    assert result.returncode == 1, result.stderr
    clean(result)
    assert "exits-at-import failed on 2 page(s), scored as empty records" in result.stderr
    found = json.loads(result.stdout)
    scores = found["extractors"]
    assert scores["good"]["title"]["accuracy"] == 1.0
    assert scores["crashes"]["errors"] == 2 and scores["exits-at-import"]["errors"] == 2
    assert scores["exits-at-import"]["title"]["accuracy"] == 0.0
    broken = [p for p in found["captures"] if p["extractor"] != "good"]
    assert len(broken) == 4 and {p["score"] for p in broken} == {0.0}, broken


def test_add_survives_a_crashing_extractor(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('enable = ["good"]', 'enable = ["good", "crashes"]')
    )
    page = project / "three.html"
    page.write_text("<html><head><title>Three</title></head><body><p>Third.</p></body></html>")
    result = harness(project, "add", str(page))
    assert result.returncode == 1, result.stderr  # added, but an extractor failed on it
    clean(result)
    assert "crashes failed on the added page(s)" in result.stderr
    assert "added capture three" in result.stdout
    assert isinstance(load_capture(project / "captures" / "three"), Capture)
    assert (project / ".harness" / "pending" / "good" / "three.json").is_file()
    assert "error" in result.stdout.split("added capture three")[1]


def test_the_extractor_listing_survives_broken_modules(project: Path) -> None:
    result = harness(project, "extractors", "--format", "json")
    assert result.returncode == 1
    clean(result)
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["good"]["available"] is True and rows["good"]["fields"] == ["title", "body"]
    assert rows["prints-at-import"]["available"] is True
    for name, message in BROKEN.items():
        assert rows[name]["broken"] is True and rows[name]["reason"].startswith(message)


def test_pytest_golden_tests_get_no_network_unless_allowed(project: Path, http_server: str) -> None:
    (project / "test_goldens.py").write_text(
        "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
    )
    server = {"UNTRUSTED_SERVER": http_server.removeprefix("http://")}
    flags = ["-p", "no:cacheprovider", "-p", "no:xdist", "--harness-extractor", "calls-home"]
    blocked = harness(project, *flags, env=server, module="pytest")
    assert blocked.returncode == 1
    assert "network access refused" in blocked.stdout and "--allow-network" in blocked.stdout
    allowed = harness(project, *flags, "--harness-allow-network", env=server, module="pytest")
    assert allowed.returncode == 1  # no golden yet: the output waits for approval
    assert "no golden yet" in allowed.stdout and "network access refused" not in allowed.stdout


def namespaces_allowed() -> bool:
    """Whether a forked process here may take a network namespace of its own (as root, or
    inside a user namespace), asked of the C library, not of the harness."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    flags = 0x40000000 if os.geteuid() == 0 else 0x40000000 | 0x10000000
    pid = os.fork()
    if pid == 0:
        os._exit(0 if libc.unshare(flags) == 0 else 1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def test_a_subprocess_or_raw_socket_of_an_extractor_gets_no_network(
    project: Path, http_server: str
) -> None:
    if not namespaces_allowed():
        pytest.skip(
            "this kernel or container allows no network namespace for an unprivileged "
            "process: only Python's sockets are blocked here"
        )
    server = {"UNTRUSTED_SERVER": http_server.removeprefix("http://")}
    names = selected("calls-home-around")
    blocked = harness(project, "run", "--format", "json", *names, env=server)
    clean(blocked)
    cell = cells(blocked.stdout)["calls-home-around[one]"]
    assert cell["status"] == "error" or "HTTP/1.0" not in json.dumps(cell), cell
    pending = project / ".harness" / "pending" / "calls-home-around" / "one.json"
    if pending.exists():
        title = json.loads(pending.read_text())["record"]["title"]
        assert "HTTP/1.0" not in title and "direct connect_ex 0" not in title, title
    allowed = harness(project, "run", "--format", "json", "--allow-network", *names, env=server)
    title = json.loads(pending.read_text())["record"]["title"]
    assert cells(allowed.stdout)["calls-home-around[one]"]["status"] == "new"
    assert "HTTP/1.0" in title and "direct connect_ex 0" in title, title


def approve_as(project: Path, name: str) -> None:
    """`good`'s goldens, approved for `name` too: what `name` must reproduce to pass."""
    (project / "goldens" / name).mkdir()
    for capture in PAGES:
        data = json.loads((project / "goldens" / "good" / f"{capture}.json").read_text())
        data["extractor"]["name"] = name
        (project / "goldens" / name / f"{capture}.json").write_text(json.dumps(data))


def test_an_extractor_patching_the_comparison_in_its_worker_does_not_pass(
    project: Path,
) -> None:
    approve_as(project, "fakes-green")
    result = harness(project, "run", "--format", "json", *selected("good", "fakes-green"))
    assert result.returncode == 1, result.stdout
    clean(result)
    found = cells(result.stdout)
    for capture in PAGES:
        assert found[f"good[{capture}]"]["status"] == "pass"
        cell = found[f"fakes-green[{capture}]"]
        assert cell["status"] == "drift" and cell["drift"] == ["title", "body"], cell
        assert "its worker reported pass" in cell["message"]


def test_pytest_golden_tests_judge_in_the_pytest_process(project: Path) -> None:
    approve_as(project, "fakes-green")
    (project / "test_goldens.py").write_text(
        "from harness.plugin import golden_tests\n\ntest_goldens = golden_tests()\n"
    )
    flags = ["--harness-extractor", "good", "--harness-extractor", "fakes-green"]
    result = harness(
        project, "-p", "no:cacheprovider", "-p", "no:xdist", "-rA", *flags, module="pytest"
    )
    assert result.returncode == 1, result.stdout
    assert "2 passed" in result.stdout and "2 failed" in result.stdout, result.stdout
    assert "FAILED test_goldens.py::fakes-green[one]" in result.stdout


def test_a_memory_limit_counts_the_extractor_not_the_harness(project: Path) -> None:
    names = selected("good", "hungry-factory")
    result = harness(project, "run", "--format", "json", "--memory-mb", "700", *names)
    assert result.returncode == 1, result.stderr
    clean(result)
    found = cells(result.stdout)
    assert found["good[one]"]["status"] == "pass", found["good[one]"]  # jsonschema loaded
    message = found["hungry-factory[one]"]["message"]
    assert message.startswith("hungry-factory ran out of memory while being loaded"), message
    assert "memory limit of 700 MiB; raise --memory-mb" in message


def test_a_good_extractor_alone_leaves_extract_compare_and_score_green(project: Path) -> None:
    page = str(project / "captures" / "one")
    assert harness(project, "extract", page, *selected("good")).returncode == 0
    assert harness(project, "score", *selected("good")).returncode == 0


def test_an_extractor_exiting_at_import_fails_extract_and_compare(project: Path) -> None:
    page = str(project / "captures" / "one")
    extract = harness(project, "extract", page, *selected("exits-at-import"))
    assert extract.returncode == 1 and "exits-at-import failed" in extract.stderr
    compare = harness(project, "compare", "good", "exits-at-import")
    assert compare.returncode == 1 and "exits-at-import failed" in compare.stderr
