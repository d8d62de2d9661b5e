"""The terminal report: a panel per file with its releases and findings, then a summary."""

from __future__ import annotations

import sys
from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ddex_ai.disclosure import Disclosure
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.names import printable, printable_name
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, ReleaseResult, Summary

STATUS_STYLE = {
    Status.PASS: "bold green",
    Status.WARN: "bold yellow",
    Status.FAIL: "bold red",
    Status.ERROR: "bold magenta",
}
SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
ID_ORDER = ("ICPN", "GRid", "ISRC", "CatalogNumber", "ProprietaryId")


class TextReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.quiet = context.quiet
        self.color = context.color
        self.show_passing = context.show_passing
        self.shared = context.console is not None
        self.console = context.console or Console(
            # None: whatever sys.stdout is when printing.
            file=None if stream is sys.stdout else stream,
            color_system="auto" if context.color else None,
            force_terminal=context.color,
            no_color=not context.color,
            highlight=False,
            soft_wrap=False,
            width=None if context.color else 120,
        )
        if not context.quiet:  # which policy judged the files, and where it came from
            policy = context.policy
            self.console.print(
                Text.assemble(
                    ("ddex-ai ", "bold"),
                    f"{context.tool_version} · policy ",
                    (policy.name, "bold"),
                    f" ({policy.origin})",
                )
            )

    def file_done(self, result: FileResult) -> None:
        if result.status is Status.PASS and not self.show_passing:
            if not self.quiet:  # a passing file is one line; --show-passing shows its panel
                self._write_passing(result)
            return
        parts: list = []
        if result.releases:
            parts.append(_releases_table(result.releases))
            parts.append(_disclosure_lines(result.releases))
        elif result.message_type and not result.carries_resources:
            parts.append(Text(f"{result.message_type}: carries no resources or releases."))
        if result.profile is not None:
            parts.append(profile_line(result.profile))
        if result.findings:
            # The finding column: the panel less its borders and the first three columns.
            parts.append(_findings_table(result.findings, self.console.width - 32))
        if not parts:
            parts.append(Text("No releases and no findings."))
        version = f"ERN {result.ern_version}" if result.ern_version else "ERN version unknown"
        title = Text.assemble((printable_name(result.path), "bold"), f"  {version}")
        if result.message_type:
            title.append(f" {result.message_type}")
        self.console.print(
            Panel(
                Group(*parts),
                title=title,
                title_align="left",
                subtitle=_status(result.status),
                subtitle_align="right",
                box=box.ROUNDED,
            )
        )

    def _write_passing(self, result: FileResult) -> None:
        """Written directly, not rendered by rich: a catalogue is mostly passing files, and
        rendering each line would make the text report slower than the checks."""
        name, facts = printable_name(result.path), _passing_facts(result)
        if self.shared:  # above the progress bar, through its console
            self.console.print(
                Text.assemble(_status(result.status), "  ", (name, "bold"), ("  " + facts, "dim"))
            )
            return
        if self.color:
            line = f"\x1b[1;32mPASS\x1b[0m  \x1b[1m{name}\x1b[0m  \x1b[2m{facts}\x1b[0m\n"
        else:
            line = f"PASS  {name}  {facts}\n"
        self.console.file.write(line)

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return
        first, *rest = summary.lines()
        line = Text(first)
        line.stylize("bold", 0, len("Summary:"))
        for status in Status:
            label = f"{summary.statuses.get(status, 0)} {status.value}"
            start = first.find(label, first.index(":", len("Summary:")))
            if start >= 0:
                line.stylize(STATUS_STYLE[status], start, start + len(label))
        self.console.print(line)
        for extra in rest:
            self.console.print(extra)


VERDICT_STYLE = {"certified": "bold green", "partial": "bold yellow", "not-certified": "bold red"}


def profile_text(profile) -> str:
    """``Audio 2.1 (Classical): partial (0 fatal, 2 error, 1 warning)`` for plain formats."""
    variants = f" ({', '.join(profile.variants)})" if profile.variants else ""
    counts = ", ".join(f"{n} {role}" for role, n in profile.counts.items() if n)
    return f"{profile.id} {profile.version}{variants}: {profile.verdict}" + (
        f" ({counts})" if counts else ""
    )


def profile_line(profile) -> Text:
    text = Text("Release profile ", "bold")
    variants = f" + {', '.join(profile.variants)}" if profile.variants else ""
    text.append(f"{profile.id} {profile.version}{variants}: ")
    text.append(profile.verdict.upper(), VERDICT_STYLE[profile.verdict])
    counts = ", ".join(f"{n} {role}" for role, n in profile.counts.items() if n)
    if counts:
        text.append(f" ({counts})")
    return text


