"""Which profile a message is checked against, and the certification verdict."""

from __future__ import annotations

import pytest

import ernbuilder
from conftest import FIXTURES
from ddex_ai.checker import Checker
from ddex_ai.findings import Finding, Severity
from ddex_ai.profile_stage import Selection, verdict
from ddex_ai.schema_loader import SchemaStore


def _check(xml: str, **options):
    return Checker(SchemaStore([]), **options).check_bytes(xml.encode(), "m.xml")


def _finding(rule: str, official: str) -> Finding:
    return Finding(rule, Severity.ERROR, "x", profile_rule=official)


AUDIO = Selection("Audio")


def test_no_finding_is_certified():
    assert verdict(AUDIO, []).verdict == "certified"


def test_a_fatal_error_is_not_certified():
    assert verdict(AUDIO, [_finding("RP053", "1053-1")]).verdict == "not-certified"


def test_errors_up_to_the_profiles_limit_are_partial_and_past_it_not_certified():
    # Audio: "more than 4 rules ... with a role of 'Error'": 4 is partial, 5 is not.
    errors = [
        ("RP023", "1023-1"),
        ("RP024", "1024-1"),
        ("RP049", "1049-1"),
        ("RP049", "1049-2"),
        ("RP056", "1056-1"),
    ]
    four = verdict(AUDIO, [_finding(*e) for e in errors[:4]])
    assert (four.verdict, four.counts["error"]) == ("partial", 4)
    assert verdict(AUDIO, [_finding(*e) for e in errors]).verdict == "not-certified"
    # The same Error rule failed twice counts once toward the limit.
    repeated = [_finding("RP023", "1023-1")] * 9
    assert verdict(AUDIO, repeated).verdict == "partial"


def test_warnings_do_not_affect_the_verdict():
    result = verdict(AUDIO, [Finding("RP055", Severity.WARNING, "x", profile_rule="1055-1")])
    assert (result.verdict, result.counts["warning"]) == ("certified", 1)


def test_unassessable_conditional_rules_are_counted_apart():
    result = verdict(AUDIO, [Finding("RP026", Severity.INFO, "x", profile_rule="1026-1")])
    assert (result.verdict, result.counts["unassessed"]) == ("certified", 1)


def test_the_message_names_the_profile():
    result = _check(ernbuilder.render(ernbuilder.album()))
    assert result.profile.to_dict() == {
        "id": "Audio",
        "version": "2.1",
        "variants": [],
        "verdict": "certified",
        "counts": {"fatal": 0, "error": 0, "warning": 0, "unassessed": 0},
    }


def test_profile_option_checks_against_another_profile():
    result = _check(ernbuilder.render(ernbuilder.single()), profile="Audio")
    assert result.profile.id == "Audio"
    assert "1050-1" in {f.profile_rule for f in result.findings}


def test_a_message_without_profile_gets_none_unless_asked():
    xml = ernbuilder.render(ernbuilder.single()).replace(
        ' ReleaseProfileVersionId="SimpleAudioSingle"', ""
    )
    assert _check(xml).profile is None
    asked = _check(xml, profile="SimpleAudioSingle")
    # The profile requires the message to name it (rule 1349-1, a Fatal Error).
    assert [f.profile_rule for f in asked.findings if f.profile_rule] == ["1349-1"]
    assert asked.profile.verdict == "not-certified"


def test_profile_none_turns_profile_checks_off():
    result = _check(ernbuilder.render(ernbuilder.album()), profile="none")
    assert result.profile is None and not any(f.profile_rule for f in result.findings)


@pytest.mark.parametrize("fixture", ["ern382/single.xml", "ern432/purge.xml"])
def test_ern3_and_purge_messages_have_no_profile(fixture):
    result = Checker(SchemaStore([])).check_path(str(FIXTURES / fixture))
    assert result.profile is None


def test_an_unknown_profile_is_a_finding_not_a_crash():
    xml = ernbuilder.render(ernbuilder.single()).replace(
        'ReleaseProfileVersionId="SimpleAudioSingle"', 'ReleaseProfileVersionId="AudioAlbum"'
    )
    result = _check(xml)
    assert result.profile is None
    assert [f.rule for f in result.findings if f.rule != "XSD002"] == ["RP099"]


def test_the_variants_the_message_names_are_checked():
    result = _check(ernbuilder.render(ernbuilder.classical()))
    assert (result.profile.id, result.profile.variants) == ("Audio", ["Classical"])
    broken = ernbuilder.classical()
    broken.release().group_type = "Component"  # no MultiWorkPart work any more
    result = _check(ernbuilder.render(broken))
    assert "1550-1" in {f.profile_rule for f in result.findings}
    assert result.profile.verdict == "not-certified"


def test_profile_checks_run_on_xsd_invalid_messages():
    xml = ernbuilder.render(ernbuilder.album()).replace(
        "<Type>FrontCoverImage</Type>", "<Type>FrontCoverImage</Type><Bogus/>"
    )
    result = _check(xml)
    assert result.profile.verdict == "certified"  # the extra element breaks no profile rule
    xml = xml.replace("<Type>FrontCoverImage</Type>", "<Type>Portrait</Type>")
    assert "1053-1" in {f.profile_rule for f in _check(xml).findings}


def test_profile_options_reach_the_workers(run_cli, tmp_path):
    import json

    for n in range(3):
        (tmp_path / f"s{n}.xml").write_text(ernbuilder.render(ernbuilder.single(seed=n)))
    result = run_cli("check", str(tmp_path), "--jobs", "2", "--profile", "Audio",
                     "--format", "json")  # fmt: skip
    files = json.loads(result.stdout)["files"]
    assert [f["profile"]["id"] for f in files] == ["Audio"] * 3
    assert all("1050-1" in {x["profile_rule"] for x in f["findings"]} for f in files)
    variant = run_cli("check", str(tmp_path), "--jobs", "2", "--variant", "Classical",
                      "--format", "json")  # fmt: skip
    assert all(
        f["profile"]["variants"] == ["Classical"] for f in json.loads(variant.stdout)["files"]
    )
