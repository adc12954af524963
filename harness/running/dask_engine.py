"""The Dask engine: cells spread over a Dask distributed cluster, isolated as in the local pool.

Each Dask task checks one cell with `pool.check_isolated`, in a worker process forked by the
Dask worker, so a hang, a segfault or a memory blow-up in an extractor is an `error` cell and
never a lost Dask worker. Cells stream: only a window of tasks (4 per Dask worker) is in
flight, and outcomes come back in the order the cells went in, as `pool.run` gives them.

Each task carries its page's bytes (`carried`), so workers read no capture: a corpus in
object storage or on the machine that runs the check needs no shared filesystem.

Without a scheduler address a `LocalCluster` of `jobs` single-threaded worker processes is
started for the run. With one, the cluster's workers must run this harness with the project's
extractors importable and the goldens at the same paths; a worker process runs
one cell at a time, so start workers with one thread and several processes
(`dask worker ADDRESS --nworkers N --nthreads 1`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from distributed import Client, Future, LocalCluster

from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem
from harness.errors import UsageError
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
        flying: deque[tuple[pool.Cell, Future[Outcome]]] = deque()
        shared = for_workers(config)
        for extractor, capture in cells:
            payload = carried(capture)
            task = client.submit(_check, shared, extractor.name, payload, limits, pure=False)
            flying.append(((extractor, capture), task))
            if len(flying) >= window:
                yield _result(*flying.popleft())
        while flying:
            yield _result(*flying.popleft())


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


def _check(
    config: Config, name: str, capture: Capture | CaptureProblem, limits: pool.Limits
) -> Outcome:
    """The Dask task: one cell, in a forked worker of this Dask worker."""
    return pool.check_isolated(config, name, capture, limits)


def _result(cell: pool.Cell, task: Future[Outcome]) -> Outcome:
    """The task's outcome; a task Dask itself lost (its worker killed) is an error cell."""
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
    return outcome


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
