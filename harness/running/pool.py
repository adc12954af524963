"""Running cells in worker processes: parallel, and isolated from misbehaving extractors.

The parent process knows extractors by name only (`harness.registry`): a worker imports and
builds each extractor the first time a cell needs it, telling the parent "building X" first.
A worker that dies or hangs while building X (an `os._exit` or a segfault at import, a
factory that never returns) marks X broken: its cell and every remaining cell of X become
`error` cells naming what happened, and X is not built again. A build that raises or calls
`sys.exit` is the same, without the worker dying. What the parent learns of an extractor
(version, kinds, fields, availability) comes back from the worker that built it.

A cell that runs past its timeout, or whose worker dies (an exception escaping, a segfault in
a C extension, a memory limit hit), becomes an `error` cell with the reason; the worker is
replaced and the run goes on. Workers have no network unless `Limits.allow_network`
(`harness.running.network`). Outcomes come back in the order the cells went in, so a parallel run
reports exactly what a serial one does, and only a bounded window of cells is in flight.

An extractor runs in the same process as the comparison of its cell, and could patch it
there: every outcome a worker reports green is judged again here, in the parent, from the
record it returned and the golden read here (`harness.running.verdict`).

`check_isolated` checks one cell the same way, in a forked worker kept between calls: the
building block of engines that bring their own processes (`harness.running.dask_engine`) and of the
pytest plugin; `probe` builds extractors in a worker to describe them.
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from harness.config import Config
from harness.corpus.capture import Capture, CaptureProblem
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.registry import Registry
from harness.running import network, runner, verdict
from harness.running.runner import Outcome


class Named(Protocol):
    """An extractor as the parent knows it: a name (a registry entry, or a built extractor)."""

    @property
    def name(self) -> str: ...


Cell = tuple[Named, Capture | CaptureProblem]
Seen = dict[str, Extractor]
"""The extractors the workers built during a run, by name, described (`Extractor.described`)."""


@dataclass(frozen=True)
class Limits:
    """Per cell: seconds before it is stopped; per worker: the memory in MiB its extractors
    may take on top of the harness's own (0: no limit), and whether extractors may reach the
    network."""

    timeout: float = 60.0
    memory_mb: int = 0
    allow_network: bool = False


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_Task = tuple[Named, Capture | CaptureProblem | None]  # None: only build the extractor
LOADING = "while being loaded (importing its module or calling its factory)"
MISCONFIGURED = "cannot be loaded:"  # how a factory's own HarnessError (a bad option) is told


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[int, _Task] | None = None
    started: float = 0.0
    building: str | None = None  # the extractor the worker said it is building


@dataclass
class _State:
    """The pool's bookkeeping: workers, what is in flight, outcomes waiting for their turn,
    and what the workers said of the extractors (built, or broken and why)."""

    workers: list[_Worker] = field(default_factory=list)
    done: dict[int, Outcome] = field(default_factory=dict)
    heard: list[tuple[int, Outcome, _Task]] = field(default_factory=list)  # to judge here
    next_out: int = 0
    seen: Seen = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)


def run(
    config: Config,
    cells: Iterable[Cell],
    *,
    jobs: int,
    limits: Limits = Limits(),
    seen: Seen | None = None,
) -> Iterator[Outcome]:
    """Check every cell in `jobs` worker processes; yield outcomes in input order.

    Building an extractor (importing its module, calling its factory) may take the timeout,
    and the cell that needed it the timeout again. `seen`, when given, is filled with the
    extractors the workers built, described.
    """
    runner.prepare()  # once here, before the workers are forked from this process
    return _run(config, cells, jobs=jobs, limits=limits, seen={} if seen is None else seen)


def _run(
    config: Config, cells: Iterable[_Task], *, jobs: int, limits: Limits, seen: Seen
) -> Iterator[Outcome]:
    context = mp.get_context("fork")
    known = registry_for(config)  # names only: no extractor is imported here
    state = _State(seen=seen)
    state.workers = [_spawn(context, known, config, limits) for _ in range(max(1, jobs))]
    queue = _Ahead(enumerate(cells), len(state.workers))
    window = 4 * len(state.workers)
    exhausted = False
    try:
        while True:
            exhausted = _feed(state, queue, window) or exhausted
            if exhausted and not any(w.task for w in state.workers):
                break
            queue.fill()  # read the next captures while the workers work
            _collect(state, context, known, config, limits)
            exhausted = _feed(state, queue, window) or exhausted  # before judging: no idling
            _judge(state, config)
            while state.next_out in state.done:
                yield state.done.pop(state.next_out)
                state.next_out += 1
        while state.next_out in state.done:
            yield state.done.pop(state.next_out)
            state.next_out += 1
    finally:
        _stop(state.workers)


def probe(
    config: Config, names: Sequence[str], limits: Limits = Limits()
) -> dict[str, Extractor | str]:
    """Each named extractor built in a worker process and described, or why it could not be
    (an import or factory that raised, exited, crashed or hung): what a listing or the pytest
    plugin needs to know of extractors without importing them itself."""
    known = registry_for(config)
    seen: Seen = {}
    tasks: list[_Task] = [(known.get(name), None) for name in names]
    found: dict[str, Extractor | str] = {}
    for outcome in _run(config, tasks, jobs=1, limits=limits, seen=seen):
        built = seen.get(outcome.extractor)
        found[outcome.extractor] = outcome.message if built is None else built
    return found


class _Ahead(Iterator[tuple[int, _Task]]):
    """The numbered cells, read up to `size` ahead of the workers asking for them."""

    def __init__(self, cells: Iterator[tuple[int, _Task]], size: int) -> None:
        self.cells, self.size = cells, size
        self.buffer: deque[tuple[int, _Task]] = deque()

    def fill(self) -> None:
        while len(self.buffer) < self.size and (cell := next(self.cells, None)) is not None:
            self.buffer.append(cell)

    def __next__(self) -> tuple[int, _Task]:
        return self.buffer.popleft() if self.buffer else next(self.cells)


def _feed(state: _State, queue: Iterator[tuple[int, _Task]], window: int) -> bool:
    """Give idle workers a cell each, keeping the outcomes held back within the window; a
    cell of a broken extractor is an error at once, and goes to no worker."""
    for worker in state.workers:
        while worker.task is None:
            in_flight = sum(1 for w in state.workers if w.task) + len(state.done)
            in_flight += len(state.heard)
            if in_flight >= window:
                return False
            task = next(queue, None)
            if task is None:
                return True
            number, (named, capture) = task
            if named.name in state.broken:
                state.done[number] = _error(named.name, capture, state.broken[named.name], state)
                continue
            worker.task, worker.started = task, time.monotonic()
            with contextlib.suppress(BrokenPipeError, OSError):  # died idle: `_collect` sees it
                worker.conn.send((number, named.name, capture))
    return False


def _collect(state: _State, context: Any, known: Registry, config: Config, limits: Limits) -> None:
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
        if worker.conn in ready and _receive(worker, state):
            continue
        overdue = time.monotonic() - worker.started >= limits.timeout
        if worker.process.sentinel in ready or overdue or not worker.process.is_alive():
            reason = (
                f"timed out after {limits.timeout:g} s"
                if overdue and worker.process.is_alive()
                else _death(worker.process)
            )
            number, (named, capture) = worker.task
            state.done[number] = _lost(
                named.name, capture, reason, worker.building, state, limits.memory_mb
            )
            _kill(worker)
            state.workers[index] = _spawn(context, known, config, limits)


def _receive(worker: _Worker, state: _State) -> bool:
    """Read what the worker said; True when it finished its cell, which waits in
    `state.heard` to be judged again here once the worker has its next cell."""
    while worker.conn.poll():
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return False
        heard = _hear(worker, message, state.seen, state.broken)
        if heard is not None and worker.task is not None:
            state.heard.append((heard[0], heard[1], worker.task[1]))
            worker.task = None
            return True
        if message[0] != "building":  # built: the cell's own time starts now
            worker.started = time.monotonic()
    return False


def _judge(state: _State, config: Config) -> None:
    """The parent's verdict on every outcome the workers reported (`harness.running.verdict`)."""
    for number, outcome, (named, capture) in state.heard:
        extractor = state.seen.get(named.name)
        state.done[number] = verdict.rejudge(outcome, capture, config, extractor)
    state.heard.clear()


