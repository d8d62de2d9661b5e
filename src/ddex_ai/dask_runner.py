"""Dask as the second runner: the same results as the local one, from a cluster.

Files go in batches sized by bytes, so task overhead stays small; workers read their files
themselves (the client never downloads the catalogue). A worker plugin carries the schema
files and the run's settings (the policy travels as data): each worker writes the schemas to
a folder of its own, compiles each version once and needs no install of DDEX's files.
Results come back to the reporters in path order, through a reorder window bounded by the
batches in flight. A batch whose worker died is retried by Dask; one that kills workers again
is run again a file at a time, and the file that kills them is reported INT001.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from ddex_ai.discovery import Input
from ddex_ai.discovery.sources import ArchiveMember, RemoteObject
from ddex_ai.results import FileResult
from ddex_ai.runner import CheckConfig, died

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # without ddex-ai[dask]: connect() says what to install
    WorkerPlugin = object

BATCH_BYTES = 4_000_000  # about 200 deliveries of 20 KB; one large file is a batch
BATCH_FILES = 512
PLUGIN = "ddex-ai-checker"
RETRIES = 2  # Dask's: a batch outlives this many lost workers before it is split


class DaskUnavailable(RuntimeError):
    """Dask is not installed, or the scheduler cannot be reached: a usage error."""


def _size(item: Input) -> int:
    source = item.source
    if isinstance(source, (ArchiveMember, RemoteObject)) and source.size is not None:
        return source.size
    if item.data is not None:
        return len(item.data)
    try:
        return os.stat(item.path).st_size
    except OSError:
        return 0


def batches(inputs: list[Input], limit: int = BATCH_BYTES) -> list[list[Input]]:
    """Consecutive inputs, cut when a batch reaches ``limit`` bytes or BATCH_FILES files."""
    found: list[list[Input]] = []
    current: list[Input] = []
    size = 0
    for item in inputs:
        current.append(item)
        size += _size(item)
        if size >= limit or len(current) >= BATCH_FILES:
            found.append(current)
            current, size = [], 0
    if current:
        found.append(current)
    return found


def _schema_files(config: CheckConfig) -> list[tuple[str, str, dict[str, bytes]]]:
    """Each schema root's files (XSDs, the cache's manifests), to travel with the plugin."""
    roots = []
    for root in config.roots:
        files = {}
        for folder, _, names in os.walk(root.path):
            for name in names:
                if name.endswith((".xsd", ".json", ".toml")):
                    path = Path(folder) / name
                    files[path.relative_to(root.path).as_posix()] = path.read_bytes()
        roots.append((root.origin, root.named, files))
    return roots


class CheckerPlugin(WorkerPlugin):
    """A Dask worker plugin: the schemas, written once per worker, and its checker."""

    name = PLUGIN

    def __init__(self, config: CheckConfig) -> None:
        self.config = dataclasses.replace(config, roots=())
        self.roots = _schema_files(config)
        # Made on the worker (setup): what travels is the settings and the schema files.
        self.checker = self.folder = self.lock = None

    def setup(self, worker=None) -> None:
        from ddex_ai.runner import tune_gc
        from ddex_ai.schema_loader import SchemaRoot

        # Inside the worker's own scratch folder: Dask removes it when the worker stops, and
        # purges that of a worker that died (a file that kills it leaves nothing in /tmp).
        scratch = getattr(worker, "local_directory", None)
        self.folder = tempfile.mkdtemp(prefix="ddex-ai-schemas-", dir=scratch)
        roots = []
        for n, (origin, shown, files) in enumerate(self.roots):
            top = Path(self.folder) / str(n)
            for name, data in files.items():
                (top / name).parent.mkdir(parents=True, exist_ok=True)
                (top / name).write_bytes(data)
            roots.append(SchemaRoot(top, origin, shown))
        self.checker = dataclasses.replace(self.config, roots=tuple(roots)).checker()
        self.lock = threading.Lock()  # a worker with several threads checks a file at a time
        self.fetcher = None  # reads a batch's files a few at a time, as they are checked
        tune_gc()

    def teardown(self, worker=None) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def check(self, items: list[Input]) -> list[FileResult]:
        from ddex_ai.discovery import remote
        from ddex_ai.discovery.reading import Fetcher, in_order

        with self.lock:
            if self.fetcher is None:
                remote.use_client(self.config.remote_client)
                self.fetcher = Fetcher(self.config.max_file_size + 1)
            return [self.checker.check_input(item) for item in in_order(items, self.fetcher)]


def check_batch(items: list[Input]) -> list[FileResult]:
    """A Dask task: the batch's results, from this worker's checker."""
    from distributed import get_worker

    return get_worker().plugins[PLUGIN].check(items)


def connect(address: str, jobs: int):
    """A client of the scheduler at ``address``, or of a new LocalCluster (``local``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable("--dask needs Dask: pip install 'ddex-ai[dask]'") from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,  # errors only: the run's own output stays readable
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="30s"), None
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"--dask {address}: cannot reach the scheduler ({exc})") from None


