"""The ``ddex-ai`` command. A subcommand's module is imported only when it runs (or when
help lists it): a one-file check does not pay for ``fix``, ``upgrade`` and the rest."""

from __future__ import annotations

import importlib

import click

from ddex_ai import __version__

# name -> (module, attribute) of each subcommand
SUBCOMMANDS = {
    "cache": ("ddex_ai.cli.cache", "cache_command"),
    "check": ("ddex_ai.cli.check", "check"),
    "fix": ("ddex_ai.cli.fix", "fix_command"),
    "policies": ("ddex_ai.cli.policies", "policies_command"),
    "rules": ("ddex_ai.cli.rules", "rules_command"),
    "schemas": ("ddex_ai.cli.schemas", "schemas_command"),
    "upgrade": ("ddex_ai.cli.upgrade", "upgrade_command"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in SUBCOMMANDS:
            return None
        module, attribute = SUBCOMMANDS[name]
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ddex-ai")
def main() -> None:
    """Check the AI-disclosure metadata of DDEX ERN release deliveries."""
