"""Deliveries as ``.zip``, ``.tar``, ``.tar.gz`` (``.tgz``): read in place, never unpacked to
disk. Each member that matches the globs is an input named ``archive.zip!/path/in/it.xml``;
a member that is not a regular file (a link, a device) is an input whose check says so."""

from __future__ import annotations

import fnmatch
import threading

from ddex_ai.discovery.sources import MEMBER_SEPARATOR, ArchiveMember, ReadFailed

SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


def is_archive(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def _open(path: str):
    """A binary file object for a local path or a URL."""
    from ddex_ai.discovery.remote import filesystem, is_url

    if is_url(path):
        return filesystem(path).open(path, "rb")
    return open(path, "rb")


def _archive(path: str):
    import tarfile  # here, not at import: most runs read no archive (about 5 ms of start-up)
    import zipfile

    handle = _open(path)
    try:
        if path.lower().endswith(".zip"):
            return zipfile.ZipFile(handle)
        return tarfile.open(fileobj=handle, mode="r:*")
    except Exception:
        handle.close()
        raise


def list_archive(path: str, globs: tuple[str, ...], on_empty=None) -> list:
    from ddex_ai.discovery import Input

    def named(member: str) -> str:
        while member.startswith("./"):  # `tar -C dir .` names every member ./…
            member = member[2:]
        return path + MEMBER_SEPARATOR + member

    def matches(member: str) -> bool:
        name = member.rstrip("/").rsplit("/", 1)[-1]
        return any(fnmatch.fnmatch(name, pattern) for pattern in globs)

    import tarfile
    import zipfile

    inputs = []
    try:
        with _archive(path) as archive:
            if isinstance(archive, zipfile.ZipFile):
                for info in archive.infolist():
                    if not info.is_dir() and matches(info.filename):
                        member = ArchiveMember(path, info.filename, info.file_size)
                        inputs.append(Input(named(info.filename), source=member))
            else:
                for info in archive:
                    if not matches(info.name) or info.isdir():
                        continue
                    if info.isfile():
                        member = ArchiveMember(path, info.name, info.size)
                        inputs.append(Input(named(info.name), source=member))
                    else:
                        kind = "a link" if info.issym() or info.islnk() else "not a regular file"
                        inputs.append(Input(named(info.name), f"archive member is {kind}"))
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, ValueError) as exc:
        return [Input(path, f"cannot read archive: {exc}")]
    if not inputs and on_empty is not None:
        on_empty(path)
    return sorted(inputs)


class ArchiveReader:
    """Members of archives, read by several threads: each archive is opened once and read
    under its own lock (a compressed tar is a stream; reading it in order is cheap)."""

    def __init__(self) -> None:
        self._open: dict[str, tuple[object, threading.Lock]] = {}
        self._lock = threading.Lock()

    def read(self, source: ArchiveMember, limit: int) -> bytes:
        with self._lock:
            entry = self._open.get(source.archive)
            if entry is None:
                try:
                    entry = self._open[source.archive] = (
                        _archive(source.archive),
                        threading.Lock(),
                    )
                except Exception as exc:
                    raise ReadFailed(f"cannot read archive: {exc}") from None
        archive, lock = entry
        with lock:
            try:
                if hasattr(archive, "infolist"):  # a ZipFile
                    with archive.open(source.member) as member:
                        return member.read(limit)  # a zip bomb stops at the size limit
                member = archive.extractfile(source.member)
                if member is None:
                    raise ReadFailed("archive member is not a regular file")
                return member.read(limit)
            except ReadFailed:
                raise
            except Exception as exc:  # a corrupt member is that file's IO001
                raise ReadFailed(f"cannot read archive member: {exc}") from None

    def close(self) -> None:
        for archive, _ in self._open.values():
            archive.close()
        self._open.clear()
