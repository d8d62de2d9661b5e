"""Small helpers to read ERN elements (children are unqualified in every ERN version)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

_PREFIX_RE = re.compile(r"(?<=/)[^/:\[\]]+:")


def normalize_path(path: str | None, root_name: str | None = None) -> str | None:
    """``/ern:NewReleaseMessage/ResourceList/...`` -> ``/NewReleaseMessage/ResourceList/...``."""
    if not path:
        return None
    path = _PREFIX_RE.sub("", path)
    if root_name and path.startswith("/*"):
        # libxml2 writes an element in a default namespace as "*"; only the root can be one.
        path = "/" + root_name + path[2:]
    return path


def path_of(el: etree._Element) -> str:
    """The element's path without namespace prefixes, as XSD errors give it."""
    return normalize_path(el.getroottree().getpath(el), etree.QName(el).localname) or ""


def text(el: etree._Element | None) -> str | None:
    """Stripped text of an element; None when missing or blank."""
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


def child_text(el: etree._Element, tag: str) -> str | None:
    return text(el.find(tag))


def preferred(elements: Iterable[etree._Element]) -> etree._Element | None:
    """The element marked IsDefault, else one for Worldwide (or no territory), else the first."""
    elements = list(elements)
    for el in elements:
        if el.get("IsDefault") == "true":
            return el
    for el in elements:
        if el.get("ApplicableTerritoryCode") in (None, "Worldwide"):
            return el
    return elements[0] if elements else None


def ids_of(id_elements: Iterable[etree._Element]) -> dict[str, str]:
    """Identifiers inside ReleaseId / ResourceId-like composites: ``{"ICPN": "…", …}``.

    A proprietary id is written ``Namespace:value``; repeated ids are joined with ", ".
    """
    ids: dict[str, list[str]] = {}
    for container in id_elements:
        for child in container:
            name = child.tag
            if name.__class__ is not str or (value := text(child)) is None:
                continue  # comments and processing instructions; empty ids
            if name == "ProprietaryId" and (namespace := child.get("Namespace")):
                value = f"{namespace}:{value}"
            values = ids.setdefault(name, [])
            if value not in values:
                values.append(value)
    return {
        name: values[0] if len(values) == 1 else ", ".join(values) for name, values in ids.items()
    }
