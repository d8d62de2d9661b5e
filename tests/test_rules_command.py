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
