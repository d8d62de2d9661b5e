"""DDEX's own release-profile Schematron (compiled XSLT, run with saxonche) as the oracle.

On the official ERN 4.1.1, 4.2 and 4.3 profile samples, and on mutants of them with one
profile defect planted (each still XSD-valid), ddex-ai reports exactly the official rule ids
the Schematron reports, for every rule that reads the same elements in that version and is
not a documented deviation. The XSLTs are found through DDEX_AI_SCHEMATRON; without it the
tests are skipped (failed under CI), never passed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from conftest import SAMPLES, SCHEMAS, missing
from ddex_ai.checker import Checker
from ddex_ai.findings import Severity
from ddex_ai.policy import Policy
from ddex_ai.rules import REGISTRY, profile_rules
from ddex_ai.schema_loader import SchemaRoot, SchemaStore
from ddex_ai.versions import KNOWN_VERSIONS
from profile_oracle import official_rules, xsl_folder

XSL, NO_XSL = xsl_folder()
SAMPLE_DIRS = ("ern411", "ern42", "ern43")
NUMBER_RE = re.compile(r"^(\d{4})-\d+$|^(G\.\d)$")


@pytest.fixture(scope="module")
def xsl() -> Path:
    if XSL is None:
        missing(NO_XSL)
    if SAMPLES is None or not SAMPLES.is_dir():
        missing("no official samples (DDEX_AI_SCHEMAS beside ../shared/ddex/samples)")
    return XSL


def _all_profile_rules_on() -> Policy:
    """The default policy with the conditional rules it leaves off turned on (as info)."""
    policy = Policy.default()
    off = {r.id: Severity.INFO for r in profile_rules() if r.id not in policy.severities}
    return replace(policy, severities={**policy.severities, **off})


CHECKER = Checker(
    SchemaStore([SchemaRoot(SCHEMAS, "test")] if SCHEMAS else []), _all_profile_rules_on()
)


def _comparable(version: str) -> set[str]:
    """Official rule numbers on which ddex-ai and the Schematron must agree on ``version``."""
    key = next(v.key for v in KNOWN_VERSIONS if v.label == version)
    numbers = set()
    for rule in profile_rules():
        if rule.profile.same_as_schematron(key):
            numbers.update(rule.profile.official.values())
    return numbers


def _number(official: str) -> str:
    match = NUMBER_RE.match(official)
    return match.group(1) or match.group(2)


def compare(xsl_dir: Path, path: Path):
    """(ddex-ai's official ids, the Schematron's, the result), restricted to comparable rules."""
    result = CHECKER.check_path(str(path))
    assert result.profile is not None, result.findings
    comparable = _comparable(result.ern_version)
    ours = {f.profile_rule for f in result.findings if f.profile_rule}
    sheets = [result.profile.id, *(f"{v}Variant" for v in result.profile.variants)]
    theirs = set().union(*(official_rules(xsl_dir, sheet, path) for sheet in sheets))
    keep = lambda ids: {i for i in ids if _number(i) in comparable}  # noqa: E731
    return keep(ours), keep(theirs), result


def samples() -> list[Path]:
    if SAMPLES is None:
        return []
    return sorted(p for d in SAMPLE_DIRS for p in (SAMPLES / d).glob("*.xml"))


@pytest.mark.parametrize("sample", samples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_official_samples_agree_with_the_schematron(xsl, sample):
    ours, theirs, _ = compare(xsl, sample)
    assert ours == theirs


def test_the_comparison_covers_most_rules():
    """Only documented deviations and ported rules are left out of the comparison."""
    left_out = {r.id for r in profile_rules() if not r.profile.same_as_schematron((4, 1, 1))}
    assert len(left_out) < 25, sorted(left_out)
    assert all(REGISTRY[r].profile.deviation or REGISTRY[r].profile.ported for r in left_out)


# --- mutants: one defect planted in an official sample ----------------------------------------


def _first(root, path):
    found = root.find(path)
    assert found is not None, path
    return found


def icpn_shape(root):
    icpn = _first(root, "ReleaseList/Release/ReleaseId/ICPN")
    icpn.text = icpn.text.strip()[:9]  # 9 digits: no barcode has that length


def icpn_check_digit(root):
    icpn = _first(root, "ReleaseList/Release/ReleaseId/ICPN")
    value = icpn.text.strip()
    icpn.text = value[:-1] + str((int(value[-1]) + 1) % 10)


def no_front_cover(root):
    for image_type in root.iterfind("ResourceList/Image/Type"):
        if image_type.text == "FrontCoverImage":
            image_type.text = "BackCoverImage"


def track_release_missing(root):
    track = _first(root, "ReleaseList/TrackRelease")
    track.getparent().remove(track)


def display_artist_unsequenced(root):
    del _first(root, ".//DisplayArtist").attrib["SequenceNumber"]


def duplicate_sequence(root):
    items = root.findall("ReleaseList/Release/ResourceGroup//ResourceGroupContentItem")
    items[1].find("SequenceNumber").text = items[0].find("SequenceNumber").text


def isrc_country(root):
    isrc = _first(root, ".//ISRC")
    isrc.text = "XX" + isrc.text.strip()[2:]


def release_type(root):
    _first(root, "ReleaseList/Release/ReleaseType").text = "VideoAlbum"


def contributor_twice(root):
    contributor = _first(root, "ResourceList/SoundRecording/Contributor")
    contributor.addnext(etree.fromstring(etree.tostring(contributor)))


def late_display_date(root):
    """ERN 4.1.1 only: a release display date after the deal starts, in DealTerms."""
    terms = _first(root, "DealList/ReleaseDeal/Deal/DealTerms")
    date = etree.fromstring("<ReleaseDisplayStartDate>2099-01-01</ReleaseDisplayStartDate>")
    later = ("InstantGratificationResourceList", "PhysicalReturns", "NumberOfProductsPerCarton")
    follower = next((child for child in terms if child.tag in later), None)
    if follower is None:
        terms.append(date)
    else:
        follower.addprevious(date)


# mutant -> (what it does, the official rule it must fail)
MUTANTS = {
    "icpn-shape": (icpn_shape, "1001-1"),
    "icpn-check-digit": (icpn_check_digit, None),  # a shape the Schematron accepts
    "no-front-cover": (no_front_cover, "1053-1"),
    "track-release-missing": (track_release_missing, "1045-1"),
    "display-artist-unsequenced": (display_artist_unsequenced, "1016-1"),
    "duplicate-sequence": (duplicate_sequence, "1021-1"),
    "isrc-country": (isrc_country, "1011-2"),
    "release-type": (release_type, "1055-1"),
    "contributor-twice": (contributor_twice, "1030-1"),
}


CASES = [(version, mutant) for version in ("ern411", "ern43") for mutant in MUTANTS]
CASES.append(("ern411", "late-display-date"))
MUTANTS["late-display-date"] = (late_display_date, "1038-1")


@pytest.mark.parametrize(("version", "mutant"), CASES, ids=lambda v: v)
def test_mutants_agree_with_the_schematron(xsl, tmp_path, version, mutant):
    sample = SAMPLES / version / "1_Audio.xml"
    tree = etree.parse(str(sample))
    edit, official = MUTANTS[mutant]
    edit(tree.getroot())
    path = tmp_path / f"{mutant}.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    ours, theirs, result = compare(xsl, path)
    assert not [f for f in result.findings if f.rule.startswith("XSD")], "mutant not XSD-valid"
    assert ours == theirs
    if official:
        assert official in ours
        warning = REGISTRY[next(f.rule for f in result.findings if f.profile_rule == official)]
        if warning.severity is not Severity.WARNING:  # warnings do not affect the verdict
            assert result.profile.verdict != "certified"
    else:  # a wrong check digit: beyond the Schematron, caught by ID002
        assert any(f.rule == "ID002" for f in result.findings)


def test_ported_rules_read_the_4_3_editions(xsl):
    """On 4.3 the Schematron looks for ids and technical details where 4.1 had them and
    fails every recording; ddex-ai reads the SoundRecordingEdition."""
    sample = SAMPLES / "ern43" / "1_Audio.xml"
    theirs = official_rules(xsl, "Audio", sample)
    ours = {f.profile_rule for f in CHECKER.check_path(str(sample)).findings}
    assert {"1058-1", "1032-2"} <= theirs
    assert not {"1058-1", "1032-2"} & ours
