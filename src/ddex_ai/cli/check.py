"""``ddex-ai check``: check ERN files and folders, report per file and per release."""

from __future__ import annotations

import sys

import click

from ddex_ai.names import printable
from ddex_ai.profile_catalog import PROFILES as PROFILE_NAMES
from ddex_ai.profile_catalog import VARIANTS as VARIANT_NAMES

EXIT_FINDINGS = 1

FORMAT_NAMES = [
    "text", "json", "jsonl", "junit", "sarif", "csv", "csv-findings", "concise", "github", "gitlab",
    "html",
]  # fmt: skip


_SIZE_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_SIZE_UNITS.update({"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40})


class FileSize(click.ParamType):
    """``2GB``, ``500MB``, ``64KiB`` or a number of bytes."""

    name = "size"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().replace(" ", "")
        number = text.rstrip("KMGTIB")
        unit = text[len(number) :]
        try:
            size = int(float(number) * _SIZE_UNITS[unit])
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size such as 2GB, 500MB or 1048576", param, ctx)
        if size < 1:
            self.fail(f"{value!r}: the size must be at least 1 byte", param, ctx)
        return size


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
@click.argument("paths", nargs=-1, type=click.Path())
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
    "--force",
    is_flag=True,
    help="With --write-baseline: write it even when the run was interrupted or a file could "
    "not be checked (INT001).",
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
    help="Colour in the text report; auto: on a terminal or when FORCE_COLOR is set, never "
    "when NO_COLOR is set.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: the number of CPUs). Output order is the same whatever N.",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATTERN",
    help="Which files to check in folders (default *.xml). Repeatable.",
)
@click.option(
    "--files-from",
    metavar="LIST",
    help="Also check the paths listed in LIST, one per line (with -0: NUL-separated); "
    "- reads the list from standard input. A listed path that does not exist gets IO001.",
)
@click.option(
    "-0",
    "--null",
    is_flag=True,
    help="--files-from names are separated by NUL bytes (as find -print0 writes them).",
)
@click.option(
    "--max-file-size",
    type=FileSize(),
    default="2GB",
    show_default=True,
    metavar="SIZE",
    help="Files (and standard input) larger than this get IO002 instead of being read: "
    "bytes, or with a unit (KB, MB, GB; KiB, MiB, GiB).",
)
@click.option(
    "--timeout-per-file",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="A file whose check takes longer gets INT001 (timed out) and the run goes on; "
    "0: no limit.",
)
@click.option(
    "--max-findings-per-file",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    metavar="N",
    help="List at most N findings of a file, then one (INT002) counting the rest; 0: all.",
)
@click.option(
    "--profile",
    type=click.Choice(["auto", "none", *PROFILE_NAMES]),
    default="auto",
    show_default=True,
    help="Release profile to check ERN 4 messages against: auto, the one the message names "
    "in ReleaseProfileVersionId; none, no profile checks.",
)
@click.option(
    "--variant",
    "variants",
    type=click.Choice(list(VARIANT_NAMES)),
    multiple=True,
    help="Check against a profile variant too (repeatable); default: the variants the "
    "message names in ReleaseProfileVariantVersionId.",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="RULES",
    help="Run only these rules (ids or prefixes, comma-separated; repeatable), on top of the "
    "policy, as ruff's --select.",
)
@click.option(
    "--extend-select", multiple=True, metavar="RULES", help="Run these rules too (repeatable)."
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option(
    "--severity",
    "severities",
    multiple=True,
    metavar="RULE=LEVEL",
    help="Give a rule a severity: error, warning, info or off (repeatable).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print the number of findings of each rule (all of them) instead of the report; "
    "the exit status is the usual one.",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the resolved settings (policy and where it came from, every rule's severity, "
    "options, schema folders) and exit.",
)
@click.option(
    "--isolated",
    is_flag=True,
    help="Ignore project configuration files (ddex-ai.toml, pyproject.toml [tool.ddex-ai]).",
)
@click.option(
    "--dask",
    "dask_address",
    envvar="DASK_SCHEDULER_ADDRESS",
    metavar="ADDRESS",
    help="Check on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; "
    "$DASK_SCHEDULER_ADDRESS), or on a new local one: --dask local (with --jobs workers). "
    "Needs ddex-ai[dask]; workers read the files themselves.",
)
@click.option(
    "--remote-client",
    type=click.Choice(["fsspec", "obstore"]),
    default="fsspec",
    show_default=True,
    envvar="DDEX_AI_REMOTE_CLIENT",
    help="How s3://, gs:// and az:// inputs are read: fsspec's file systems (s3fs, gcsfs, "
    "adlfs; credentials as their SDKs find them, AWS profiles included) or obstore (pip "
    "install 'ddex-ai[obstore]'; Rust, about a fifth of s3fs's CPU an object; credentials "
    "from the environment and instance metadata). $DDEX_AI_REMOTE_CLIENT.",
)
@click.option(
    "--cache/--no-cache",
    "use_cache",
    default=None,
    help="Report files unchanged since a cached run from the result cache, and store new "
    "results there (`cache = true` in the project's configuration turns it on; --no-cache "
    "turns it off for this run). Off by default.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where the result cache is (implies --cache); default: the user cache folder.",
)
@click.option(
    "--require-schemas",
    is_flag=True,
    help="A file whose ERN version has no XSD here (XSD002) is an error: no green run "
    "without schemas (the policy key require-schemas; strict and spotify set it).",
)
@click.option(
    "--csv-bom/--no-csv-bom",
    default=True,
    show_default=True,
    help="CSV for spreadsheets: a UTF-8 byte order mark, and identifiers of digits written so "
    'that Excel and LibreOffice keep them as text (="0060..."); --no-csv-bom: plain CSV for tools.',
)
@click.option(
    "--stdin-filename",
    default="stdin.xml",
    show_default=True,
    metavar="NAME",
    help="The name standard input (-) has in every report.",
)
@click.option(
    "--allow-empty", is_flag=True, help="A run that finds no file to check exits 0, not 2."
)
@click.option(
    "--show-passing",
    is_flag=True,
    help="Text report: a panel for every file; by default a passing file is one line.",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar, no policy header, no passing files and no closing summary.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(**options) -> None:
    """Check ERN files and folders (searched recursively for *.xml); - reads standard input.

    Exit status: 0 when no finding reaches --fail-on, 1 when one does (or a file could not
    be checked), 2 on a usage error, 130 when interrupted (the reports then hold the files
    that finished).
    """
    from ddex_ai.discovery import DEFAULT_GLOB, STDIN, MissingPath, expand, read_list, remote
    from ddex_ai.schema_loader import SchemaRootError, configured_roots

    if options["show_settings"]:
        from ddex_ai.policy import PolicyError

        try:
            _show_settings(_policy(options), configured_roots(options["schemas"]))
        except (SchemaRootError, PolicyError) as exc:
            raise click.UsageError(printable(str(exc))) from exc
        return
    if options["write_baseline"] and not options["baseline"]:
        raise click.UsageError("--write-baseline needs --baseline FILE to write to")
    paths = list(options["paths"])
    if options["files_from"] == STDIN and STDIN in paths:
        raise click.UsageError("standard input cannot be both --files-from - and the input -")
    try:
        listed = []
        if options["files_from"]:
            listed = read_list(options["files_from"], b"\0" if options["null"] else b"\n")
        if not paths and not listed:
            raise click.UsageError("no input: give files, folders, - or --files-from LIST")
        # Read no more than the limit allows: an endless standard input ends with IO002.
        limit = options["max_file_size"]
        stdin = sys.stdin.buffer.read(limit + 1) if STDIN in [*paths, *listed] else None
        globs = tuple(options["globs"]) or (DEFAULT_GLOB,)
        empty: list[str] = []
        remote.use_client(options["remote_client"])  # before listing: it lists too
        inputs = expand(paths, globs, stdin, listed, empty, options["stdin_filename"])
        roots = configured_roots(options["schemas"])
    except (MissingPath, SchemaRootError) as exc:
        raise click.UsageError(printable(str(exc))) from exc
    cached = options["use_cache"] or (options["use_cache"] is None and options["cache_dir"])
    if not options["dask_address"] and not cached:
        # Workers of a cluster compile their own; a cache may need no schema at all.
        from ddex_ai.schema_ahead import SNIFFED, sniff_versions, start_compiling

        start_compiling(roots, sniff_versions(inputs[:SNIFFED]))
    from ddex_ai.baseline import Baseline, BaselineError
    from ddex_ai.policy import PolicyError

    try:
        policy = _policy(options)
        baseline = None
        if options["baseline"] and not options["write_baseline"]:
            baseline = Baseline.read(options["baseline"])
    except (SchemaRootError, PolicyError, BaselineError) as exc:
        raise click.UsageError(printable(str(exc))) from exc
    for folder in empty:  # nothing silently empty
        click.echo(f"warning: {printable(folder)}: no file matches {' '.join(globs)}", err=True)
    if not inputs and not options["allow_empty"]:
        raise click.UsageError("no file to check (--allow-empty accepts a run of 0 files)")
    targets = _report_targets(options, inputs)
    session = _session(inputs, roots, policy, baseline, options, targets)
    try:
        # A closed standard output (`| head`) ends that report quietly inside the session.
        code = session.run()
    except OSError as exc:
        raise click.ClickException(f"cannot write the report: {exc}") from exc
    sys.exit(code)


def _policy(options):
    """The policy, with the command line's selection and --require-schemas on top."""
    from ddex_ai.policy import load_policy

    policy = load_policy(options["policy"], isolated=options["isolated"])
    policy = policy.overlaid(
        _rule_patterns(options["select"], "--select"),
        _rule_patterns(options["extend_select"], "--extend-select"),
        _rule_patterns(options["ignore"], "--ignore"),
        _rule_levels(options["severities"]),
    )
    return policy.requiring_schemas() if options["require_schemas"] else policy


def _rule_patterns(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Rule ids or prefixes, comma-separated; one that names no rule is a usage error."""
    from ddex_ai.rules import REGISTRY

    patterns = tuple(p.strip().upper() for v in values for p in v.split(",") if p.strip())
    for pattern in patterns:
        if pattern != "ALL" and not any(r.startswith(pattern) for r in REGISTRY):
            raise click.BadParameter(f"{pattern!r} names no rule", param_hint=option)
    return patterns


def _rule_levels(values: tuple[str, ...]) -> dict[str, str]:
    from ddex_ai.rules import REGISTRY

    levels = {}
    for value in values:
        rule_id, sep, level = value.partition("=")
        rule_id, level = rule_id.strip().upper(), level.strip().lower()
        if not sep or rule_id not in REGISTRY or level not in ("error", "warning", "info", "off"):
            raise click.BadParameter(
                f"{value!r}: expected RULE=LEVEL, with a rule id and error, warning, info or off",
                param_hint="--severity",
            )
        levels[rule_id] = level
    return levels


def _show_settings(policy, roots) -> None:
    """``--show-settings``: what a check would run with, and exit."""
    from ddex_ai.rules import all_rules

    click.echo(f"policy: {policy.name} ({policy.origin})")
    if policy.description:
        click.echo(f"description: {policy.description}")
    click.echo(f"require-schemas: {'true' if policy.require_schemas else 'false'}")
    if policy.info_only_resource_kinds:
        kinds = ", ".join(sorted(policy.info_only_resource_kinds))
        click.echo(f"info-only resource kinds: {kinds}")
    click.echo("schema folders:" + ("" if roots else " none (XSD002 for every file)"))
    for root in roots:
        click.echo(f"  {printable(str(root.path))} ({root.origin})")
    click.echo("rules:")
    for rule in all_rules():
        severity = policy.severity(rule.id)
        options = policy.options_for(rule.id)
        extra = "  " + ", ".join(f"{k}={v}" for k, v in sorted(options.items())) if options else ""
        click.echo(f"  {rule.id:<7}{severity.value if severity else 'off':<8}{rule.name}{extra}")


def _report_targets(options, inputs) -> dict[str, object]:
    """Every report file, checked before anything is: given path -> its Target."""
    from ddex_ai.report_targets import TargetError, check_targets, plan

    given = [path for _, path in options["reports"]]
    baseline = options["write_baseline"] and options["baseline"]
    given += [path for path in (options["output"], baseline) if path]
    try:
        targets = [plan(path) for path in given]
        check_targets(targets, (item.path for item in inputs if item.data is None))
    except TargetError as exc:
        raise click.UsageError(printable(str(exc))) from exc
    return {target.given: target for target in targets}


def _cache_dir(options, policy) -> str | None:
    """The result cache's folder when this run uses one, else None."""
    wanted = options["use_cache"]
    if wanted is None:
        wanted = bool(options["cache_dir"]) or policy.cache
    if not wanted:
        return None
    from ddex_ai.cache import default_dir

    return options["cache_dir"] or str(default_dir())


def _session(inputs, roots, policy, baseline, options, targets):
    from ddex_ai.cli.session import Session
    from ddex_ai.findings import Severity
    from ddex_ai.runner import CheckConfig, default_jobs, tune_gc

    tune_gc()
    return Session(
        inputs=inputs,
        config=CheckConfig(
            tuple(roots),
            policy,
            options["debug"],
            options["max_file_size"],
            options["timeout_per_file"] or None,
            options["max_findings_per_file"] or None,
            options["profile"],
            tuple(options["variants"]),
            options["remote_client"],
        ),
        policy=policy,
        jobs=options["jobs"] or default_jobs(),
        output_format="statistics" if options["statistics"] else options["output_format"],
        output=targets.get(options["output"]),
        reports=[(name, targets[path]) for name, path in options["reports"]],
        color=options["color"],
        fail_on=None if options["fail_on"] == "never" else Severity(options["fail_on"]),
        baseline=baseline,
        write_baseline=targets[options["baseline"]] if options["write_baseline"] else None,
        force=options["force"],
        csv_bom=options["csv_bom"],
        show_passing=options["show_passing"],
        quiet=options["quiet"],
        cache_dir=_cache_dir(options, policy),
        dask=options["dask_address"],
        given=tuple(options["paths"])
        + ((f"files listed in {options['files_from']}",) if options["files_from"] else ()),
    )
