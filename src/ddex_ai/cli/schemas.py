"""``ddex-ai schemas``: get DDEX's official XSDs onto this machine, and see which are used."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ddex_ai.cli.console import make_console
from ddex_ai.names import printable
from ddex_ai.schema_catalog import OFFICIAL_BASE


@click.group("schemas")
def schemas_command() -> None:
    """Install and list the official ERN schemas (validation itself never uses the network)."""


def _versions(values: tuple[str, ...]):
    from ddex_ai.schema_catalog import catalog
    from ddex_ai.versions import version_from_code

    if not values:
        return [entry.version for entry in catalog()]
    versions = []
    for value in values:
        version = version_from_code(value)
        if version is None:
            known = ", ".join(e.version.label for e in catalog())
            raise click.BadParameter(
                f"{value!r} is not an ERN version ({known})", param_hint="VERSION"
            )
        versions.append(version)
    return versions


def _install_each(versions, install) -> None:
    """Install version by version, a line each; a failure does not stop the others, but
    makes the exit status 1."""
    from ddex_ai.schema_install import InstallError
    from ddex_ai.schema_loader import cache_dir

    failed = 0
    for version, *args in versions:
        try:
            outcome = install(cache_dir(), version, *args)
        except InstallError as exc:
            failed += 1
            click.echo(f"ERN {version}: not installed: {exc}", err=True)
            continue
        avs = f", AVS {outcome.avs_version}" if outcome.avs_version else ""
        click.echo(f"ERN {version}: installed {outcome.files} files{avs} in {outcome.folder}")
    if failed:
        sys.exit(1)


@schemas_command.command("fetch")
@click.argument("versions", nargs=-1)
@click.option(
    "--base-url",
    default=OFFICIAL_BASE,
    show_default=True,
    help="Where the files are: DDEX's site, or a mirror laid out like it.",
)
def fetch_command(versions: tuple[str, ...], base_url: str) -> None:
    """Download the schemas of VERSIONs (default: every version in the catalogue).

    Each set is checked (well-formed, compiling) and installed in the cache in one step; a
    failed download leaves the cache as it was.
    """
    from ddex_ai.schema_install import fetch, http_reader

    read = http_reader(base_url)
    _install_each([(version, read, base_url) for version in _versions(versions)], fetch)


@schemas_command.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_command(folder: Path) -> None:
    """Install the schema sets found in FOLDER (e.g. DDEX's offline zip, unpacked).

    Every release-notification.xsd in it is installed with the files it imports, found
    beside it as its imports name them.
    """
    from ddex_ai.schema_install import InstallError, find_sets, import_set

    try:
        sets = find_sets(folder)
    except InstallError as exc:
        raise click.UsageError(printable(str(exc))) from exc
    if not sets:
        raise click.UsageError(f"{folder} holds no release-notification.xsd")
    _install_each([(version, path, str(folder)) for version, path in sets], import_set)


@schemas_command.command("list")
@click.option("--schemas", type=click.Path(file_okay=False), help="As for `ddex-ai check`.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_command(schemas: str | None, output_format: str) -> None:
    """Per ERN version: the schema `ddex-ai check` would use, where it comes from, its AVS
    version and sha256."""
    from ddex_ai.schema_catalog import catalog
    from ddex_ai.schema_loader import SchemaRootError, SchemaStore, configured_roots

    try:
        store = SchemaStore(configured_roots(schemas))
    except SchemaRootError as exc:
        raise click.UsageError(printable(str(exc))) from exc
    rows = []
    for entry in catalog():
        files = store.files(entry.version)
        rows.append(
            {
                "version": entry.version.label,
                "origin": files.origin if files else None,
                "path": str(files.path) if files else None,
                "avs_version": files.avs_version if files else None,
                "sha256": files.sha256 if files else None,
            }
        )
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    _print_rows(rows, [f"{r.path} ({r.origin})" for r in store.roots])


def _print_rows(rows: list[dict], searched: list[str]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("ERN", "From", "AVS", "sha256", "Path"):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row["path"] is None:
            table.add_row(row["version"], "[red]missing[/]", "-", "-", "-")
        else:
            sha = row["sha256"][:16] + "…"
            table.add_row(
                row["version"], row["origin"], row["avs_version"] or "-", sha, row["path"]
            )
    console = make_console()
    console.print(table)
    console.print("Searched, in order: " + ("; ".join(searched) or "nothing configured"))
    console.print("Install a missing version with: ddex-ai schemas fetch VERSION")


@schemas_command.command("path")
def path_command() -> None:
    """Print the cache folder that `schemas fetch` and `schemas import` install into."""
    from ddex_ai.schema_loader import cache_dir

    click.echo(str(cache_dir()))
