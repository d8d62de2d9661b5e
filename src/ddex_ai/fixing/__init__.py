"""Fixes: each rule's fix (beside the rule) asks for edits; they are made on the file's bytes
and the result is checked again. A fix that would make the file XSD-invalid, or add any
finding, is not applied, and the outcome says so. Fixing a fixed file changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import field

from ddex_ai.findings import Finding
from ddex_ai.records import record
from ddex_ai.results import FileResult


@record
class FixOutcome:
    path: str
    original: bytes
    fixed: bytes  # the original when nothing was applied
    applied: Counter = field(default_factory=Counter)  # rule -> edits applied
    refused: list[str] = field(default_factory=list)  # why fixes were not applied
    remaining: list[Finding] = field(default_factory=list)  # findings of the fixed file
    result: FileResult | None = None  # the check of the fixed file

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def _identity(finding: Finding) -> tuple:
    return (finding.rule, finding.path, finding.message)


def fix_bytes(data: bytes, path: str, checker, unsafe: bool = False) -> FixOutcome:
    """The file's bytes with the fixes of its findings applied (safe ones; unsafe too when
    asked), checked again."""
    from ddex_ai.fixing.child_order import CHILD_ORDER
    from ddex_ai.fixing.edits import EditFailed, apply
    from ddex_ai.instance_loader import load_bytes
    from ddex_ai.model import build_message
    from ddex_ai.rules import REGISTRY

    before = checker.check_bytes(data, path)
    outcome = FixOutcome(path, data, data, remaining=before.findings, result=before)
    found = {f.rule for f in before.findings}
    fixable = [
        rule
        for rule in REGISTRY.values()
        if rule.fix and rule.id in found and (rule.fix_safety == "safe" or unsafe)
    ]
    if not fixable:
        return outcome
    loaded = load_bytes(data, checker.max_file_size).message
    if loaded is None:
        return outcome
    message = build_message(loaded.tree, loaded.version, loaded.message_type)
    edits, by_rule = [], Counter()
    for rule in fixable:
        for edit in rule.fix(message):
            edits.append(edit)
            by_rule[rule.id] += 1
    if not edits:
        return outcome
    version = "4.3.2" if loaded.version.key >= (4, 3, 1) else loaded.version.label
    if version not in CHILD_ORDER:
        outcome.refused.append(f"not applied: no fixes for ERN {loaded.version}")
        return outcome
    try:
        fixed = apply(data, edits, version)
    except (EditFailed, KeyError, ValueError) as exc:
        outcome.refused.append(f"not applied: {exc}")
        return outcome
    after = checker.check_bytes(fixed, path)
    old = {_identity(f) for f in before.findings}
    new = [f for f in after.findings if _identity(f) not in old]
    if new:
        listed = ", ".join(f"{f.rule} ({f.message})" for f in new[:3])
        outcome.refused.append(f"not applied: the fixed file would have new findings: {listed}")
        return outcome
    outcome.fixed, outcome.applied = fixed, by_rule
    outcome.remaining, outcome.result = after.findings, after
    return outcome
