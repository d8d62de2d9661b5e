"""Each AI rule on its own 4.3.2 fixture, with near-misses that must stay clean."""

import json

import pytest

from conftest import FIXTURES, SCHEMAS, needs_schemas
from ddex_ai.checker import Checker
from ddex_ai.findings import Severity, Status
from ddex_ai.policy import load_policy
from ddex_ai.schema_loader import SchemaRoot, SchemaStore
from make_rule_fixtures import RULES_DIR, fixture_text
from rule_cases import AI_RULES, CASES
from snapshot import assert_snapshot


def locations(result, rule):
    return sorted((f.resource, f.release) for f in result.findings if f.rule == rule)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_committed_fixture_is_current(case):
    path = RULES_DIR / f"{case.name}.xml"
    assert path.read_text(encoding="utf-8") == fixture_text(case), (
        "run: python tests/make_rule_fixtures.py"
    )


def findings_text(result) -> str:
    """A file's status and findings, one finding a line: what a rule's snapshot pins."""
    lines = [f"status: {result.status.value}"]
    lines += [json.dumps(f.to_dict(), ensure_ascii=False) for f in result.findings]
    return "\n".join(lines) + "\n"


def case_checker(case):
    """A checker with the official schemas and the case's policy."""
    return Checker(SchemaStore([SchemaRoot(SCHEMAS, "test")]), load_policy(case.policy))


@needs_schemas
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rule_fixture(case):
    result = case_checker(case).check_path(str(RULES_DIR / f"{case.name}.xml"))
    assert not [f for f in result.findings if f.rule.startswith(("XSD", "ERN", "REF"))]
    for rule, expected in case.expect.items():
        assert locations(result, rule) == sorted(expected), rule
    # Nothing else of the AI rules fires than what the case expects.
    fired = {f.rule for f in result.findings if f.rule.startswith("AI")}
    assert fired == {rule for rule, where in case.expect.items() if where}
    # Every field of every finding (severity, line, path, message) is pinned.
    assert_snapshot(f"rules/{case.name}.txt", findings_text(result))


@needs_schemas
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rule_fixture_on_4_3_1(case, tmp_path):
    """4.3.1 carries the same AI elements: every case gives the same findings as on 4.3.2
    (4.3.1 has no public XSD, hence its XSD002)."""
    text = fixture_text(case).replace("http://ddex.net/xml/ern/432", "http://ddex.net/xml/ern/431")
    path = tmp_path / f"{case.name}.xml"
    path.write_text(text)
    on_431 = case_checker(case).check_path(str(path))
    on_432 = case_checker(case).check_path(str(RULES_DIR / f"{case.name}.xml"))
    assert on_431.ern_version == "4.3.1"
    assert [f.rule for f in on_431.findings if f.rule.startswith("XSD")] == ["XSD002"]
    assert [f for f in on_431.findings if f.rule != "XSD002"] == on_432.findings
    assert len(on_432.findings) == sum(len(where) for where in case.expect.values())


@needs_schemas
def test_every_ai_rule_of_4_3_2_has_a_triggering_fixture():
    triggered = {rule for case in CASES for rule, where in case.expect.items() if where}
    # AI010 and AI011 concern older versions: their fixtures are ERN 4.3 and 3.8.2 below.
    assert triggered == (set(AI_RULES) | {"AI013"}) - {"AI010", "AI011"}


def test_ai010_once_per_file_before_4_3_1(offline_checker):
    for fixture in ("ern43/single.xml", "ern382/single.xml"):
        result = offline_checker.check_path(str(FIXTURES / fixture))
        (finding,) = [f for f in result.findings if f.rule == "AI010"]
        assert finding.severity is Severity.INFO
        assert finding.line == 4 and finding.release is None


@pytest.mark.parametrize(
    "fixture", ["ern432/single_ai_vocals.xml", "ern431/single_ai_vocals.xml", "ern432/purge.xml"]
)
def test_ai010_not_on_versions_that_disclose_or_without_resources(offline_checker, fixture):
    result = offline_checker.check_path(str(FIXTURES / fixture))
    assert "AI010" not in {f.rule for f in result.findings}


def test_ai011_computer_generated_flag(offline_checker, tmp_path):
    text = (FIXTURES / "ern382/single.xml").read_text()
    assert "<IsComputerGenerated>false</IsComputerGenerated>" in text
    flagged = tmp_path / "flagged.xml"
    flagged.write_text(text.replace("IsComputerGenerated>false<", "IsComputerGenerated>true<"))
    (finding,) = [f for f in offline_checker.check_path(str(flagged)).findings if f.rule == "AI011"]
    assert finding.severity is Severity.WARNING
    flag_line = next(
        n for n, line in enumerate(text.splitlines(), 1) if "<IsComputerGenerated>" in line
    )
    assert (finding.resource, finding.line) == ("A1", flag_line)
    assert "says nothing of generative AI" in finding.message
    # false (and absent) is no finding
    clean = offline_checker.check_path(str(FIXTURES / "ern382/single.xml"))
    assert "AI011" not in {f.rule for f in clean.findings}


def test_only_version_rules_apply_before_4_3_1(offline_checker, tmp_path):
    """An ERN 4.3 file cannot carry disclosure: AI001-AI009 never fire, even on odd content."""
    text = (FIXTURES / "ern43/single.xml").read_text()
    path = tmp_path / "odd43.xml"
    # A 4.3 Contributor cannot hold AiContribution: XSD001, but no AI rule reads it.
    path.write_text(
        text.replace(
            "<Role>Composer</Role>", "<Role>Composer</Role><AiContribution>All</AiContribution>"
        )
    )
    result = offline_checker.check_path(str(path))
    assert {f.rule for f in result.findings} & set(AI_RULES) == {"AI010"}


def test_training_on_older_versions_is_still_reported(offline_checker, tmp_path):
    text = (FIXTURES / "ern43/single.xml").read_text()
    path = tmp_path / "training43.xml"
    path.write_text(
        text.replace(
            "<UseType>OnDemandStream</UseType>", "<UseType>UseForTrainingGenerativeAI</UseType>"
        )
    )
    result = offline_checker.check_path(str(path))
    (finding,) = [f for f in result.findings if f.rule == "AI012"]
    assert finding.release == "R0" and "Worldwide" in finding.message


@needs_schemas
def test_rule_findings_set_release_status(checker):
    result = checker.check_path(str(RULES_DIR / "AI005.xml"))
    statuses = {r.reference: r.status for r in result.releases}
    # The contradiction is the album's; its track releases are consistent.
    assert statuses == {"R0": Status.FAIL, "R1": Status.PASS, "R2": Status.PASS, "R3": Status.PASS}


def test_invalid_contains_ai_values_do_not_break_the_summary(offline_checker, tmp_path):
    text = (RULES_DIR / "clean_mixed.xml").read_text()
    path = tmp_path / "some.xml"
    path.write_text(text.replace("<ContainsAI>All</ContainsAI>", "<ContainsAI>Some</ContainsAI>"))
    result = offline_checker.check_path(str(path))
    assert "INT001" not in {f.rule for f in result.findings}
    album = result.releases[0]
    assert album.disclosure.resources["track"] == {
        "All": 0,
        "Partly": 1,
        "None": 1,
        "undeclared": 1,
    }