def _hear(
    worker: _Worker | _Child, message: tuple[Any, ...], seen: Seen, broken: dict[str, str]
) -> tuple[int, Outcome] | None:
    """Note a worker's message; a finished cell's number and outcome, or None."""
    kind, subject, *rest = message
    if kind == "building":
        worker.building = subject
    elif kind == "built":
        seen[subject], worker.building = rest[0], None
    elif kind == "broken":
        broken[subject], worker.building = rest[0], None
    else:
        return subject, rest[0]
    return None


def _lost(
    name: str,
    capture: Capture | CaptureProblem | None,
    reason: str,
    building: str | None,
    state: _State,
    memory_mb: int = 0,
) -> Outcome:
    """The outcome of a cell whose worker died or hung; while building, the extractor is broken.
    A worker that died under a memory limit may have died of it: the message says so."""
    limit = over_limit(memory_mb) if memory_mb and not reason.startswith("timed out") else ""
    if building == name:
        state.broken[name] = f"{name} {reason} {LOADING}{limit}"
        return _error(name, capture, state.broken[name], state)
    return _error(name, capture, f"{name} {reason}{limit}", state)


def _error(
    name: str, capture: Capture | CaptureProblem | None, message: str, state: _State
) -> Outcome:
    built = state.seen.get(name)
    capture_id = "" if capture is None else capture.id
    return Outcome(name, capture_id, "error", message, version=built.version if built else "")


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


