"""Where reports go: checked before the run starts, so that no report destroys a file.

A report target is a regular file (replaced atomically, keeping its permissions), a path that
does not exist yet (created atomically), a symbolic link (what it points at is replaced, the
link stays), or a stream that is not a file (a device such as /dev/null, a FIFO, a socket),
written in place and never renamed over. A target that is one of the inputs, the same file
named twice, a folder, or a place that cannot be written is a usage error before any check.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from typing import TextIO

from ddex_ai.records import record


class TargetError(ValueError):
    """A report target that cannot be used: a usage error."""


@record(frozen=True, slots=True)
class Target:
    given: str  # the path as the user wrote it
    real: str  # what is written: the file a link points at
    streamed: bool  # not a regular file: written in place
    mode: int | None  # the permissions of the file it replaces; None for a new file
    owner: tuple[int, int] | None  # uid, gid of the file it replaces


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def plan(given: str) -> Target:
    """What writing a report to ``given`` means; TargetError when it cannot be done."""
    real = os.path.realpath(given)
    try:
        st = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        st = None  # a new file; whether its folder exists is checked below
    except OSError as exc:
        raise TargetError(f"{given}: cannot use as a report: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise TargetError(f"{given}: is a directory; give a file to write the report to")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not os.access(real, os.W_OK):
            raise TargetError(f"{given}: cannot write to it")
        return Target(given, real, True, None, None)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise TargetError(f"{given}: no folder {folder} to write the report in")
    _probe(given, folder)
    if st is None:
        return Target(given, real, False, None, None)
    return Target(given, real, False, stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def _probe(given: str, folder: str) -> None:
    """Create and remove a file where the report will go: root passes os.access, not EROFS."""
    import tempfile  # here, not at start: a run that writes only to stdout never needs it

    try:
        fd, probe = tempfile.mkstemp(prefix=".ddex-ai-probe.", dir=folder)
    except OSError as exc:
        raise TargetError(
            f"{given}: cannot write a report in {folder}: {exc.strerror or exc}"
        ) from None
    os.close(fd)
    os.unlink(probe)


def check_targets(targets: list[Target], input_paths: Iterable[str]) -> None:
    """Two reports to one file, or a report over an input: TargetError."""
    seen: dict[tuple[int, int] | str, str] = {}
    files: dict[tuple[int, int], str] = {}  # existing regular files, which a write replaces
    for target in targets:
        key = _key(target.real)
        if key in seen:
            raise TargetError(
                f"{target.given}: two reports name the same file ({seen[key]} and {target.given})"
            )
        seen[key] = target.given
        if isinstance(key, tuple) and not target.streamed:
            files[key] = target.given
    if not files:
        return
    for path in input_paths:
        try:
            key = _identity(os.stat(path))
        except OSError:
            continue  # its check reports it
        if key in files:
            raise TargetError(
                f"{files[key]}: is one of the inputs ({path}); a report must not replace an input"
            )


def _key(real: str) -> tuple[int, int] | str:
    try:
        return _identity(os.stat(real))
    except OSError:
        return real


@record(slots=True)
class Opened:
    """An open report: ``keep = False`` leaves the target as it was (the write is dropped)."""

    stream: TextIO
    keep: bool = True


@contextlib.contextmanager
def open_target(target: Target) -> Iterator[Opened]:
    """A text stream for the report; a file is replaced when the block ends, not before."""
    if target.streamed:
        with _open_stream(target.real) as stream:
            yield Opened(stream)
        return
    import tempfile

    folder, name = os.path.split(target.real)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            opened = Opened(stream)
            yield opened
            stream.flush()
            os.fsync(stream.fileno())
        if not opened.keep:
            os.unlink(temporary)
            return
        if target.mode is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            os.chmod(temporary, target.mode)
            if target.owner is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(temporary, *target.owner)
        os.replace(temporary, target.real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _open_stream(path: str) -> Iterator[TextIO]:
    if stat.S_ISSOCK(os.stat(path).st_mode):
        import socket  # a report to a Unix socket is rare

        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        with client, client.makefile("w", encoding="utf-8", newline="\n") as stream:
            yield stream
        return
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
