"""Results of checking files: what every report format renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ddex_ai.disclosure import Disclosure
from ddex_ai.findings import Finding, Severity, Status


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

    @property
    def fails_run(self) -> bool:
        """An error finding, or a file that could not be checked: the run exits 1."""
        return self.status is Status.ERROR or any(
            f.severity is Severity.ERROR for f in self.findings
        )

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

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.releases += len(result.releases)
        self.statuses[result.status] += 1
        self.rules.update(f.rule for f in result.findings)

    def to_dict(self) -> dict:
        counts = {status.value: self.statuses.get(status, 0) for status in Status}
        return {"files": self.files, "releases": self.releases, **counts}
