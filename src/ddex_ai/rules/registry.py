"""The rule registry: every finding ddex-ai can report has a rule here, with its documentation.

Model rules are pure functions ``Message -> Iterable[Hit]``. Stage rules (reading, XSD) are
reported by the pipeline itself and are registered for their id, severity and documentation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message

Check = Callable[[Message], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity  # default severity, as in the default policy
    doc: str
    check: Check | None = None  # None: reported by a pipeline stage
    # Runs only on versions that can carry AI disclosure (ERN 4.3.1 and later).
    needs_ai_disclosure: bool = False

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    @property
    def stage(self) -> str:
        return "model" if self.check else "pipeline"


REGISTRY: dict[str, Rule] = {}


def _add(rule: Rule) -> Rule:
    if rule.id in REGISTRY:
        raise ValueError(f"rule {rule.id} registered twice")
    REGISTRY[rule.id] = rule
    return rule


def rule(
    rule_id: str, name: str, severity: Severity, *, needs_ai_disclosure: bool = False
) -> Callable[[Check], Check]:
    """Register a model rule; the function's docstring is its user documentation."""

    def register(check: Check) -> Check:
        doc = inspect.cleandoc(check.__doc__ or "")
        _add(Rule(rule_id, name, severity, doc, check, needs_ai_disclosure))
        return check

    return register


def stage_rule(rule_id: str, name: str, severity: Severity, doc: str) -> Rule:
    """Register a rule whose findings a pipeline stage reports."""
    return _add(Rule(rule_id, name, severity, inspect.cleandoc(doc)))
