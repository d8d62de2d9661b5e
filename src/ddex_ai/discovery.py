"""Turn the paths given on the command line into the sorted list of inputs to check."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass

DEFAULT_GLOB = "*.xml"


class MissingPath(ValueError):
    """A path given by the user does not exist: a usage error."""


@dataclass(frozen=True, slots=True, order=True)
class Input:
    path: str
    # Why the input cannot be read, when that is known before reading it (an unreadable folder).
    error: str | None = None


def expand(paths: list[str], glob: str = DEFAULT_GLOB) -> list[Input]:
    """Files as given, folders searched recursively for ``glob``; sorted by path, each once.

    A symbolic link that leads nowhere is still listed (its check reports it); a folder reached
    twice through links is walked once, so link loops end; a folder that cannot be listed is
    itself an input whose check reports why.
    """
    found: dict[str, Input] = {}
    for path in paths:
        if not os.path.lexists(path):
            raise MissingPath(f"{path}: no such file or folder")
        if os.path.isdir(path):
            for item in _walk(path, glob):
                found.setdefault(item.path, item)
        else:
            normal = os.path.normpath(path)
            found.setdefault(normal, Input(normal))
    return sorted(found.values())


def _walk(top: str, glob: str) -> list[Input]:
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
            if fnmatch.fnmatch(name, glob):
                inputs.append(Input(os.path.normpath(os.path.join(folder, name))))
    return inputs
