"""Check many files: in this process, or in worker processes that each compile a schema once.

Results come back in input order whatever the parallelism, and only a bounded number of
files is in flight, so the parent's memory does not grow with the number of files. A worker
that dies (killed, out of memory) costs only the file it was checking: that file gets an
``INT001`` error result and the run goes on. The pool is a few processes with a pipe each and
no thread, so a run stopped by Ctrl-C ends at once, with nothing left to wait for.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator

from ddex_ai.checker import (
    DEFAULT_MAX_FINDINGS,
    DEFAULT_TIMEOUT,
    Checker,
    not_checked,
    timed_out,
)
from ddex_ai.compiled_schemas import settle_ahead
from ddex_ai.discovery import Input, remote
from ddex_ai.discovery.reading import Fetcher, ReadWindow
from ddex_ai.discovery.sources import RemoteObject
from ddex_ai.instance_loader import DEFAULT_MAX_SIZE
from ddex_ai.policy import Policy
from ddex_ai.records import record
from ddex_ai.results import FileResult
from ddex_ai.schema_ahead import SNIFFED, sniff_versions
from ddex_ai.schema_loader import SchemaRoot, SchemaStore

HARD_LIMIT_GRACE = 10.0  # seconds
# Chunks a worker holds at once when it reads objects: the one it checks and the next two,
# whose objects it reads meanwhile (enough to hide a real store's 50 ms). Otherwise one: a
# file that stalls its worker then holds back no other chunk (an interrupted run reports
# every chunk that could finish).
READING_DEPTH = 3


@record(frozen=True)
class CheckConfig:
    """Everything a worker needs to build its own Checker (picklable)."""

    roots: tuple[SchemaRoot, ...]
    policy: Policy
    debug: bool = False
    max_file_size: int = DEFAULT_MAX_SIZE
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per file; None: no limit
    max_findings: int | None = DEFAULT_MAX_FINDINGS  # per file; None: no limit
    profile: str = "auto"  # --profile: auto (the message's), none, or a profile's name
    variants: tuple[str, ...] = ()  # --variant
    remote_client: str = "fsspec"  # --remote-client: how a worker reads object stores

    def checker(self) -> Checker:
        return Checker(
            SchemaStore(list(self.roots)),
            self.policy,
            self.debug,
            self.max_file_size,
            self.timeout,
            self.max_findings,
            self.profile,
            self.variants,
        )

    def hard_limit(self, files: int) -> float | None:
        """How long a worker may take for ``files`` files before it is stopped: past the
        checker's own timeout, which a long call into libxml2 can outlast."""
        return None if self.timeout is None else files * self.timeout + HARD_LIMIT_GRACE


