import pytest

from ddex_ai.versions import (
    KNOWN_VERSIONS,
    namespace_code,
    schema_version_id_code,
    version_from_code,
)


@pytest.mark.parametrize(
    ("namespace", "label"),
    [
        ("http://ddex.net/xml/ern/382", "3.8.2"),
        ("http://ddex.net/xml/ern/383", "3.8.3"),
        ("http://ddex.net/xml/ern/41", "4.1"),
        ("http://ddex.net/xml/ern/411", "4.1.1"),
        ("http://ddex.net/xml/ern/42", "4.2"),
        ("http://ddex.net/xml/ern/43", "4.3"),
        ("http://ddex.net/xml/ern/431", "4.3.1"),
        ("http://ddex.net/xml/ern/432", "4.3.2"),
    ],
)
def test_version_from_namespace(namespace, label):
    version = version_from_code(namespace_code(namespace))
    assert version is not None and version.label == label
    assert version.namespace == namespace


@pytest.mark.parametrize(
    "namespace", ["http://ddex.net/xml/mead/10", "urn:example", "http://ddex.net/xml/ern/", None]
)
def test_other_namespaces_are_not_ern(namespace):
    assert namespace_code(namespace) is None


def test_unknown_ern_code_is_not_a_version():
    assert namespace_code("http://ddex.net/xml/ern/113") == "113"
    assert version_from_code("113") is None


def test_only_431_and_later_carry_ai_disclosure():
    carrying = {v.label for v in KNOWN_VERSIONS if v.carries_ai_disclosure}
    assert carrying == {"4.3.1", "4.3.2"}


def test_catalog_list_only_in_ern3():
    assert "CatalogListMessage" in version_from_code("382").message_types
    assert "CatalogListMessage" not in version_from_code("432").message_types
    for code in ("382", "41", "432"):
        assert {"NewReleaseMessage", "PurgeReleaseMessage"} <= set(
            version_from_code(code).message_types
        )


@pytest.mark.parametrize(
    ("value", "code"),
    [("ern/382", "382"), ("/ern/382", "382"), ("ERN/383", "383"), ("ern/38.2", "382"), ("x", None)],
)
def test_message_schema_version_id(value, code):
    assert schema_version_id_code(value) == code
