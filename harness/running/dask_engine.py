"""The Dask engine: cells spread over a Dask distributed cluster, isolated as in the local pool.

Each Dask task checks one cell with `pool.check_isolated`, in a worker process forked by the
Dask worker, so a hang, a segfault or a memory blow-up in an extractor is an `error` cell and
never a lost Dask worker. Cells stream: only a window of tasks (4 per Dask worker) is in
flight, and outcomes come back in the order the cells went in, as `pool.run` gives them.

Each task carries its page's bytes (`carried`) and its golden as the parent read it, so
workers read neither captures nor goldens: a corpus in object storage or on the machine that
runs the check needs no shared filesystem. A worker keeps the golden of the cell it checks in
a folder of its own, and the outcome comes back naming the project's golden.

Without a scheduler address a `LocalCluster` of `jobs` single-threaded worker processes is
started for the run. With one, the cluster's workers must run this harness with the project's
extractors importable; a worker process runs
one cell at a time, so start workers with one thread and several processes
(`dask worker ADDRESS --nworkers N --nthreads 1`).
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from distributed import Client, Future, LocalCluster

from harness import confine
from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem
from harness.errors import HarnessError, UsageError
from harness.goldens import golden as goldens
from harness.running import pool
from harness.running.runner import Outcome

WINDOW_PER_WORKER = 4


def run(
    config: Config,
    cells: Iterable[pool.Cell],
    *,
    scheduler: str | None,
    jobs: int,
    limits: pool.Limits,
) -> Iterator[Outcome]:
    """Check every cell on the cluster; yield outcomes in input order."""
    with ExitStack() as stack:
        client = _connect(stack, scheduler, jobs)
        window = WINDOW_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        flying: deque[tuple[pool.Cell, Future[Outcome] | Outcome]] = deque()
        shared = for_workers(config)
        for extractor, capture in cells:
            golden = golden_of(config, extractor.name, capture)
            if isinstance(golden, Outcome):  # a golden that cannot be read: no task
                flying.append(((extractor, capture), golden))
                continue
            payload = carried(capture)
            task = client.submit(
                _check, shared, extractor.name, payload, golden, limits, pure=False
            )
            flying.append(((extractor, capture), task))
            if len(flying) >= window:
                yield _result(*flying.popleft(), config)
        while flying:
            yield _result(*flying.popleft(), config)


def _connect(stack: ExitStack, scheduler: str | None, jobs: int) -> Client:
    """A client of the cluster at `scheduler`, or of a local cluster closed with the run."""
    target: str | LocalCluster
    if scheduler is not None:
        target = scheduler_address(scheduler)
    else:
        target = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
        )
        stack.enter_context(target)
    try:
        client: Client = Client(target)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise UsageError(
            f"cannot reach the Dask scheduler: {error}",
            where=f"--scheduler {scheduler}",
            fix="check the address (tcp://HOST:8786), or drop --scheduler for a local cluster",
        ) from None
    stack.enter_context(client)
    return client


def carried(capture: Capture | CaptureProblem) -> Capture | CaptureProblem:
    """What a task carries of its capture: the page's bytes, never a path to read, so a
    worker on another machine needs no access to the captures (nor to object storage)."""
    return capture.carried() if isinstance(capture, Capture) else capture


def for_workers(config: Config) -> Config:
    """The configuration sent to workers: a corpus URL without its credentials (they read
    no capture: `carried`)."""
    if isinstance(config.captures, Path):
        return config
    from harness.corpus.remote import Remote

    return replace(config, captures=Remote(config.captures.shown))


def golden_of(
    config: Config, name: str, capture: Capture | CaptureProblem
) -> bytes | Outcome | None:
    """The cell's golden file as the parent reads it (None: there is none yet, or the capture
    could not be loaded), or the error cell of a golden that cannot be read (a link, a
    folder), as a local run reports it."""
    if isinstance(capture, CaptureProblem):
        return None
    path = goldens.path_for(config.goldens, name, capture.id)
    try:
        return confine.read_bytes(config.goldens, path)
    except FileNotFoundError:
        return None
    except HarnessError as error:
        return Outcome(name, capture.id, "error", error.message, golden_path=path)
    except OSError as error:
        problem = f"cannot be read: {error.strerror or error}"
        return Outcome(name, capture.id, "error", f"{path} {problem}", golden_path=path)


_OWN: list[Path] = []  # this Dask worker process's goldens folder, made on its first task


def _check(
    config: Config,
    name: str,
    capture: Capture | CaptureProblem,
    golden: bytes | None,
    limits: pool.Limits,
) -> Outcome:
    """The Dask task: one cell, in a forked worker of this Dask worker, against the golden
    the task carried, kept in this worker's own goldens folder."""
    if not _OWN:
        _OWN.append(Path(tempfile.mkdtemp(prefix="harness-dask-goldens-")))
    path = goldens.path_for(_OWN[0], name, capture.id)
    if golden is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(golden)
    return pool.check_isolated(replace(config, goldens=_OWN[0]), name, capture, limits)


def _result(
    cell: pool.Cell, task: Future[Outcome] | Outcome, config: Config | None = None
) -> Outcome:
    """The task's outcome, naming the project's golden; a task Dask itself lost (its worker
    killed) is an error cell."""
    if isinstance(task, Outcome):
        return task
    try:
        outcome: Outcome = task.result()
    except Exception as error:
        extractor, capture = cell
        return Outcome(
            extractor.name,
            capture.id,
            "error",
            f"{extractor.name} lost its Dask task ({type(error).__name__}: {error})",
        )
    if config is None or outcome.golden_path is None:
        return outcome
    real = goldens.path_for(config.goldens, outcome.extractor, outcome.capture)
    message = outcome.message.replace(str(outcome.golden_path), str(real))
    return replace(outcome, golden_path=real, message=message)


_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def scheduler_address(address: str) -> str:
    """`address` if it can name a scheduler other processes reach: `[SCHEME://]HOST:PORT`
    with a network scheme (not `inproc://`, which lives in one process); else a UsageError."""
    scheme, _, rest = address.rpartition("://")
    host, _, port = rest.rpartition(":")
    if (scheme or "tcp") in _SCHEMES and host and port.isdigit() and 0 < int(port) < 65536:
        return address
    raise UsageError(
        f"{address!r} is not a scheduler address",
        where="--scheduler",
        fix=f"give tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786; schemes: {', '.join(_SCHEMES)}), "
        "or drop --scheduler for a local cluster",
    )
