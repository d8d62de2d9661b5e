"""``ddex-ai rules``: list the rules, or explain one (like ``ruff rule``)."""

from __future__ import annotations

import functools
import json

import click

from ddex_ai.cli.console import make_console
from ddex_ai.profile_catalog import PROFILES, VARIANTS


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools.",
)
@click.option(
    "--profile",
    type=click.Choice([*PROFILES, *VARIANTS]),
    help="Only the checks of this release profile (or variant), with their official rule ids.",
)
def rules_command(rule_id: str | None, output_format: str, profile: str | None) -> None:
    """List every rule, or explain RULE_ID: what it checks, why it matters, how to fix it.

    Rule ids: AI (AI disclosure), ID (identifier check digits), REF (references), RP
    (release-profile 2.1 checks: RP000-RP059 follow the Audio profile's rules 1000-1059,
    RP033-RP037 the generic rules G.1-G.5, RP100 on the other profiles' and variants'),
    IO/ERN/XSD/INT (reading, XSD and internal stages).
    """
    from ddex_ai.rules import all_rules, get_rule

    if profile is not None and rule_id is None:
        chosen = [r for r in all_rules() if r.profile and profile in r.profile.official]
        if output_format == "json":
            click.echo(json.dumps([_as_dict(r) for r in chosen], indent=2))
        else:
            _print_profile_table(chosen, profile)
        return
    if rule_id is None:
        chosen = all_rules()
    else:
        rule = get_rule(rule_id)
        if rule is None:
            known = ", ".join(r.id for r in all_rules())
            raise click.BadParameter(
                f"no rule {rule_id!r}; known rules: {known}", param_hint="RULE_ID"
            )
        chosen = [rule]
    if output_format == "json":
        click.echo(json.dumps([_as_dict(r) for r in chosen], indent=2))
    elif rule_id is None:
        _print_table(chosen)
    else:
        _print_doc(chosen[0])


@functools.cache
def _default_policy():
    from ddex_ai.policy import Policy

    return Policy.default()


def _as_dict(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "ern_4_3_1_and_later_only": rule.needs_ai_disclosure,
        "on_in_default_policy": _default_policy().severity(rule.id) is not None,
        "profile_rules": dict(rule.profile.official) if rule.profile else None,
        "profile_roles": dict(rule.profile.roles) if rule.profile else None,
        "fix": rule.fix_safety,  # "safe", "unsafe", or None: no fix
        "documentation": rule.doc,
    }


def _print_table(rules) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Name", no_wrap=True)  # whole: it is what --select and docs name
    table.add_column("Default", no_wrap=True)
    table.add_column("Fix", no_wrap=True)
    table.add_column("What it reports", overflow="fold")
    from ddex_ai.policy import Policy

    policy = Policy.default()
    for rule in rules:
        # A rule the default policy leaves off says so (select it to run it).
        level = rule.severity.value if policy.severity(rule.id) else f"off ({rule.severity.value})"
        fix = rule.fix_safety or ""
        table.add_row(rule.id, rule.name, level, fix, rule.summary.replace("`", ""))
    console = make_console()
    console.print(table)
    console.print("Explain one with: ddex-ai rules <ID>")


def _print_profile_table(rules, profile: str) -> None:
    from rich import box
    from rich.table import Table

    from ddex_ai.rules.profiles.base import ROLE_NAMES

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"Release profile 2.1: {profile}")
    for column in ("Rule", "Official", "Role", "Default", "What it reports"):
        table.add_column(column, overflow="fold")
    for rule in sorted(rules, key=lambda r: r.profile.official[profile]):
        spec = rule.profile
        number = spec.official[profile]
        official = ", ".join(number if not sub else f"{number}-{sub}" for sub in spec.roles)
        roles = ", ".join(sorted({ROLE_NAMES[r] for r in spec.roles.values()}))
        table.add_row(rule.id, official, roles, rule.severity.value, rule.summary.replace("`", ""))
    console = make_console()
    console.print(table)
    console.print(
        f"{len(rules)} checks. info: a conditional rule ddex-ai cannot assess (off in the "
        "default policy). Explain one with: ddex-ai rules <ID>"
    )


def _print_doc(rule) -> None:
    from rich.markdown import Markdown

    console = make_console()
    scope = " Applies to ERN 4.3.1 and later." if rule.needs_ai_disclosure else ""
    console.print(
        f"[bold]{rule.id}[/bold] ({rule.name}) · default severity: {rule.severity.value}.{scope}"
    )
    console.print(rule.fix_label + (f": {_fix_summary(rule)}" if rule.fix else "."), markup=False)
    console.print()
    console.print(Markdown(rule.doc))


def _fix_summary(rule) -> str:
    """The fix's docstring, on one line: what it does (`ddex-ai fix`)."""
    doc = " ".join((rule.fix.__doc__ or "").split())
    return doc or "see `ddex-ai fix`"
