"""Report formats. A reporter renders results; it never decides an outcome."""

from __future__ import annotations

import importlib
from typing import Protocol, TextIO

from ddex_ai.findings import Severity
from ddex_ai.policy import Policy
from ddex_ai.records import record
from ddex_ai.results import FileResult, Summary

# Format name -> "module:class", imported only when the format is used.
FORMATS: dict[str, str] = {
    "text": "ddex_ai.reporters.text_report:TextReporter",
    "json": "ddex_ai.reporters.json_report:JsonReporter",
    "jsonl": "ddex_ai.reporters.jsonl_report:JsonLinesReporter",
    "junit": "ddex_ai.reporters.junit_report:JUnitReporter",
    "sarif": "ddex_ai.reporters.sarif_report:SarifReporter",
    "csv": "ddex_ai.reporters.csv_report:CsvReporter",
    "csv-findings": "ddex_ai.reporters.csv_report:CsvFindingsReporter",
    "concise": "ddex_ai.reporters.concise_report:ConciseReporter",
    "github": "ddex_ai.reporters.github_report:GitHubReporter",
    "gitlab": "ddex_ai.reporters.gitlab_report:GitLabReporter",
    "html": "ddex_ai.reporters.html_report:HtmlReporter",
    "statistics": "ddex_ai.reporters.statistics_report:StatisticsReporter",  # --statistics
}


@record(frozen=True, slots=True)
class ReportContext:
    tool_version: str
    policy: Policy
    color: bool = False
    # The run fails on findings at least this severe (None: never); JUnit marks those failures.
    fail_on: Severity | None = Severity.ERROR
    quiet: bool = False  # no closing summary in the text report
    # The folder the run's relative paths start from, recorded in a baseline so that a run
    # from another folder, or with absolute paths, still matches it.
    root: str | None = None
    csv_bom: bool = True  # CSV for spreadsheets: a byte order mark, identifiers kept as text
    show_passing: bool = False  # the text report shows passing files as panels, not a line
    # The progress bar's console, when the text report goes to the same terminal: sharing it
    # keeps the bar below the report and out of its lines.
    console: object | None = None
    # What the run was given and where its schemas came from, for the HTML report's header.
    inputs: tuple[str, ...] = ()
    schema_roots: tuple[str, ...] = ()
    started: str | None = None  # when the run started (UTC), as people read it


class Reporter(Protocol):
    def file_done(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def make_reporter(name: str, stream: TextIO, context: ReportContext) -> Reporter:
    module_name, class_name = FORMATS[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(stream, context)