def tune_gc() -> None:
    """Fewer collections: a file's model makes many objects but no reference cycles.

    With CPython's default thresholds a large file spends half its time in the collector.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Run:
    """Results for ``inputs``, in order, as an iterator; ``close()`` stops every worker.

    When the run is stopped (Ctrl-C, a signal), ``salvage()`` gives the results that had
    finished but were not yet yielded, because a file before them was still being checked.
    """

    def __init__(self, config: CheckConfig, inputs: list[Input], jobs: int) -> None:
        self.config = config
        self.inputs = inputs
        self.jobs = jobs
        parallel = jobs > 1 and len(inputs) > 1
        self.pool = _Pool(config, min(jobs, len(inputs)), inputs) if parallel else None
        self.reader = None
        if any(item.source is not None for item in inputs):  # archive members, remote objects
            from ddex_ai.discovery.reading import AheadReader

            # Workers read the objects of shared stores themselves: one process's reads
            # (about 1.4 ms of CPU an S3 object) would otherwise cap the whole run.
            self.reader = AheadReader(
                inputs, config.max_file_size, leave_shared=self.pool is not None
            )

    def _get(self, index: int) -> Input:
        return self.reader.get(index) if self.reader else self.inputs[index]

    def __iter__(self) -> Iterator[FileResult]:
        if self.pool is None:
            checker = self.config.checker()
            # One file on its own (more than one job asked for): a second core may help.
            checker.spare_core = self.jobs > 1 and default_jobs() > 1
            for index in range(len(self.inputs)):
                yield checker.check_input(self._get(index))
            return
        yield from self.pool.run(self.inputs, self._get)

    def salvage(self) -> list[FileResult]:
        return self.pool.salvage() if self.pool else []

    def close(self) -> None:
        if self.pool is not None:
            self.pool.stop()
        if self.reader is not None:
            self.reader.close()


def run(config: CheckConfig, inputs: list[Input], jobs: int) -> Run:
    """Results for ``inputs``, in order (iterate it; close it when done)."""
    return Run(config, inputs, jobs)


def _left_to_read(item: Input) -> bool:
    """An object of a store every process sees: a worker reads it (see AheadReader)."""
    return isinstance(item.source, RemoteObject) and remote.shared(item.source.url)


def died(item: Input, reason: str) -> FileResult:
    return not_checked(item.path, f"the worker process checking this file died ({reason})")


# --- worker side ----------------------------------------------------------------------------


def _worker(
    connection, config: CheckConfig, checker: Checker | None = None, environ: dict | None = None
) -> None:
    if environ is not None:  # started by a server: read objects with the parent's settings
        os.environ.clear()
        os.environ.update(environ)
    # The parent decides how a run stops (SIGTERM, which stops a worker, stays the default).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    tune_gc()
    checker = checker or config.checker()  # forked: the parent's, schemas compiled
    remote.use_client(config.remote_client)
    # Every chunk's inputs go through one window: the objects left for us to read (the
    # others pass through as they are) are read ahead, into the next chunk as soon as the
    # parent has sent it, so no chunk starts by waiting for its first object.
    window = ReadWindow(Fetcher(config.max_file_size + 1))
    tasks: deque = deque()
    while True:
        try:
            while not tasks or connection.poll():
                task = connection.recv()
                if task is None:
                    return
                tasks.append(task)
                window.add(task[1])
        except (EOFError, OSError):
            return  # the parent is gone
        index, chunk = tasks.popleft()
        results = [checker.check_input(window.next()) for _ in chunk]
        try:
            connection.send((index, results))
        except OSError:  # the parent stopped (a signal, a closed pipe): end quietly
            return


# --- parent side ----------------------------------------------------------------------------


def _context():
    import multiprocessing

    # fork, while this process has no thread (the progress bar starts after the pool): a
    # worker starts at once with the parent's imports and compiled schemas. Otherwise
    # forkserver: workers start from a clean single-threaded server.
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["ddex_ai.runner", "ddex_ai.checker", "lxml.etree"])
    return context


class _Worker:
    def __init__(self, context, config: CheckConfig, checker: Checker | None = None) -> None:
        self.connection, child = context.Pipe()
        # A checker is given only to a forked worker: it is inherited, never pickled.
        # A server started workers long ago: they get this run's environment (credentials,
        # endpoints), as a forked or spawned worker would.
        args = (child, config, checker) if checker else (child, config, None, dict(os.environ))
        self.process = context.Process(target=_worker, args=args, daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[tuple[int, list[Input]]] = deque()  # sent, oldest first
        self.started = 0.0  # when the oldest task began
        self.stalled = False  # killed for outlasting its hard limit

    def give(self, index: int, chunk: list[Input]) -> bool:
        """Send a task; False when the worker is gone (it died while idle)."""
        if not self.process.is_alive():
            return False
        try:
            self.connection.send((index, chunk))
        except OSError:  # BrokenPipeError, ConnectionResetError: it died just now
            return False
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append((index, chunk))
        return True

    def took(self) -> None:
        """The oldest task's results are in: the next one begins now."""
        self.tasks.popleft()
        self.started = time.monotonic()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        self.connection.close()

    def reason(self) -> str:
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"killed by signal {signal.Signals(-code).name}"
        return f"exit status {code}"


