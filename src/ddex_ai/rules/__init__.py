"""All rules, by id. Importing this package registers every rule."""

from ddex_ai.rules import ai, identifiers, platform, profiles, references, stages  # noqa: F401
from ddex_ai.rules.registry import REGISTRY, Rule


def all_rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule | None:
    return REGISTRY.get(rule_id.upper())


def model_rules() -> list[Rule]:
    """Rules that run on every message's model (not the release-profile rules)."""
    return [r for r in all_rules() if r.check is not None and r.profile is None]


def profile_rules() -> list[Rule]:
    """The release-profile rules; the profile stage runs those of the message's profile."""
    return [r for r in all_rules() if r.profile is not None]


__all__ = ["REGISTRY", "Rule", "all_rules", "get_rule", "model_rules", "profile_rules"]