def _spawn(context: Any, known: Registry, config: Config, limits: Limits) -> _Worker:
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, known, config, limits), daemon=True)
    with _forking():
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


def _serve(conn: Connection, known: Registry, config: Config, limits: Limits) -> None:
    """A worker: check cells until told to stop, building each extractor the first time a
    cell needs it (saying so first). Extractors' prints go nowhere; no network unless allowed."""
    _quiet_stdout()
    if limits.memory_mb:
        import resource

        _prepare()
        size = _mapped() + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    if not limits.allow_network:
        network.block()
    built: dict[str, Extractor | str] = {}
    while True:
        task = conn.recv()
        if task is None:
            return
        number, name, capture = task
        if name not in built:
            conn.send(("building", name))
            found = built[name] = _build(known, name, limits.memory_mb)
            if isinstance(found, Extractor):
                conn.send(("built", name, found.described()))
            else:
                conn.send(("broken", name, found))
        outcome = _cell(built[name], name, capture, config, limits.memory_mb)
        conn.send(("done", number, outcome))


def _prepare() -> None:
    """Import what the worker's own checks need (jsonschema and its compiled helpers, the
    decoders) before a memory limit is applied: only the extractor's loading and extracting
    count against it."""
    from harness import schema

    schema.prepare()
    for module in ("charset_normalizer", "w3lib.encoding"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


def _mapped() -> int:
    """The address space the worker already holds, in bytes (0 where it cannot be told).

    The limit is this plus `memory_mb`: what the harness maps before any extractor is loaded
    (a Rust extension of deepdiff's reserves about 1 GiB of address space untouched) must not
    leave an extractor nothing, nor make a small limit fail every cell."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def over_limit(memory_mb: int) -> str:
    """What to say when a worker under a memory limit could not load or run."""
    return (
        f" under the memory limit of {memory_mb} MiB; raise --memory-mb "
        "(or memory_mb in [tool.harness]) if that is too low for it"
    )


def _build(known: Registry, name: str, memory_mb: int = 0) -> Extractor | str:
    """The extractor, or why it cannot be built (what its cells will say)."""
    entry = known.get(name)
    try:
        return entry.load()
    except HarnessError as error:
        return f"{name} {MISCONFIGURED} {error.message}"
    except SystemExit as error:
        return f"{name} called sys.exit({error.code!r}) {LOADING}: {entry.factory}"
    except MemoryError:
        return f"{name} ran out of memory {LOADING}" + (over_limit(memory_mb) if memory_mb else "")
    except Exception as error:
        text = f"{name} raised {type(error).__name__} {LOADING}: {error}"[:1000]
        return text + over_limit(memory_mb) if _short_of_memory(error, memory_mb) else text


def _short_of_memory(error: BaseException, memory_mb: int) -> bool:
    """A failure that a memory limit explains: a MemoryError, or a library that could not be
    mapped into memory (an ImportError "failed to map segment", an OSError ENOMEM)."""
    if not memory_mb:
        return False
    text = str(error).lower()
    return isinstance(error, MemoryError) or any(
        word in text for word in ("failed to map", "cannot allocate memory", "out of memory")
    )


def _cell(
    found: Extractor | str,
    name: str,
    capture: Capture | CaptureProblem | None,
    config: Config,
    memory_mb: int = 0,
) -> Outcome:
    if capture is None:  # a probe: only the build was asked for
        return (
            Outcome(name, "", "error", found)
            if isinstance(found, str)
            else Outcome(name, "", "pass", version=found.version)
        )
    if isinstance(found, str):
        return Outcome(name, capture.id, "error", found)
    try:
        outcome = runner.check(found, capture, config)
    except (MemoryError, ImportError) as error:  # the harness's own code, out of memory
        if not _short_of_memory(error, memory_mb):
            raise
        problem = f"checking {name} on {capture.id} ran out of memory{over_limit(memory_mb)}"
        return Outcome(name, capture.id, "error", problem, version=found.version)
    except HarnessError as error:  # the harness refused the capture (a link): not the extractor
        return Outcome(name, capture.id, "error", error.message, version=found.version)
    except OSError as error:  # the capture went away under the run
        problem = f"capture {capture.id} cannot be read: {error.strerror or error}"
        return Outcome(name, capture.id, "error", problem, version=found.version)
    if memory_mb and outcome.status == "error" and outcome.message.endswith("ran out of memory"):
        return replace(outcome, message=outcome.message + over_limit(memory_mb))
    return outcome


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
    """The registry of `config` (names only, nothing imported), kept for the process."""
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
    building: str | None = None


@dataclass
class _Known:
    """What one-shot checks learnt of a configuration's extractors: built, or broken."""

    config: Config
    seen: Seen = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)


