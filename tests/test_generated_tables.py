"""The tables generated from DDEX's files are current: the official profile rules from the
release-profile Schematron, the references and anchors from every version's XSD."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import REPO, SCHEMAS, missing

sys.path.insert(0, str(REPO / "tools"))

import profile_table
import reference_table


def test_official_profile_rules_match_the_schematron():
    value = os.environ.get("DDEX_AI_SCHEMATRON")
    if not value or not (Path(value) / "2.1" / "sch").is_dir():
        missing("DDEX_AI_SCHEMATRON is not set to DDEX's release-profile Schematron")
    generated = profile_table.render(profile_table.assign(profile_table.read(Path(value))))
    committed = (REPO / "src/ddex_ai/rules/profiles/official.py").read_text(encoding="utf-8")
    assert committed == generated, "run tools/profile_table.py (see its docstring)"


def test_references_match_every_xsd():
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set (the official ERN schemas)")
    generated = reference_table.render(SCHEMAS)
    committed = (REPO / "src/ddex_ai/model/reference_table.py").read_text(encoding="utf-8")
    assert committed == generated, "run tools/reference_table.py (see its docstring)"


def test_every_version_types_display_credits_and_characters_as_references():
    """The references the hand-made list missed, from the XSDs (issue: REF001 complete)."""
    from ddex_ai.model.reference_table import REFERENCES

    for version in ("4.1", "4.1.1", "4.2", "4.3", "4.3.2"):
        for element in (
            "DisplayCreditParty",
            "CharacterPartyReference",
            "PartyRelatedPartyReference",
            "ResourceRelatedResourceReference",
        ):
            assert element in REFERENCES[version], (version, element)


def test_the_child_order_fixes_insert_by_is_the_xsds(official_schemas):
    """src/ddex_ai/fixing/child_order.py is what tools/child_order.py derives from the XSDs."""
    import importlib.util
    from pathlib import Path

    from ddex_ai.fixing.child_order import CHILD_ORDER

    tool = Path(__file__).resolve().parent.parent / "tools" / "child_order.py"
    spec = importlib.util.spec_from_file_location("child_order_tool", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.table(official_schemas) == CHILD_ORDER
