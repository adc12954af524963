"""Running cells in worker processes: parallel, and isolated from misbehaving extractors.

Each worker builds the registry once and checks one cell at a time. A cell that runs past
its timeout, or whose worker dies (an exception escaping, a segfault in a C extension, a
memory limit hit), becomes an `error` cell with the reason; the worker is replaced and the
run goes on. Outcomes come back in the order the cells went in, so a parallel run reports
exactly what a serial one does, and only a bounded window of cells is in flight.

`check_isolated` checks one cell the same way, in a forked worker kept between calls: the
building block of engines that bring their own processes (`harness.dask_engine`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from harness import runner
from harness.capture import Capture, CaptureProblem
from harness.config import Config
from harness.extractor import Extractor
from harness.registry import Registry
from harness.runner import Outcome

Cell = tuple[Extractor, Capture | CaptureProblem]


@dataclass(frozen=True)
class Limits:
    """Per cell: seconds before it is stopped; per worker: memory in MiB (0: no limit)."""

    timeout: float = 60.0
    memory_mb: int = 0


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[int, Cell] | None = None
    started: float = 0.0


@dataclass
class _State:
    """The pool's bookkeeping: workers, what is in flight, and outcomes waiting for their turn."""

    workers: list[_Worker] = field(default_factory=list)
    done: dict[int, Outcome] = field(default_factory=dict)
    next_out: int = 0


def run(
    config: Config, cells: Iterable[Cell], *, jobs: int, limits: Limits = Limits()
) -> Iterator[Outcome]:
    """Check every cell in `jobs` worker processes; yield outcomes in input order."""
    context = mp.get_context("fork")
    registry_for(config)  # built here, once: every worker forked from now on inherits it
    state = _State([_spawn(context, config, limits) for _ in range(max(1, jobs))])
    queue = _Ahead(enumerate(cells), len(state.workers))
    window = 4 * len(state.workers)
    exhausted = False
    try:
        while True:
            exhausted = _feed(state, queue, window) or exhausted
            if exhausted and not any(w.task for w in state.workers):
                break
            queue.fill()  # read the next captures while the workers work
            _collect(state, context, config, limits)
            exhausted = _feed(state, queue, window) or exhausted  # before the caller's turn
            while state.next_out in state.done:
                yield state.done.pop(state.next_out)
                state.next_out += 1
        while state.next_out in state.done:
            yield state.done.pop(state.next_out)
            state.next_out += 1
    finally:
        _stop(state.workers)


class _Ahead(Iterator[tuple[int, Cell]]):
    """The numbered cells, read up to `size` ahead of the workers asking for them."""

    def __init__(self, cells: Iterator[tuple[int, Cell]], size: int) -> None:
        self.cells, self.size = cells, size
        self.buffer: deque[tuple[int, Cell]] = deque()

    def fill(self) -> None:
        while len(self.buffer) < self.size and (cell := next(self.cells, None)) is not None:
            self.buffer.append(cell)

    def __next__(self) -> tuple[int, Cell]:
        return self.buffer.popleft() if self.buffer else next(self.cells)


def _feed(state: _State, queue: Iterator[tuple[int, Cell]], window: int) -> bool:
    """Give idle workers a cell each, keeping the outcomes held back within the window."""
    for worker in state.workers:
        if worker.task is not None:
            continue
        in_flight = sum(1 for w in state.workers if w.task) + len(state.done)
        if in_flight >= window:
            return False
        task = next(queue, None)
        if task is None:
            return True
        worker.task, worker.started = task, time.monotonic()
        worker.conn.send((task[0], task[1][0].name, task[1][1]))
    return False


def _collect(state: _State, context: Any, config: Config, limits: Limits) -> None:
    """Wait for a result, a dead worker or a timeout, whichever comes first."""
    busy = [w for w in state.workers if w.task]
    if not busy:
        return
    deadline = min(w.started for w in busy) + limits.timeout
    ready = wait(
        [w.conn for w in busy] + [w.process.sentinel for w in busy],
        max(0.0, deadline - time.monotonic()),
    )
    for index, worker in enumerate(state.workers):
        if worker.task is None:
            continue
        if worker.conn in ready and worker.conn.poll():
            try:
                number, outcome = worker.conn.recv()
            except (EOFError, OSError):
                pass
            else:
                state.done[number] = outcome
                worker.task = None
                continue
        overdue = time.monotonic() - worker.started >= limits.timeout
        if worker.process.sentinel in ready or overdue or not worker.process.is_alive():
            reason = (
                f"timed out after {limits.timeout:g} s"
                if overdue and worker.process.is_alive()
                else _death(worker.process)
            )
            state.done[worker.task[0]] = _failed(worker.task[1], reason)
            _kill(worker)
            state.workers[index] = _spawn(context, config, limits)


