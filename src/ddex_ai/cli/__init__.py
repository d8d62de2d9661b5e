"""The ``ddex-ai`` command. Subcommands import their heavy dependencies only when they run."""

from __future__ import annotations

import click

from ddex_ai import __version__
from ddex_ai.cli.cache import cache_command
from ddex_ai.cli.check import check
from ddex_ai.cli.fix import fix_command
from ddex_ai.cli.policies import policies_command
from ddex_ai.cli.rules import rules_command
from ddex_ai.cli.schemas import schemas_command
from ddex_ai.cli.upgrade import upgrade_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ddex-ai")
def main() -> None:
    """Check the AI-disclosure metadata of DDEX ERN release deliveries."""


main.add_command(check)
main.add_command(rules_command)
main.add_command(policies_command)
main.add_command(schemas_command)
main.add_command(cache_command)
main.add_command(fix_command)
main.add_command(upgrade_command)
