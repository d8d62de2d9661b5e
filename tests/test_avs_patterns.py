"""Allowed-value sets as patterns accept exactly the values the enumerations accept, so the
XSD stage's fast screen says yes to the same documents; its refusals are worded by the
enumerations, as before."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import SCHEMAS, missing
from ddex_ai import xsd_stage
from ddex_ai.avs_patterns import as_patterns
from ddex_ai.compiled_schemas import SCREEN, USED
from ddex_ai.schema_loader import SchemaStore, compile_files, configured_roots
from ddex_ai.versions import version_from_code
from test_avs_pruning import _as_found, _messages

XS = "http://www.w3.org/2001/XMLSchema"
AVS = "urn:test:avs"


def _sets_schema(sets: dict[str, list[str]]) -> bytes:
    types = "".join(
        f'<xs:simpleType name="{name}"><xs:annotation><xs:documentation>a set'
        '</xs:documentation></xs:annotation><xs:restriction base="xs:string">'
        + "".join(
            f'<xs:enumeration value="{v}"><xs:annotation><xs:documentation>{v}'
            "</xs:documentation></xs:annotation></xs:enumeration>"
            for v in values
        )
        + "</xs:restriction></xs:simpleType>"
        for name, values in sets.items()
    )
    return (
        f'<xs:schema xmlns:xs="{XS}" targetNamespace="{AVS}" xmlns:avs="{AVS}">{types}</xs:schema>'
    ).encode()


def _elements_for(avs: bytes, names) -> etree.XMLSchema:
    """A schema with one global element per set, typed by it (the sets given as ``avs``)."""
    root = etree.fromstring(avs)
    declared = "".join(f'<xs:element name="{n}" type="avs:{n}"/>' for n in names)
    for child in etree.fromstring(
        f'<xs:schema xmlns:xs="{XS}" xmlns:avs="{AVS}">{declared}</xs:schema>'.encode()
    ):
        root.append(child)
    return etree.XMLSchema(root)


def _near_misses(values: list[str]) -> list[str]:
    """Values a wrong pattern would let through: parts, neighbours, regex syntax, joins."""
    misses = ["", " ", ".*", ".+", "|", "()", values[0] + "|" + values[-1]]
    for v in values:
        misses += [v + "x", "x" + v, v[:-1], v[1:], v.lower(), v.upper(), f" {v}", f"{v} "]
        misses += [v.replace(c, "X") for c in set(v) if not c.isalnum()]
    return misses


def _accepted(schema: etree.XMLSchema, name: str, value: str) -> bool:
    element = etree.Element(f"{{{AVS}}}{name}")
    element.text = value
    return schema.validate(etree.ElementTree(element))


def test_values_with_metacharacters_are_matched_literally():
    sets = {
        "Odd": ["a.b", "C#", "(x)", "A+B", "1/2", "it's", "a-b", "x?", "[y]", "{z}", "p^q", "a b"],
        "Plain": ["Album", "AlbumArtist", "Single"],
    }
    original = _sets_schema(sets)
    patterned = as_patterns(original)
    assert patterned.count(b"<xs:pattern") == 2 and b"<xs:enumeration" not in patterned
    enumerated, screened = _elements_for(original, sets), _elements_for(patterned, sets)
    for name, values in sets.items():
        for value in values + _near_misses(values):
            expected = value in values
            assert _accepted(enumerated, name, value) is expected, value
            assert _accepted(screened, name, value) is expected, (name, value)


def test_a_set_with_anything_but_enumerations_is_left_as_it_is():
    odd = _sets_schema({"A": ["x", "y"]}).replace(
        b'<xs:enumeration value="x">', b'<xs:length value="1"/><xs:enumeration value="x">'
    )
    assert as_patterns(odd) == odd
    quoted = _sets_schema({"A": ["x"]}).replace(b'value="x"', b"value='x'")
    assert as_patterns(quoted) == quoted
    entity = _sets_schema({"A": ["x&amp;y"]})
    assert as_patterns(entity) == entity
    not_a_string = _sets_schema({"A": ["1"]}).replace(b'base="xs:string"', b'base="xs:token"')
    assert as_patterns(not_a_string) == not_a_string


def _official_sets() -> list[bytes]:
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    entry = "release-notification.xsd"
    files = sorted(p for p in (SCHEMAS / "ern").rglob("*.xsd") if p.name != entry)
    assert files, "no allowed-value file among the schemas"
    return [p.read_bytes() for p in files]


def test_every_official_set_accepts_the_same_values_as_a_pattern():
    """Every value of every set of every ERN version's allowed-value file, and near misses."""
    checked = 0
    for data in _official_sets():
        tree = etree.fromstring(data)
        namespace = tree.get("targetNamespace")
        source = data.replace(namespace.encode(), AVS.encode())
        sets = {
            t.get("name"): t.xpath("xs:restriction/xs:enumeration/@value", namespaces={"xs": XS})
            for t in tree.iterfind(f"{{{XS}}}simpleType")
        }
        sets = {name: values for name, values in sets.items() if values}
        patterned = as_patterns(source)
        assert b"<xs:enumeration" not in patterned  # every official set is rewritten
        screened = _elements_for(patterned, sets)
        for name, values in sets.items():
            allowed = set(values)
            for value in values + _near_misses(values):
                assert _accepted(screened, name, value) is (value in allowed), (name, value)
                checked += 1
    assert checked > 100_000


