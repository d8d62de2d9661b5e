"""The result cache: a file checked before with the same content, tool version, policy,
schemas and options is not checked again; its stored result is reported as is.

SQLite in the user cache folder (``--cache-dir`` elsewhere), in WAL mode with every write in
a short transaction, so concurrent runs share it safely. The content key is the SHA-256 of
the bytes; for an object in remote storage, its ETag and size, so an unchanged object is not
even downloaded. Results are stored as they arrive (an interrupted audit, run again, resumes),
as JSON (results_codec), never as pickles: a cache file cannot run code. A cache file that is
not a database is set aside with a warning, and a new one started.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ddex_ai import __version__
from ddex_ai.discovery import Input
from ddex_ai.discovery.sources import RemoteObject
from ddex_ai.records import record
from ddex_ai.results import FileResult
from ddex_ai.results_codec import decode, encode

FILE_NAME = "results.sqlite3"
LAYOUT = 4  # the table's columns (PRAGMA user_version)
COMMIT_EVERY = 64  # results; and at least every second, and at the end
# Results that say more about the moment than the file: checked again next time.
TRANSIENT = ("IO001", "INT")


def default_dir() -> Path:
    from ddex_ai.schema_loader import cache_dir

    return cache_dir().parent / "results"


def fingerprint(config) -> str:
    """What a result depends on besides the file: tool, policy, schema files, options."""
    policy = config.policy
    parts = {
        "tool": __version__,
        "policy": {
            "severities": {k: v.value for k, v in sorted(policy.severities.items())},
            "options": {k: dict(v) for k, v in sorted(policy.rule_options.items())},
            "info_only": sorted(policy.info_only_resource_kinds),
            "require_schemas": policy.require_schemas,
            "docs_url": policy.docs_url,
            "name": policy.name,
        },
        "schemas": [_schema_files(root.path) for root in config.roots],
        "options": [
            config.debug,
            config.max_file_size,
            config.timeout,
            config.max_findings,
            config.profile,
            list(config.variants),
        ],
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _schema_files(root: Path) -> list:
    """Every schema file under a root, by name, size and modification time (cheap to list;
    any change to a schema set changes it)."""
    found = []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found.append([os.path.relpath(path, root), info.st_size, info.st_mtime_ns])
    return sorted(found)


# A file's hash is taken again unless its size, times, inode and device are those recorded
# and it was last modified this long before they were recorded (a file changed within the
# clock's resolution of being hashed cannot be told from an unchanged one: git's "racy" rule).
SETTLED_NS = 2_000_000_000


def _stat_of(path: str) -> str | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def _settled(stat: str, recorded_ns: int) -> bool:
    mtime, ctime = (int(v) for v in stat.split(":")[1:3])
    return max(mtime, ctime) < recorded_ns - SETTLED_NS


def content_key(item: Input, read: Callable[[Input], Input]) -> str | None:
    """What identifies the input's content, or None when it cannot be read (not cached)."""
    source = item.source
    if isinstance(source, RemoteObject) and source.etag and source.size is not None:
        return f"etag:{source.etag}:{source.size}"
    if item.error:
        return None
    if item.data is not None:
        return "sha256:" + hashlib.sha256(item.data).hexdigest()
    if source is not None:
        resolved = read(item)
        return None if resolved.data is None else content_key(resolved, read)
    try:
        with open(item.path, "rb") as handle:
            return "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # its check reports why


@record
class CacheInfo:
    path: Path
    entries: int
    size: int


