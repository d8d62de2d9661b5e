"""Per-release results: identity, title, artist and a status per release."""

from conftest import FIXTURES
from ddex_ai.findings import Status


def test_album_lists_release_and_track_releases(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern432/album_ai_mixed.xml"))
    summary = [(r.reference, r.kind, r.title, r.artist) for r in result.releases]
    assert summary == [
        ("R0", "Release", "Synthetic Dawn", "Mira Vale"),
        # A TrackRelease has no title of its own: it takes its recording's.
        ("R1", "TrackRelease", "Opening Signal", "Mira Vale"),
        ("R2", "TrackRelease", "Borrowed Voice", "Mira Vale"),
        ("R3", "TrackRelease", "Machine Lullaby", "Mira Vale"),
    ]
    album, first_track = result.releases[0], result.releases[1]
    assert album.ids == {"ICPN": "5060000000023"}
    assert first_track.ids == {
        "ProprietaryId": "PADPIDA0000000001X:NWR-ALB-0002-T1",
        "ISRC": "GBNWR2600101",
    }


def test_ern3_release_identity(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern382/single.xml"))
    (release,) = result.releases
    assert (release.reference, release.kind, release.title, release.artist) == (
        "R0",
        "Release",
        "Glass Orchard",
        "The Quiet Engines",
    )
    assert release.ids == {"ICPN": "5060000000191"}


def test_a_finding_in_a_resource_fails_every_release_that_contains_it(offline_checker, tmp_path):
    text = (FIXTURES / "ern432/album_ai_mixed.xml").read_text()
    # Break a party reference inside track A2 only.
    start = text.index("<ResourceReference>A2</ResourceReference>")
    broken = text[:start] + text[start:].replace(
        "<ContributorPartyReference>PJonasEide<", "<ContributorPartyReference>PNobody<", 1
    )
    path = tmp_path / "album.xml"
    path.write_text(broken)
    result = offline_checker.check_path(str(path))
    statuses = {r.reference: r.status for r in result.releases}
    assert statuses == {"R0": Status.FAIL, "R1": Status.PASS, "R2": Status.FAIL, "R3": Status.PASS}
    (finding,) = [f for f in result.findings if f.rule == "REF001"]
    assert finding.resource == "A2"
    assert result.releases[2].findings == [finding]
    assert result.status is Status.FAIL


def test_a_warning_only_file_warns(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern432/single_ai_vocals.xml"))
    assert result.status is Status.WARN  # XSD002: no schema configured
    assert result.releases[0].status is Status.PASS  # a file-level warning is not the release's


def test_purge_message_has_no_releases(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern432/purge.xml"))
    assert result.releases == []
    assert not result.carries_resources


def test_a_release_without_reference_gets_the_findings_inside_it(checker, tmp_path):
    """ERN 3.x allows a Release without ReleaseReference: findings are matched by place."""
    text = (FIXTURES / "ern382/single.xml").read_text()
    text = text.replace("      <ReleaseReference>R0</ReleaseReference>\n", "", 1)
    text = text.replace(
        "<ReleaseType>Single</ReleaseType>", "<ReleaseType>Single</ReleaseType><Oops/>"
    )
    path = tmp_path / "unnamed.xml"
    path.write_text(text)
    result = checker.check_path(str(path))
    (release,) = result.releases
    assert release.reference is None and release.title == "Glass Orchard"
    assert [f.rule for f in release.findings] == ["XSD001"]
    assert "INT001" not in {f.rule for f in result.findings}
