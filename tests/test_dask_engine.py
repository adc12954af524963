"""The Dask engine: a real local cluster gives what the local pool gives, isolation included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import LocalCluster

from harness import config as configuration
from harness import registry
from harness.cli import main
from harness.corpus.capture import create
from harness.running import dask_engine, pool, runner

MODES = ("hang", "raise", "segfault", "exit")


@pytest.fixture
def cluster(project: Path) -> Iterator[str]:
    """A local cluster of two worker processes, started once the project is importable."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def _comparable(outcome: runner.Outcome) -> tuple[object, ...]:
    return (outcome.to_json() | {"seconds": 0}, outcome.record, outcome.golden_path)


def test_a_dask_run_equals_a_local_run_in_order_and_content(project: Path) -> None:
    for index in range(10):
        page = f"<title>Page {index}</title><p>Paragraph {index}.</p>"
        create(project / "captures", f"page-{index:02d}", page.encode(), kind="html")
    config = configuration.load()
    extractors = registry.from_config(config).select(["demo", "text"])
    local = list(pool.run(config, runner.cases(config, extractors), jobs=2))
    found = dask_engine.run(
        config, runner.cases(config, extractors), scheduler=None, jobs=2, limits=pool.Limits()
    )
    distributed = list(found)
    assert len(distributed) == 24
    assert [_comparable(o) for o in distributed] == [_comparable(o) for o in local]


def test_misbehaving_extractors_are_error_cells_on_the_cluster(
    project: Path, cluster: str, misbehaving_source: str
) -> None:
    (project / "dask_misbehaving.py").write_text(misbehaving_source)
    table = '\n[tool.harness.extractors.{0}]\nfactory = "dask_misbehaving:extractor"\n'
    tables = "".join(table.format(m) + f'options = {{mode = "{m}"}}\n' for m in MODES)
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + tables)
    config = configuration.load()
    extractors = registry.from_config(config).select(["demo", *MODES])
    cells = runner.cases(config, extractors)
    found = {
        f"{o.extractor}[{o.capture}]": f"{o.status}: {o.message}"
        for o in dask_engine.run(
            config, cells, scheduler=cluster, jobs=2, limits=pool.Limits(timeout=2)
        )
    }
    assert found["hang[alpha]"] == "error: hang timed out after 2 s"
    assert found["raise[alpha]"] == "error: raise raised RuntimeError: broken on purpose"
    assert found["segfault[alpha]"] == "error: segfault killed its worker process (SIGSEGV)"
    assert found["exit[alpha]"] == "error: exit ended its worker process (exit status 3)"
    for name in ("demo", *MODES):
        assert found[f"{name}[beta]"].startswith("new"), found
    assert found["demo[alpha]"].startswith("new")


def test_harness_run_takes_the_engine_and_scheduler_flags(
    project: Path, cluster: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--format", "json", "--engine", "local"]) == 1
    local = json.loads(capsys.readouterr().out)
    assert main(["run", "--format", "json", "--scheduler", cluster]) == 1
    distributed = json.loads(capsys.readouterr().out)
    for document in (local, distributed):
        for result in document["results"]:
            result["seconds"] = 0
    assert distributed == local
    assert [r["capture"] for r in local["results"]] == ["alpha", "beta"]
    code = main(["run", "--engine", "local", "--scheduler", cluster])
    assert code == 2 and "needs the Dask engine" in capsys.readouterr().err
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["run", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


@pytest.mark.parametrize("address", ["garbage", "inproc://x", "tcp://host:port", "tcp://:8786"])
def test_a_bad_scheduler_address_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    from harness.cli import main

    code = main(["run", "--engine", "dask", "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2 and "--scheduler" in err and "fix:" in err and "internal" not in err


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:8786", "[::1]:8786", "tls://h.example:1"])
def test_scheduler_addresses_that_can_serve(address: str) -> None:
    assert dask_engine.scheduler_address(address) == address


def test_goldens_travel_with_the_tasks_and_outcomes_name_the_projects(project: Path) -> None:
    """A pass, a drift and a golden that is not JSON give on the cluster what they give
    locally, every message and path naming the project's goldens, not a worker's copy."""
    for index in range(3):
        page = f"<title>Page {index}</title><p>Paragraph {index}.</p>"
        create(project / "captures", f"page-{index}", page.encode(), kind="html")
    assert main(["run", "--extractor", "demo"]) == 1
    assert main(["approve", "--all"]) == 0
    goldens = project / "goldens" / "demo"
    drifted = json.loads((goldens / "page-1.json").read_text())
    drifted["record"]["title"] = "Another title"
    (goldens / "page-1.json").write_text(json.dumps(drifted))
    (goldens / "page-2.json").write_text("{ not json")
    config = configuration.load()
    extractors = registry.from_config(config).select(["demo"])
    cells = [c for c in runner.cases(config, extractors) if c[1].id.startswith("page-")]
    local = list(pool.run(config, cells, jobs=1))
    found = list(dask_engine.run(config, cells, scheduler=None, jobs=1, limits=pool.Limits()))
    assert [o.status for o in found] == ["pass", "drift", "error"]
    assert str(goldens / "page-2.json") in found[2].message
    assert [_comparable(o) for o in found] == [_comparable(o) for o in local]
