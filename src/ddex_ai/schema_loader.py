"""Find and compile the official ERN XSD of a version, once per process.

Schema roots are folders laid out as ``ern/<code>/release-notification.xsd``, searched in
order: ``--schemas DIR``, then ``$DDEX_AI_SCHEMAS``, then the user cache that
``ddex-ai schemas fetch`` and ``schemas import`` fill. Compiling never touches the network:
a cached set maps the official URLs its files import to the cached copies (an lxml
resolver, with the files unchanged); any other ``http(s)`` import is refused.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ddex_ai.avs_patterns import as_patterns
from ddex_ai.avs_pruning import pruned, used_sets
from ddex_ai.compiled_schemas import SCREEN, USED, WHOLE, compiled
from ddex_ai.records import record
from ddex_ai.schema_catalog import ENTRY_FILE
from ddex_ai.versions import ErnVersion

SCHEMAS_ENV = "DDEX_AI_SCHEMAS"
MANIFEST = "manifest.json"
CACHE_ORIGIN = "cache"
_AVS_VERSION = re.compile(rb'source="AvsVersionId">\s*([^<\s]+)\s*<')
_IMPORT_LOCATION = re.compile(rb'<xs:import[^>]*?schemaLocation="([^"]+)"', re.DOTALL)


@record(frozen=True, slots=True)
class SchemaRoot:
    path: Path
    origin: str  # "--schemas", "$DDEX_AI_SCHEMAS" or "cache"
    # The folder as messages name it, when the files were copied elsewhere (a Dask worker's
    # copy of the client's schemas): findings then read the same on every machine.
    shown: str | None = field(default=None, compare=False)

    @property
    def named(self) -> str:
        return self.shown or str(self.path)


@record(frozen=True, slots=True)
class SchemaFiles:
    """Where a version's schema is, and what it is."""

    version: ErnVersion
    path: Path
    origin: str
    avs_version: str | None
    # A cached set: official URL of release-notification.xsd, and URL -> file of its imports.
    base_url: str | None = None
    imports: dict[str, str] = field(default_factory=dict)
    shown: Path | None = None  # as messages name it (SchemaRoot.shown)

    @property
    def sha256(self) -> str:
        """The entry file's SHA-256, read when asked: a check needs none (importing hashlib
        alone took 11 ms of a one-file run, before its schema could start compiling)."""
        info = self.path.stat()
        return _digest(self.path, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=32)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    """Once per file and version of it: an upgrade asks for two schemas' hashes a message."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@record(frozen=True, slots=True)
class Schema:
    files: SchemaFiles
    # Accepts exactly what the schema accepts; what it refuses, ``exact()`` words.
    validator: etree.XMLSchema

    @property
    def version(self) -> ErnVersion:
        return self.files.version

    @property
    def path(self) -> Path:
        """The entry XSD, as messages name it."""
        return self.files.shown or self.files.path

    @property
    def avs_version(self) -> str | None:
        return self.files.avs_version

    def exact(self) -> etree.XMLSchema:
        """The schema with its allowed-value sets as enumerations (``validator`` has them as
        patterns): libxml2's usual messages for what it refuses."""
        return compiled(self.files, USED)

    def whole(self) -> etree.XMLSchema:
        """The schema compiled with every allowed-value set (``exact`` has the used)."""
        return compiled(self.files, WHOLE)


@record(frozen=True, slots=True)
class SchemaUnavailable:
    version: ErnVersion
    reason: str


class SchemaRootError(ValueError):
    """A configured schema folder does not exist: a usage error."""


