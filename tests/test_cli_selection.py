"""Rule selection on the command line (as ruff's), --statistics, and the policy shown."""

from __future__ import annotations

from conftest import FIXTURES, json_report

BROKEN = str(FIXTURES / "broken/dangling_references_432.xml")
MIXED = str(FIXTURES / "ern432/album_ai_mixed.xml")


def _rules(result) -> dict[str, str]:
    return {
        f["rule"]: f["severity"] for file in json_report(result)["files"] for f in file["findings"]
    }


def test_select_runs_only_those_rules(run_cli):
    rules = _rules(run_cli("check", BROKEN, "--select", "REF", "--format", "json"))
    assert set(rules) == {"REF001"}


def test_extend_select_adds_a_rule_the_policy_leaves_off(run_cli):
    fixture = str(FIXTURES / "ern432/rules/AI013.xml")
    assert "AI013" not in _rules(run_cli("check", fixture, "--format", "json"))
    extended = _rules(run_cli("check", fixture, "--extend-select", "AI013", "--format", "json"))
    assert extended["AI013"] == "error"  # its default severity


def test_ignore_and_severity_on_top_of_the_policy(run_cli):
    ignored = _rules(run_cli("check", BROKEN, "--ignore", "REF001,RP", "--format", "json"))
    assert "REF001" not in ignored and not any(r.startswith("RP") for r in ignored)
    softer = run_cli("check", BROKEN, "--select", "REF", "--severity", "REF001=warning",
                     "--format", "json")  # fmt: skip
    assert _rules(softer) == {"REF001": "warning"} and softer.exit_code == 0
    off = _rules(run_cli("check", BROKEN, "--severity", "REF001=off", "--format", "json"))
    assert "REF001" not in off


def test_selection_mistakes_are_usage_errors(run_cli):
    assert run_cli("check", BROKEN, "--select", "NOPE").exit_code == 2
    bad = run_cli("check", BROKEN, "--severity", "REF001=loud")
    assert bad.exit_code == 2 and "RULE=LEVEL" in bad.stderr


def test_statistics_counts_every_rule_and_keeps_the_exit_status(run_cli):
    folder = str(FIXTURES / "broken")
    stats = run_cli("check", folder, "--statistics")
    summary = json_report(run_cli("check", folder, "--format", "json"))["summary"]
    rows = [line.split() for line in stats.stdout.splitlines()[:-1]]
    assert {rule: int(count) for count, rule, *_ in rows} == summary["rules"]
    assert len(rows) > 10  # all of them, not the top ten
    assert stats.exit_code == 1


def test_show_settings_prints_the_resolved_policy_and_exits(run_cli):
    result = run_cli("check", "--show-settings", "--policy", "strict", "--ignore", "AI012")
    assert result.exit_code == 0
    out = result.stdout
    assert "policy: strict (pack strict, from --policy)" in out
    assert "require-schemas: true" in out
    lines = {
        line.split()[0]: line.split()[1] for line in out.splitlines() if line.startswith("  AI")
    }
    assert lines["AI006"] == "error" and lines["AI012"] == "off"


def test_the_text_report_names_the_policy_and_where_it_came_from(run_cli, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.ddex-ai]\nextends = "strict"\n')
    monkeypatch.chdir(tmp_path)
    text = " ".join(run_cli("check", MIXED).stdout.split())
    header = text[: text.index("╭")]
    assert f"policy {tmp_path / 'pyproject.toml'} " in header
    assert "the project's configuration" in header
    isolated = run_cli("check", MIXED, "--isolated").stdout.splitlines()[0]
    assert isolated.endswith("policy ddex (the default pack)")
