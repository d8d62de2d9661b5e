"""Install official ERN schema sets into the user cache: from DDEX's site, or from a folder.

A set (release-notification.xsd and every file it imports, followed as the files name them)
is read whole, checked (each file well-formed, the set compiling offline), written to a
staging folder and only then put in place, so a failed or interrupted install leaves the
cache as it was. DDEX's files are stored unchanged; ``manifest.json`` maps the official URL
of each imported file to its copy, for the offline resolver.

This module is the only part of ddex-ai that uses the network, in ``fetch``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlparse

from lxml import etree

from ddex_ai import __version__
from ddex_ai.records import record
from ddex_ai.schema_catalog import ENTRY_FILE, OFFICIAL_BASE, official_url
from ddex_ai.schema_loader import (
    MANIFEST,
    SchemaFiles,
    avs_version,
    compile_files,
    schema_parser,
)
from ddex_ai.versions import ErnVersion, namespace_code, version_from_code

XS = "{http://www.w3.org/2001/XMLSchema}"
TIMEOUT = 60


class InstallError(Exception):
    """A set that could not be installed; the cache is unchanged."""


@record(frozen=True)
class Installed:
    version: ErnVersion
    folder: Path
    files: int
    avs_version: str | None


Reader = Callable[[str], bytes]  # official URL -> the file's bytes


def http_reader(base_url: str = OFFICIAL_BASE) -> Reader:
    """Read official URLs from DDEX's site, or from a mirror that replaces its base URL."""
    base = base_url if base_url.endswith("/") else base_url + "/"

    def read(url: str) -> bytes:
        where = base + url[len(OFFICIAL_BASE) :] if url.startswith(OFFICIAL_BASE) else url
        request = urllib.request.Request(where, headers={"User-Agent": f"ddex-ai/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise InstallError(f"cannot download {where}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InstallError(
                f"cannot download {where}: {reason}. Offline? Install DDEX's schema files "
                "from a folder with `ddex-ai schemas import DIR`."
            ) from None

    return read


def folder_reader(main_file: Path, main_url: str) -> Reader:
    """Read a set from disk: an import's URL, relative to the official URL of the main file,
    is the same path relative to the main file; failing that, a file of the same name
    beside it (as in DDEX's offline zips)."""
    main_dir = posixpath.dirname(urlparse(main_url).path)

    def read(url: str) -> bytes:
        path = urlparse(url).path
        relative = posixpath.relpath(path, main_dir)
        for candidate in (main_file.parent / relative, main_file.parent / posixpath.basename(path)):
            if candidate.is_file():
                return candidate.read_bytes()
        raise InstallError(f"{main_file} imports {url}, which is not in the folder")

    return read


def collect(main_url: str, read: Reader) -> dict[str, bytes]:
    """The set: main file and every file it imports, by official URL; each well-formed."""
    files: dict[str, bytes] = {}
    todo = [main_url]
    parser = schema_parser()
    while todo:
        url = todo.pop()
        data = read(url)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InstallError(f"{url} is not well-formed XML: {exc}") from None
        if root.tag != XS + "schema":
            raise InstallError(f"{url} is not an XML Schema (its root is {root.tag})")
        files[url] = data
        for ref in root.iterchildren(XS + "import", XS + "include", XS + "redefine"):
            location = ref.get("schemaLocation")
            target = urljoin(url, location) if location else None
            if target and target not in files and target not in todo:
                todo.append(target)
    return files


def install(cache: Path, version: ErnVersion, files: dict[str, bytes], source: str) -> Installed:
    """Write the set, check that it compiles, then put it in place in one step."""
    main_url = official_url(version)
    digest = hashlib.sha256(b"".join(u.encode() + b"\0" + d for u, d in sorted(files.items())))
    store = cache / "store"
    store.mkdir(parents=True, exist_ok=True)
    final = store / f"{version.code}-{digest.hexdigest()[:12]}"
    staging = Path(tempfile.mkdtemp(prefix=f".{version.code}-", suffix=".partial", dir=store))
    try:
        imports, avs = _write(staging, version, main_url, files, source)
        _check_compiles(staging, version, main_url, imports)
        if final.exists():
            shutil.rmtree(staging)  # the same set is installed already
        else:
            os.rename(staging, final)
        _point(cache / "ern" / version.code, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _drop_unused(store, version.code, final)
    return Installed(version, cache / version.schema_dir, len(files), avs)


def _write(
    folder: Path, version, main_url: str, files: dict[str, bytes], source: str
) -> tuple[dict[str, str], str | None]:
    """Store the set and its manifest; returns (URL -> stored file of each import, AVS)."""
    imports: dict[str, str] = {}
    used: set[str] = set()
    found_avs = None
    for url, data in sorted(files.items()):
        if url == main_url:
            continue
        name = PurePosixPath(url).name or "import.xsd"
        while name in used:  # two imports with one file name
            name = "_" + name
        used.add(name)
        imports[url] = f"imports/{name}"
        found_avs = avs_version(data[:16384]) or found_avs
    (folder / "imports").mkdir()
    (folder / ENTRY_FILE).write_bytes(files[main_url])
    for url, relative in imports.items():
        (folder / relative).write_bytes(files[url])
    manifest = {
        "version": version.label,
        "base_url": main_url,
        "imports": imports,
        "avs_version": found_avs,
        "source": source,
        "installed": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": {
            path: hashlib.sha256((folder / path).read_bytes()).hexdigest()
            for path in [ENTRY_FILE, *imports.values()]
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return imports, found_avs


def _check_compiles(
    folder: Path, version: ErnVersion, main_url: str, imports: dict[str, str]
) -> None:
    files = SchemaFiles(version, folder / ENTRY_FILE, "staging", None, main_url, imports)
    try:
        compile_files(files)
    except Exception as exc:
        raise InstallError(f"the ERN {version} schema set does not compile: {exc}") from None


def _point(link: Path, target: Path) -> None:
    """Make ``ern/<code>`` lead to the installed set, replacing what it led to at once."""
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.parent / f".{link.name}.{os.getpid()}.link"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        os.symlink(os.path.relpath(target, link.parent), temporary, target_is_directory=True)
    except OSError:  # no symbolic links here (Windows without the privilege): a copy
        old = link.parent / f".{link.name}.old"
        if link.exists():
            os.replace(link, old)
        shutil.copytree(target, link)
        shutil.rmtree(old, ignore_errors=True)
        return
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # left by the fallback above
    os.replace(temporary, link)


def _drop_unused(store: Path, code: str, keep: Path) -> None:
    for folder in store.glob(f"{code}-*"):
        if folder != keep and not folder.name.endswith(".partial"):
            shutil.rmtree(folder, ignore_errors=True)


def fetch(cache: Path, version: ErnVersion, read: Reader, source: str) -> Installed:
    return install(cache, version, collect(official_url(version), read), source)


def find_sets(folder: Path) -> list[tuple[ErnVersion, Path]]:
    """ERN schema sets in a folder: every release-notification.xsd, by its target namespace."""
    found: dict[str, tuple[ErnVersion, Path]] = {}
    for path in sorted(folder.rglob(ENTRY_FILE)):
        try:
            root = etree.parse(str(path), schema_parser()).getroot()
        except etree.XMLSyntaxError as exc:
            raise InstallError(f"{path} is not well-formed XML: {exc}") from None
        code = namespace_code(root.get("targetNamespace"))
        version = version_from_code(code) if code else None
        if version is None:
            raise InstallError(f"{path} is not the schema of an ERN version ddex-ai knows")
        found.setdefault(version.code, (version, path))
    return sorted(found.values(), key=lambda item: item[0].key)


def import_set(cache: Path, version: ErnVersion, main_file: Path, source: str) -> Installed:
    read = folder_reader(main_file, official_url(version))
    return install(cache, version, collect(official_url(version), read), source)