class DaskRun:
    """``runner.Run`` on a Dask cluster: results in order; ``close()`` cancels the rest."""

    def __init__(self, config: CheckConfig, inputs: list[Input], address: str, jobs: int):
        self.inputs = inputs
        self.client, self.cluster = connect(address, jobs)
        self.client.register_plugin(CheckerPlugin(config), name=PLUGIN)
        self.batches = batches(inputs)
        self.done: dict[int, list[FileResult]] = {}
        self.futures: dict = {}
        self.run_id = uuid.uuid4().hex[:12]
        self.submitted = 0

    def _submit(self, index: int, items: list[Input], retries: int = RETRIES):
        self.submitted += 1  # a key of its own: Dask would share one task between equal keys
        key = f"ddex-ai-{self.run_id}-{self.submitted}"
        future = self.client.submit(check_batch, items, key=key, retries=retries)
        self.futures[future] = (index, items)
        return future

    def __iter__(self) -> Iterator[FileResult]:
        from distributed import as_completed

        threads = sum(self.client.nthreads().values()) or 1
        window = max(2, threads * 2)  # batches in flight: what the reorder buffer can hold
        pending = as_completed()
        next_in = next_out = 0
        while next_out < len(self.batches):
            while next_in < len(self.batches) and next_in < next_out + window:
                pending.add(self._submit(next_in, self.batches[next_in]))
                next_in += 1
            while next_out in self.done:
                yield from self.done.pop(next_out)
                next_out += 1
            if next_out >= len(self.batches):
                break
            future = next(pending)
            index, items = self.futures.pop(future)
            if future.status == "finished":
                self.done[index] = future.result()
            else:
                error = future.exception() if future.status == "error" else None
                self.done[index] = self._isolate(items, error)
            future.release()

    def _isolate(self, items: list[Input], error: BaseException) -> list[FileResult]:
        """A batch that failed after Dask's retries: each file alone, once more, one after
        another (a task queued on a worker that dies counts as failed too), so that only the
        file that kills its worker is reported."""
        if len(items) == 1:
            return [died(items[0], _reason(error))]
        results = []
        for item in items:
            future = self._submit(-1, [item], retries=1)
            self.futures.pop(future, None)
            try:
                results.extend(future.result())
            except Exception as exc:  # this one kills workers (or its task cannot run)
                results.append(died(item, _reason(exc)))
            future.release()
        return results

    def salvage(self) -> list[FileResult]:
        return [result for index in sorted(self.done) for result in self.done[index]]

    def close(self) -> None:
        for future in list(self.futures):
            future.cancel()
        self.futures.clear()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _reason(error: BaseException | None) -> str:
    name = type(error).__name__ if error is not None else "unknown"
    if name == "KilledWorker":
        return "it killed the Dask workers that checked it"
    return f"the Dask task failed: {name}: {error}"
