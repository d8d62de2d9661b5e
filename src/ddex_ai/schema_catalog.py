"""The catalogue of official ERN schemas ddex-ai can install: ``schemas/catalog.toml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ddex_ai.records import record
from ddex_ai.versions import ErnVersion, version_from_code

OFFICIAL_BASE = "http://ddex.net/xml/"
ENTRY_FILE = "release-notification.xsd"


@record(frozen=True, slots=True)
class CatalogEntry:
    version: ErnVersion
    url: str  # the official URL of release-notification.xsd
    imports: tuple[str, ...]


def official_url(version: ErnVersion) -> str:
    """Where DDEX publishes a version's release-notification.xsd, as the catalogue says."""
    entry = entry_for(version)
    return entry.url if entry else f"{OFFICIAL_BASE}ern/{version.code}/{ENTRY_FILE}"


def _catalog_text() -> str:
    from importlib import resources  # imported when used: the CLI starts without it

    packaged = resources.files("ddex_ai").joinpath("data/catalog.toml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # An editable install runs from the source tree, where the file is in schemas/.
    return (Path(__file__).resolve().parents[2] / "schemas" / "catalog.toml").read_text("utf-8")


@cache
def catalog() -> tuple[CatalogEntry, ...]:
    import tomllib

    data = tomllib.loads(_catalog_text())
    entries = []
    for item in data["version"]:
        version = version_from_code(item["label"])
        if version is None or version.namespace != item["namespace"]:
            raise ValueError(f"catalog.toml: {item['label']} does not match a known ERN version")
        entries.append(CatalogEntry(version, item["url"], tuple(item.get("imports", ()))))
    return tuple(entries)


def entry_for(version: ErnVersion) -> CatalogEntry | None:
    return next((e for e in catalog() if e.version == version), None)
