"""``ddex-ai upgrade``: bring ERN 4.3 messages to 4.3.2; by default show the changes as a
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


@click.command("upgrade")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--to",
    "target",
    type=click.Choice(["4.3.2"]),
    default="4.3.2",
    show_default=True,
    help="The ERN version to upgrade to.",
)
@click.option("--write", is_flag=True, help="Replace each file with its upgraded version.")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Write the upgraded files below DIR, mirroring the folders given.",
)
@click.option(
    "--untyped-titles",
    type=click.Choice(["auto", "refuse"]),
    default="auto",
    show_default=True,
    help="An AdditionalTitle without TitleType: map it (GroupingTitle in a ResourceGroup, "
    "else FormalTitle) or count it as a loss.",
)
@click.option(
    "--allow-loss",
    is_flag=True,
    help="Drop what ERN 4.3.2 has no place for (kept as an XML comment) instead of refusing.",
)
@click.option("--schemas", type=click.Path(file_okay=False), help="A folder of official ERN XSDs.")
@click.option(
    "--glob", "globs", multiple=True, help="Which files to upgrade in folders (default *.xml)."
)
@click.option(
    "--explain", is_flag=True, help="List what the upgrade changes, from the XSDs, and exit."
)
def upgrade_command(
    paths, target, write, output_dir, untyped_titles, allow_loss, schemas, globs, explain
) -> None:
    """Upgrade ERN 4.3 and 4.2 messages to 4.3.2, the version that can carry AI disclosure.

    Each message must be valid in its version (a 4.2 one goes through 4.3); the upgraded one
    is validated against the 4.3.2 XSD and must say the same about every release (ids,
    titles, artists, genres, deals). A
    message that would lose anything is not written, and the loss is listed. Without --write
    or --output-dir the changes are printed as a unified diff. Exit status: 1 when a file
    was not upgraded, 2 on a usage error.
    """
    from ddex_ai.discovery import DEFAULT_GLOB, MissingPath, expand
    from ddex_ai.schema_loader import SchemaRootError, SchemaStore, configured_roots
    from ddex_ai.upgrading import upgrade_bytes

    if write and output_dir:
        raise click.UsageError("--write and --output-dir: choose one")
    if output_dir and output_dir_problem(output_dir, list(paths)):
        raise click.UsageError(output_dir_problem(output_dir, list(paths)))
    try:
        store = SchemaStore(configured_roots(schemas))
    except SchemaRootError as exc:
        raise click.UsageError(str(exc)) from exc
    if explain:
        _explain(store, target)
        return
    if not paths:
        raise click.UsageError("give the files or folders to upgrade (or --explain)")
    try:
        inputs = expand(list(paths), tuple(globs) or (DEFAULT_GLOB,))
    except MissingPath as exc:
        raise click.UsageError(str(exc)) from exc
    counts = {"upgraded": 0, "current": 0, "refused": 0}
    for item in inputs:
        data = read_input(item, "upgraded")
        if data is None:
            counts["refused"] += 1
            continue
        outcome = upgrade_bytes(
            data, item.path, store, target, untyped_titles=untyped_titles, allow_loss=allow_loss
        )
        if outcome.ok and output_dir:
            write_copy(item.path, list(paths), output_dir, outcome.upgraded)
        elif outcome.ok and write and not outcome.current:
            write_atomically(os.path.realpath(item.path), outcome.upgraded, item.path)
        elif outcome.ok and not write and not outcome.current:
            sys.stdout.write(unified_diff(item.path, data, outcome.upgraded, f"ERN {target}"))
        counts["current" if outcome.current else "upgraded" if outcome.ok else "refused"] += 1
        _tell(outcome, write or bool(output_dir))
    click.echo(
        f"Upgraded {counts['upgraded']} file(s) to ERN {target}; {counts['current']} already "
        f"ERN {target}; {counts['refused']} not upgraded.",
        err=True,
    )
    sys.exit(1 if counts["refused"] else 0)


def _tell(outcome, written: bool) -> None:
    if outcome.current:
        click.echo(f"{outcome.path}: already ERN {outcome.target}: unchanged", err=True)
        return
    if not outcome.ok:
        click.echo(f"{outcome.path}: " + "; ".join(outcome.problems), err=True)
        for loss in outcome.losses:
            click.echo(f"  would lose: {loss}", err=True)
        return
    verb = "upgraded" if written else "would upgrade"
    changes = ", ".join(f"{what} x{n}" for what, n in sorted(outcome.changes.items()))
    click.echo(
        f"{outcome.path}: {verb} ERN {outcome.source} -> {outcome.target} ({changes})", err=True
    )
    for loss in outcome.losses:
        click.echo(f"  dropped (--allow-loss): {loss}", err=True)


def _explain(store, target: str) -> None:
    from ddex_ai.upgrading import explain

    try:
        lines = explain.describe(store, target)
    except explain.SchemasMissing as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo("\n".join(lines))
