"""Find and compile the official ERN XSD of a version, once per process.

Schema roots are folders laid out as ``ern/<code>/release-notification.xsd``. They are searched
in order: ``--schemas DIR``, then ``$DDEX_AI_SCHEMAS``. Compiling never touches the network:
an ``xs:import`` of an http(s) URL is refused by the resolver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ddex_ai.versions import ErnVersion

SCHEMAS_ENV = "DDEX_AI_SCHEMAS"
ENTRY_FILE = "release-notification.xsd"


@dataclass(frozen=True, slots=True)
class SchemaRoot:
    path: Path
    origin: str  # "--schemas", "$DDEX_AI_SCHEMAS"


@dataclass(frozen=True, slots=True)
class Schema:
    version: ErnVersion
    path: Path
    validator: etree.XMLSchema


@dataclass(frozen=True, slots=True)
class SchemaUnavailable:
    version: ErnVersion
    reason: str


class SchemaRootError(ValueError):
    """A configured schema folder does not exist: a usage error."""


def configured_roots(option: str | os.PathLike | None) -> list[SchemaRoot]:
    """Schema roots in lookup order; raises SchemaRootError for a folder that does not exist."""
    roots = []
    for value, origin in ((option, "--schemas"), (os.environ.get(SCHEMAS_ENV), "$" + SCHEMAS_ENV)):
        if not value:
            continue
        path = Path(value).expanduser()
        if not path.is_dir():
            raise SchemaRootError(f"{origin}: {value} is not a folder")
        roots.append(SchemaRoot(path.resolve(), origin))
    return roots


class _OfflineResolver(etree.Resolver):
    """Refuses every import that is not a local file."""

    def resolve(self, url, pubid, context):
        if url and "://" in url and not url.startswith("file://"):
            raise SchemaFetchRefused(url)
        return None


class SchemaFetchRefused(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(f"refused to fetch {url} while compiling a schema (validation is offline)")


@dataclass
class SchemaStore:
    """Compiled schemas by version, compiled on first use and kept for the process."""

    roots: list[SchemaRoot]
    _cache: dict[str, Schema | SchemaUnavailable] = field(default_factory=dict)

    def locate(self, version: ErnVersion) -> Path | None:
        for root in self.roots:
            candidate = root.path / version.schema_dir / ENTRY_FILE
            if candidate.is_file():
                return candidate
        return None

    def get(self, version: ErnVersion) -> Schema | SchemaUnavailable:
        if version.code not in self._cache:
            self._cache[version.code] = self._compile(version)
        return self._cache[version.code]

    def _compile(self, version: ErnVersion) -> Schema | SchemaUnavailable:
        path = self.locate(version)
        if path is None:
            return SchemaUnavailable(version, self._missing_reason(version))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        parser.resolvers.add(_OfflineResolver())
        try:
            validator = etree.XMLSchema(etree.parse(str(path), parser))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
            return SchemaUnavailable(version, f"the schema {path} does not compile: {exc}")
        return Schema(version, path, validator)

    def _missing_reason(self, version: ErnVersion) -> str:
        wanted = f"{version.schema_dir}/{ENTRY_FILE}"
        if not self.roots:
            return (
                f"no schema folder is configured, so ERN {version} was not XSD-validated; "
                f"give one with --schemas DIR or ${SCHEMAS_ENV} (laid out as {wanted})"
            )
        searched = ", ".join(f"{r.path} ({r.origin})" for r in self.roots)
        return f"no ERN {version} schema ({wanted}) in {searched}; XSD validation skipped"
