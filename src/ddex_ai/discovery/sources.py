"""Where an input's bytes are when they are not a local file: an archive member or an object
in a remote file system. Small and picklable: a worker, or a Dask task, can carry them."""

from __future__ import annotations

from ddex_ai.records import record

# Between an archive's name and a member's, in every report: ``batch.zip!/a/b.xml``.
MEMBER_SEPARATOR = "!/"


@record(frozen=True, slots=True)
class ArchiveMember:
    archive: str  # a local path or a URL, as given
    member: str  # the name inside the archive
    size: int  # uncompressed, as the archive declares it


@record(frozen=True, slots=True)
class RemoteObject:
    url: str  # as reports name it
    size: int | None = None
    # The store's version of the object (an S3 ETag, a GCS md5Hash): with the size, what the
    # result cache compares, so that an unchanged object is not downloaded again.
    etag: str | None = None


class MissingPath(ValueError):
    """A path given by the user does not exist: a usage error."""


class ReadFailed(Exception):
    """An input could not be read: its check reports IO001 with this message."""
