"""JSON Lines: one object per file, written and flushed as soon as the file is done."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary


class JsonLinesReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream

    def file_done(self, result: FileResult) -> None:
        self.stream.write(result.to_json() + "\n")
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        pass  # every line is a file; the summary is for the formats that have one
