"""Reading inputs that are not local files, ahead of the checkers.

Network latency hides behind checking: a bounded pool of threads in the parent reads the
next inputs (archive members, remote objects) while the workers check the current ones, and
hands each on with its bytes, or with the reason it could not be read (IO001). At most
``window`` inputs' bytes are held at once; nothing is written to disk.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from ddex_ai.discovery.archives import ArchiveReader
from ddex_ai.discovery.sources import ArchiveMember, ReadFailed, RemoteObject

THREADS = 16
WINDOW = 64


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
    from ddex_ai.discovery import Input

    if item.source is None or item.data is not None or item.error:
        return item
    try:
        data = read_source(item.source, limit, archives)
    except ReadFailed as exc:
        return Input(item.path, str(exc), source=item.source)
    return Input(item.path, data=data, source=item.source)


class AheadReader:
    """``get(i)`` gives input ``i`` resolved; inputs up to ``window`` past it are read
    meanwhile. Inputs are asked for in order (the runner's order)."""

    def __init__(self, inputs: list, limit: int, window: int = WINDOW, threads: int = THREADS):
        self.inputs, self.limit, self.window = inputs, limit + 1, window
        self.archives = ArchiveReader()
        self.pool: ThreadPoolExecutor | None = None
        self.threads = threads
        self.futures: dict[int, Future] = {}
        self.submitted = 0

    def get(self, index: int):
        item = self.inputs[index]
        if item.source is None:
            return item
        if self.pool is None:  # threads start on first use: after the workers are forked
            self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="ddex-ai-read")
        self.submitted = max(self.submitted, index)
        while self.submitted < len(self.inputs) and self.submitted <= index + self.window:
            ahead = self.inputs[self.submitted]
            if ahead.source is not None:
                self.futures[self.submitted] = self.pool.submit(
                    resolved, ahead, self.limit, self.archives
                )
            self.submitted += 1
        future = self.futures.pop(index, None)
        if future is None:
            return resolved(item, self.limit, self.archives)
        return future.result()

    def close(self) -> None:
        if self.pool is not None:
            for future in self.futures.values():
                future.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.archives.close()