class _Chunks:
    """The chunks of a run, each made (its inputs fetched) when first asked for."""

    def __init__(self, count: int, size: int, get) -> None:
        self.count, self.size, self.get = count, size, get
        self.made: dict[int, list[Input]] = {}

    def __len__(self) -> int:
        return -(-self.count // self.size)

    def __getitem__(self, index: int) -> list[Input]:
        chunk = self.made.get(index)
        if chunk is None:
            start = index * self.size
            chunk = [self.get(i) for i in range(start, min(start + self.size, self.count))]
            self.made[index] = chunk
        return chunk

    def forget(self, index: int) -> None:
        self.made.pop(index, None)  # its results are in: its bytes can go


class _Pool:
    def __init__(self, config: CheckConfig, jobs: int, inputs: list[Input]) -> None:
        self.config = config
        settle_ahead()  # a compile started ahead ends before any fork
        self.context = _context()
        self.checker = None
        if self.context.get_start_method() == "fork":
            self.checker = config.checker()
            schemas = getattr(self.checker, "schemas", None)  # a stand-in checker has none
            for version in sniff_versions(inputs[:SNIFFED]) if schemas else ():
                schemas.get(version)  # compiled once, inherited by every worker
        self.workers = [self._new_worker() for _ in range(jobs)]
        self.depth = READING_DEPTH if any(_left_to_read(item) for item in inputs) else 1

    def _new_worker(self) -> _Worker:
        if self.checker is not None and threading.active_count() > 1:
            # A replacement after threads started (the progress bar, reads ahead): a fork
            # could copy a lock one of them holds, so from now on a fresh server starts them.
            self.context, self.checker = _context(), None
        return _Worker(self.context, self.config, self.checker)

    def run(self, inputs: list[Input], get=None) -> Iterator[FileResult]:
        """Results in order; ``get(i)`` gives input ``i`` as a worker is to get it (with its
        bytes when the parent reads it ahead), asked for only when its chunk is sent."""
        from multiprocessing.connection import wait

        get = get or inputs.__getitem__
        # Small chunks keep output flowing and bound what waits to be written; larger ones
        # cut the per-message overhead when there are many files.
        size = max(1, min(16, len(inputs) // (len(self.workers) * 8)))
        chunks = _Chunks(len(inputs), size, get)
        ahead = len(self.workers) * 4  # chunks checked or in flight past the next to write
        self.done = done = {}  # kept on the pool: salvage() reads it after a stop
        next_out = next_in = 0
        while next_out < len(chunks):
            # Workers get their next chunk before the results are written: writing (the
            # report's rendering) would otherwise leave a worker idle meanwhile.
            for i, worker in enumerate(self.workers):
                while len(worker.tasks) < self.depth and next_in < min(
                    len(chunks), next_out + ahead
                ):
                    if not worker.give(next_in, chunks[next_in]):
                        if worker.tasks:  # died holding chunks: collected below
                            break
                        # Died while idle: it held no file; a new worker takes the chunk.
                        self._replace(worker)
                        worker = self.workers[i]
                        if not worker.give(next_in, chunks[next_in]):
                            lost = chunks[next_in]
                            done[next_in] = [died(item, "could not be started") for item in lost]
                    next_in += 1
            if next_out in done:
                results = done.pop(next_out)
                chunks.forget(next_out)
                next_out += 1
                yield from results
                continue
            busy = [w for w in self.workers if w.tasks]
            if not busy:
                continue
            ready = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=None if self.config.timeout is None else 1.0,
            )
            self._stop_stalled(busy)
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker, done)

    def salvage(self) -> list[FileResult]:
        """Results that finished after the first unfinished chunk (in order), once stopped."""
        done = getattr(self, "done", {})
        return [result for index in sorted(done) for result in done[index]]

    def _stop_stalled(self, busy: list[_Worker]) -> None:
        """Kill a worker that outlasts its chunk's hard limit: its chunk is re-checked file
        by file, and the file that stalls gets INT001."""
        now = time.monotonic()
        for worker in busy:
            limit = self.config.hard_limit(len(worker.tasks[0][1]))
            if limit is not None and now - worker.started > limit and worker.process.is_alive():
                worker.stalled = True
                worker.process.kill()

    def _collect(self, worker: _Worker, done: dict[int, list[FileResult]]) -> None:
        try:
            _, results = worker.connection.recv()
        except (EOFError, OSError):  # it died with its chunks: the oldest was being checked
            worker.process.join(timeout=5)
            reason, stalled = worker.reason(), worker.stalled
            lost = list(worker.tasks)
            self._replace(worker)
            index, chunk = lost[0]
            done[index] = self._isolate(chunk, reason, stalled)
            for index, chunk in lost[1:]:  # not begun: checked again, file by file
                done[index] = self._one_by_one(chunk)
            return
        done[worker.tasks[0][0]] = results
        worker.took()

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self.workers[self.workers.index(worker)] = self._new_worker()

    def _isolate(self, chunk: list[Input], reason: str, stalled: bool) -> list[FileResult]:
        """Check a lost chunk again one file at a time, so the file that kills it is named."""
        if len(chunk) == 1:
            if stalled:
                return [timed_out(chunk[0].path, self.config.timeout)]
            return [died(chunk[0], reason)]
        return self._one_by_one(chunk)

    def _one_by_one(self, chunk: list[Input]) -> list[FileResult]:
        """Check ``chunk`` in a new worker a file at a time: a file that kills or stalls it
        gets INT001, and the next file a new worker."""
        results = []
        worker = self._new_worker()
        try:
            for item in chunk:
                worker.give(0, [item])
                limit = self.config.hard_limit(1)
                try:
                    if limit is not None and not worker.connection.poll(limit):
                        worker.process.kill()
                        raise TimeoutError
                    _, (result,) = worker.connection.recv()
                    worker.took()
                except (TimeoutError, EOFError, OSError) as exc:  # stalled, or died
                    worker.process.join(timeout=5)
                    if isinstance(exc, TimeoutError):
                        result = timed_out(item.path, self.config.timeout)
                    else:
                        result = died(item, worker.reason())
                    worker.stop()
                    worker = self._new_worker()
                results.append(result)
        finally:
            worker.stop()
        return results

    def stop(self) -> None:
        """Stop every worker now (after the last file, or on Ctrl-C or an error)."""
        for worker in self.workers:
            worker.stop()
