"""The console script: stop signals end a run quietly from its very first instant.

Until a check installs its own handling (which writes the reports of the files that
finished), SIGINT, SIGTERM and SIGHUP exit at once with 128 + the signal's number and no
traceback: nothing has been written yet. This module imports nothing heavy on purpose.

A finished command leaves without tearing the interpreter down (as mypy's ``hard_exit``):
every report is written and closed by then, and freeing what the run built (a compiled
ERN schema alone takes about 27 ms) would only delay the exit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_quietly)
    _compile_early(sys.argv)
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


def _compile_early(argv: list[str]) -> None:
    """``ddex-ai check FILE.xml ...``: start compiling the schema the first files name before
    click and the rules are imported, the longest wait of a one-file run.

    A guess from the raw arguments: the check asks for the schema that each file's content
    needs, so a wrong guess (an option's value taken for an input) costs only a thread's CPU.
    """
    if len(argv) < 3 or argv[1] != "check" or os.environ.get("DASK_SCHEDULER_ADDRESS"):
        return
    schemas, files, others = None, [], 0
    for i, arg in enumerate(argv[2:], start=2):
        if arg.partition("=")[0] in ("--dask", "--cache", "--cache-dir"):
            return  # workers compile their own; a cache may need no schema
        if arg == "--schemas" and i + 1 < len(argv):
            schemas = argv[i + 1]
        elif arg.startswith("--schemas="):
            schemas = arg.partition("=")[2]
        elif arg.endswith(".xml") and not arg.startswith("-"):
            files.append(arg)
        elif arg != schemas and _may_hold_files(arg):
            others += 1
    try:
        from ddex_ai.opening import read_head
        from ddex_ai.schema_ahead import start_compiling, versions_named
        from ddex_ai.schema_loader import configured_roots

        versions = versions_named(read_head(f) for f in files[:8])
        if versions:
            one_file = len(files) == 1 and not others and _small(files[0])
            start_compiling(configured_roots(schemas), versions, one_file)
    except Exception:  # the check itself reports what is wrong with its arguments
        pass


def _may_hold_files(arg: str) -> bool:
    """An argument that may be an input of more files (a folder, an archive, a store's
    address, standard input), or an option's value that is a file: then the run is not
    taken for one small file's."""
    return arg == "-" or "://" in arg or (not arg.startswith("-") and os.path.exists(arg))


# Past this the allowed-value patterns save a file more than their preparing costs (10 ms):
# about 20 ms a MB of the benchmark's deliveries, 70 ms a MB of its deal-heavy box set.
SMALL_FILE = 256_000


def _small(path: str) -> bool:
    try:
        return os.stat(path).st_size < SMALL_FILE
    except OSError:
        return False


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
    _multiprocessing_exit()
    os._exit(code)


def _multiprocessing_exit() -> None:
    """What multiprocessing does at a normal exit, when a run used it: among its finalizers,
    removing the fork server's folder (``pymp-*`` in the temporary folder, holding a socket),
    which ``os._exit`` alone would leave behind after every run with remote inputs."""
    util = sys.modules.get("multiprocessing.util")
    if util is not None:
        with contextlib.suppress(Exception):  # leaving must not fail over a clean-up
            util._exit_function()
