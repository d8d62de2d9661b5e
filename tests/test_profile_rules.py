"""Each release-profile and identifier rule on a delivery with one defect planted
(``profile_cases.py``): the rule reports exactly its official ids, nothing unrelated fires,
and the conformant deliveries the cases start from pass every profile check."""

from __future__ import annotations

from dataclasses import replace

import pytest

import ernbuilder
from ddex_ai.checker import Checker
from ddex_ai.findings import Severity
from ddex_ai.policy import Policy
from ddex_ai.rules import REGISTRY
from ddex_ai.schema_loader import SchemaStore
from make_rule_fixtures import PROFILES_DIR, profile_fixture_bytes
from profile_cases import CASES, ProfileCase

PROFILE_OR_ID = ("RP", "ID")


def _checker(case: ProfileCase) -> Checker:
    policy = Policy.default()
    if case.on:
        policy = replace(policy, severities={**policy.severities, case.rule: Severity.INFO})
    return Checker(SchemaStore([]), policy, profile=case.profile or "auto", variants=case.variants)


def _check(case: ProfileCase):
    return _checker(case).check_bytes(case.xml(), f"{case.name}.xml")


def _fired(result) -> dict[str, set]:
    fired: dict[str, set] = {}
    for finding in result.findings:
        if finding.rule.startswith(PROFILE_OR_ID):
            fired.setdefault(finding.rule, set()).add(finding.profile_rule)
    return fired


def test_every_profile_and_identifier_rule_has_a_case():
    rules = {r for r in REGISTRY if r.startswith(PROFILE_OR_ID) and r != "RP099"}
    assert {case.rule for case in CASES} == rules


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_rule_reports_its_official_ids(case):
    fired = _fired(_check(case))
    assert case.rule in fired, f"{case.rule} did not fire; fired: {fired}"
    expected = case.expect or {None}
    assert fired[case.rule] == expected
    unrelated = set(fired) - {case.rule} - case.also
    assert not unrelated, {rule: fired[rule] for rule in unrelated}


BASES = {**ernbuilder.PROFILES, **ernbuilder.PROFILE_DELIVERIES}


@pytest.mark.parametrize("name", BASES)
def test_the_deliveries_cases_start_from_are_certified(name):
    delivery = BASES[name]()
    result = Checker(SchemaStore([])).check_bytes(ernbuilder.render(delivery).encode(), name)
    assert result.profile.verdict == "certified", [(f.rule, f.message) for f in result.findings]
    assert result.profile.id == delivery.profile


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_committed_fixture_is_current(case):
    path = PROFILES_DIR / f"{case.name}.xml"
    assert path.read_bytes() == profile_fixture_bytes(case), (
        f"{path} is out of date: run python tests/make_rule_fixtures.py"
    )


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.base is not ernbuilder.classical], ids=lambda c: c.name
)
def test_cases_report_the_same_on_4_3_1(case):
    """4.3.1 (no public XSD) has 4.3.2's paths but for the titles: the same findings."""
    xml = case.xml().replace(b"http://ddex.net/xml/ern/432", b"http://ddex.net/xml/ern/431")
    result = _checker(case).check_bytes(xml, f"{case.name}.xml")
    assert result.ern_version == "4.3.1"
    assert _fired(result) == _fired(_check(case))


def test_ern_4_1_reads_as_4_1_1(official_samples):
    """ERN 4.1 has no official samples; 4.1.1's, in the 4.1 namespace, get the same verdict
    and findings (the profile paths of the two versions are the same)."""
    checker = Checker(SchemaStore([]))
    samples = sorted((official_samples / "ern411").glob("*.xml"))
    assert len(samples) == 8
    for sample in samples:
        data = sample.read_bytes()
        as_41 = data.replace(b"http://ddex.net/xml/ern/411", b"http://ddex.net/xml/ern/41")
        a, b = checker.check_bytes(data, "a.xml"), checker.check_bytes(as_41, "b.xml")
        assert b.ern_version == "4.1"
        assert a.profile.to_dict() == b.profile.to_dict()
        assert [f.profile_rule for f in a.findings] == [f.profile_rule for f in b.findings]
