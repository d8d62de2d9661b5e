"""Which rules run and at what severity. Issue #4 loads policies from TOML packs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ddex_ai.findings import Severity
from ddex_ai.rules import get_rule

DEFAULT_POLICY = "ddex"


@dataclass(frozen=True)
class Policy:
    name: str = DEFAULT_POLICY
    # Rule id -> severity; a rule absent here keeps its registered default severity.
    severities: Mapping[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()

    def severity(self, rule_id: str) -> Severity | None:
        """The severity a rule's findings get, or None when the policy turns the rule off."""
        if rule_id in self.disabled:
            return None
        if rule_id in self.severities:
            return self.severities[rule_id]
        rule = get_rule(rule_id)
        return rule.severity if rule else Severity.ERROR
