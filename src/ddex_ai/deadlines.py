"""A time limit for one file's check (``--timeout-per-file``)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class FileTimeout(BaseException):
    """A file took longer than the timeout. Not an Exception: a rule's error handler
    must not swallow it."""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this (main) thread after ``seconds``; a no-op elsewhere.

    Python code is interrupted at once; a long call into libxml2 when it returns (the
    worker pool also stops a worker that does not answer in time).
    """
    usable = seconds and hasattr(signal, "setitimer")
    if not usable or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
