"""Each rule runs on every ERN version it applies to, not only on the version of its fixture.

The base files are the project's fixtures, carried to each known version by its namespace (and,
in 3.x, MessageSchemaVersionId). Without an XSD (the offline checker) the model rules run on
any of them; the XSD stage is tested against the official schemas elsewhere.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from ddex_ai.versions import KNOWN_VERSIONS

BASES = {3: "ern382/single.xml", 4: "ern43/single.xml"}
DISCLOSING_BASE = "ern432/single_ai_vocals.xml"


def base_text(version) -> str:
    """A valid single of the closest shape, named as ``version``."""
    if version.carries_ai_disclosure:
        text = (FIXTURES / DISCLOSING_BASE).read_text()
        return text.replace("http://ddex.net/xml/ern/432", version.namespace)
    text = (FIXTURES / BASES[version.major]).read_text()
    if version.major == 3:
        text = text.replace(
            'MessageSchemaVersionId="ern/382"', f'MessageSchemaVersionId="ern/{version.code}"'
        )
        return text.replace("http://ddex.net/xml/ern/382", version.namespace)
    return text.replace("http://ddex.net/xml/ern/43", version.namespace)


def check(offline_checker, tmp_path, version, text):
    path = tmp_path / f"ern{version.code}.xml"
    path.write_text(text)
    result = offline_checker.check_path(str(path))
    assert result.ern_version == version.label
    return result


def line_of(text: str, fragment: str, start: int = 0) -> int:
    return text[: text.index(fragment, start)].count("\n") + 1


def test_every_known_version_is_covered():
    assert len(KNOWN_VERSIONS) == 17 and KNOWN_VERSIONS[-1].label == "4.3.2"


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=str)
def test_ai010_exactly_on_versions_that_cannot_disclose(offline_checker, tmp_path, version):
    text = base_text(version)
    result = check(offline_checker, tmp_path, version, text)
    found = [f for f in result.findings if f.rule == "AI010"]
    if version.carries_ai_disclosure:
        assert found == []
        return
    (finding,) = found
    assert finding.severity.value == "info"
    assert finding.message.startswith(f"ERN {version.label} cannot carry AI disclosure")
    assert finding.line == line_of(text, "<ern:NewReleaseMessage") + 1  # the root's last line
    assert (finding.release, finding.resource) == (None, None)


@pytest.mark.parametrize("version", [v for v in KNOWN_VERSIONS if v.major == 3], ids=str)
def test_ai011_on_every_3x_version(offline_checker, tmp_path, version):
    text = base_text(version).replace("<IsComputerGenerated>false<", "<IsComputerGenerated>true<")
    (finding,) = [
        f for f in check(offline_checker, tmp_path, version, text).findings if f.rule == "AI011"
    ]
    assert (finding.severity.value, finding.resource) == ("warning", "A1")
    assert finding.line == line_of(text, "<IsComputerGenerated>")


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=str)
def test_ai012_on_every_version(offline_checker, tmp_path, version):
    text = base_text(version).replace(
        "<UseType>OnDemandStream</UseType>", "<UseType>UseForTrainingGenerativeAI</UseType>", 1
    )
    assert "UseForTrainingGenerativeAI" in text
    result = check(offline_checker, tmp_path, version, text)
    (finding,) = [f for f in result.findings if f.rule == "AI012"]
    assert (finding.severity.value, finding.release) == ("info", "R0")
    assert "UseForTrainingGenerativeAI" in finding.message
    (release,) = [r for r in result.releases if r.reference == "R0"]
    assert release.disclosure.training.use_types == ["UseForTrainingGenerativeAI"]


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=str)
def test_ref001_on_every_version(offline_checker, tmp_path, version):
    text = base_text(version).replace("<DealReleaseReference>R0<", "<DealReleaseReference>R9<", 1)
    assert "<DealReleaseReference>R9<" in text
    result = check(offline_checker, tmp_path, version, text)
    (finding,) = [f for f in result.findings if f.rule == "REF001"]
    assert finding.severity.value == "error" and "'R9'" in finding.message
    assert finding.line == line_of(text, "<DealReleaseReference>R9<")
