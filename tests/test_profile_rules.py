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


def _check(case: ProfileCase):
    policy = Policy.default()
    if case.on:
        policy = replace(policy, severities={**policy.severities, case.rule: Severity.INFO})
    checker = Checker(
        SchemaStore([]), policy, profile=case.profile or "auto", variants=case.variants
    )
    return checker.check_bytes(case.xml(), f"{case.name}.xml")


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
