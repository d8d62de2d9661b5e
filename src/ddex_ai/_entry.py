"""The console script: stop signals end a run quietly from its very first instant.

Until a check installs its own handling (which writes the reports of the files that
finished), SIGINT, SIGTERM and SIGHUP exit at once with 128 + the signal's number and no
traceback: nothing has been written yet. This module imports nothing heavy on purpose.

A finished command leaves without tearing the interpreter down (as mypy's ``hard_exit``):
every report is written and closed by then, and freeing what the run built (a compiled
ERN schema alone takes about 27 ms) would only delay the exit.
"""

from __future__ import annotations

import os
import signal
import sys


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_quietly)
    try:
        from ddex_ai.cli import main

        main()
    except SystemExit as stop:
        _leave(stop.code)
    except KeyboardInterrupt:  # raised outside a check: nothing to write
        _leave(128 + signal.SIGINT)
    except BrokenPipeError:  # a closed standard output outside a check (`rules | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _leave(1)
    _leave(0)


def _leave(code: object) -> None:
    """Exit with ``code`` as ``sys.exit`` would, skipping the interpreter's teardown."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or unwritable: Python would exit 120 too
            code = code or 120
    os._exit(code)
