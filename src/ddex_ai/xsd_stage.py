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
_PATTERN = "[facet 'pattern']"  # libxml2's words for a value that fails a pattern


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


def refusals(tree: etree._ElementTree, schema: Schema):
    """None when the schema accepts the tree, else libxml2's errors as the enumerations word
    them: the screen's own, unless a value failed a pattern (an allowed-value set's, or any
    other), when the tree is validated again with the enumerations. Raises
    XMLSchemaValidateError as ``validate`` does."""
    screen = schema.validator
    if screen.validate(tree):
        return None
    if not any(_PATTERN in error.message for error in screen.error_log):
        return screen.error_log
    exact = schema.exact()
    exact.validate(tree)
    return exact.error_log


def schema_errors(tree: etree._ElementTree, schema: Schema) -> list[Hit]:
    try:
        log = refusals(tree, schema)
    except etree.XMLSchemaValidateError:
        hits = _errors(tree, schema.exact())  # which says why it could not be validated
    else:
        if log is None:
            return []
        hits = _hits(tree, log)
    if any("xsi:type" in hit.message for hit in hits):
        # It may name an allowed-value set the schema does not use, so not compiled.
        return _errors(tree, schema.whole())
    return hits


def _errors(tree: etree._ElementTree, validator: etree.XMLSchema) -> list[Hit]:
    try:
        if validator.validate(tree):
            return []
    except etree.XMLSchemaValidateError as exc:
        # libxml2 gives up on, for one, entity references left unexpanded (see ERN003).
        return [Hit(f"the document could not be validated: {exc}", path="/")]
    return _hits(tree, validator.error_log)


def _hits(tree: etree._ElementTree, log) -> list[Hit]:
    root_name = etree.QName(tree.getroot()).localname
    return [
        Hit(
            error.message,
            line=error.line or None,
            path=normalize_path(error.path, root_name),
            column=error.column or None,
        )
        for error in log
        if error.level_name in ("ERROR", "FATAL")
    ]