@pytest.mark.parametrize("version", ["382", "383", "41", "411", "42", "43", "432"])
def test_every_fixture_and_sample_is_accepted_by_the_screen_as_by_the_schema(version):
    store = SchemaStore(configured_roots(str(SCHEMAS))) if SCHEMAS else missing("no schemas")
    files = store.files(version_from_code(version))
    if files is None:
        missing(f"no ERN {version} schema in DDEX_AI_SCHEMAS")
    screen, exact = compile_files(files, SCREEN), compile_files(files, USED)
    for path, tree in _messages(version):
        assert bool(screen.validate(tree)) is bool(exact.validate(tree)), path


def test_a_refused_file_is_reported_in_the_enumerations_words():
    store = SchemaStore(configured_roots(str(SCHEMAS))) if SCHEMAS else missing("no schemas")
    schema = store.get(version_from_code("432"))
    tree = etree.ElementTree(
        etree.fromstring(
            _fixture("ern432/single_ai_vocals.xml").replace(
                b"<ContainsAI>", b"<ContainsAI>Mostly", 1
            )
        )
    )
    screen = compile_files(schema.files, SCREEN)
    assert not screen.validate(tree)  # the screen checks the value as a pattern...
    assert any("[facet 'pattern']" in error.message for error in screen.error_log)
    found = [(h.message, h.line, h.path) for h in xsd_stage.schema_errors(tree, schema)]
    # ... and the finding is worded by the enumerations
    assert found == _as_found(tree, compile_files(schema.files, USED))
    assert any("is not an element of the set" in message for message, _, _ in found)
    assert not any("pattern" in message for message, _, _ in found)


def _fixture(name: str) -> bytes:
    from conftest import FIXTURES

    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("version", ["382", "383", "41", "411", "42", "43", "432"])
def test_every_fixture_and_sample_gets_the_messages_of_the_enumerations(version):
    """Whether its refusals are worded by the screen or validated again, the XSD stage says
    what the schema with its enumerations says, message for message."""
    store = SchemaStore(configured_roots(str(SCHEMAS))) if SCHEMAS else missing("no schemas")
    schema = store.get(version_from_code(version))
    exact = compile_files(schema.files, USED)
    enumerated = other = 0  # refused for an allowed value; for anything else only
    for path, tree in _messages(version):
        found = [(h.message, h.line, h.path) for h in xsd_stage.schema_errors(tree, schema)]
        expected = _as_found(tree, exact)
        if any("xsi:type" in message for message, _, _ in expected):
            continue  # validated against every set instead
        assert found == expected, path
        if any("is not an element of the set" in message for message, _, _ in expected):
            enumerated += 1
        elif expected:
            other += 1
    if version == "432":
        assert enumerated and other, "the fixtures lack a kind of invalid ERN 4.3.2 file"