def _passing_facts(result: FileResult) -> str:
    """``ERN 4.3.2 · 2 releases · SimpleAudioSingle certified · 1 info``."""
    facts = [f"ERN {result.ern_version}" if result.ern_version else "ERN version unknown"]
    count = len(result.releases)
    facts.append(f"{count} release{'s' if count != 1 else ''}")
    if result.profile is not None:
        facts.append(f"{result.profile.id} {result.profile.verdict}")
    if result.findings:
        facts.append(f"{len(result.findings)} info")
    return " · ".join(facts)


def _status(status: Status) -> Text:
    return Text(status.value.upper(), STATUS_STYLE[status])


def format_ids(ids: dict[str, str]) -> str:
    ordered = sorted(ids.items(), key=lambda kv: ID_ORDER.index(kv[0]) if kv[0] in ID_ORDER else 99)
    return "\n".join(f"{name} {value}" for name, value in ordered)


def _releases_table(releases: list[ReleaseResult]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    for column in ("Release", "Kind", "Ids", "Title", "Artist", "Status"):
        table.add_column(column, overflow="fold")
    for release in releases:
        table.add_row(
            printable(release.reference or "-"),
            release.kind,
            printable(format_ids(release.ids) or "-"),
            printable(release.title or "-"),
            printable(release.artist or "-"),
            _status(release.status),
        )
    return table


def disclosure_line(disclosure: Disclosure, kind: str = "Release") -> str:
    """One line a person can read at a glance: what the release says about AI."""
    parts = []
    if disclosure.supported:
        effective = disclosure.effective or "undetermined"
        if kind == "Release":
            parts.append(f"AI {effective} (declares {disclosure.declared or 'nothing'})")
        else:  # a TrackRelease or ClipRelease has no ContainsAI of its own
            parts.append(f"AI {effective} (from its resource)")
        counts = _counts(disclosure.resources)
        if counts:
            parts.append(counts)
        if disclosure.ai_roles:
            parts.append("AI roles: " + ", ".join(disclosure.ai_roles))
    else:
        parts.append("no AI disclosure possible in this ERN version")
    training = disclosure.training
    if training.granted:
        where = ", ".join(training.territories) or "Worldwide"
        if training.excluded_territories:
            where += " except " + ", ".join(training.excluded_territories)
        parts.append(f"training granted: {', '.join(training.use_types)} in {where}")
    else:
        parts.append("no training use granted")
    if disclosure.apple_music_tags:
        parts.append("Apple Music: " + ", ".join(disclosure.apple_music_tags))
    if disclosure.iptc_digital_source_type:
        parts.append("IPTC: " + disclosure.iptc_digital_source_type)
    return " · ".join(parts)


def _counts(resources: dict[str, dict[str, int]]) -> str:
    groups = []
    for group, counts in resources.items():
        present = [f"{n} {value}" for value, n in counts.items() if n]
        if present:
            groups.append(f"{group} " + ", ".join(present))
    return "; ".join(groups)


def _disclosure_lines(releases: list[ReleaseResult]) -> Text:
    text = Text()
    for i, release in enumerate(releases):
        if i:
            text.append("\n")
        text.append(f"{printable(release.reference or '-')}  ", "bold")
        text.append(printable(disclosure_line(release.disclosure, release.kind)))
    return text


def _where(finding: Finding) -> str:
    parts = []
    if finding.release:
        parts.append(f"release {finding.release}")
    if finding.resource:
        parts.append(f"resource {finding.resource}")
    return ", ".join(parts)


def wrap_path(path: str, width: int, first: int | None = None) -> str:
    """An element path broken into lines of at most ``width`` at ``/``, never inside a name
    (a name longer than a line keeps a line of its own). ``first``: room on the first line."""
    lines, line = [], ""
    room = width if first is None else first
    for step in path.split("/")[1:]:
        piece = "/" + step
        if line and len(line) + len(piece) > room:
            lines.append(line)
            line, room = "", width
        line += piece
    lines.append(line)
    return "\n".join(lines)


def _findings_table(findings: list[Finding], width: int = 80) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("Severity")
    table.add_column("Rule")
    table.add_column("Line", justify="right")
    table.add_column("Finding", overflow="fold")
    for finding in findings:
        message = Text(printable(finding.message))
        where = _where(finding)
        if where or finding.path:
            path = printable(finding.path or "")
            if path:
                lead = len(where) + 2 if where else 0
                path = wrap_path(path, max(width, 20), max(width - lead, 20))
            place = "  ".join(p for p in (printable(where), path) if p)
            message.append("\n" + place, "dim")
        rule = Text(finding.rule)
        if finding.profile_rule:  # the official release-profile rule, as DDEX numbers it
            rule.append("\n" + finding.profile_rule, "dim")
        table.add_row(
            Text(finding.severity.value, SEVERITY_STYLE[finding.severity]),
            rule,
            str(finding.line) if finding.line else "-",
            message,
        )
    return table
