"""``ddex-ai rules``: every rule is listed and documented like ``ruff rule``."""

import json

import pytest

from ddex_ai.rules import all_rules

ALL_IDS = {r.id for r in all_rules()}


def test_registry_holds_every_rule_of_the_issues():
    expected = {f"AI{n:03d}" for n in range(1, 13)}
    expected |= {"ERN001", "ERN002", "XSD001", "XSD002", "REF001", "IO001", "INT001"}
    assert expected <= ALL_IDS


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_each_rule_documents_what_why_and_example(rule):
    assert rule.summary and not rule.summary.startswith("#")
    for section in ("## What it does", "## Why it matters", "## Example"):
        assert section in rule.doc, f"{rule.id} lacks {section}"
    assert rule.name == rule.name.lower() and " " not in rule.name


def test_list(run_cli):
    result = run_cli("rules")
    assert result.exit_code == 0
    for rule_id in ALL_IDS:
        assert rule_id in result.stdout
    assert "training-use-granted" in result.stdout


def test_explain_one_rule(run_cli):
    result = run_cli("rules", "ai001")
    assert result.exit_code == 0
    out = result.stdout
    assert "AI001" in out and "default severity: error" in out
    assert "What it does" in out and "Why it matters" in out and "Example" in out
    assert "only Contributors of type" in out  # the XSD's own words


def test_unknown_rule_is_a_usage_error(run_cli):
    result = run_cli("rules", "AI999")
    assert result.exit_code == 2
    assert "AI999" in result.stderr


def test_json_listing_for_tools(run_cli):
    result = run_cli("rules", "--format", "json")
    rules = json.loads(result.stdout)
    assert {r["id"] for r in rules} == ALL_IDS
    ai005 = next(r for r in rules if r["id"] == "AI005")
    assert ai005["severity"] == "error" and ai005["ern_4_3_1_and_later_only"] is True
    assert "## Why it matters" in ai005["documentation"]


def test_rules_of_one_profile_with_their_official_ids(run_cli):
    result = run_cli("rules", "--profile", "SimpleAudioSingle")
    assert result.exit_code == 0
    out = result.stdout
    assert "RP001" in out and "1305-1" in out  # the ICPN rule, as SimpleAudioSingle numbers it
    assert "RP045" not in out  # TrackRelease rules are not this profile's
    listed = json.loads(
        run_cli("rules", "--profile", "SimpleAudioSingle", "--format", "json").stdout
    )
    assert {r["id"] for r in listed} >= {"RP001", "RP050", "RP149"}
    assert all("SimpleAudioSingle" in r["profile_rules"] for r in listed)
    rp001 = next(r for r in listed if r["id"] == "RP001")
    assert rp001["profile_rules"]["Audio"] == "1001" and rp001["profile_roles"] == {"1": "fatal"}


def test_profile_rule_docs_cite_clause_and_deviation(run_cli):
    out = run_cli("rules", "RP054").stdout
    assert "5.1.2(c)" in out and "1177" in out and "Differs from DDEX's Schematron" in out
