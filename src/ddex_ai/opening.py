"""How ddex-ai opens an input: read-only, without blocking, without taking a terminal.

Non-blocking: opening a FIFO must not wait for a writer; nothing but a regular file is ever
read (a device or FIFO named *.xml could stream forever). Standard library only: the console
script reads file heads with it before anything heavy is imported.
"""

from __future__ import annotations

import os
import stat

OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)


def read_head(path: str, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a regular file; nothing for anything else or on error
    (the file's check reports why)."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError:
        return b""
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)
