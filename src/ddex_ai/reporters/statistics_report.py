"""``--statistics``: the number of findings of every rule that has any, most first."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary


class StatisticsReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream

    def file_done(self, result: FileResult) -> None:
        pass  # the counts are the summary's

    def finish(self, summary: Summary) -> None:
        from ddex_ai.rules import REGISTRY

        rows = summary.top_rules(len(summary.rules))  # all of them, not the top ten
        width = max((len(f"{n}") for _, n in rows), default=1)
        for rule_id, count in rows:
            rule = REGISTRY.get(rule_id)
            name = rule.name if rule else ""
            self.stream.write(f"{count:>{width}}  {rule_id:<6}  {name}\n")
        total = sum(summary.rules.values())
        self.stream.write(
            f"{total} finding{'s' if total != 1 else ''} in {summary.files} "
            f"file{'s' if summary.files != 1 else ''}\n"
        )
