"""``concise``: one line per finding, ``path:line:col: RULE [severity] message``, as ruff and
mypy print them (editors and ``grep`` read it); files in path order, findings by line."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.findings import Finding
from ddex_ai.names import printable, printable_name
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary


def place(path: str, finding: Finding) -> str:
    """``path:line:col:``; without the parts the finding does not have."""
    where = printable_name(path)
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return where + ":"


class ConciseReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.quiet = context.quiet

    def file_done(self, result: FileResult) -> None:
        for finding in result.findings:
            official = f" ({finding.profile_rule})" if finding.profile_rule else ""
            self.stream.write(
                f"{place(result.path, finding)} {finding.rule}{official} "
                f"[{finding.severity.value}] {printable(finding.message)}\n"
            )

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            count = sum(summary.rules.values())
            self.stream.write(
                f"Found {count} finding{'s' if count != 1 else ''} in {summary.files} "
                f"file{'s' if summary.files != 1 else ''}.\n"
            )
