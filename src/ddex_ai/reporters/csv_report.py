"""CSV: one row per release (a file without releases gets one row), for spreadsheets.

RFC 4180: rows end with CRLF, and a cell with a line break (CR or LF) is quoted. Cells that a
spreadsheet would run as a formula (starting, after any blanks or line breaks, with = + - @
or their full-width forms, or starting with a tab or line break) are prefixed with '.
Undecodable bytes of file names and control characters are shown as escapes (``names``).
"""

from __future__ import annotations

import csv
from typing import TextIO

from ddex_ai.findings import Finding, Severity
from ddex_ai.names import printable, printable_name
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, ReleaseResult, Summary

COLUMNS = [
    "file",
    "file_status",
    "ern_version",
    "profile",
    "profile_verdict",
    "release",
    "kind",
    "icpn",
    "grid",
    "isrc",
    "catalog_number",
    "proprietary_id",
    "title",
    "artist",
    "status",
    "declared_contains_ai",
    "effective_contains_ai",
    "ai_roles",
    "training_granted",
    "errors",
    "warnings",
    "infos",
]
ID_COLUMNS = {
    "icpn": "ICPN",
    "grid": "GRid",
    "isrc": "ISRC",
    "catalog_number": "CatalogNumber",
    "proprietary_id": "ProprietaryId",
}


FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
BLANK_STARTS = frozenset("\t\r\n")


def safe(value: object) -> object:
    """A cell no spreadsheet runs as a formula, with nothing a terminal would act on."""
    if not isinstance(value, str):
        return value
    value = printable(value, keep="\t\n\r")
    if value[:1] in BLANK_STARTS or value.lstrip(" \t\r\n")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "infos": sum(f.severity is Severity.INFO for f in findings),
    }


def _profile_name(profile) -> str:
    if profile is None:
        return ""
    return "+".join([profile.id, *profile.variants]) + f" {profile.version}"


def as_text(value: str) -> str:
    """An identifier of digits as a spreadsheet keeps it (leading zeros, all 13 digits, never
    5.06E+12): ``="0060…"``, a constant text formula Excel and LibreOffice both read so.
    Only digits go in, so nothing a file says can make it a formula of its own."""
    return f'="{value}"' if value.isdigit() and value.isascii() else safe(value)


def start(stream: TextIO, context: ReportContext) -> csv.writer:
    """A CSV writer; for spreadsheets (the default) the file starts with a UTF-8 byte order
    mark, so Excel reads it as UTF-8."""
    if context.csv_bom:
        stream.write("\ufeff")
    return csv.writer(stream, lineterminator="\r\n")


class CsvReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.spreadsheet = context.csv_bom
        start(stream, context)  # the byte order mark, for spreadsheets
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
        self.writer.writeheader()

    def file_done(self, result: FileResult) -> None:
        base = {
            "file": printable_name(result.path),
            "file_status": result.status.value,
            "ern_version": result.ern_version or "",
            "profile": _profile_name(result.profile),
            "profile_verdict": result.profile.verdict if result.profile else "",
        }
        if not result.releases:
            self._write({**base, "status": result.status.value, **_counts(result.findings)})
        for release in result.releases:
            self._write({**base, **self._release(release)})

    def _release(self, release: ReleaseResult) -> dict:
        disclosure = release.disclosure
        row = {
            "release": release.reference or "",
            "kind": release.kind,
            "title": release.title or "",
            "artist": release.artist or "",
            "status": release.status.value,
            "declared_contains_ai": disclosure.declared or "",
            "effective_contains_ai": disclosure.effective or "",
            "ai_roles": "; ".join(disclosure.ai_roles),
            "training_granted": "yes" if disclosure.training.granted else "no",
            **_counts(release.findings),
        }
        text = as_text if self.spreadsheet else safe
        row.update({column: text(release.ids.get(key, "")) for column, key in ID_COLUMNS.items()})
        return row

    def _write(self, row: dict) -> None:
        # Identifier cells are made safe by as_text (or safe) already.
        self.writer.writerow({k: v if k in ID_COLUMNS else safe(v) for k, v in row.items()})

    def finish(self, summary: Summary) -> None:
        pass


FINDING_COLUMNS = [
    "file", "line", "column", "rule", "profile_rule", "severity", "release", "resource",
    "path", "message",
]  # fmt: skip


class CsvFindingsReporter:
    """``csv-findings``: one row per finding, for filtering and pivoting."""

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.writer = start(stream, context)
        self.writer.writerow(FINDING_COLUMNS)

    def file_done(self, result: FileResult) -> None:
        name = printable_name(result.path)
        for f in result.findings:
            row = [
                name, f.line or "", f.column or "", f.rule, f.profile_rule or "",
                f.severity.value, f.release or "", f.resource or "", f.path or "", f.message,
            ]  # fmt: skip
            self.writer.writerow([safe(v) for v in row])

    def finish(self, summary: Summary) -> None:
        pass