class SchemaFetchRefused(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(f"refused to fetch {url} while compiling a schema (validation is offline)")


def cache_dir() -> Path:
    """The user cache of schemas: XDG cache dir on Linux, its equivalent elsewhere."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "ddex-ai" / "Cache" / "schemas"
    if os.uname().sysname == "Darwin" and not os.environ.get("XDG_CACHE_HOME"):
        return Path.home() / "Library" / "Caches" / "ddex-ai" / "schemas"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ddex-ai" / "schemas"


def configured_roots(option: str | os.PathLike | None) -> list[SchemaRoot]:
    """Schema roots in lookup order; raises SchemaRootError for a folder that does not exist."""
    roots = []
    for value, origin in ((option, "--schemas"), (os.environ.get(SCHEMAS_ENV), "$" + SCHEMAS_ENV)):
        if not value:
            continue
        path = Path(value).expanduser()
        if not path.is_dir():
            raise SchemaRootError(f"{origin}: {value} is not a folder")
        # As given (not resolved): messages name the folder the user configured.
        roots.append(SchemaRoot(path, origin))
    cache = cache_dir()
    if cache.is_dir():
        roots.append(SchemaRoot(cache, CACHE_ORIGIN))
    return roots


def avs_version(head: bytes) -> str | None:
    """The AvsVersionId an allowed-value-sets XSD documents near its top (4.3 and later)."""
    match = _AVS_VERSION.search(head)
    return match.group(1).decode() if match else None


def _head(path: Path, size: int = 16384) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def describe(version: ErnVersion, path: Path, origin: str) -> SchemaFiles:
    """What a located schema is: its AVS version and, when cached, its imports."""
    manifest_path = path.parent / MANIFEST
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return SchemaFiles(
            version,
            path,
            origin,
            manifest.get("avs_version"),
            manifest["base_url"],
            manifest["imports"],
        )
    found = None
    for location in _IMPORT_LOCATION.findall(_head(path)):
        target = path.parent / location.decode()
        found = avs_version(_head(target)) or found
    return SchemaFiles(version, path, origin, found)


class _Resolver(etree.Resolver):
    """Official URLs of a cached set -> its files; other network URLs refused. With
    ``transform``, an imported file is given as it returns it (avs_pruning, avs_patterns)."""

    def __init__(self, folder: Path, imports: dict[str, str], transform=None) -> None:
        self.folder = folder
        self.imports = imports
        self.transform = transform

    def resolve(self, url, pubid, context):
        if url in self.imports:
            data = (self.folder / self.imports[url]).read_bytes()
        elif url and "://" in url and not url.startswith("file://"):
            raise SchemaFetchRefused(url)
        elif self.transform is None or not url or not url.endswith(".xsd"):
            return None
        else:
            try:
                data = Path(url.removeprefix("file://")).read_bytes()
            except OSError:  # a URL libxml2 escaped: let it load the file itself, whole
                return None
        if self.transform is not None:
            data = self.transform(data)
        # The URL stays the base of its own relative imports.
        return self.resolve_string(data, context, base_url=url)


def _transform(form: str, keep: frozenset[str] | None):
    if form == SCREEN:
        return lambda data: as_patterns(data if keep is None else pruned(data, keep))
    return None if keep is None else lambda data: pruned(data, keep)


def schema_parser() -> etree.XMLParser:
    """A parser for XSD files: no network, no DTD, no entity expansion."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def compile_files(files: SchemaFiles, form: str = SCREEN) -> etree.XMLSchema:
    """Compile offline, in one of the forms of ``compiled_schemas`` (by default the screen:
    the used allowed-value sets, as patterns); raises XMLSchemaParseError, XMLSyntaxError or
    OSError."""
    data = files.path.read_bytes()
    keep = None if form == WHOLE else used_sets(data)
    parser = schema_parser()
    parser.resolvers.add(_Resolver(files.path.parent, files.imports, _transform(form, keep)))
    tree = etree.fromstring(data, parser, base_url=files.base_url or str(files.path))
    try:
        return etree.XMLSchema(tree)
    except etree.XMLSchemaParseError:
        if form == WHOLE:
            raise
        # A set was missed or a pattern refused: the error is not ours.
        return compile_files(files, USED if form == SCREEN else WHOLE)


@record
class SchemaStore:
    """Compiled schemas by version, compiled on first use and kept for the process."""

    roots: list[SchemaRoot]
    _cache: dict[str, Schema | SchemaUnavailable] = field(default_factory=dict)

    def locate(self, version: ErnVersion) -> tuple[SchemaRoot, Path] | None:
        for root in self.roots:
            candidate = root.path / version.schema_dir / ENTRY_FILE
            if candidate.is_file():
                return root, candidate
        return None

    def files(self, version: ErnVersion) -> SchemaFiles | None:
        found = self.locate(version)
        if not found:
            return None
        root, path = found
        files = describe(version, path, root.origin)
        if root.shown:
            files = replace(files, shown=Path(root.shown) / version.schema_dir / ENTRY_FILE)
        return files

    def get(self, version: ErnVersion) -> Schema | SchemaUnavailable:
        if version.code not in self._cache:
            self._cache[version.code] = self._compile(version)
        return self._cache[version.code]

    def _compile(self, version: ErnVersion) -> Schema | SchemaUnavailable:
        files = self.files(version)
        if files is None:
            return SchemaUnavailable(version, self._missing_reason(version))
        try:
            return Schema(files, compiled(files))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
            shown = files.shown or files.path
            return SchemaUnavailable(version, f"the schema {shown} does not compile: {exc}")

    def _missing_reason(self, version: ErnVersion) -> str:
        from ddex_ai.schema_catalog import entry_for

        wanted = f"{version.schema_dir}/{ENTRY_FILE}"
        searched = ", ".join(f"{r.named} ({r.origin})" for r in self.roots) or "no schema folder"
        if entry_for(version):
            remedy = f"install it with `ddex-ai schemas fetch {version}`"
        else:
            remedy = "install DDEX's files for it with `ddex-ai schemas import DIR`"
        return (
            f"no ERN {version} schema ({wanted}) in {searched}, so it was not XSD-validated; "
            f"{remedy}, or give a folder with --schemas DIR"
        )
