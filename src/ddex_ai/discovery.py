"""Turn what the user names (paths, folders, ``-``, a list file) into the inputs to check."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field

DEFAULT_GLOB = "*.xml"
STDIN = "-"


class MissingPath(ValueError):
    """A path given by the user does not exist: a usage error."""


@dataclass(frozen=True, slots=True, order=True)
class Input:
    path: str
    # Why the input cannot be read, when that is known before reading it (an unreadable folder).
    error: str | None = field(default=None, compare=False)
    # The bytes of standard input, read once by the parent.
    data: bytes | None = field(default=None, compare=False, repr=False)


def expand(
    paths: list[str], globs: tuple[str, ...] = (DEFAULT_GLOB,), stdin: bytes | None = None
) -> list[Input]:
    """Files as given, folders searched recursively for ``globs``; sorted by path, each once.

    A symbolic link that leads nowhere is still listed (its check reports it); a folder reached
    twice through links is walked once, so link loops end; a folder that cannot be listed is
    itself an input whose check reports why. ``-`` is standard input (``stdin`` bytes).
    """
    found: dict[str, Input] = {}
    for path in paths:
        if path == STDIN:
            found[STDIN] = Input(STDIN, data=stdin if stdin is not None else b"")
            continue
        if not os.path.lexists(path):
            raise MissingPath(f"{path}: no such file or folder")
        if os.path.isdir(path):
            for item in _walk(path, globs):
                found.setdefault(item.path, item)
        else:
            normal = os.path.normpath(path)
            found.setdefault(normal, Input(normal))
    return sorted(found.values())


def read_list(source: str) -> list[str]:
    """Paths listed one per line in a file (or ``-``: standard input); blank lines skipped."""
    if source == STDIN:
        text = sys.stdin.read()
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise MissingPath(f"--files-from {source}: {exc.strerror or exc}") from None
    return [line.rstrip("\r\n") for line in text.splitlines() if line.strip()]


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def _walk(top: str, globs: tuple[str, ...]) -> list[Input]:
    inputs: list[Input] = []
    seen: set[str] = set()

    def unlistable(error: OSError) -> None:
        where = os.path.normpath(error.filename or top)
        inputs.append(Input(where, f"cannot list folder: {error.strerror or error}"))

    for folder, dirs, names in os.walk(top, onerror=unlistable, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        # A folder named like an input file is listed too: its check says it is a folder.
        for name in names + dirs:
            if _matches(name, globs):
                inputs.append(Input(os.path.normpath(os.path.join(folder, name))))
    return inputs
