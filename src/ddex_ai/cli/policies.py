"""``ddex-ai policies``: list the policy packs, or show what one policy does rule by rule."""

from __future__ import annotations

import json

import click

from ddex_ai.cli.console import make_console
from ddex_ai.names import printable


@click.command("policies")
@click.argument("policy", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def policies_command(policy: str | None, output_format: str) -> None:
    """List the policy packs, or show the rules and severities of POLICY (a pack or a file)."""
    from ddex_ai.policy import PolicyError, load_policy, pack_names, resolve
    from ddex_ai.policy.source import read_pack

    try:
        if policy is None:
            shown = [resolve(read_pack(name)) for name in pack_names()]
        else:
            shown = [load_policy(policy)]
    except PolicyError as exc:
        raise click.UsageError(printable(str(exc))) from exc
    if output_format == "json":
        click.echo(json.dumps([_as_dict(p) for p in shown], indent=2, default=str))
    elif policy is None:
        _print_packs(shown)
    else:
        _print_policy(shown[0])


def _as_dict(policy) -> dict:
    return {
        "name": policy.name,
        "description": policy.description,
        "severities": {rule: level.value for rule, level in sorted(policy.severities.items())},
        "options": {
            "info-only-resource-kinds": sorted(policy.info_only_resource_kinds),
            **{rule: dict(values) for rule, values in policy.rule_options.items()},
        },
    }


def _print_packs(policies) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Policy")
    table.add_column("What it checks", overflow="fold")
    for policy in policies:
        table.add_row(policy.name, policy.description)
    console = make_console()
    console.print(table)
    console.print(
        "Use one with: ddex-ai check --policy NAME …; show one with: ddex-ai policies NAME"
    )


def _print_policy(policy) -> None:
    from rich import box
    from rich.table import Table

    from ddex_ai.rules import all_rules

    console = make_console()
    console.print(f"[bold]{policy.name}[/bold]: {policy.description}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Rule")
    table.add_column("Severity")
    table.add_column("Options", overflow="fold")
    for rule in all_rules():
        level = policy.severity(rule.id)
        options = ", ".join(f"{k} = {v}" for k, v in policy.options_for(rule.id).items())
        table.add_row(rule.id, level.value if level else "off", options)
    console.print(table)
    if policy.info_only_resource_kinds:
        kinds = ", ".join(sorted(policy.info_only_resource_kinds))
        console.print(f"Findings only about {kinds} resources are info.")
