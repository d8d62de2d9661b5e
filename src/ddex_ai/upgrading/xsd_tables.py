"""What an ERN XSD allows, as tables the upgrade walks: each complex type's children (name ->
type, in sequence order), attributes (name -> type) and simple-content base, plus the
allowed-value sets of its AVS. Read from the official files in place, never from the network.

Types are keyed by name; an inline complex type by ``Parent/Element``. Simple types keep
their prefix (``avs:ContainsAI``, ``xs:string``) so an AVS value can be looked up."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from lxml import etree

from ddex_ai.records import record
from ddex_ai.schema_loader import SchemaFiles

XS = "{http://www.w3.org/2001/XMLSchema}"
INLINE_SIMPLE = "(inline)"


@record
class ComplexType:
    name: str
    children: dict[str, str] = field(default_factory=dict)  # element -> type key
    order: list[str] = field(default_factory=list)  # element names in sequence order
    attributes: dict[str, str] = field(default_factory=dict)  # attribute -> type
    simple_base: str | None = None  # simple content: the type of its text


@record
class XsdTables:
    types: dict[str, ComplexType]
    roots: dict[str, str]  # global element -> type key
    enumerations: dict[str, frozenset[str]]  # "avs:Name" -> allowed values

    def child_type(self, parent: str, name: str) -> str | None:
        owner = self.types.get(parent)
        return owner.children.get(name) if owner else None


def _type_of(node: etree._Element, inline_key: str, found: dict[str, ComplexType]) -> str:
    given = node.get("type")
    if given:
        prefix, _, local = given.rpartition(":")
        return local if prefix == "ern" else given
    inline = node.find(f"{XS}complexType")
    if inline is not None:
        found[inline_key] = _complex(inline, inline_key, found)
        return inline_key
    return INLINE_SIMPLE


def _own(particle: etree._Element, owner: etree._Element) -> bool:
    """Whether ``particle`` belongs to ``owner`` itself, not to an inline type inside it."""
    parent = particle.getparent()
    while parent is not None and parent is not owner:
        if parent.tag == f"{XS}element":
            return False
        parent = parent.getparent()
    return True


def _complex(node: etree._Element, name: str, found: dict[str, ComplexType]) -> ComplexType:
    table = ComplexType(name)
    extension = node.find(f"{XS}simpleContent/{XS}extension")
    if extension is not None:
        base = extension.get("base", "")
        table.simple_base = base.rpartition(":")[2] if base.startswith("ern:") else base
    for element in node.iter(f"{XS}element"):
        if not _own(element, node):
            continue
        child = element.get("name")
        if child not in table.children:
            table.children[child] = _type_of(element, f"{name}/{child}", found)
            table.order.append(child)
    for attribute in node.iter(f"{XS}attribute"):
        if attribute.get("name") and _own(attribute, node):
            table.attributes[attribute.get("name")] = attribute.get("type") or INLINE_SIMPLE
    return table


def _enumerations(avs: Path) -> dict[str, frozenset[str]]:
    root = etree.parse(str(avs), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    return {
        "avs:" + node.get("name"): frozenset(e.get("value") for e in node.iter(f"{XS}enumeration"))
        for node in root.iterfind(f"{XS}simpleType")
        if node.get("name")
    }


def read_tables(files: SchemaFiles) -> XsdTables:
    """The tables of a located ``release-notification.xsd`` and of the AVS it imports (a
    cached set's imports are official URLs that its manifest maps to files)."""
    entry = files.path
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    root = etree.parse(str(entry), parser).getroot()
    found: dict[str, ComplexType] = {}
    for node in root.iterfind(f"{XS}complexType"):
        found[node.get("name")] = _complex(node, node.get("name"), found)
    roots = {
        node.get("name"): _type_of(node, node.get("name"), found)
        for node in root.iterfind(f"{XS}element")
    }
    enumerations: dict[str, frozenset[str]] = {}
    for node in root.iterfind(f"{XS}import"):
        location = node.get("schemaLocation") or ""
        if location in files.imports:
            location = files.imports[location]
        elif "://" in location:
            continue
        if location and (entry.parent / location).is_file():
            enumerations.update(_enumerations(entry.parent / location))
    return XsdTables(found, roots, enumerations)
