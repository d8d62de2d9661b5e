"""`ddex-ai upgrade` and `ddex_ai.upgrade`: ERN 4.3 to 4.3.2, valid, saying the same about
every release, and refusing what would lose information."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from lxml import etree

import ddex_ai
from conftest import FIXTURES, SCHEMAS, missing

UPGRADE = FIXTURES / "upgrade"
TITLES = UPGRADE / "titles_roles_43.xml"
LOSSY = UPGRADE / "alternative_title_43.xml"
OFFICIAL_43 = [
    "1_Audio",
    "2_Video",
    "3_MixedMedia",
    "4_SimpleAudioSingle",
    "5_SimpleVideoSingle",
    "6_Ringtone",
    "7_LongformMusicalWorkVideo",
    "8_DjMix",
    "Variant_Classical",
]
# The one official sample with a title ERN 4.3.2 has no place for (an AlternativeTitle).
NEEDS_LOSS = {"6_Ringtone"}


@pytest.fixture
def schemas():
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    return str(SCHEMAS)


def _deal_territories(data: bytes) -> dict[str, list]:
    """Per release reference, its deals' territories, read here independently of ddex-ai."""
    root = etree.fromstring(data)
    found: dict[str, list] = {}
    for deal in root.iterfind("DealList/ReleaseDeal"):
        territories = sorted(t.text for t in deal.iter("TerritoryCode", "ExcludedTerritoryCode"))
        for reference in deal.iterfind("DealReleaseReference"):
            found.setdefault(reference.text, []).append(territories)
    return found


def _report(data: bytes, schemas: str, lines: bool = True) -> tuple[list, list]:
    result = ddex_ai.check_bytes(data, schemas=schemas)
    assert result.xsd_validated and "XSD001" not in {f.rule for f in result.findings}
    releases = [
        {key: release[key] for key in ("reference", "kind", "ids", "title", "artist")}
        for release in result.to_dict()["releases"]
    ]
    # Everything but the AI rules, which now apply (4.3 could not carry disclosure).
    other = sorted(
        (f.rule, f.line if lines else None) for f in result.findings if not f.rule.startswith("AI")
    )
    return releases, other


@pytest.mark.parametrize("name", OFFICIAL_43)
def test_each_official_43_sample_upgrades_to_valid_432_saying_the_same(
    name, official_samples, schemas
):
    original = (official_samples / "ern43" / f"{name}.xml").read_bytes()
    outcome = ddex_ai.upgrade(original, schemas=schemas, allow_loss=name in NEEDS_LOSS)
    assert outcome.ok, outcome.problems + outcome.losses
    assert outcome.source == "4.3" and bool(outcome.losses) == (name in NEEDS_LOSS)
    upgraded = ddex_ai.check_bytes(outcome.upgraded, schemas=schemas)
    assert upgraded.ern_version == "4.3.2"
    assert _report(outcome.upgraded, schemas) == _report(original, schemas)
    assert _deal_territories(outcome.upgraded) == _deal_territories(original)
    # Upgrading the result again changes nothing.
    again = ddex_ai.upgrade(outcome.upgraded, schemas=schemas)
    assert again.current and again.upgraded == outcome.upgraded


def test_the_sample_with_an_alternative_title_is_refused_by_default(official_samples, schemas):
    outcome = ddex_ai.upgrade(official_samples / "ern43" / "6_Ringtone.xml", schemas=schemas)
    assert outcome.upgraded is None
    assert len(outcome.losses) == 1
    assert "line 295" in outcome.losses[0] and "'AlternativeTitle'" in outcome.losses[0]