_CHILD: list[_Child] = []
_KNOWN: list[_Known] = []
_LOCK = threading.Lock()


def check_isolated(
    config: Config, extractor_name: str, capture: Capture | CaptureProblem, limits: Limits
) -> Outcome:
    """Check one cell in a worker process of its own, isolated as in `run`.

    For engines that bring their own processes (a Dask worker is a daemon, which may not
    start multiprocessing children) and for the pytest plugin: the worker is forked with
    `os.fork`, kept for the next call, and replaced after a cell that timed out or killed it.
    An extractor whose building killed or hung the worker is not built again.
    """
    registry_for(config).get(extractor_name)
    with _LOCK:
        if not _KNOWN or _KNOWN[0].config != config:
            _KNOWN[:] = [_Known(config)]
        known = _KNOWN[0]
        state = _State(seen=known.seen, broken=known.broken)
        if extractor_name in known.broken:
            return _error(extractor_name, capture, known.broken[extractor_name], state)
        child = _child_for(config, limits)
        deadline = time.monotonic() + limits.timeout
        try:
            child.conn.send((0, extractor_name, capture))
            while True:
                if not wait([child.conn], max(0.0, deadline - time.monotonic())):
                    building = child.building
                    _reap(child, kill=True)
                    reason = f"timed out after {limits.timeout:g} s"
                    return _lost(extractor_name, capture, reason, building, state)
                message = child.conn.recv()
                heard = _hear(child, message, known.seen, known.broken)
                if heard is not None:
                    described = known.seen.get(extractor_name)
                    return verdict.rejudge(heard[1], capture, config, described)
                if message[0] != "building":  # built: the cell's own time starts now
                    deadline = time.monotonic() + limits.timeout
        except (EOFError, OSError):
            building = child.building
            reason = _ended(_reap(child, kill=False))
            return _lost(extractor_name, capture, reason, building, state, limits.memory_mb)


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Fork without Python 3.12's warning that the forking process has threads (pytest-xdist's,
    a Dask worker's): the child only serves cells over its pipe and touches no lock of theirs,
    and the warning would otherwise reach the output of a test or a run."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*fork.*")
        yield


def _child_for(config: Config, limits: Limits) -> _Child:
    if _CHILD and (_CHILD[0].config, _CHILD[0].limits) == (config, limits):
        return _CHILD[0]
    if _CHILD:
        _reap(_CHILD[0], kill=True)
    known = registry_for(config)
    runner.prepare()  # once here, not again in every worker forked from this process
    parent, child = mp.Pipe()
    with _forking():
        pid = os.fork()
    if pid == 0:  # the child: serve until the parent goes, never return into its caller
        code = 0
        try:
            parent.close()
            _serve(child, known, config, limits)
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
