"""Turn what the user names (paths, folders, ``-``, a list file) into the inputs to check."""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from dataclasses import dataclass, field

from ddex_ai.discovery.archives import is_archive, list_archive
from ddex_ai.discovery.remote import RemoteUnavailable, is_url, list_url
from ddex_ai.discovery.sources import MissingPath

__all__ = [
    "DEFAULT_GLOB", "STDIN", "Input", "MissingPath", "RemoteUnavailable", "expand", "read_list",
]  # fmt: skip

DEFAULT_GLOB = "*.xml"
STDIN = "-"


@dataclass(frozen=True, slots=True, order=True)
class Input:
    path: str
    # Why the input cannot be read, when that is known before reading it (an unreadable folder).
    error: str | None = field(default=None, compare=False)
    # The bytes of standard input, read once by the parent; or of a source, read ahead.
    data: bytes | None = field(default=None, compare=False, repr=False)
    # Where the bytes are when the input is not a local file: an archive member, a remote
    # object (discovery.sources).
    source: object | None = field(default=None, compare=False)


def expand(
    paths: list[str],
    globs: tuple[str, ...] = (DEFAULT_GLOB,),
    stdin: bytes | None = None,
    listed: list[str] = (),
    empty: list[str] | None = None,
    stdin_name: str = "stdin.xml",
) -> list[Input]:
    """Files as given, folders searched recursively for ``globs``; sorted by path, each once
    (a file named twice, relative and absolute or through a link, is one input). A folder in
    which nothing matches is added to ``empty``, so that the caller can say so.

    A symbolic link that leads nowhere is still listed (its check reports it); a folder reached
    twice through links is walked once, so link loops end; a folder that cannot be listed is
    itself an input whose check reports why. ``-`` is standard input (``stdin`` bytes).
    ``listed`` are paths from ``--files-from``: one that does not exist is an input whose
    check reports it (IO001), not a usage error, so one stale line does not stop an audit.
    """
    found: dict[str, Input] = {}
    files: dict[tuple[int, int], str] = {}  # (device, inode) -> the name it was found by

    def add(item: Input) -> None:
        # The same file named twice (relative and absolute, or through a link) once.
        if item.error is None and item.data is None:
            try:
                info = os.stat(item.path)
            except OSError:
                info = None  # a broken link: its check reports it
            if info is not None and stat.S_ISREG(info.st_mode):  # special files: never read
                key = (info.st_dev, info.st_ino)
                if key in files and files[key] != item.path:
                    return
                files[key] = item.path
        found.setdefault(item.path, item)

    for path, from_list in [*((p, False) for p in paths), *((p, True) for p in listed)]:
        if path == STDIN:
            found[STDIN] = Input(stdin_name, data=stdin if stdin is not None else b"")
            continue
        if is_url(path) or (is_archive(path) and os.path.isfile(path)):
            try:
                items = _expand_source(path, globs, empty)
            except RemoteUnavailable as exc:
                if not from_list:
                    raise
                items = [Input(path, f"cannot read file: {str(exc).removeprefix(path + ': ')}")]
            for item in items:
                found.setdefault(item.path, item)
            continue
        if not os.path.lexists(path):
            if not from_list:
                raise MissingPath(f"{path}: no such file or folder")
            normal = os.path.normpath(path)
            found.setdefault(normal, Input(normal, "cannot read file: no such file or folder"))
        elif os.path.isdir(path):
            walked = _walk(path, globs)
            if not walked and empty is not None:
                empty.append(path)
            for item in sorted(walked):  # the same name wins whatever the walk's order
                add(item)
        else:
            add(Input(os.path.normpath(path)))
    return sorted(found.values())


def _expand_source(path: str, globs: tuple[str, ...], empty: list[str] | None) -> list[Input]:
    """An archive's members, or the objects below a URL (an archive there: its members)."""
    on_empty = empty.append if empty is not None else None
    if is_archive(path):
        # Members match the globs; *.xml is the default whatever an archive is called.
        return list_archive(path, globs, on_empty)
    return list_url(path, globs, on_empty)


def read_list(source: str, separator: bytes = b"\n") -> list[str]:
    """Paths listed in a file (or ``-``: standard input), as the file system names them.

    The list is read as bytes: names that are not UTF-8 keep their bytes, and only
    ``separator`` ends a name (newline, or NUL with ``-0``; with newlines a CR before it is
    dropped, as a list written on Windows has one). Empty entries are skipped.
    """
    if source == STDIN:
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise MissingPath(f"--files-from {source}: {exc.strerror or exc}") from None
    names = data.split(separator)
    if separator == b"\n":
        names = [name[:-1] if name.endswith(b"\r") else name for name in names]
    return [os.fsdecode(name) for name in names if name]


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def _walk(top: str, globs: tuple[str, ...]) -> list[Input]:
    """Every matching name below ``top``, following links; iterative, so a tree of any depth
    is walked (os.walk recurses, and a deep enough tree ends in RecursionError)."""
    inputs: list[Input] = []
    seen: set[tuple[int, int]] = set()  # (device, inode): a folder reached twice is walked once
    try:
        top_info = os.stat(top)
        pending = [(top, (top_info.st_dev, top_info.st_ino))]
    except OSError as error:
        return [Input(os.path.normpath(top), f"cannot list folder: {error.strerror or error}")]
    while pending:
        folder, identity = pending.pop()
        if identity in seen:
            continue  # reached again through a link
        seen.add(identity)
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            where = os.path.normpath(error.filename or folder)
            inputs.append(Input(where, f"cannot list folder: {error.strerror or error}"))
            continue
        subfolders = []
        for entry in listed:
            try:
                is_folder = entry.is_dir()  # follows links
                info = entry.stat() if is_folder else None
            except OSError:
                is_folder = False
            if is_folder:
                subfolders.append((entry.path, (info.st_dev, info.st_ino)))
            # A folder named like an input file is listed too: its check says it is a folder.
            if _matches(entry.name, globs):
                inputs.append(Input(os.path.normpath(entry.path)))
        pending.extend(sorted(subfolders, reverse=True))
    return inputs