def test_what_changed_in_432_is_carried_over(schemas):
    original = TITLES.read_bytes()
    outcome = ddex_ai.upgrade(original, schemas=schemas)
    assert outcome.ok, outcome.problems + outcome.losses
    text = outcome.upgraded.decode()
    # FormalTitle before GroupingTitle, as 4.3.2's sequence wants; the comment travels with
    # the element after it; language and text kept.
    formal = text.index('<FormalTitle LanguageAndScriptCode="en"><TitleText>Low Tide Radio, Op. 1')
    comment = text.index("<!-- the grouping title first")
    grouping = text.index("<GroupingTitle><TitleText>Harbour Songs</TitleText></GroupingTitle>")
    assert formal < comment < grouping
    assert "<FormalTitle><TitleText>Low Tide Radio (Single)</TitleText></FormalTitle>" in text
    assert (
        '<Role><Value Namespace="PADPIDA0000000001X" UserDefinedValue="Whistler">'
        "UserDefined</Value></Role>" in text
    )
    assert (
        '<ParentalWarningType TypeNamespace="PADPIDA0000000001X" TypeUserDefinedValue="Mild">'
        in text
    )
    assert "<DisplayGenre><GenreText>Indie</GenreText><SubGenre>Dream Pop</SubGenre>" in text
    assert 'xmlns:ern="http://ddex.net/xml/ern/432"' in text and 'AvsVersionId="9"' in text
    assert "AdditionalTitle" not in text and "<Genre>" not in text
    # Lines not touched by a change are byte for byte the original's.
    before, after = original.splitlines(), outcome.upgraded.splitlines()
    assert len(before) == len(after)
    changed = {i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    touched = (b"AdditionalTitle", b"<Role", b"<Genre", b"ParentalWarningType", b"ern:New")
    touched += (b"AvsVersionId", b"<!-- the grouping")
    assert all(any(t in before[i] for t in touched) for i in changed)
    assert outcome.changes["Genre -> DisplayGenre (in Release)"] == 1
    assert outcome.changes["Role text -> Role/Value"] == 2


def test_crlf_line_ends_stay_crlf(tmp_path, schemas):
    original = TITLES.read_bytes().replace(b"\n", b"\r\n")
    outcome = ddex_ai.upgrade(original, schemas=schemas)
    assert outcome.ok
    assert outcome.upgraded.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in outcome.upgraded.replace(b"\r\n", b"")


def test_a_title_432_cannot_carry_is_refused_and_named(schemas):
    outcome = ddex_ai.upgrade(LOSSY, schemas=schemas)
    assert outcome.upgraded is None
    assert outcome.problems == ["not upgraded: 1 thing(s) would be lost in ERN 4.3.2"]
    assert outcome.losses[0].startswith("line 64: ")
    assert "TitleType='AlternativeTitle' has no equivalent" in outcome.losses[0]


def test_allow_loss_keeps_what_was_dropped_as_a_comment(schemas):
    outcome = ddex_ai.upgrade(LOSSY, schemas=schemas, allow_loss=True)
    assert outcome.ok and len(outcome.losses) == 1
    assert (
        b"<!-- ddex-ai upgrade: no place in ERN 4.3.2: <AdditionalTitle "
        b'TitleType="AlternativeTitle"><TitleText>Radio at Low Tide</TitleText>' in outcome.upgraded
    )
    assert ddex_ai.check_bytes(outcome.upgraded, schemas=schemas).xsd_validated


def test_untyped_titles_can_be_refused(schemas):
    outcome = ddex_ai.upgrade(TITLES, schemas=schemas, untyped_titles="refuse")
    assert outcome.upgraded is None
    assert ["no TitleType" in loss for loss in outcome.losses] == [True]


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("ern382/single.xml", "upgrading from ERN 3.8.2 is not supported (from ERN 4.2 and"),
        ("broken/truncated_432.xml", "not upgraded: not well-formed XML"),
        ("broken/not_ern.xml", "not upgraded: "),
    ],
)
def test_what_cannot_be_upgraded_says_why(fixture, problem, schemas):
    outcome = ddex_ai.upgrade(FIXTURES / fixture, schemas=schemas)
    assert outcome.upgraded is None
    assert outcome.problems[0].startswith("not upgraded: ") and problem in outcome.problems[0]


def test_an_invalid_43_message_is_not_upgraded(schemas):
    data = TITLES.read_bytes().replace(b"<Duration>PT4M02S</Duration>", b"<Duration>4m</Duration>")
    outcome = ddex_ai.upgrade(data, schemas=schemas)
    assert outcome.upgraded is None
    assert outcome.problems[0].startswith("not upgraded: not valid ERN 4.3 (line ")


def test_a_432_message_is_already_current(schemas):
    path = FIXTURES / "ern432" / "single_ai_vocals.xml"
    outcome = ddex_ai.upgrade(path, schemas=schemas)
    assert outcome.current and outcome.upgraded == path.read_bytes()


