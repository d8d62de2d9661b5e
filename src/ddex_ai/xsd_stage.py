"""The XSD stage: validate a parsed message against its version's official schema."""

from __future__ import annotations

from lxml import etree

from ddex_ai.findings import Hit
from ddex_ai.model.xml import normalize_path
from ddex_ai.schema_loader import Schema, SchemaStore, SchemaUnavailable
from ddex_ai.versions import ErnVersion

SCHEMA_INVALID = "XSD001"
SCHEMA_UNAVAILABLE = "XSD002"
AVS_NEWER = "XSD003"


def validate(
    tree: etree._ElementTree, version: ErnVersion, schemas: SchemaStore
) -> list[tuple[str, Hit]]:
    schema = schemas.get(version)
    if isinstance(schema, SchemaUnavailable):
        return [(SCHEMA_UNAVAILABLE, Hit(schema.reason))]
    hits = [(SCHEMA_INVALID, hit) for hit in schema_errors(tree, schema)]
    newer = _newer_avs(tree.getroot(), schema)
    if newer:
        hits.append((AVS_NEWER, newer))
    return hits


def _numeric_key(digits: str) -> tuple[int, str]:
    """Orders digit strings as numbers, however long (int() refuses 4,300 digits or more)."""
    digits = digits.lstrip("0") or "0"
    return (len(digits), digits)


def _newer_avs(root: etree._Element, schema: Schema) -> Hit | None:
    """The message names a newer AVS than the schema carries: its values may be unknown."""
    declared = root.get("AvsVersionId")
    known = schema.avs_version
    if not declared or not known or not declared.isdigit() or not known.isdigit():
        return None
    if _numeric_key(declared) <= _numeric_key(known):
        return None
    if len(declared) > 20:
        declared = f"{declared[:12]}… ({len(declared):,} digits)"
    return Hit(
        f"AvsVersionId {declared} is newer than AVS {known} of the ERN {schema.version} schema "
        f"it was validated with ({schema.path}); allowed values added since may be reported "
        f"as invalid. A newer set: `ddex-ai schemas fetch {schema.version}`",
        line=root.sourceline,
        path="/" + etree.QName(root).localname,
    )


def schema_errors(tree: etree._ElementTree, schema: Schema) -> list[Hit]:
    if _accepts(tree, schema.validator):
        return []
    # Refused: validated again with the sets as enumerations, for libxml2's usual messages.
    hits = _errors(tree, schema.exact())
    if any("xsi:type" in hit.message for hit in hits):
        # It may name an allowed-value set the schema does not use, so not compiled.
        return _errors(tree, schema.whole())
    return hits


def _accepts(tree: etree._ElementTree, validator: etree.XMLSchema) -> bool:
    try:
        return validator.validate(tree)
    except etree.XMLSchemaValidateError:
        return False


def _errors(tree: etree._ElementTree, validator: etree.XMLSchema) -> list[Hit]:
    try:
        if validator.validate(tree):
            return []
    except etree.XMLSchemaValidateError as exc:
        # libxml2 gives up on, for one, entity references left unexpanded (see ERN003).
        return [Hit(f"the document could not be validated: {exc}", path="/")]
    root_name = etree.QName(tree.getroot()).localname
    return [
        Hit(
            error.message,
            line=error.line or None,
            path=normalize_path(error.path, root_name),
            column=error.column or None,
        )
        for error in validator.error_log
        if error.level_name in ("ERROR", "FATAL")
    ]
