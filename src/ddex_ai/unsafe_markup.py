"""DTDs, entities and XInclude: markup ERN never uses, and XML attacks are made of.

The parser neither loads nor expands any of it; this module says that the file has it.
"""

from __future__ import annotations

from lxml import etree

from ddex_ai.findings import Hit
from ddex_ai.model.xml import path_of

USES_DTD = "ERN003"
XINCLUDE = "http://www.w3.org/2001/XInclude"
# libxml2 refuses these before building a tree: entity expansion attacks.
_ENTITY_ATTACKS = ("ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION")


class RefuseExternal(etree.Resolver):
    """Defence in depth: should libxml2 ever ask to load anything, it gets nothing."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


def entity_attack(errors: list) -> str | None:
    """The libxml2 message when a parse failed on an entity expansion attack."""
    for error in errors:
        if error.type_name in _ENTITY_ATTACKS or "amplification" in error.message:
            return error.message
    return None


def markup_hits(tree: etree._ElementTree) -> list[Hit]:
    hits = []
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if docinfo.doctype or dtd is not None or docinfo.system_url:
        hits.append(Hit(_describe_dtd(docinfo, dtd), path="/"))
    include = next(tree.getroot().iter(f"{{{XINCLUDE}}}*"), None)
    if include is not None:
        hits.append(
            Hit(
                f"uses XInclude (<{etree.QName(include).localname} href="
                f"{include.get('href')!r}>), which ERN never uses; it was not processed and "
                "nothing it names was read",
                line=include.sourceline,
                path=path_of(include),
            )
        )
    return hits


def _describe_dtd(docinfo, dtd) -> str:
    parts = [f"declares a DTD ({docinfo.doctype or '<!DOCTYPE …>'}), which ERN never uses"]
    entities = list(dtd.entities()) if dtd is not None else []
    if entities:
        names = []
        for entity in entities[:5]:
            external = entity.system_url
            names.append(f"{entity.name} -> {external}" if external else entity.name)
        more = f" and {len(entities) - 5} more" if len(entities) > 5 else ""
        parts.append(f"entities: {', '.join(names)}{more}")
    if docinfo.system_url:
        parts.append(f"external DTD: {docinfo.system_url}")
    parts.append("nothing was loaded and no entity was expanded")
    return "; ".join(parts)
