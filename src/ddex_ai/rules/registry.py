"""The rule registry: every finding ddex-ai can report has a rule here, with its documentation.

Model rules are pure functions ``Message -> Iterable[Hit]`` (or ``(Message, options)`` for a
rule with options, which policies set). Stage rules (reading, XSD) are reported by the
pipeline itself and are registered for their id, severity and documentation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from typing import Any

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message
from ddex_ai.records import record

Check = Callable[..., Iterable[Hit]]


@record(frozen=True, slots=True)
class Option:
    """A rule option a policy can set: its default, how a TOML value is read, what it means."""

    default: Any
    parse: Callable[[Any], Any]
    help: str


@record(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity  # the severity a policy starts from
    doc: str
    check: Check | None = None  # None: reported by a pipeline stage
    # Runs only on versions that can carry AI disclosure (ERN 4.3.1 and later).
    needs_ai_disclosure: bool = False
    options: Mapping[str, Option] = field(default_factory=dict)
    # A release-profile rule: its official side (ddex_ai.rules.profiles.base.ProfileCheck).
    profile: Any = None
    # Its fix, beside it in the rule's module: ``Message -> Iterable[edit]`` (fixing.edits).
    fix: Callable[..., Iterable[Any]] | None = None
    fix_safety: str | None = (
        None  # "safe": derives what the message states; "unsafe": changes a value
    )

    @property
    def fix_label(self) -> str:
        return f"Fix: {self.fix_safety}" if self.fix else "Fix: none"

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    def run(self, message: Message, options: Mapping[str, Any] | None = None) -> Iterable[Hit]:
        """The rule's hits; ``options`` are parsed values (defaults when not given)."""
        if not self.options:
            return self.check(message)
        values = {name: option.parse(option.default) for name, option in self.options.items()}
        values.update(options or {})
        return self.check(message, values)


REGISTRY: dict[str, Rule] = {}


def _add(rule: Rule) -> Rule:
    if rule.id in REGISTRY:
        raise ValueError(f"rule {rule.id} registered twice")
    REGISTRY[rule.id] = rule
    return rule


def rule(
    rule_id: str,
    name: str,
    severity: Severity,
    *,
    needs_ai_disclosure: bool = False,
    options: Mapping[str, Option] | None = None,
) -> Callable[[Check], Check]:
    """Register a model rule; the function's docstring is its user documentation."""

    def register(check: Check) -> Check:
        doc = inspect.cleandoc(check.__doc__ or "")
        _add(Rule(rule_id, name, severity, doc, check, needs_ai_disclosure, dict(options or {})))
        return check

    return register


def fix(rule_id: str, safety: str) -> Callable[[Callable], Callable]:
    """Register the fix of a registered rule: ``safe`` (it inserts only what the message
    already states) or ``unsafe`` (it changes a declared value)."""
    if safety not in ("safe", "unsafe"):
        raise ValueError(f"fix safety {safety!r}")

    def register(function: Callable) -> Callable:
        from dataclasses import replace

        REGISTRY[rule_id] = replace(REGISTRY[rule_id], fix=function, fix_safety=safety)
        return function

    return register


def stage_rule(rule_id: str, name: str, severity: Severity, doc: str) -> Rule:
    """Register a rule whose findings a pipeline stage reports."""
    return _add(Rule(rule_id, name, severity, inspect.cleandoc(doc)))
