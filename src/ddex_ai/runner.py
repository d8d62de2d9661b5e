"""Check many files: in this process, or in worker processes that each compile a schema once.

Results come back in input order whatever the parallelism, and only a bounded number of
files is in flight, so the parent's memory does not grow with the number of files. A worker
that dies (killed, out of memory) costs only the file it was checking: that file gets an
``INT001`` error result and the run goes on with a fresh pool.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from ddex_ai.discovery import Input
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.policy import Policy
from ddex_ai.results import FileResult
from ddex_ai.schema_loader import SchemaRoot

INTERNAL_ERROR = "INT001"


@dataclass(frozen=True)
class CheckConfig:
    """Everything a worker needs to build its own Checker (picklable)."""

    roots: tuple[SchemaRoot, ...]
    policy: Policy
    debug: bool = False

    def checker(self):
        from ddex_ai.checker import Checker
        from ddex_ai.schema_loader import SchemaStore

        return Checker(SchemaStore(list(self.roots)), self.policy, debug=self.debug)


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


def run(config: CheckConfig, inputs: list[Input], jobs: int) -> Iterator[FileResult]:
    """Results for ``inputs``, in order."""
    if jobs <= 1 or len(inputs) < 2:
        checker = config.checker()
        for item in inputs:
            yield checker.check_input(item)
        return
    yield from _Pool(config, jobs).run(inputs)


# --- worker side ----------------------------------------------------------------------------

_worker_checker = None


def _init_worker(config: CheckConfig) -> None:
    global _worker_checker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides how a run stops
    tune_gc()
    _worker_checker = config.checker()


def _check_chunk(chunk: list[Input]) -> list[FileResult]:
    return [_worker_checker.check_input(item) for item in chunk]


# --- parent side ----------------------------------------------------------------------------


def _context():
    import multiprocessing

    # forkserver: workers start from a clean single-threaded server, not from a parent that
    # already runs threads (progress display, the pool's own manager thread).
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["ddex_ai.runner", "ddex_ai.checker", "lxml.etree"])
    return context


def _chunks(inputs: list[Input], size: int) -> list[list[Input]]:
    return [inputs[i : i + size] for i in range(0, len(inputs), size)]


def died(item: Input, reason: str) -> FileResult:
    finding = Finding(
        INTERNAL_ERROR,
        Severity.ERROR,
        f"internal error: the worker process checking this file died ({reason})",
    )
    return FileResult(item.path, Status.ERROR, findings=[finding])


class _Pool:
    def __init__(self, config: CheckConfig, jobs: int) -> None:
        self.config = config
        self.jobs = jobs
        self.context = _context()
        self.executor = None  # a ProcessPoolExecutor while running

    def _start(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.config,),
        )

    def run(self, inputs: list[Input]) -> Iterator[FileResult]:
        from concurrent.futures.process import BrokenProcessPool

        # Small chunks keep output flowing and bound the parent's buffer; larger ones cut the
        # per-task overhead when there are many files.
        size = max(1, min(16, len(inputs) // (self.jobs * 8)))
        pending = deque(_chunks(inputs, size))
        window = self.jobs * 4  # chunks in flight
        in_flight: deque = deque()  # (chunk, future), oldest first
        self.executor = self._start(self.jobs)
        try:
            while pending or in_flight:
                while pending and len(in_flight) < window:
                    chunk = pending.popleft()
                    in_flight.append((chunk, self.executor.submit(_check_chunk, chunk)))
                chunk, future = in_flight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # Every chunk in flight is lost; check them again one file at a time.
                    lost = [chunk] + [c for c, _ in in_flight]
                    in_flight.clear()
                    self.executor.shutdown(wait=False, cancel_futures=True)
                    yield from self._isolate([item for c in lost for item in c])
                    self.executor = self._start(self.jobs)
                    continue
                yield from results
        finally:
            self._stop()

    def _isolate(self, items: list[Input]) -> Iterator[FileResult]:
        """Check files one by one in a pool of one, so a file that kills it is named."""
        from concurrent.futures.process import BrokenProcessPool

        for item in items:
            executor = self._start(1)
            try:
                (result,) = executor.submit(_check_chunk, [item]).result()
            except BrokenProcessPool as exc:
                result = died(item, str(exc) or "killed")
            finally:
                executor.shutdown(wait=False, cancel_futures=True)
            yield result

    def _stop(self) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        # On Ctrl-C or an error, workers still busy are stopped rather than waited for.
        processes = list((executor._processes or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
