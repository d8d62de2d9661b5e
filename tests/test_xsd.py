"""The XSD stage: XSD001 with line and path, XSD002 without a schema, offline compilation."""

import socket

import pytest

from conftest import FIXTURES, SCHEMAS, needs_schemas, rules_of
from ddex_ai.findings import Severity, Status
from ddex_ai.schema_loader import SchemaRoot, SchemaStore, SchemaUnavailable
from ddex_ai.versions import version_from_code


@needs_schemas
@pytest.mark.parametrize(
    "fixture",
    [
        "ern432/single_ai_vocals.xml",
        "ern432/album_ai_mixed.xml",
        "ern432/purge.xml",
        "ern43/single.xml",
        "ern382/single.xml",
        "ern382/catalog_list.xml",
    ],
)
def test_valid_fixtures_have_no_findings(checker, fixture):
    result = checker.check_path(str(FIXTURES / fixture))
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []
    assert result.status is Status.PASS


@needs_schemas
def test_schema_errors_have_line_path_and_owner(checker):
    result = checker.check_path(str(FIXTURES / "broken/schema_invalid_432.xml"))
    assert rules_of(result.findings) == ["XSD001", "XSD001"]
    missing, bad_value = result.findings
    assert missing.line == 66
    assert missing.path == "/NewReleaseMessage/ResourceList/SoundRecording/ParentalWarningType"
    assert (missing.resource, missing.release) == ("A1", None)
    assert "Duration" in missing.message
    assert bad_value.line == 104
    assert bad_value.path == "/NewReleaseMessage/ReleaseList/Release/ContainsAI"
    assert (bad_value.resource, bad_value.release) == (None, "R0")
    assert "'Some'" in bad_value.message
    # The release holds both: its own error and the one in the resource it contains.
    (release,) = result.releases
    assert release.status is Status.FAIL
    assert release.findings == result.findings
    assert result.status is Status.FAIL


@needs_schemas
def test_purge_and_catalog_messages_are_validated(checker, tmp_path):
    purge = (FIXTURES / "ern432/purge.xml").read_text()
    broken = tmp_path / "purge.xml"
    broken.write_text(
        purge.replace("<MessageId>", "<MessageIdentifier>").replace(
            "</MessageId>", "</MessageIdentifier>"
        )
    )
    result = checker.check_path(str(broken))
    assert rules_of(result.findings) == ["XSD001"]
    assert result.releases == []


def test_missing_schema_is_one_warning_and_the_other_stages_run(tmp_path):
    from ddex_ai.checker import Checker
    from ddex_ai.policy import Policy

    checker = Checker(SchemaStore([SchemaRoot(tmp_path, "--schemas")]), Policy.default())
    result = checker.check_path(str(FIXTURES / "broken/dangling_references_432.xml"))
    assert rules_of(result.findings).count("XSD002") == 1
    assert "REF001" in rules_of(result.findings)  # the reference stage still ran
    xsd002 = next(f for f in result.findings if f.rule == "XSD002")
    assert xsd002.severity is Severity.WARNING
    assert "ern/432/release-notification.xsd" in xsd002.message
    assert str(tmp_path) in xsd002.message


def test_431_has_no_official_schema_here(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern431/single_ai_vocals.xml"))
    assert rules_of(result.findings) == ["XSD002"]
    assert result.status is Status.WARN


@needs_schemas
def test_compiled_schema_is_reused():
    store = SchemaStore([SchemaRoot(SCHEMAS, "test")])
    version = version_from_code("432")
    assert store.get(version) is store.get(version)


def test_roots_are_searched_in_order(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        (root / "ern/43").mkdir(parents=True)
        (root / "ern/43/release-notification.xsd").write_text("<x/>")
    store = SchemaStore([SchemaRoot(first, "--schemas"), SchemaRoot(second, "$DDEX_AI_SCHEMAS")])
    root, path = store.locate(version_from_code("43"))
    assert (root.origin, path) == ("--schemas", first / "ern/43/release-notification.xsd")


def test_schema_import_over_the_network_is_refused(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    folder = tmp_path / "ern/432"
    folder.mkdir(parents=True)
    (folder / "release-notification.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="http://ddex.net/xml/ern/432">'
        '<xs:import namespace="http://ddex.net/xml/allowed-value-sets" '
        'schemaLocation="http://ddex.net/xml/allowed-value-sets/allowed-value-sets.xsd"/>'
        "</xs:schema>"
    )
    schema = SchemaStore([SchemaRoot(tmp_path, "test")]).get(version_from_code("432"))
    assert isinstance(schema, SchemaUnavailable)
    assert "does not compile" in schema.reason


@needs_schemas
def test_validation_opens_no_socket(checker, monkeypatch):
    """Files name http:// schemaLocations; validation must never fetch them."""

    def no_network(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = (FIXTURES / "ern432/single_ai_vocals.xml").read_text()
    assert "xsi:schemaLocation" in text
    result = checker.check_path(str(FIXTURES / "ern432/single_ai_vocals.xml"))
    assert result.status is Status.PASS
