"""Results of checking files: what every report format renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ddex_ai.disclosure import Disclosure
from ddex_ai.findings import Finding, Severity, Status


def reaches(findings: list[Finding], threshold: Severity | None) -> bool:
    """Whether any finding is at least as severe as the threshold (None: never)."""
    return threshold is not None and any(f.severity.rank >= threshold.rank for f in findings)


@dataclass(slots=True)
class ReleaseResult:
    reference: str | None
    kind: str
    ids: dict[str, str]
    title: str | None
    artist: str | None
    status: Status
    disclosure: Disclosure
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "reference": self.reference,
            "kind": self.kind,
            "ids": dict(self.ids),
            "title": self.title,
            "artist": self.artist,
            "status": self.status.value,
            "disclosure": self.disclosure.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class FileResult:
    path: str
    status: Status
    ern_version: str | None = None
    message_type: str | None = None
    releases: list[ReleaseResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def carries_resources(self) -> bool:
        return self.message_type == "NewReleaseMessage"

    def fails(self, threshold: Severity | None = Severity.ERROR) -> bool:
        """Whether this file fails a run that fails on ``threshold`` (None: never).

        A file that could not be checked fails at any threshold.
        """
        if threshold is None:
            return False
        return self.status is Status.ERROR or reaches(self.findings, threshold)

    @property
    def file_level_findings(self) -> list[Finding]:
        """Findings that concern no release of the file (e.g. XSD002, AI010)."""
        in_releases = {id(f) for release in self.releases for f in release.findings}
        return [f for f in self.findings if id(f) not in in_releases]

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "ern_version": self.ern_version,
            "message_type": self.message_type,
            "status": self.status.value,
            "releases": [r.to_dict() for r in self.releases],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class Summary:
    files: int = 0
    releases: int = 0
    statuses: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    waived: int | None = None  # findings a baseline accepted; None without a baseline

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.releases += len(result.releases)
        self.statuses[result.status] += 1
        self.rules.update(f.rule for f in result.findings)

    def to_dict(self) -> dict:
        counts = {status.value: self.statuses.get(status, 0) for status in Status}
        data = {"files": self.files, "releases": self.releases, **counts}
        if self.waived is not None:
            data["waived"] = self.waived
        return data
