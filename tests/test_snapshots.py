"""Golden outputs: every report format, whole, for fixtures that cover every rule.

A change in any field of any format fails here; after an intended change regenerate the
snapshots (see tests/snapshot.py) and review the diff. The runs are made from the project's
folder with relative paths, as a CI job would; volatile fields are normalised.
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO, needs_schemas
from ddex_ai.policy import Policy
from ddex_ai.rules import REGISTRY
from snapshot import assert_snapshot

FORMATS = {
    "text": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "junit": "xml",
    "sarif": "sarif",
    "csv": "csv",
}
POLICIES = ["strict", "spotify", "no-ai-training"]
# Rules no fixture can trigger: INT001 is ddex-ai's own failure (tests/test_internal_errors.py).
UNTRIGGERABLE = {"INT001"}


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


# The per-rule profile fixtures (fixtures/profiles) have their own tests
# (test_profile_rules.py); the format snapshots cover the other fixtures.
FIXTURE_DIRS = sorted(
    f"fixtures/{p.name}"
    for p in (REPO / "fixtures").iterdir()
    if p.is_dir() and p.name != "profiles"
)


def check_fixtures(run_cli, *args, folders=FIXTURE_DIRS):
    result = run_cli("check", *folders, "--jobs", "1", "--color", "never", *args, schemas=True)
    assert result.exit_code == 1, result.output  # the broken fixtures fail the run
    return result.stdout


def _rules_fired(out: str) -> set[str]:
    return {f["rule"] for file in json.loads(out)["files"] for f in file["findings"]}


@needs_schemas
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_every_fixture(run_cli, in_repo, fmt):
    assert_snapshot(f"formats/fixtures.{FORMATS[fmt]}", check_fixtures(run_cli, "--format", fmt))


@needs_schemas
@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_pack_on_every_fixture(run_cli, in_repo, policy):
    out = check_fixtures(run_cli, "--format", "json", "--policy", policy)
    assert_snapshot(f"policies/{policy}.json", out)


@needs_schemas
def test_the_fixtures_trigger_every_rule(run_cli, in_repo, tmp_path):
    fired = set()
    for args in [(), *(("--policy", p) for p in POLICIES)]:
        report = json.loads(check_fixtures(run_cli, "--format", "json", *args))
        fired |= {f["rule"] for file in report["files"] for f in file["findings"]}
    for limit in (("--max-file-size", "4KB"), ("--max-findings-per-file", "1")):
        report = json.loads(check_fixtures(run_cli, "--format", "json", *limit))
        fired |= {f["rule"] for file in report["files"] for f in file["findings"]}
    # The profile fixtures, with the conditional rules the default policy leaves off on,
    # and those checked against another profile or a variant as their comments say.
    off = [
        rule
        for rule, r in REGISTRY.items()
        if r.profile and rule not in Policy.default().severities
    ]
    policy = tmp_path / "all-profile-rules.toml"
    policy.write_text('extends = "ddex"\n[severity]\n' + "".join(f'{r} = "info"\n' for r in off))
    profiles = ["fixtures/profiles"]
    fired |= _rules_fired(
        check_fixtures(run_cli, "--format", "json", "--policy", str(policy), folders=profiles)
    )
    for args in (("--profile", "Audio"), ("--variant", "BoxedSet"), ("--variant", "Classical")):
        fired |= _rules_fired(check_fixtures(run_cli, "--format", "json", *args, folders=profiles))
    assert fired == set(REGISTRY) - UNTRIGGERABLE


@needs_schemas
def test_files_past_the_size_limit(run_cli, in_repo):
    out = check_fixtures(run_cli, "--format", "jsonl", "--max-file-size", "4KB")
    assert_snapshot("formats/fixtures_max_4KB.jsonl", out)


def test_rule_registry_and_documentation(run_cli):
    """Ids, names, default severities and every rule's documentation."""
    listed = run_cli("rules", "--format", "json")
    assert listed.exit_code == 0
    assert_snapshot("rules/registry.json", listed.stdout)
    assert_snapshot("rules/registry.txt", run_cli("rules").stdout)


@pytest.mark.parametrize("pack", ["ddex", *POLICIES])
def test_policy_packs_shown(run_cli, pack):
    shown = run_cli("policies", pack, "--format", "json")
    assert shown.exit_code == 0
    assert_snapshot(f"policies/{pack}.shown.json", shown.stdout)


def test_official_samples_report(run_cli, in_repo, official_samples):
    """DDEX's samples and the third-party edge cases, as a catalogue audit reports them."""
    import os

    where = os.path.relpath(official_samples, REPO)
    result = run_cli("check", where, "--jobs", "1", "--format", "jsonl", schemas=True)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) >= 52
    assert_snapshot("formats/official_samples.jsonl", result.stdout.replace(where, "<SAMPLES>"))


@needs_schemas
def test_files_past_the_findings_limit(run_cli, in_repo):
    out = check_fixtures(run_cli, "--format", "jsonl", "--max-findings-per-file", "1")
    assert_snapshot("formats/fixtures_max_1_finding.jsonl", out)