class ResultCache:
    def __init__(self, folder: Path, warn: Callable[[str], None] | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.warn = warn or (lambda message: None)
        self.pending: list[tuple] = []
        self.last_commit = time.monotonic()
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:  # not a database, or damaged: set it aside
            aside = self.path.with_name(f"{FILE_NAME}.corrupt-{time.strftime('%Y%m%d%H%M%S')}")
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.warn(f"the result cache {self.path} was unreadable ({exc}); moved to {aside}")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
                db.execute("DROP TABLE IF EXISTS results")  # an older layout: start again
                db.execute("DROP TABLE IF EXISTS hashes")
                db.execute(f"PRAGMA user_version = {LAYOUT}")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result TEXT NOT NULL,"
                " line TEXT NOT NULL, brief TEXT NOT NULL, stored REAL NOT NULL)"
            )
            db.execute(  # the content hash of a local file, by the stat it had when hashed
                "CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, stat TEXT NOT NULL,"
                " content TEXT NOT NULL, recorded INTEGER NOT NULL)"
            )
            db.execute("SELECT count(*) FROM results").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def contents(self, items: list[Input], read: Callable[[Input], Input]) -> list[str | None]:
        """Each input's content key; a local file whose stat is as recorded (and settled) is
        not read again."""
        local = [i for i, item in enumerate(items) if item.source is None and item.data is None]
        known = self._rows("SELECT path, stat, content, recorded FROM hashes WHERE path IN",
                           [items[i].path for i in local])  # fmt: skip
        found: list[str | None] = [None] * len(items)
        fresh = []
        now = time.time_ns()
        for i, item in enumerate(items):
            stat = _stat_of(item.path) if item.source is None and item.data is None else None
            row = known.get(item.path) if stat else None
            if row and row[0] == stat and _settled(stat, row[2]) and not item.error:
                found[i] = row[1]
                continue
            found[i] = content_key(item, read)
            if stat and found[i] is not None and stat == _stat_of(item.path):
                fresh.append((item.path, stat, found[i], now))
        if fresh:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?)", fresh)
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.warn(f"the result cache could not be written ({exc})")
                with contextlib.suppress(sqlite3.DatabaseError):
                    self.db.execute("ROLLBACK")
        return found

    def _rows(self, query: str, keys: list[str]) -> dict[str, tuple]:
        """``query ... IN (...)`` for many keys, a few hundred at a time: first column -> rest."""
        found: dict[str, tuple] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in self.db.execute(f"{query} ({marks})", chunk):
                    found[row[0]] = row[1:]
        except sqlite3.DatabaseError as exc:
            self.warn(f"the result cache could not be read ({exc}); checking the files")
        return found

    def get_many(self, keys: list[str]) -> dict[str, CachedResult]:
        # The whole result is read only if a reporter needs it (CachedResult.decoded).
        rows = self._rows("SELECT key, line, brief FROM results WHERE key IN", keys)
        found = {}
        for key, (line, brief) in rows.items():
            with contextlib.suppress(ValueError, KeyError, TypeError):  # a bad entry: a miss
                found[key] = CachedResult(line, brief, lambda key=key: self._full(key))
        return found

    def _full(self, key: str) -> str:
        row = self.db.execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise ValueError("the cache entry went away")
        return row[0]

    def put(self, key: str, result: FileResult) -> None:
        if any(f.rule.startswith(TRANSIENT) for f in result.findings):
            return
        brief = [result.path, result.status.value, result.release_count, result.rule_ids,
                 max((f.severity.rank for f in result.findings), default=0),
                 result.size, result.xsd_validated]  # fmt: skip
        self.pending.append((key, encode(result), result.to_json(), json.dumps(brief), time.time()))
        if len(self.pending) >= COMMIT_EVERY or time.monotonic() - self.last_commit > 1.0:
            self.commit()

    def commit(self) -> None:
        """Write what is pending in one short transaction: never held open while the run
        writes its reports, so concurrent runs wait milliseconds, not for each other."""
        if self.pending:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)", self.pending
                )
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.warn(f"the result cache could not be written ({exc})")
                with contextlib.suppress(sqlite3.DatabaseError):
                    self.db.execute("ROLLBACK")
        self.pending = []
        self.last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self.db.close()

    def info(self) -> CacheInfo:
        entries = self.db.execute("SELECT count(*) FROM results").fetchone()[0]
        size = sum(
            p.stat().st_size for p in self.folder.glob(FILE_NAME + "*") if "corrupt" not in p.name
        )
        return CacheInfo(self.path, entries, size)

    def clear(self) -> int:
        count = self.db.execute("SELECT count(*) FROM results").fetchone()[0]
        self.db.execute("DELETE FROM results")
        self.db.execute("DELETE FROM hashes")
        self.db.execute("VACUUM")
        return count


