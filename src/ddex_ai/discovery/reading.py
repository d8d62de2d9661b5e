"""Reading inputs that are not local files, ahead of the checkers.

Network latency hides behind checking: the next inputs (archive members, remote objects) are
read while the current ones are checked, each handed on with its bytes or with the reason it
could not be read (IO001). Remote objects in a store every process sees (S3, GCS, Azure,
HTTP) are read by the worker that checks them, so reading spreads over the workers' cores;
the parent reads archive members and objects only it can see (``memory://``). At most a
window of inputs' bytes is held at once; nothing is written to disk.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ddex_ai.discovery.archives import ArchiveReader
from ddex_ai.discovery.sources import ArchiveMember, ReadFailed, RemoteObject

if TYPE_CHECKING:  # threads are imported when an input is read ahead (not in a one-file run)
    from concurrent.futures import Future, ThreadPoolExecutor

THREADS = 16
WINDOW = 64  # inputs read ahead by the parent
CHUNK_WINDOW = 32  # objects a worker has under way at once
CHUNK_BYTES = 64 * 1024 * 1024  # and their declared sizes together (one always)
READ_BATCH = 8  # reads a worker starts together, once that many can be (fewer wake-ups)


def read_source(source, limit: int, archives: ArchiveReader) -> bytes:
    """The input's bytes, at most ``limit`` (a larger input is then reported too large)."""
    if isinstance(source, ArchiveMember):
        return archives.read(source, limit)
    if isinstance(source, RemoteObject):
        from ddex_ai.discovery.remote import read_object

        return read_object(source, limit)
    raise ReadFailed(f"cannot read file: unknown source {type(source).__name__}")


def resolved(item, limit: int, archives: ArchiveReader):
    """``item`` with its bytes (or its read error) in hand; a local file is left as it is."""
    if not unread(item):
        return item
    return _settled(item, lambda: read_source(item.source, limit, archives))


def unread(item) -> bool:
    return item.source is not None and item.data is None and not item.error


def _settled(item, read: Callable[[], bytes]):
    """``item`` with the bytes ``read`` gives, or with the reason it failed (IO001)."""
    from ddex_ai.discovery import Input

    try:
        data = read()
    except ReadFailed as exc:
        return Input(item.path, str(exc), source=item.source)
    return Input(item.path, data=data, source=item.source)


class Fetcher:
    """Starts reads of inputs and finishes them in any order: remote objects as concurrent
    requests of their file system, archive members from a pool of threads."""

    def __init__(self, limit: int, threads: int = THREADS) -> None:
        self.limit = limit  # bytes read at most: one past the size limit, to tell it is past
        self.archives = ArchiveReader()
        self.threads = threads
        self.pool: ThreadPoolExecutor | None = None

    def start(self, item) -> Future | None:
        """The read of ``item`` under way, or None when it needs none (a local file)."""
        return self.start_all([item])[0]

    def start_all(self, items: list) -> list[Future | None]:
        """The reads of ``items`` under way (remote objects handed to their file systems
        together), None for those that need none."""
        reads: list[Future | None] = [None] * len(items)
        remote = [i for i, item in enumerate(items) if _remote(item)]
        if remote:
            from ddex_ai.discovery.remote import start_readings

            sources = [items[i].source for i in remote]
            for i, reading in zip(remote, start_readings(sources, self.limit), strict=True):
                reads[i] = reading
        for i, item in enumerate(items):
            if unread(item) and not _remote(item):
                if self.pool is None:  # threads start on first use: after any worker forks
                    from concurrent.futures import ThreadPoolExecutor

                    self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="ddex-ai-read")
                reads[i] = self.pool.submit(read_source, item.source, self.limit, self.archives)
        return reads

    def finish(self, item, reading: Future | None):
        """``item`` with the bytes its read gave, or with the reason it failed."""
        return item if reading is None else _settled(item, reading.result)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.archives.close()


def _remote(item) -> bool:
    return unread(item) and isinstance(item.source, RemoteObject)


def _size(item) -> int:
    return getattr(item.source, "size", None) or 0


class ReadWindow:
    """Inputs handed out in the order they were added, the reads of the next ones under way
    meanwhile: at most CHUNK_WINDOW of them and CHUNK_BYTES of declared size, counting the
    one handed out last (the caller is checking it), and always the next one. Inputs may be
    added while others are handed out: a worker adds its next chunk as soon as it comes."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.waiting: deque = deque()  # added, not yet being read
        self.pending: deque = deque()  # (item, read, size), oldest first
        self.held = 0  # declared bytes under way or handed out
        self.handed = 0  # of the last one handed out

    def add(self, items: list) -> None:
        self.waiting.extend(items)
        self._fill()

    def next(self):
        """The oldest input not yet handed out, resolved."""
        self.held -= self.handed  # the caller is done with the previous one
        self.handed = 0
        self._fill()
        item, reading, self.handed = self.pending.popleft()
        resolved = self.fetcher.finish(item, reading)
        self._fill()  # the next reads go on while the caller checks this one
        return resolved

    def _fill(self) -> None:
        if self.pending and CHUNK_WINDOW - len(self.pending) < READ_BATCH:
            return  # enough under way: start the next ones together, later
        starting = []
        while self.waiting and len(self.pending) + len(starting) < CHUNK_WINDOW:
            size = _size(self.waiting[0])
            if (self.pending or starting or self.handed) and self.held + size > CHUNK_BYTES:
                break
            starting.append((self.waiting.popleft(), size))
            self.held += size
        if not starting:
            return
        reads = self.fetcher.start_all([item for item, _ in starting])
        for (item, size), reading in zip(starting, reads, strict=True):
            self.pending.append((item, reading, size))


def in_order(items: list, fetcher: Fetcher) -> Iterator:
    """``items`` resolved, in order, the reads of the next ones under way meanwhile."""
    window = ReadWindow(fetcher)
    window.add(items)
    for _ in items:
        yield window.next()


class AheadReader:
    """``get(i)`` gives input ``i`` resolved; inputs up to ``window`` past it are read
    meanwhile. Inputs are asked for in order (the runner's order). With ``leave_shared``,
    objects every process can read are left for the workers to read."""

    def __init__(
        self,
        inputs: list,
        limit: int,
        window: int = WINDOW,
        threads: int = THREADS,
        leave_shared: bool = False,
    ) -> None:
        self.inputs, self.window = inputs, window
        self.fetcher = Fetcher(limit + 1, threads)
        self.leave_shared = leave_shared
        self.futures: dict[int, Future] = {}
        self.submitted = 0

    def _ours(self, item) -> bool:
        if not unread(item):
            return False
        if self.leave_shared and isinstance(item.source, RemoteObject):
            from ddex_ai.discovery.remote import shared

            return not shared(item.source.url)
        return True

    def get(self, index: int):
        item = self.inputs[index]
        if not self._ours(item):
            return item
        self.submitted = max(self.submitted, index)
        while self.submitted < len(self.inputs) and self.submitted <= index + self.window:
            ahead = self.inputs[self.submitted]
            if self._ours(ahead):
                self.futures[self.submitted] = self.fetcher.start(ahead)
            self.submitted += 1
        return self.fetcher.finish(item, self.futures.pop(index, None) or self.fetcher.start(item))

    def close(self) -> None:
        for future in self.futures.values():
            future.cancel()
        self.fetcher.close()
