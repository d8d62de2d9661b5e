"""Inputs named by a URL (``s3://``, ``gs://``, ``az://``, ``file://``, ``memory://``, any
fsspec protocol): listed with the same globs as folders, read by the parent ahead of the
checkers. Credentials and endpoints come from each file system's usual places (environment
such as ``AWS_ENDPOINT_URL``, profiles); ddex-ai never prints them."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

from ddex_ai.discovery.sources import MissingPath, ReadFailed, RemoteObject

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "az": "azure", "abfs": "azure"}


class RemoteUnavailable(MissingPath):
    """A URL whose file system is not installed, or that cannot be listed: a usage error."""


def is_url(path: str) -> bool:
    return bool(_URL.match(path))


def protocol_of(url: str) -> str:
    return url.split("://", 1)[0].lower()


@lru_cache(maxsize=32)
def _filesystem(protocol: str):
    try:
        import fsspec
    except ImportError:
        raise RemoteUnavailable(
            f"{protocol}:// inputs need fsspec: pip install 'ddex-ai[{EXTRAS.get(protocol, 's3')}]'"
        ) from None
    try:
        return fsspec.filesystem(protocol)
    except (ImportError, ValueError) as exc:
        extra = EXTRAS.get(protocol)
        hint = f": pip install 'ddex-ai[{extra}]'" if extra else ""
        raise RemoteUnavailable(f"{protocol}:// is not available ({exc}){hint}") from None


def filesystem(url: str):
    """The fsspec file system of ``url`` (one per protocol, credentials from its defaults)."""
    return _filesystem(protocol_of(url))


def _stripped(url: str) -> str:
    return filesystem(url)._strip_protocol(url)


def _etag(info: dict) -> str | None:
    for key in ("ETag", "etag", "md5Hash", "mtime", "LastModified", "last_modified"):
        if info.get(key) is not None:
            return str(info[key])
    return None


def list_url(url: str, globs: tuple[str, ...], on_folder=None) -> list:
    """The objects below ``url`` whose names match ``globs`` (or ``url`` itself when it is an
    object), named as given: ``s3://bucket/ern/`` lists ``s3://bucket/ern/a/b.xml``."""
    from ddex_ai.discovery import Input

    fs = filesystem(url)
    root = _stripped(url)
    try:
        if not fs.isdir(root):
            info = fs.info(root)
            return [Input(url, source=RemoteObject(url, info.get("size"), _etag(info)))]
        found = fs.find(root, detail=True)
    except FileNotFoundError:
        raise RemoteUnavailable(f"{url}: no such object or folder") from None
    except Exception as exc:  # permission, network: the run cannot list what it was given
        raise RemoteUnavailable(f"{url}: cannot list: {_reason(exc)}") from None
    prefix = url.rstrip("/") + "/"
    inputs = []
    for path, info in sorted(found.items()):
        if info.get("type") == "directory":
            continue
        relative = path[len(root) :].lstrip("/") if path.startswith(root) else path
        name = relative.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatch(name, pattern) for pattern in globs):
            display = prefix + relative
            inputs.append(
                Input(display, source=RemoteObject(display, info.get("size"), _etag(info)))
            )
    if on_folder is not None and not inputs:
        on_folder(url)
    return inputs


def read_object(source: RemoteObject, limit: int) -> bytes:
    """Up to ``limit`` bytes of the object (the file systems retry transient errors)."""
    fs = filesystem(source.url)
    try:
        if source.size is not None and source.size < limit:
            return fs.cat_file(_stripped(source.url))  # one request
        return fs.cat_file(_stripped(source.url), start=0, end=limit)  # never more than that
    except Exception as exc:  # any failure of a read is this file's IO001, never the run's
        raise ReadFailed(f"cannot read file: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    """A short reason that never carries credentials (only the exception's kind and text)."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, FileNotFoundError):
        return "no such object"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return text.splitlines()[0][:300]
