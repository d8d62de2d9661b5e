"""REF001: references that XSD validation does not resolve."""

from conftest import FIXTURES, rules_of
from ddex_ai.findings import Status


def test_every_kind_of_dangling_reference_is_found(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "broken/dangling_references_432.xml"))
    refs = [f for f in result.findings if f.rule == "REF001"]
    found = {(f.message.split()[0], f.message.split()[1], f.line) for f in refs}
    assert found == {
        ("ContributorPartyReference", "'PTomOkafr'", 62),
        ("ArtistPartyReference", "'PLenaMarch'", 89),
        ("ReleaseLabelReference", "'PNorthwindUK'", 92),
        ("ReleaseResourceReference", "'A9'", 101),
        ("LinkedReleaseResourceReference", "'A3'", 102),
        ("DealReleaseReference", "'R1'", 110),
    }
    by_element = {f.message.split()[0]: f for f in refs}
    assert by_element["ContributorPartyReference"].resource == "A1"
    assert by_element["ReleaseLabelReference"].release == "R0"
    # The deal names a release that does not exist: the finding belongs to the file only.
    assert by_element["DealReleaseReference"].release is None
    assert by_element["DealReleaseReference"].path.startswith("/NewReleaseMessage/DealList/")
    assert result.status is Status.FAIL


def test_valid_references_are_clean(offline_checker):
    for fixture in ("ern432/album_ai_mixed.xml", "ern43/single.xml", "ern382/single.xml"):
        result = offline_checker.check_path(str(FIXTURES / fixture))
        assert "REF001" not in rules_of(result.findings), fixture


def test_ern3_references_are_checked(offline_checker, tmp_path):
    text = (FIXTURES / "ern382/single.xml").read_text()
    path = tmp_path / "dangling382.xml"
    path.write_text(
        text.replace("<DealReleaseReference>R0<", "<DealReleaseReference>R7<").replace(
            ">A1</ReleaseResourceReference>\n      </ReleaseResourceReferenceList>",
            ">A2</ReleaseResourceReference>\n      </ReleaseResourceReferenceList>",
        )
    )
    result = offline_checker.check_path(str(path))
    messages = [f.message for f in result.findings if f.rule == "REF001"]
    assert any("DealReleaseReference 'R7'" in m for m in messages)
    assert any("ReleaseResourceReference 'A2'" in m for m in messages)
    assert len(messages) == 2


def test_references_the_hand_made_list_missed_are_checked(offline_checker):
    """DisplayCreditParty (which carries credits, AI ones included) and the other
    references the XSD types as IDREFs are resolved too."""
    import ernbuilder

    xml = ernbuilder.render(ernbuilder.single()).replace(
        "<Duration>",
        "<DisplayCredits><DisplayCreditText>Vocals: AI</DisplayCreditText>"
        "<DisplayCreditParty>PGhost</DisplayCreditParty></DisplayCredits><Duration>",
        1,
    )
    result = offline_checker.check_bytes(xml.encode(), "credits.xml")
    messages = [f.message for f in result.findings if f.rule == "REF001"]
    assert messages == ["DisplayCreditParty 'PGhost' matches no PartyList/Party/PartyReference"]
