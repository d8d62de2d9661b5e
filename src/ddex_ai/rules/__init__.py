"""All rules, by id. Importing this package registers every rule."""

from ddex_ai.rules import ai, platform, references, stages  # noqa: F401  (registration)
from ddex_ai.rules.registry import REGISTRY, Rule


def all_rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule | None:
    return REGISTRY.get(rule_id.upper())


def model_rules() -> list[Rule]:
    return [r for r in all_rules() if r.check is not None]


__all__ = ["REGISTRY", "Rule", "all_rules", "get_rule", "model_rules"]
