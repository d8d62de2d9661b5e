"""``gitlab``: GitLab Code Quality JSON (an array of issues), with each finding's stable
fingerprint, so merge requests show what a change adds and fixes."""

from __future__ import annotations

from typing import TextIO

from ddex_ai.findings import Severity
from ddex_ai.names import json_text
from ddex_ai.reporters import ReportContext
from ddex_ai.reporters.sarif_report import fingerprint
from ddex_ai.results import FileResult, Summary

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _path(path: str) -> str:
    """Code Quality paths are relative to the repository (the working folder)."""
    return path[2:] if path.startswith("./") else path


class GitLabReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.count = 0
        stream.write("[")

    def file_done(self, result: FileResult) -> None:
        for finding in result.findings:
            official = f" (profile rule {finding.profile_rule})" if finding.profile_rule else ""
            issue = {
                "description": f"{finding.rule}{official}: {finding.message}",
                "check_name": finding.rule,
                "fingerprint": fingerprint(result.path, finding),
                "severity": SEVERITIES[finding.severity],
                "location": {"path": _path(result.path), "lines": {"begin": finding.line or 1}},
            }
            self.stream.write(("," if self.count else "") + "\n  " + json_text(issue))
            self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write(("\n" if self.count else "") + "]\n")
