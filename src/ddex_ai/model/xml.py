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


# Parent element -> {child element: its path step}, for the file being checked. lxml's
# getpath counts siblings on every call: quadratic when many findings sit in one long list.
_steps: dict = {}


def reset_paths() -> None:
    """Forget the path steps of the last file (call between files)."""
    _steps.clear()


def _child_steps(parent: etree._Element) -> dict:
    """Each child's step, as libxml2 writes it: ``Name``, or ``Name[n]`` among namesakes."""
    counts: dict = {}
    for child in parent:
        if child.tag.__class__ is str:
            counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict = {}
    steps = {}
    for child in parent:
        tag = child.tag
        if tag.__class__ is not str:
            continue  # comments and processing instructions have no step
        name = etree.QName(tag).localname if tag[:1] == "{" else tag
        if counts[tag] > 1:
            seen[tag] = seen.get(tag, 0) + 1
            name = f"{name}[{seen[tag]}]"
        steps[child] = name
    return steps


def path_of(el: etree._Element) -> str:
    """The element's path without namespace prefixes, as XSD errors give it.

    Linear overall: each parent's children are numbered once per file.
    """
    parts = []
    node = el
    while (parent := node.getparent()) is not None:
        steps = _steps.get(parent)
        if steps is None:
            steps = _steps[parent] = _child_steps(parent)
        parts.append(steps[node])
        node = parent
    parts.append(etree.QName(node).localname)
    return "/" + "/".join(reversed(parts))


def text(el: etree._Element | None) -> str | None:
    """Stripped text of an element; None when missing or blank."""
    if el is None:
        return None
    value = el.text  # read once: lxml makes a new string each time it is read
    if value is None:
        return None
    value = value.strip()
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
