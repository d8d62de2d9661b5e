"""``github``: GitHub Actions workflow commands (``::error file=…,line=…,title=RULE::…``), so
findings show on the pull request in repositories without code scanning."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.findings import Severity
from ddex_ai.names import printable, printable_name
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """A message, escaped as workflow commands require."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GitHubReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream

    def file_done(self, result: FileResult) -> None:
        path = _property(printable_name(result.path))
        for finding in result.findings:
            where = f"file={path}"
            if finding.line:
                where += f",line={finding.line}"
                if finding.column:
                    where += f",col={finding.column}"
            official = f" ({finding.profile_rule})" if finding.profile_rule else ""
            title = _property(f"{finding.rule}{official}")
            self.stream.write(
                f"::{COMMANDS[finding.severity]} {where},title={title}::"
                f"{_data(printable(finding.message))}\n"
            )

    def finish(self, summary: Summary) -> None:
        pass
