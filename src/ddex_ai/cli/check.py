"""``ddex-ai check``: check ERN files and folders, report per file and per release."""

from __future__ import annotations

import contextlib
import os
import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMAT_NAMES = ["text", "json", "jsonl", "junit", "sarif", "csv"]


def _report_spec(ctx, param, values):
    """``--report FORMAT:FILE`` -> [(format, file)]."""
    specs = []
    for value in values:
        name, sep, path = value.partition(":")
        if not sep or not path or name not in FORMAT_NAMES:
            raise click.BadParameter(
                f"{value!r}: expected FORMAT:FILE with FORMAT one of {', '.join(FORMAT_NAMES)}"
            )
        specs.append((name, path))
    return specs


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE (atomically) instead of standard output.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    callback=_report_spec,
    metavar="FORMAT:FILE",
    help="Also write a report in FORMAT to FILE, e.g. --report sarif:ddex-ai.sarif. Repeatable.",
)
@click.option(
    "--policy",
    metavar="NAME|FILE",
    help="A policy pack (see `ddex-ai policies`) or a policy TOML file. Default: ddex-ai.toml "
    "or [tool.ddex-ai] in pyproject.toml found upward from here, else the ddex pack.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe (never: only usage errors fail).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="A previous JSON (or JSON Lines) report: report only findings that are not in it.",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Write this run's findings to the --baseline FILE, accepting them all (exit 0).",
)
@click.option(
    "--schemas",
    type=click.Path(file_okay=False),
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
def check(**options) -> None:
    """Check ERN files and folders (searched recursively for *.xml).

    Exit status: 0 when no finding reaches --fail-on, 1 when one does (or a file could not
    be checked), 2 on a usage error, 130 when interrupted (the reports then hold the files
    that finished).
    """
    from ddex_ai.baseline import Baseline, BaselineError
    from ddex_ai.discovery import MissingPath, expand
    from ddex_ai.policy import PolicyError, load_policy
    from ddex_ai.schema_loader import SchemaRootError, configured_roots

    if options["write_baseline"] and not options["baseline"]:
        raise click.UsageError("--write-baseline needs --baseline FILE to write to")
    try:
        inputs = expand(list(options["paths"]))
        roots = configured_roots(options["schemas"])
        policy = load_policy(options["policy"])
        baseline = None
        if options["baseline"] and not options["write_baseline"]:
            baseline = Baseline.read(options["baseline"])
    except (MissingPath, SchemaRootError, PolicyError, BaselineError) as exc:
        raise click.UsageError(str(exc)) from exc
    sys.exit(_run(inputs, roots, policy, baseline, options))


def _run(inputs, roots, policy, baseline, options) -> int:
    from ddex_ai import __version__
    from ddex_ai.atomic import atomic_output
    from ddex_ai.checker import Checker
    from ddex_ai.findings import Severity
    from ddex_ai.reporters import ReportContext, make_reporter
    from ddex_ai.results import Summary
    from ddex_ai.schema_loader import SchemaStore

    fail_on = None if options["fail_on"] == "never" else Severity(options["fail_on"])
    checker = Checker(SchemaStore(roots), policy, debug=options["debug"])
    summary = Summary(waived=0 if baseline else None)
    failed = interrupted = False
    with contextlib.ExitStack() as stack:

        def reporter(name, path, color_choice="never"):
            stream = stack.enter_context(atomic_output(path)) if path else sys.stdout
            context = ReportContext(__version__, policy, _use_color(color_choice, stream), fail_on)
            return make_reporter(name, stream, context)

        reporters = [reporter(options["output_format"], options["output"], options["color"])]
        reporters += [reporter(name, path) for name, path in options["reports"]]
        recorder = reporter("json", options["baseline"]) if options["write_baseline"] else None
        try:
            for item in inputs:
                result = checker.check_input(item)
                if recorder:
                    recorder.file_done(result)
                if baseline:
                    result = baseline.apply(result)
                    summary.waived = baseline.waived
                summary.add(result)
                for each in reporters:
                    each.file_done(result)
                failed = failed or result.fails(fail_on)
        except KeyboardInterrupt:
            # Stop, but still write the files that finished as whole reports.
            interrupted = True
        for each in [*reporters, recorder] if recorder else reporters:
            each.finish(summary)
    if interrupted:
        click.echo(f"interrupted: {summary.files} of {len(inputs)} files checked", err=True)
        return EXIT_INTERRUPTED
    if options["write_baseline"]:
        count = sum(summary.rules.values())
        click.echo(f"wrote {count} findings to the baseline {options['baseline']}", err=True)
        return EXIT_OK
    return EXIT_FINDINGS if failed else EXIT_OK


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()
