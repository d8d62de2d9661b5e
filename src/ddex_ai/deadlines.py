"""A time limit for one file's check (``--timeout-per-file``), in any thread."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator


class FileTimeout(BaseException):
    """A file took longer than the timeout. Not an Exception: a rule's error handler
    must not swallow it."""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds``.

    Python code is interrupted at once; a long call into libxml2 when it returns (the
    worker pool also stops a worker that does not answer in time). The main thread takes
    an alarm signal; another thread (a Dask worker's, an API caller's) gets the exception
    from a watchdog thread, delivered at its next bytecode as the signal's would be.
    """
    if not seconds:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
        return
    with _watched(seconds):
        yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- other threads: a watchdog --------------------------------------------------------------

_watch = threading.Condition()
_due: dict[int, float] = {}  # thread ident -> when its file's time is up
_watcher: threading.Thread | None = None


@contextlib.contextmanager
def _watched(seconds: float) -> Iterator[None]:
    global _watcher
    ident = threading.get_ident()
    with _watch:
        if _watcher is None or not _watcher.is_alive():
            _watcher = threading.Thread(target=_watch_over, name="ddex-ai-deadlines", daemon=True)
            _watcher.start()
        _due[ident] = time.monotonic() + seconds
        _watch.notify()
    try:
        yield
    finally:
        with _watch:
            _due.pop(ident, None)
            _raise_in(ident, None)  # one raised just now, not yet delivered, must not escape


def _watch_over() -> None:
    with _watch:
        while True:
            now = time.monotonic()
            for ident, when in list(_due.items()):
                if when <= now:
                    del _due[ident]
                    _raise_in(ident, FileTimeout)
            _watch.wait(min(_due.values()) - now if _due else None)


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Set (or, with None, clear) the exception ``ident`` raises at its next bytecode."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None
    )
