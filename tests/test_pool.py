"""Isolation: a hanging, raising, crashing or memory-hungry extractor is one error cell."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from harness import config as configuration
from harness import registry
from harness.running import pool, runner


@pytest.fixture
def misbehaving(project: Path, misbehaving_source: str) -> configuration.Config:
    (project / "misbehaving.py").write_text(misbehaving_source)
    modes = ("hang", "raise", "segfault", "exit", "memory", "print")
    table = '\n[tool.harness.extractors.{0}]\nfactory = "misbehaving:extractor"\n'
    tables = "".join(table.format(m) + f'options = {{mode = "{m}"}}\n' for m in modes)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('enable = ["demo"]', "") + textwrap.dedent(tables)
    )
    return configuration.load()


def outcomes(config: configuration.Config, names: list[str], **kw: object) -> dict[str, str]:
    extractors = registry.from_config(config).select(names)
    found = pool.run(config, runner.cases(config, extractors), **kw)  # type: ignore[arg-type]
    return {f"{o.extractor}[{o.capture}]": f"{o.status}: {o.message}" for o in found}


def test_each_misbehaviour_is_an_error_cell_and_the_rest_goes_on(
    misbehaving: configuration.Config,
) -> None:
    names = ["demo", "hang", "raise", "segfault", "exit"]
    found = outcomes(misbehaving, names, jobs=2, limits=pool.Limits(timeout=3))
    assert found["hang[alpha]"] == "error: hang timed out after 3 s"
    assert found["raise[alpha]"] == "error: raise raised RuntimeError: broken on purpose"
    assert found["segfault[alpha]"] == "error: segfault killed its worker process (SIGSEGV)"
    assert found["exit[alpha]"] == "error: exit ended its worker process (exit status 3)"
    for name in names:
        assert found[f"{name}[beta]"].startswith("new"), found
    assert found["demo[alpha]"].startswith("new")


def test_memory_limit_turns_a_blow_up_into_an_error(misbehaving: configuration.Config) -> None:
    found = outcomes(
        misbehaving, ["memory"], jobs=1, limits=pool.Limits(timeout=20, memory_mb=1024)
    )
    assert found["memory[alpha]"].startswith(
        "error: memory ran out of memory under the memory limit of 1024 MiB; raise --memory-mb"
    )
    assert found["memory[beta]"].startswith("new")


def test_printing_extractor_does_not_reach_stdout(
    misbehaving: configuration.Config, capfd: pytest.CaptureFixture[str]
) -> None:
    found = outcomes(misbehaving, ["print"], jobs=1)
    assert found["print[alpha]"].startswith("new")
    assert "noise" not in capfd.readouterr().out


def test_parallel_equals_serial_in_order_and_content(project: Path) -> None:
    for index in range(12):
        page = f"<title>Page {index}</title><p>Paragraph {index}.</p>"
        from harness.corpus.capture import create

        create(project / "captures", f"page-{index:02d}", page.encode(), kind="html")
    config = configuration.load()
    extractors = registry.from_config(config).select(["demo", "text"])
    built = {e.name: e.load() for e in extractors}
    serial = [runner.check(built[e.name], c, config) for e, c in runner.cases(config, extractors)]
    parallel = list(pool.run(config, runner.cases(config, extractors), jobs=2))
    assert [o.to_json() | {"seconds": 0} for o in parallel] == [
        o.to_json() | {"seconds": 0} for o in serial
    ]
    assert [o.record for o in parallel] == [o.record for o in serial]


def test_library_chatter_on_stderr_stays_in_the_worker(
    misbehaving: configuration.Config,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HARNESS_DEBUG", raising=False)
    (Path(misbehaving.root) / "chatty.py").write_text(
        "import sys\nfrom harness import Extractor, Record\n"
        "def extractor(name, options):\n"
        "    def extract(capture):\n"
        "        print('library log line', file=sys.stderr)\n"
        "        return Record(title=capture.id)\n"
        "    return Extractor(name, '1', frozenset({'html'}), ('title',), extract)\n"
    )
    pyproject = Path(misbehaving.root) / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[tool.harness.extractors.chatty]\nfactory = "chatty:extractor"\n'
    )
    found = outcomes(configuration.load(), ["chatty"], jobs=1)
    assert found["chatty[alpha]"].startswith("new")
    assert "library log line" not in capfd.readouterr().err


def test_a_capture_swapped_for_a_link_after_listing_is_an_error_naming_it(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    config = configuration.load()
    cells = list(runner.cases(config, registry.from_config(config).select(["demo"])))
    folder = project / "captures" / "alpha"
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "alpha"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere)  # after listing, before the worker reads the page
    found = {o.capture: o for o in pool.run(config, cells, jobs=1)}  # type: ignore[arg-type]
    assert found["alpha"].status == "error"
    assert str(folder) in found["alpha"].message and "link" in found["alpha"].message
    assert "worker process" not in found["alpha"].message
    assert found["beta"].status == "new"


def test_a_worker_has_its_next_cell_before_the_parent_judges_the_last(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent's own verdict (a golden read, a comparison) must not leave the worker idle:
    the next cell goes out first, then the finished one is judged."""
    from multiprocessing.connection import Connection

    from harness.corpus.capture import create

    for index in range(4):
        create(project / "captures", f"page-{index}", f"<p>Page {index}.</p>".encode(), kind="html")
    config = configuration.load()
    events: list[str] = []
    send, rejudge = Connection.send, pool.verdict.rejudge

    def sending(self: Connection, message: object) -> None:
        if isinstance(message, tuple) and len(message) == 3 and hasattr(message[2], "id"):
            events.append(f"send {message[2].id}")
        send(self, message)

    def judging(outcome: runner.Outcome, *args: object) -> runner.Outcome:
        events.append(f"judge {outcome.capture}")
        return rejudge(outcome, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Connection, "send", sending)
    monkeypatch.setattr(pool.verdict, "rejudge", judging)
    cells = [c for c in runner.cases(config, registry.from_config(config).select(["demo"]))]
    list(pool.run(config, [c for c in cells if c[1].id.startswith("page-")], jobs=1))
    order = [e for e in events if e.endswith(("page-0", "page-1", "page-2", "page-3"))]
    for index in range(3):
        assert order.index(f"send page-{index + 1}") < order.index(f"judge page-{index}"), order