def test_without_schemas_it_says_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.delenv("DDEX_AI_SCHEMAS", raising=False)
    outcome = ddex_ai.upgrade(TITLES, schemas=tmp_path)
    assert outcome.upgraded is None
    assert "no ERN 4.3 schema" in outcome.problems[0]
    assert "ddex-ai schemas fetch" in outcome.problems[0]


def test_the_command_shows_a_diff_and_writes_nothing(run_cli, tmp_path):
    target = tmp_path / "single.xml"
    shutil.copyfile(TITLES, target)
    result = run_cli("upgrade", str(target), schemas=True)
    assert result.exit_code == 0, result.output
    assert "+      <DisplayGenre><GenreText>Indie" in result.stdout
    assert "would upgrade ERN 4.3 -> 4.3.2" in result.stderr
    assert target.read_bytes() == TITLES.read_bytes()


def test_output_dir_mirrors_the_tree_and_skips_what_was_refused(run_cli, tmp_path):
    tree = tmp_path / "ern43"
    (tree / "batch").mkdir(parents=True)
    shutil.copyfile(TITLES, tree / "batch" / "a.xml")
    shutil.copyfile(LOSSY, tree / "b.xml")
    shutil.copyfile(FIXTURES / "ern432" / "single_ai_vocals.xml", tree / "c.xml")
    out = tmp_path / "ern432"
    result = run_cli("upgrade", str(tree), "--to", "4.3.2", "--output-dir", str(out), schemas=True)
    assert result.exit_code == 1, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == [
        "batch/a.xml",
        "c.xml",
    ]
    assert b"ern/432" in (out / "batch" / "a.xml").read_bytes()
    assert "would lose: line 64:" in result.stderr
    assert "Upgraded 1 file(s) to ERN 4.3.2; 1 already ERN 4.3.2; 1 not upgraded." in result.stderr
    assert (tree / "b.xml").read_bytes() == LOSSY.read_bytes()


def test_write_replaces_atomically_and_keeps_permissions(run_cli, tmp_path):
    target = tmp_path / "single.xml"
    shutil.copyfile(TITLES, target)
    os.chmod(target, 0o640)
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    result = run_cli("upgrade", str(target), str(link), "--write", schemas=True)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and link.is_symlink()
    assert b"ern/432" in target.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["link.xml", "single.xml"]  # no temporary left
    again = run_cli("upgrade", str(target), schemas=True)
    assert again.exit_code == 0 and again.stdout == ""
    assert "already ERN 4.3.2: unchanged" in again.stderr


def test_usage_errors_exit_2(run_cli, tmp_path):
    both = run_cli("upgrade", str(TITLES), "--write", "--output-dir", str(tmp_path), schemas=True)
    assert both.exit_code == 2 and "choose one" in both.output
    missing_path = run_cli("upgrade", str(tmp_path / "nope.xml"), schemas=True)
    assert missing_path.exit_code == 2
    nothing = run_cli("upgrade", schemas=True)
    assert nothing.exit_code == 2 and "--explain" in nothing.output
    other = run_cli("upgrade", str(TITLES), "--to", "4.2", schemas=True)
    assert other.exit_code == 2


def _explained(run_cli) -> dict[str, list[str]]:
    result = run_cli("upgrade", "--explain", schemas=True)
    assert result.exit_code == 0, result.output
    sections: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("ERN "):
            current = sections.setdefault(line.rstrip(":"), [])
        elif line.startswith("- ") and sections:
            current.append(line)
    return sections


def test_explain_lists_every_difference_and_what_loses_information(run_cli):
    sections = _explained(run_cli)
    lines = sections["ERN 4.3 -> 4.3.2"]
    assert "- Genre (in ClipRelease, Release, TrackRelease): renamed DisplayGenre" in lines
    assert "- text and attributes (in ContributorRole): moved into ContributorRole/Value" in lines
    # Exactly these lose information; a new difference of the XSDs shows up here.
    lost = sorted(line.split(" (in ")[0] for line in lines if "lost:" in line)
    assert lost == [
        "- @Namespace",
        "- @PLineType",
        "- @UserDefinedValue",
        "- AdditionalTitle with any other @TitleType",
    ]


