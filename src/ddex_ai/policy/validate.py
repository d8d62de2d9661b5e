"""Check a policy document key by key, so a mistake names its key and line.

The same format is described for editors and other tools by ``schemas/policy.schema.json``.
"""

from __future__ import annotations

from typing import Any

from ddex_ai.policy.source import PolicySource
from ddex_ai.rules import REGISTRY

TOP_LEVEL = (
    "name", "description", "extends", "select", "ignore", "severity", "options", "require-schemas",
    "cache",
)  # fmt: skip
LEVELS = ("error", "warning", "info", "off")
RESOURCE_KINDS = ("SoundRecording", "Video", "Image", "Text", "SheetMusic", "Software")
GLOBAL_OPTIONS = {
    "info-only-resource-kinds": "kinds of resource whose AI findings are info",
    "docs-url": "where each rule's documentation is, with {rule} for its id (SARIF helpUri)",
}


def validate(source: PolicySource) -> dict[str, Any]:
    """The document's settings, with rule options parsed; raises PolicyError on a mistake."""
    data = dict(source.data)
    for key in data:
        if key not in TOP_LEVEL:
            raise source.error(f"unknown key (known: {', '.join(TOP_LEVEL)})", key)
    for key in ("name", "description", "extends"):
        if key in data and not isinstance(data[key], str):
            raise source.error("must be a string", key)
    for key in ("select", "ignore"):
        if key in data:
            _patterns(source, key, data[key])
    for key in ("require-schemas", "cache"):
        if key in data and not isinstance(data[key], bool):
            raise source.error("must be true or false", key)
    if "severity" in data:
        _severities(source, data["severity"])
    if "options" in data:
        data["options"] = _options(source, data["options"])
    return data


def _patterns(source: PolicySource, key: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise source.error('must be a list of rule ids or prefixes, e.g. ["AI", "XSD001"]', key)
    for pattern in value:
        if pattern != "ALL" and not any(r.startswith(pattern) for r in REGISTRY):
            raise source.error(f"{pattern!r} matches no rule (see `ddex-ai rules`)", key)


def _severities(source: PolicySource, table: Any) -> None:
    if not isinstance(table, dict):
        raise source.error("must be a table of rule id = severity", "severity")
    for rule_id, level in table.items():
        if rule_id not in REGISTRY:
            raise source.error("no such rule (see `ddex-ai rules`)", "severity", rule_id)
        if level not in LEVELS:
            raise source.error(f"{level!r} is not one of {', '.join(LEVELS)}", "severity", rule_id)


def _options(source: PolicySource, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise source.error("must be a table", "options")
    parsed: dict[str, Any] = {}
    for key, value in table.items():
        if key == "info-only-resource-kinds":
            if not isinstance(value, list) or any(v not in RESOURCE_KINDS for v in value):
                raise source.error(
                    f"must be a list of resource kinds ({', '.join(RESOURCE_KINDS)})",
                    "options",
                    key,
                )
            parsed[key] = value
        elif key == "docs-url":
            if not isinstance(value, str) or "{rule}" not in value:
                raise source.error(
                    "must be a URL with {rule} where the rule id goes, e.g. "
                    '"https://docs.example.org/ddex-ai/{rule}"',
                    "options",
                    key,
                )
            parsed[key] = value
        elif key in REGISTRY:
            parsed[key] = _rule_options(source, key, value)
        else:
            known = ", ".join([*GLOBAL_OPTIONS, *(r for r in REGISTRY if REGISTRY[r].options)])
            raise source.error(f"unknown option (known: {known})", "options", key)
    return parsed


def _rule_options(source: PolicySource, rule_id: str, table: Any) -> dict[str, Any]:
    rule = REGISTRY[rule_id]
    if not isinstance(table, dict):
        raise source.error("must be a table of option = value", "options", rule_id)
    parsed = {}
    for name, value in table.items():
        option = rule.options.get(name)
        if option is None:
            known = ", ".join(rule.options) or "none"
            raise source.error(
                f"{rule_id} has no such option (options: {known})", "options", rule_id, name
            )
        try:
            parsed[name] = option.parse(value)
        except ValueError as exc:
            raise source.error(str(exc), "options", rule_id, name) from None
    return parsed
