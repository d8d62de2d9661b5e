"""The console script: stop signals end a run quietly from its very first instant.

Until a check installs its own handling (which writes the reports of the files that
finished), SIGINT, SIGTERM and SIGHUP exit at once with 128 + the signal's number and no
traceback: nothing has been written yet. This module imports nothing heavy on purpose.
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
    except KeyboardInterrupt:  # raised outside a check: nothing to write
        sys.exit(128 + signal.SIGINT)
    except BrokenPipeError:  # a closed standard output outside a check (`rules | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