def test_explain_lists_what_42_to_43_moves_and_loses(run_cli):
    lines = _explained(run_cli)["ERN 4.2 -> 4.3"]
    assert (
        "- ResourceId (in SoundRecording): moved into a new SoundRecordingEdition" in lines
        and "- File (in TechnicalSoundRecordingDetails, TechnicalVideoDetails): "
        "moved into a new DeliveryFile"
        in lines
        and "- value (in xs:duration): converted: xs:duration -> xs:decimal (seconds)" in lines
    )
    lost = sorted(
        line.split(" (in ")[0] for line in lines if "lost:" in line and "- value " not in line
    )
    assert lost == [
        "- BottomRightCorner",  # of an audio preview: a clip of a sound has no corners
        "- EncodingDescription",
        "- EncodingId",
        "- TopLeftCorner",
    ]
    # 4.3 allows 7 video types of 4.2's many: the others are losses, values respelt are not.
    assert (
        "- value 'ConcertVideo' (avs:VideoType) (in VideoType): lost: not an allowed value" in lines
    )
    assert any("'Jump-Blues'" in line and "respelt 'JumpBlues'" in line for line in lines)


OFFICIAL_42 = OFFICIAL_43[:-1]
# 6_Ringtone: an AlternativeTitle (as in 4.3); 7_...: a Video Type 4.3 no longer allows.
REFUSED_42 = {
    "6_Ringtone": "TitleType='AlternativeTitle' has no equivalent in ERN 4.3.2",
    "7_LongformMusicalWorkVideo": "its value 'MusicalWorkTrailer' is not an allowed value",
}


@pytest.mark.parametrize("name", OFFICIAL_42)
def test_each_official_42_sample_upgrades_through_43_or_says_what_it_would_lose(
    name, official_samples, schemas
):
    original = (official_samples / "ern42" / f"{name}.xml").read_bytes()
    outcome = ddex_ai.upgrade(original, schemas=schemas)
    if name in REFUSED_42:
        assert outcome.upgraded is None and len(outcome.losses) == 1
        assert REFUSED_42[name] in outcome.losses[0]
        return
    assert outcome.ok, outcome.problems + outcome.losses
    assert outcome.source == "4.2"
    assert ddex_ai.check_bytes(outcome.upgraded, schemas=schemas).ern_version == "4.3.2"
    # 4.3's editions add lines: the findings are compared by rule, not line.
    assert _report(outcome.upgraded, schemas, False) == _report(original, schemas, False)
    assert _deal_territories(outcome.upgraded) == _deal_territories(original)
    text = outcome.upgraded.decode()
    assert "<SoundRecordingEdition>" in text or "<VideoEdition>" in text
    assert "PreviewDetails" not in text and "IsPreview" not in text
    again = ddex_ai.upgrade(outcome.upgraded, schemas=schemas)
    assert again.current


def test_a_42_cue_timing_becomes_seconds(official_samples, schemas):
    outcome = ddex_ai.upgrade(official_samples / "ern42" / "8_DjMix.xml", schemas=schemas)
    assert outcome.ok
    assert b"<StartPoint>0</StartPoint>" in outcome.upgraded
    assert b"<StartPoint>PT0M0S</StartPoint>" not in outcome.upgraded
    assert outcome.changes["StartPoint duration -> seconds"] >= 1


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("PT0M0S", "0"), ("PT1M30S", "90"), ("PT0.25S", "0.25"), ("P1DT1H", "90000"), ("P1M", None)],
)
def test_durations_as_seconds(duration, seconds):
    from ddex_ai.upgrading.walk import _seconds

    assert _seconds(duration) == seconds


@pytest.mark.parametrize("command", ["upgrade", "fix"])
def test_an_output_dir_inside_an_input_folder_is_refused(command, run_cli, tmp_path):
    tree = tmp_path / "in"
    tree.mkdir()
    shutil.copyfile(TITLES, tree / "a.xml")
    for inside in (tree, tree / "out"):
        result = run_cli(command, str(tree), "--output-dir", str(inside), schemas=True)
        assert result.exit_code == 2 and "inside the input folder" in result.output
    assert (tree / "a.xml").read_bytes() == TITLES.read_bytes()
    assert sorted(p.name for p in tree.iterdir()) == ["a.xml"]