def _failed(cell: Cell, reason: str) -> Outcome:
    extractor, capture = cell
    return Outcome(
        extractor.name, capture.id, "error", f"{extractor.name} {reason}", version=extractor.version
    )


def _death(process: Any) -> str:
    process.join(timeout=1)
    return _ended(process.exitcode)


def _ended(code: int | None) -> str:
    """What a worker's exit code (negative: the signal that killed it) says about the cell."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed its worker process ({name})"
    return f"ended its worker process (exit status {code})"


def _spawn(context: Any, config: Config, limits: Limits) -> _Worker:
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, config, limits), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
    worker.conn.close()


def _stop(workers: list[_Worker]) -> None:
    for worker in workers:
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.conn.send(None)
    for worker in workers:
        worker.process.join(timeout=2)
        _kill(worker)


def _serve(conn: Connection, config: Config, limits: Limits) -> None:
    """A worker: check cells until told to stop. Extractors' prints go nowhere."""
    _quiet_stdout()
    if limits.memory_mb:
        import resource

        size = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    found = registry_for(config)
    while True:
        task = conn.recv()
        if task is None:
            return
        number, name, capture = task
        conn.send((number, runner.check(found.get(name), capture, config)))


def _quiet_stdout() -> None:
    """Extractors' prints and their libraries' log lines go nowhere: what matters reaches the
    run as the cell's outcome. HARNESS_DEBUG=1 keeps the workers' stderr."""
    streams = (1,) if os.environ.get("HARNESS_DEBUG") else (1, 2)
    if 2 in streams:
        faulthandler.disable()  # a crash is reported as the cell's error, not as a dump
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in streams:
        os.dup2(devnull, fd)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the worker)
    if 2 in streams:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115


_REGISTRY: list[tuple[Config, Registry]] = []


def registry_for(config: Config) -> Registry:
    """The registry of `config`, built once per process (and inherited by forked workers)."""
    from harness import registry

    if not _REGISTRY or _REGISTRY[0][0] != config:
        _REGISTRY[:] = [(config, registry.from_config(config))]
    return _REGISTRY[0][1]


@dataclass
class _Child:
    """A forked worker kept between one-shot checks, for the configuration it was made for."""

    pid: int
    conn: Connection
    config: Config
    limits: Limits


_CHILD: list[_Child] = []
_LOCK = threading.Lock()


def check_isolated(
    config: Config, extractor_name: str, capture: Capture | CaptureProblem, limits: Limits
) -> Outcome:
    """Check one cell in a worker process of its own, isolated as in `run`.

    For engines that bring their own processes (a Dask worker is a daemon, which may not
    start multiprocessing children): the worker is forked with `os.fork`, kept for the next
    call, and replaced after a cell that timed out or killed it.
    """
    extractor = registry_for(config).get(extractor_name)
    with _LOCK:
        child = _child_for(config, limits)
        try:
            child.conn.send((0, extractor_name, capture))
            if not wait([child.conn], limits.timeout):
                reason = f"timed out after {limits.timeout:g} s"
                _reap(child, kill=True)
                return _failed((extractor, capture), reason)
            outcome: Outcome = child.conn.recv()[1]
            return outcome
        except (EOFError, OSError):
            return _failed((extractor, capture), _ended(_reap(child, kill=False)))


def _child_for(config: Config, limits: Limits) -> _Child:
    if _CHILD and (_CHILD[0].config, _CHILD[0].limits) == (config, limits):
        return _CHILD[0]
    if _CHILD:
        _reap(_CHILD[0], kill=True)
    parent, child = mp.Pipe()
    pid = os.fork()
    if pid == 0:  # the child: serve until the parent goes, never return into its caller
        code = 0
        try:
            parent.close()
            _serve(child, config, limits)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    child.close()
    _CHILD[:] = [_Child(pid, parent, config, limits)]
    return _CHILD[0]


def _reap(child: _Child, *, kill: bool) -> int:
    """End a forked worker (killing it if asked) and return its exit code."""
    _CHILD.clear()
    child.conn.close()
    deadline = time.monotonic() + (0.0 if kill else 1.0)
    while time.monotonic() < deadline:  # a worker that closed its pipe is about to end
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):
        os.kill(child.pid, signal.SIGKILL)
    _, status = os.waitpid(child.pid, 0)
    return os.waitstatus_to_exitcode(status)
