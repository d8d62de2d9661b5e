"""Work done in a second thread while this one waits in libxml2.

lxml releases the GIL while libxml2 validates a tree against a schema, so on a machine
with a core to spare the model can be built from the same tree meanwhile (both only read
it). Worth it for a large file checked on its own: validating the 49 MB box set takes about
as long as building its model, and the two then take the time of one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from ddex_ai.deadlines import deadline

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` running in a thread of its own, under the file's time limit."""

    def __init__(self, work: Callable[[], T], seconds: float | None) -> None:
        self._work: Callable[[], T] | None = work
        self._seconds = seconds
        self._value: T | None = None
        self._error: BaseException | None = None
        # Not Thread.join: on Python 3.11 a join interrupted by a signal (the file's time
        # limit) marks the thread stopped while it runs on, and joins after it return at once.
        self._done = threading.Event()
        # A daemon: a run that is stopped does not wait for it.
        self._thread = threading.Thread(target=self._run, name="ddex-ai-model", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with deadline(self._seconds):  # stopped too when the file's time is up
                self._value = self._work()  # type: ignore[misc]
        except BaseException as exc:  # handed to the thread that asks for the result
            self._error = exc
        finally:
            self._work = None  # what it holds (a file's tree) is not kept past the work
            self._done.set()

    def result(self) -> T:
        """The work's value, or its exception raised here (a FileTimeout as well)."""
        self._done.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value  # type: ignore[return-value]

    def wait(self) -> None:
        """Until the work has ended, whatever its outcome."""
        self._done.wait()

    @property
    def finished(self) -> bool:
        return self._done.is_set()
