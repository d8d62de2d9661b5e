"""``ddex-ai check``: check ERN files and folders, report per file and per release."""

from __future__ import annotations

import os
import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to FILE (atomically) instead of standard output.",
)
@click.option(
    "--schemas",
    type=click.Path(file_okay=False),
    envvar=None,
    help="Folder of official ERN XSDs laid out as ern/<version>/release-notification.xsd "
    "(searched before $DDEX_AI_SCHEMAS).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in the text report; auto: only on a terminal, and not when NO_COLOR is set.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths, output_format, output, schemas, color, debug):
    """Check ERN files and folders (searched recursively for *.xml).

    Exit status: 0 when no finding is an error, 1 when one is (or a file could not be
    checked), 2 on a usage error, 130 when interrupted (the report then holds the files
    that finished).
    """
    from ddex_ai.discovery import MissingPath, expand
    from ddex_ai.schema_loader import SchemaRootError, configured_roots

    try:
        inputs = expand(list(paths))
        roots = configured_roots(schemas)
    except (MissingPath, SchemaRootError) as exc:
        raise click.UsageError(str(exc)) from exc
    exit_code = _run(inputs, roots, output_format, output, color, debug)
    sys.exit(exit_code)


def _run(inputs, roots, output_format, output, color, debug) -> int:
    import contextlib

    from ddex_ai import __version__
    from ddex_ai.atomic import atomic_output
    from ddex_ai.checker import Checker
    from ddex_ai.policy import Policy
    from ddex_ai.reporters import ReportContext, make_reporter
    from ddex_ai.results import Summary
    from ddex_ai.schema_loader import SchemaStore

    policy = Policy()
    checker = Checker(SchemaStore(roots), policy, debug=debug)
    summary = Summary()
    failed = interrupted = False
    with contextlib.ExitStack() as stack:
        stream = stack.enter_context(atomic_output(output)) if output else sys.stdout
        context = ReportContext(__version__, policy.name, _use_color(color, stream))
        reporter = make_reporter(output_format, stream, context)
        try:
            for item in inputs:
                result = checker.check_input(item)
                summary.add(result)
                reporter.file_done(result)
                failed = failed or result.fails_run
        except KeyboardInterrupt:
            # Stop, but still write the files that finished as a whole report.
            interrupted = True
        reporter.finish(summary)
    if interrupted:
        click.echo(f"interrupted: {summary.files} of {len(inputs)} files checked", err=True)
        return EXIT_INTERRUPTED
    return EXIT_FINDINGS if failed else EXIT_OK


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()
