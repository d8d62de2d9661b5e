"""The JSON report: one document, written file by file so memory stays flat."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.names import json_text
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary


def _indented(value: object, level: int) -> str:
    return json_text(value, indent=2).replace("\n", "\n" + "  " * level)


class JsonReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.count = 0
        tool = {"name": "ddex-ai", "version": context.tool_version}
        stream.write('{\n  "tool": ' + _indented(tool, 1) + ",\n")
        stream.write('  "policy": ' + json_text(context.policy.name) + ",\n")
        if context.root is not None:  # a baseline: where its relative paths start
            stream.write('  "root": ' + json_text(context.root) + ",\n")
        stream.write('  "files": [')

    def file_done(self, result: FileResult) -> None:
        self.stream.write(("," if self.count else "") + "\n    " + _indented(result.to_dict(), 2))
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write(("\n  " if self.count else "") + "],\n")
        self.stream.write('  "summary": ' + _indented(summary.to_dict(), 1) + "\n}\n")
