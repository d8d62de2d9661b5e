"""The ERN versions ddex-ai knows, and how a message names its version."""

from __future__ import annotations

import re
from functools import lru_cache

from ddex_ai.records import record

ERN_NAMESPACE_PREFIX = "http://ddex.net/xml/ern/"
_NAMESPACE_RE = re.compile(r"^http://ddex\.net/xml/ern/(\d+)$")
# MessageSchemaVersionId in 3.x is written "ern/382", "/ern/382" or "ern/38.2" in the wild.
_SCHEMA_VERSION_ID_RE = re.compile(r"^/?ern/(\d+(?:\.\d+)*)$", re.IGNORECASE)

NEW_RELEASE = "NewReleaseMessage"
PURGE_RELEASE = "PurgeReleaseMessage"
CATALOG_LIST = "CatalogListMessage"


@record(frozen=True, slots=True)
class ErnVersion:
    """One ERN version: its namespace code ("432"), its label ("4.3.2") and what it can carry."""

    code: str
    label: str

    @property
    def namespace(self) -> str:
        return ERN_NAMESPACE_PREFIX + self.code

    @property
    def major(self) -> int:
        return _key(self.label)[0]

    @property
    def carries_ai_disclosure(self) -> bool:
        """ContainsAI / AiContribution exist from ERN 4.3.1 on."""
        return self.key >= (4, 3, 1)

    @property
    def key(self) -> tuple[int, ...]:
        return _key(self.label)

    @property
    def message_types(self) -> tuple[str, ...]:
        if self.major == 3:
            return (NEW_RELEASE, PURGE_RELEASE, CATALOG_LIST)
        return (NEW_RELEASE, PURGE_RELEASE)

    @property
    def schema_dir(self) -> str:
        """Folder of this version's XSD below a schema root: ``ern/<code>``."""
        return f"ern/{self.code}"

    def __str__(self) -> str:
        return self.label


@lru_cache(maxsize=64)  # rules compare versions for every file: 60 splits a file otherwise
def _key(label: str) -> tuple[int, ...]:
    return tuple(int(part) for part in label.split("."))


KNOWN_VERSIONS: tuple[ErnVersion, ...] = tuple(
    ErnVersion(code, label)
    for code, label in (
        ("34", "3.4"),
        ("341", "3.4.1"),
        ("35", "3.5"),
        ("351", "3.5.1"),
        ("36", "3.6"),
        ("37", "3.7"),
        ("371", "3.7.1"),
        ("38", "3.8"),
        ("381", "3.8.1"),
        ("382", "3.8.2"),
        ("383", "3.8.3"),
        ("41", "4.1"),
        ("411", "4.1.1"),
        ("42", "4.2"),
        ("43", "4.3"),
        ("431", "4.3.1"),
        ("432", "4.3.2"),
    )
)
_BY_CODE = {v.code: v for v in KNOWN_VERSIONS}
_BY_LABEL = {v.label: v for v in KNOWN_VERSIONS}


def version_from_code(code: str) -> ErnVersion | None:
    """``"432"`` or ``"4.3.2"`` -> ERN 4.3.2; None when unknown."""
    return _BY_CODE.get(code) or _BY_LABEL.get(code)


def namespace_code(namespace: str | None) -> str | None:
    """The ``<code>`` of ``http://ddex.net/xml/ern/<code>``, or None for any other namespace."""
    match = _NAMESPACE_RE.match(namespace or "")
    return match.group(1) if match else None


def schema_version_id_code(value: str | None) -> str | None:
    """The version code named by a 3.x ``MessageSchemaVersionId`` ("ern/382" -> "382")."""
    match = _SCHEMA_VERSION_ID_RE.match((value or "").strip())
    return match.group(1).replace(".", "") if match else None
