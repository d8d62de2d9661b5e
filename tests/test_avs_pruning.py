"""Compiling only the allowed-value sets a schema uses validates every file the same."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from conftest import FIXTURES, SAMPLES, SCHEMAS, missing
from ddex_ai import xsd_stage
from ddex_ai.avs_pruning import pruned, used_sets
from ddex_ai.compiled_schemas import USED, WHOLE
from ddex_ai.schema_loader import SchemaStore, compile_files, configured_roots
from ddex_ai.versions import version_from_code

AVS_VERSIONS = ["41", "411", "42", "43", "432"]  # ERN 4's sets: one file beside the versions


def _store() -> SchemaStore:
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    return SchemaStore(configured_roots(str(SCHEMAS)))


def _messages(code: str) -> list:
    namespace = f"http://ddex.net/xml/ern/{code}".encode()
    folders = [FIXTURES] + ([SAMPLES] if SAMPLES and SAMPLES.is_dir() else [])
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*.xml") if p.is_file()):
            head = path.read_bytes()[:2000]
            if namespace + b'"' in head:
                try:
                    found.append((path, etree.parse(str(path))))
                except etree.XMLSyntaxError:
                    continue  # not well-formed: never validated
    return found


def _as_found(tree, validator) -> list[tuple]:
    return [(h.message, h.line, h.path) for h in xsd_stage._errors(tree, validator)]


@pytest.mark.parametrize("code", AVS_VERSIONS)
def test_every_fixture_and_sample_validates_the_same_with_the_used_sets_only(code):
    files = _store().files(version_from_code(code))
    used, whole = compile_files(files, USED), compile_files(files, WHOLE)
    messages = _messages(code)
    if code in ("43", "432"):
        assert messages, f"no ERN {code} file to compare with"
    for path, tree in messages:
        assert _as_found(tree, used) == _as_found(tree, whole), path


def test_the_432_schema_uses_a_third_of_the_sets():
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    entry = (SCHEMAS / "ern/432/release-notification.xsd").read_bytes()
    avs = (SCHEMAS / "ern/allowed-value-sets.xsd").read_bytes()
    keep = used_sets(entry)
    smaller = pruned(avs, keep)
    names = set(re.findall(rb'<xs:simpleType\s+name="([^"]+)"', smaller))
    assert {n.decode() for n in names} == keep & {
        n.decode() for n in re.findall(rb'<xs:simpleType\s+name="([^"]+)"', avs)
    }
    assert len(smaller) < len(avs) / 2


def test_used_sets_are_the_names_after_a_bound_prefix_only():
    entry = (
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        b'xmlns:avs="http://ddex.net/xml/allowed-value-sets" xmlns:v="http://ddex.net/xml/'
        b'allowed-value-sets"><xs:restriction base="avs:Role"/><x type="v:Genre.Sub-1"/>'
        b'<x type="xavs:NotASet"/><x type="my.avs:NorThis"/>avs:AtTheEnd</xs:schema>'
    )
    assert used_sets(entry) == {"Role", "Genre.Sub-1", "AtTheEnd"}
    assert used_sets(b'<xs:schema xmlns:avs="http://example.com/avs">avs:Role</xs:schema>') is None


def test_an_unexpected_layout_is_left_whole():
    odd = b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="x"/>'
    assert pruned(odd, frozenset()) == odd
    nested = (
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        b'targetNamespace="http://ddex.net/xml/allowed-value-sets">'
        b'<xs:simpleType name="A"><xs:union><xs:simpleType name="B"></xs:simpleType>'
        b"</xs:union></xs:simpleType></xs:schema>"
    )
    assert pruned(nested, frozenset()) == nested


def test_an_xsi_type_naming_a_set_the_schema_does_not_use_is_validated_with_every_set(
    offline_checker,
):
    """MessageId is a string: xsi:type may name any set derived from it, used or not."""
    store = _store()
    files = store.files(version_from_code("432"))
    avs = (SCHEMAS / "ern/allowed-value-sets.xsd").read_bytes()
    keep = used_sets(files.path.read_bytes())
    unused = next(
        n.decode()
        for n in re.findall(rb'<xs:simpleType\s+name="([^"]+)"', avs)
        if n.decode() not in keep
    )
    start = avs.index(f'<xs:simpleType name="{unused}"'.encode())
    value = re.search(rb'<xs:enumeration value="([^"]+)"', avs[start:]).group(1).decode()
    text = (FIXTURES / "ern432/single_ai_vocals.xml").read_text()
    text = re.sub(
        r"<MessageId>[^<]*</MessageId>",
        f'<MessageId xsi:type="avs:{unused}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:avs="http://ddex.net/xml/allowed-value-sets">{value}</MessageId>',
        text,
        count=1,
    )
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    assert any("xsi:type" in m for m, _, _ in _as_found(tree, compile_files(files, USED)))
    assert _as_found(tree, compile_files(files, WHOLE)) == []
    schema = store.get(version_from_code("432"))
    assert xsd_stage.schema_errors(tree, schema) == []
