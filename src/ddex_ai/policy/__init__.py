"""Policies: which rules run and at what severity, as data (TOML), never code.

A policy is a pack shipped with ddex-ai (``ddex``, ``strict``, ``spotify``,
``no-ai-training``), a TOML file, or ``[tool.ddex-ai]`` in a pyproject.toml. It may extend
another; ``select``/``ignore`` replace the parent's, ``[severity]`` and ``[options]`` are
merged key by key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from ddex_ai.findings import Hit, Severity
from ddex_ai.policy.source import (
    PolicyError,
    PolicySource,
    find_project_config,
    pack_names,
    read_file,
    read_pack,
)
from ddex_ai.policy.validate import validate
from ddex_ai.records import record
from ddex_ai.rules import REGISTRY

DEFAULT_POLICY = "ddex"
# Reports of a file that could not be checked: never turned off, so no file is lost.
ALWAYS_ON = ("IO001", "IO002", "INT001", "INT002")

__all__ = [
    "DEFAULT_POLICY",
    "Policy",
    "PolicyError",
    "load_policy",
    "pack_names",
    "resolve",
]


@record(frozen=True)
class Policy:
    name: str = DEFAULT_POLICY
    description: str = ""
    # Severity of every rule the policy runs; a rule absent here is off.
    severities: Mapping[str, Severity] = field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Findings only about resources of these kinds are information (e.g. artwork for Spotify).
    info_only_resource_kinds: frozenset[str] = frozenset()
    require_schemas: bool = False  # XSD002 (no XSD for the version) is an error
    cache: bool = False  # the project asks for the result cache (`cache = true`)
    origin: str = "the default pack"  # where it came from, for people (`--show-settings`)
    docs_url: str | None = None  # "https://…/{rule}": where rule documentation is (SARIF)

    def severity(self, rule_id: str) -> Severity | None:
        """The severity a rule's findings get, or None when the policy turns the rule off."""
        return self.severities.get(rule_id)

    def severity_for(self, rule_id: str, hit: Hit) -> Severity | None:
        severity = self.severity(rule_id)
        kinds = set(hit.resource_kinds)
        if severity is not None and kinds and kinds <= self.info_only_resource_kinds:
            return Severity.INFO
        return severity

    def overlaid(
        self,
        select: tuple[str, ...] = (),
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, str] | None = None,
    ) -> Policy:
        """The policy with the command line's selection on top, as ruff's: ``select``
        replaces the rules the policy runs, ``extend_select`` adds, ``ignore`` removes,
        ``severity`` sets levels ("off" turns a rule off). A rule the policy left off runs
        at its default severity when selected."""
        severities = dict(self.severities)
        level = lambda rule_id: self.severities.get(rule_id, REGISTRY[rule_id].severity)  # noqa: E731
        if select:
            chosen = _matching(list(select))
            severities = {r: level(r) for r in REGISTRY if r in chosen or r in ALWAYS_ON}
        for rule_id in _matching(list(extend_select)):
            severities[rule_id] = level(rule_id)
        for rule_id in _matching(list(ignore)):
            if rule_id not in ALWAYS_ON:
                severities.pop(rule_id, None)
        for rule_id, value in (severity or {}).items():
            if value == "off":
                if rule_id not in ALWAYS_ON:
                    severities.pop(rule_id, None)
            else:
                severities[rule_id] = Severity(value)
        return replace(self, severities=severities)

    def requiring_schemas(self) -> Policy:
        """This policy with XSD002 an error (``--require-schemas``)."""
        severities = {**self.severities, "XSD002": Severity.ERROR}
        return replace(self, severities=severities, require_schemas=True)

    def options_for(self, rule_id: str) -> Mapping[str, Any]:
        return self.rule_options.get(rule_id, {})

    @classmethod
    def default(cls) -> Policy:
        return resolve(read_pack(DEFAULT_POLICY))


