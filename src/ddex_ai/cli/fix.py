"""``ddex-ai fix``: apply the fixes of the rules that have one; by default show them as a
diff and write nothing."""

from __future__ import annotations

import os
import sys

import click

from ddex_ai.cli.writing import (
    output_dir_problem,
    read_input,
    unified_diff,
    write_atomically,
    write_copy,
)


@click.command("fix")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--write", is_flag=True, help="Replace each file with its fixed version (atomically)."
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Write the files (fixed or as they were) below DIR, mirroring the folders given.",
)
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change a declared value.")
@click.option("--schemas", type=click.Path(file_okay=False), help="A folder of official ERN XSDs.")
@click.option("--policy", help="A policy pack or TOML file (as `check`).")
@click.option(
    "--glob", "globs", multiple=True, help="Which files to fix in folders (default *.xml)."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding this severe remains after the fixes.",
)
def fix_command(paths, write, output_dir, unsafe_fixes, schemas, policy, globs, fail_on) -> None:
    """Apply the fixes of rules that have one (`ddex-ai rules` says which: safe or unsafe).

    Without --write or --output-dir, print the changes as a unified diff and write nothing.
    Every fixed file is checked again; a fix that would make it XSD-invalid or add a finding
    is not applied. Exit status: 1 when findings at --fail-on remain, 2 on a usage error.
    """
    from ddex_ai.discovery import DEFAULT_GLOB, MissingPath, expand
    from ddex_ai.findings import Severity
    from ddex_ai.fixing import fix_bytes
    from ddex_ai.policy import PolicyError, load_policy
    from ddex_ai.results import reaches
    from ddex_ai.runner import CheckConfig
    from ddex_ai.schema_loader import SchemaRootError, configured_roots

    if write and output_dir:
        raise click.UsageError("--write and --output-dir: choose one")
    if output_dir and output_dir_problem(output_dir, list(paths)):
        raise click.UsageError(output_dir_problem(output_dir, list(paths)))
    try:
        inputs = expand(list(paths), tuple(globs) or (DEFAULT_GLOB,))
        checker = CheckConfig(tuple(configured_roots(schemas)), load_policy(policy)).checker()
    except (MissingPath, SchemaRootError, PolicyError) as exc:
        raise click.UsageError(str(exc)) from exc
    threshold = None if fail_on == "never" else Severity(fail_on)
    failing = False
    for item in inputs:
        data = read_input(item, "fixed")
        if data is None:
            failing = True
            continue
        outcome = fix_bytes(data, item.path, checker, unsafe_fixes)
        if output_dir:
            write_copy(item.path, list(paths), output_dir, outcome.fixed)
        elif write and outcome.changed:
            write_atomically(os.path.realpath(item.path), outcome.fixed, item.path)
        elif not write and outcome.changed:
            sys.stdout.write(unified_diff(outcome.path, outcome.original, outcome.fixed, "fixed"))
        _tell(outcome, write or bool(output_dir))
        failing = failing or reaches(outcome.remaining, threshold)
    sys.exit(1 if failing else 0)


def _tell(outcome, written: bool) -> None:
    applied = ", ".join(f"{rule} x{n}" for rule, n in sorted(outcome.applied.items()))
    verb = "fixed" if written else "would fix"
    parts = [f"{verb} {applied}" if applied else "no fix applied"]
    parts += outcome.refused
    remaining = sorted({f.rule for f in outcome.remaining})
    if remaining:
        parts.append(f"{len(outcome.remaining)} findings remain ({', '.join(remaining)})")
    click.echo(f"{outcome.path}: " + "; ".join(parts), err=True)
