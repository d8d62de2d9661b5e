"""`ddex-ai fix` and `ddex_ai.fix`: fixes beside their rules, minimal byte edits, checked again."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

import ddex_ai
from conftest import FIXTURES, SCHEMAS, missing
from ddex_ai.rules import REGISTRY

RULES = FIXTURES / "ern432/rules"
SAFE = {"AI006", "AI009"}  # and RP016, RP020 (profile fixtures, below)
UNSAFE = {"AI003", "AI005"}


@pytest.fixture
def schemas():
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    return str(SCHEMAS)


def test_the_registry_says_which_rules_have_a_fix():
    assert {r.id for r in REGISTRY.values() if r.fix_safety == "safe"} >= SAFE
    assert {r.id for r in REGISTRY.values() if r.fix_safety == "unsafe"} >= UNSAFE
    assert REGISTRY["AI001"].fix_label == "Fix: none"
    assert REGISTRY["AI009"].fix_label == "Fix: safe"


@pytest.mark.parametrize("rule", sorted(SAFE | UNSAFE))
def test_each_fixable_finding_is_fixed_to_a_valid_file_without_it(rule, schemas):
    original = (RULES / f"{rule}.xml").read_bytes()
    before = ddex_ai.check_bytes(original, schemas=schemas)
    assert rule in {f.rule for f in before.findings}
    outcome = ddex_ai.fix(original, unsafe=rule in UNSAFE, schemas=schemas)
    assert outcome.applied[rule] >= 1, outcome.refused
    after = ddex_ai.check_bytes(outcome.fixed, schemas=schemas)
    rules_after = {f.rule for f in after.findings}
    assert rule not in rules_after
    assert "XSD001" not in rules_after and after.xsd_validated
    assert ddex_ai.fix(outcome.fixed, unsafe=True, schemas=schemas).fixed == outcome.fixed


@pytest.mark.parametrize("rule", sorted(UNSAFE))
def test_unsafe_fixes_need_asking(rule, schemas):
    original = (RULES / f"{rule}.xml").read_bytes()
    assert ddex_ai.fix(original, schemas=schemas).applied[rule] == 0


def _changed_lines(before: bytes, after: bytes) -> list[bytes]:
    import difflib

    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line.encode() if isinstance(line, str) else line for line in diff if line[:1] in "+-"]


def test_an_inserted_element_takes_its_siblings_indentation_and_nothing_else_changes(schemas):
    original = (RULES / "AI009.xml").read_bytes()
    fixed = ddex_ai.fix(original, schemas=schemas).fixed
    changed = [line.decode() for line in _changed_lines(original.decode(), fixed.decode())]
    assert changed == ["+       <ContainsAI>None</ContainsAI>\n"]
    assert fixed.startswith(original[:200])  # declaration, prefixes: as they were


def test_a_release_with_an_undeclared_resource_gets_no_fix(schemas):
    text = (RULES / "AI009.xml").read_text()
    first = text.index("<ContainsAI>", text.index("<SoundRecording>"))
    end = text.index("</ContainsAI>", first) + len("</ContainsAI>")
    data = (text[:first] + text[end:]).encode()
    assert ddex_ai.fix(data, schemas=schemas).applied["AI009"] == 0


def test_the_command_shows_a_diff_and_writes_nothing(run_cli, tmp_path, schemas):
    target = tmp_path / "AI009.xml"
    shutil.copyfile(RULES / "AI009.xml", target)
    before = target.read_bytes()
    result = run_cli("fix", str(target), "--schemas", schemas)
    assert result.exit_code == 0, result.output
    assert "+      <ContainsAI>None</ContainsAI>" in result.stdout
    assert "would fix AI009 x1" in result.stderr
    assert target.read_bytes() == before


def test_write_replaces_atomically_and_keeps_permissions(run_cli, tmp_path, schemas):
    target = tmp_path / "AI006.xml"
    shutil.copyfile(RULES / "AI006.xml", target)
    os.chmod(target, 0o640)
    partly = target.read_text().count("<ContainsAI>Partly</ContainsAI>")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    result = run_cli("fix", str(target), str(link), "--write", "--schemas", schemas)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert link.is_symlink()
    # one insertion, though the file was named twice (directly and through a link)
    assert target.read_text().count("<ContainsAI>Partly</ContainsAI>") == partly + 1
    again = run_cli("fix", str(target), "--schemas", schemas)
    assert again.stdout == "" and "no fix applied" in again.stderr


def test_output_dir_mirrors_the_tree_and_leaves_the_inputs(run_cli, tmp_path, schemas):
    source = tmp_path / "in"
    (source / "a").mkdir(parents=True)
    shutil.copyfile(RULES / "AI009.xml", source / "a" / "AI009.xml")
    shutil.copyfile(RULES / "AI001_ok.xml", source / "ok.xml")
    before = (source / "a" / "AI009.xml").read_bytes()
    out = tmp_path / "fixed"
    result = run_cli("fix", str(source), "--output-dir", str(out), "--schemas", schemas)
    assert result.exit_code == 0, result.output
    assert (source / "a" / "AI009.xml").read_bytes() == before
    assert b"<ContainsAI>None</ContainsAI>" in (out / "a" / "AI009.xml").read_bytes()
    assert (out / "ok.xml").read_bytes() == (source / "ok.xml").read_bytes()


def test_exit_1_when_findings_remain(run_cli, tmp_path, schemas):
    target = tmp_path / "AI001.xml"
    shutil.copyfile(RULES / "AI001.xml", target)  # AI001 has no fix
    result = run_cli("fix", str(target), "--schemas", schemas)
    assert result.exit_code == 1
    assert "findings remain (AI001" in result.stderr


def test_rules_lists_the_fix(run_cli):
    assert "Fix: safe" in run_cli("rules", "AI009").output
    assert "Fix: none" in run_cli("rules", "AI001").output


@pytest.mark.parametrize("rule", ["RP016", "RP019", "RP020"])
def test_missing_sequence_numbers_are_numbered_in_document_order(rule, schemas):
    original = (FIXTURES / "profiles" / f"{rule}.xml").read_bytes()
    outcome = ddex_ai.fix(original, schemas=schemas)
    assert outcome.applied[rule] >= 1, outcome.refused
    after = ddex_ai.check_bytes(outcome.fixed, schemas=schemas)
    assert rule not in {f.rule for f in after.findings}
    assert after.xsd_validated and "XSD001" not in {f.rule for f in after.findings}
    assert ddex_ai.fix(outcome.fixed, schemas=schemas).fixed == outcome.fixed


def test_line_ends_and_comments_stay_as_they_were(schemas):
    original = (RULES / "AI009.xml").read_bytes().replace(b"\n", b"\r\n")
    original = original.replace(b"<ReleaseList>", b"<!-- kept -->\r\n  <ReleaseList>", 1)
    fixed = ddex_ai.fix(original, schemas=schemas).fixed
    assert b"<!-- kept -->" in fixed
    assert fixed.count(b"\n") == fixed.count(b"\r\n") == original.count(b"\r\n") + 1
    inserted = b"      <ContainsAI>None</ContainsAI>\r\n    </Release>"
    assert fixed.replace(inserted, b"    </Release>", 1) == original