def load_policy(value: str | None, cwd: Path | None = None, isolated: bool = False) -> Policy:
    """``--policy NAME|PATH``; without it the project's config found upward (unless
    ``isolated``), else ``ddex``. The policy says where it came from (``origin``)."""
    if value:
        if value in pack_names():
            return replace(resolve(read_pack(value)), origin=f"pack {value}, from --policy")
        path = Path(value).expanduser()
        if path.suffix == ".toml" or path.exists() or "/" in value:
            return replace(resolve(read_file(path, value)), origin=f"{value}, from --policy")
        raise PolicyError(value, f"no such policy pack or file; packs: {', '.join(pack_names())}")
    found = None if isolated else find_project_config(cwd or Path.cwd())
    if found is not None:
        return replace(resolve(read_file(found)), origin=f"{found}, the project's configuration")
    return replace(resolve(read_pack(DEFAULT_POLICY)), origin="the default pack")


def resolve(source: PolicySource) -> Policy:
    config = _merged(source, seen=())
    selected = _matching(config.get("select", ["ALL"]))
    ignored = _matching(config.get("ignore", []))
    severities = {}
    for rule_id, rule in REGISTRY.items():
        level = config["severity"].get(rule_id, rule.severity.value)
        if rule_id in ALWAYS_ON:
            severities[rule_id] = Severity(level if level != "off" else rule.severity.value)
        elif rule_id in selected and rule_id not in ignored and level != "off":
            severities[rule_id] = Severity(level)
    if config.get("require-schemas"):  # no green run without schemas: XSD002 is an error
        severities["XSD002"] = Severity.ERROR
    options = config["options"]
    return Policy(
        name=config.get("name", source.name),
        description=config.get("description", ""),
        severities=severities,
        rule_options={k: v for k, v in options.items() if isinstance(v, dict)},
        info_only_resource_kinds=frozenset(options.get("info-only-resource-kinds", ())),
        require_schemas=bool(config.get("require-schemas")),
        cache=bool(config.get("cache")),
        docs_url=options.get("docs-url"),
    )


MAX_EXTENDS = 32  # policies in one extends chain


def _identity(source: PolicySource) -> str:
    """The same policy however its path is spelt (relative, .., links)."""
    return f"file:{os.path.realpath(source.path)}" if source.path else f"pack:{source.name}"


def _merged(source: PolicySource, seen: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The source's settings over those of the policy it extends (already validated)."""
    chain = " -> ".join((*(name for _, name in seen), source.name))
    if _identity(source) in {key for key, _ in seen}:
        raise source.error(f"extends itself ({chain})", "extends")
    if len(seen) >= MAX_EXTENDS:
        raise source.error(
            f"the extends chain is longer than {MAX_EXTENDS} policies ({chain})", "extends"
        )
    seen = (*seen, (_identity(source), source.name))
    data = validate(source)
    parent_name = data.get("extends")
    if parent_name is None:
        merged: dict[str, Any] = {"severity": {}, "options": {}}
    elif parent_name in pack_names():
        merged = _merged(read_pack(parent_name), seen)
    else:
        path = source.relative(parent_name)
        if not path.is_file():
            raise source.error(f"extends {parent_name!r}: no such pack or file", "extends")
        merged = _merged(read_file(path), seen)
    for key in ("select", "ignore", "description", "require-schemas", "cache"):
        if key in data:
            merged[key] = data[key]
    if "name" in data:
        merged["name"] = data["name"]
    else:
        merged.pop("name", None)  # a child is named after its own file
    merged["severity"] = {**merged["severity"], **data.get("severity", {})}
    options = dict(merged["options"])
    for key, value in data.get("options", {}).items():
        options[key] = {**options.get(key, {}), **value} if isinstance(value, dict) else value
    merged["options"] = options
    return merged


def _matching(patterns: list[str]) -> set[str]:
    if "ALL" in patterns:
        return set(REGISTRY)
    return {rule_id for rule_id in REGISTRY if any(rule_id.startswith(p) for p in patterns)}