class CachedResult:
    """A stored result, decoded only when a reporter needs more than the summary reads
    and its JSON line: a re-audit to JSON Lines never rebuilds the results."""

    # What the summary, the progress bar and the exit status read, without decoding.
    __slots__ = ("_full", "_line", "_result", "_worst", "path", "release_count", "rule_ids",
                 "size", "status", "xsd_validated")  # fmt: skip

    def __init__(self, line: str, brief: str, full: Callable[[], str]) -> None:
        from ddex_ai.findings import Status

        fields = json.loads(brief)
        self.path, status, self.release_count, self.rule_ids, self._worst = fields[:5]
        self.size, self.xsd_validated = fields[5:]
        self.status = Status(status)
        self._full, self._line, self._result = full, line, None

    def to_json(self) -> str:
        return self._line

    def fails(self, threshold) -> bool:
        from ddex_ai.findings import Status

        if threshold is None:
            return False
        return self.status is Status.ERROR or self._worst >= threshold.rank

    def decoded(self) -> FileResult:
        if self._result is None:
            result = decode(self._full())
            if result is None:
                raise ValueError("a cache entry of another format")
            self._result = result
        return self._result

    def __getattr__(self, name: str):
        return getattr(self.decoded(), name)


def key_of(settings: str, item: Input, content: str) -> str:
    return hashlib.sha256(f"{settings}\0{item.path}\0{content}".encode()).hexdigest()


class CachedRun:
    """Results for ``inputs`` in order, as ``runner.Run``: hits from the cache, the rest
    checked by ``start(misses)`` (a Run), each stored as it arrives."""

    def __init__(self, cache: ResultCache, config, inputs: list[Input], start) -> None:
        from ddex_ai.discovery.reading import ArchiveReader, resolved

        self.cache = cache
        settings = fingerprint(config)
        archives = ArchiveReader()
        read = lambda item: resolved(item, config.max_file_size + 1, archives)  # noqa: E731
        try:
            # One thread: on files of a few KB, threads only contend for the GIL (measured).
            contents = cache.contents(inputs, read)
        finally:
            archives.close()
        self.keys = [
            None if content is None else key_of(settings, item, content)
            for item, content in zip(inputs, contents, strict=True)
        ]
        self.inputs = inputs
        stored = cache.get_many([key for key in self.keys if key is not None])
        self.hits: dict[int, FileResult] = {
            index: stored[key] for index, key in enumerate(self.keys) if key in stored
        }
        self.misses = [i for i in range(len(inputs)) if i not in self.hits]
        self.run = start([inputs[i] for i in self.misses]) if self.misses else None
        self.position = 0

    def __iter__(self) -> Iterator[FileResult]:
        fresh = iter(self.run) if self.run is not None else iter(())
        for index in range(len(self.inputs)):
            self.position = index
            if index in self.hits:
                yield self.hits.pop(index)
                continue
            result = next(fresh)
            if self.keys[index] is not None:
                self.cache.put(self.keys[index], result)
            yield result
        self.cache.commit()

    def salvage(self) -> list[FileResult]:
        """After a stop: what finished past the file the run was waiting for, in order (the
        runner's salvaged results and the cache's hits), each stored for the next run."""
        checked = {r.path: r for r in (self.run.salvage() if self.run is not None else [])}
        found = []
        for index in range(self.position + 1, len(self.inputs)):
            cached = self.hits.pop(index, None)
            result = cached or checked.get(self.inputs[index].path)
            if result is None:
                continue
            if cached is None and self.keys[index] is not None:
                self.cache.put(self.keys[index], result)
            found.append(result)
        self.cache.commit()
        return found

    def close(self) -> None:
        if self.run is not None:
            self.run.close()
        self.cache.close()
