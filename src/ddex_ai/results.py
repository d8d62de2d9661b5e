"""Results of checking files: what every report format renders."""

from __future__ import annotations

import json
import json.encoder
from collections import Counter
from dataclasses import field
from typing import Any

from ddex_ai.disclosure import Disclosure
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.names import json_safe
from ddex_ai.records import record
from ddex_ai.versions import NEW_RELEASE

# json.dumps(ensure_ascii=False) without making an encoder for each call; its string function.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring


def _value(value: object) -> str:
    """JSON of a field: a string or null straight away, anything else by the encoder."""
    if value.__class__ is str:
        return _string(value)
    return "null" if value is None else _encode(value)


def _ids(ids: dict) -> str:
    if all(k.__class__ is str and v.__class__ is str for k, v in ids.items()):
        return "{" + ", ".join(f"{_string(k)}: {_string(v)}" for k, v in ids.items()) + "}"
    return _encode(ids)


def reaches(findings: list[Finding], threshold: Severity | None) -> bool:
    """Whether any finding is at least as severe as the threshold (None: never)."""
    return threshold is not None and any(f.severity.rank >= threshold.rank for f in findings)


@record(slots=True)
class ReleaseResult:
    reference: str | None
    kind: str
    ids: dict[str, str]
    title: str | None
    artist: str | None
    status: Status
    disclosure: Disclosure
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self, disclosure: bool = True) -> dict:
        """The release; without disclosure and findings when ``disclosure`` is False."""
        data = {
            "reference": self.reference,
            "kind": self.kind,
            "ids": self.ids,
            "title": self.title,
            "artist": self.artist,
            "status": self.status.value,
        }
        if disclosure:
            data["disclosure"] = self.disclosure.to_dict()
            data["findings"] = [f.to_dict() for f in self.findings]
        return data


@record(slots=True)
class FileResult:
    path: str
    status: Status
    ern_version: str | None = None
    message_type: str | None = None
    releases: list[ReleaseResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    size: int | None = None  # bytes read, for throughput; not part of any report
    profile: Any = None  # the release-profile verdict (profile_stage.ProfileVerdict), if any
    # Whether the XSD stage validated the file: False when no XSD for its version was found.
    xsd_validated: bool | None = None
    elapsed: float | None = None  # seconds the check took (JUnit's time); not in JSON
    # Findings a baseline accepted (not in ``findings``): SARIF lists them as suppressed.
    waived: list[Finding] = field(default_factory=list)

    @property
    def carries_resources(self) -> bool:
        return self.message_type == NEW_RELEASE

    def fails(self, threshold: Severity | None = Severity.ERROR) -> bool:
        """Whether this file fails a run that fails on ``threshold`` (None: never).

        A file that could not be checked fails at any threshold.
        """
        if threshold is None:
            return False
        return self.status is Status.ERROR or reaches(self.findings, threshold)

    @property
    def release_count(self) -> int:
        return len(self.releases)

    @property
    def rule_ids(self) -> list[str]:
        """The rule of each finding (what the summary counts)."""
        return [f.rule for f in self.findings]

    @property
    def file_level_findings(self) -> list[Finding]:
        """Findings that concern no release of the file (e.g. XSD002, AI010)."""
        in_releases = {id(f) for release in self.releases for f in release.findings}
        return [f for f in self.findings if id(f) not in in_releases]

    def to_json(self) -> str:
        """The same text as ``names.json_text(self.to_dict())``, faster: a disclosure that many
        releases share is encoded once, a release's own fields by the encoder's C string
        function, and the text is made terminal-safe once, whole."""
        encoded: dict[int, str] = {}
        releases = []
        for release in self.releases:
            disclosure = encoded.get(id(release.disclosure))
            if disclosure is None:
                disclosure = _encode(release.disclosure.to_dict())
                encoded[id(release.disclosure)] = disclosure
            findings = (
                _encode([f.to_dict() for f in release.findings]) if release.findings else "[]"
            )
            releases.append(
                f'{{"reference": {_value(release.reference)}, "kind": {_value(release.kind)}, '
                f'"ids": {_ids(release.ids)}, "title": {_value(release.title)}, '
                f'"artist": {_value(release.artist)}, "status": {_value(release.status.value)}, '
                f'"disclosure": {disclosure}, "findings": {findings}}}'
            )
        return json_safe(
            f'{{"path": {_value(self.path)}, "ern_version": {_value(self.ern_version)}, '
            f'"message_type": {_value(self.message_type)}, "status": "{self.status.value}", '
            f'"profile": {_encode(self.profile_dict)}, '
            f'"releases": [{", ".join(releases)}], '
            f'"findings": {_encode([f.to_dict() for f in self.findings])}}}'
        )

    @property
    def profile_dict(self) -> dict | None:
        return self.profile.to_dict() if self.profile is not None else None

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "ern_version": self.ern_version,
            "message_type": self.message_type,
            "status": self.status.value,
            "profile": self.profile_dict,
            "releases": [r.to_dict() for r in self.releases],
            "findings": [f.to_dict() for f in self.findings],
        }


@record(slots=True)
class Summary:
    files: int = 0
    releases: int = 0
    statuses: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)  # findings per rule id
    waived: int | None = None  # findings a baseline accepted; None without a baseline
    bytes: int = 0
    elapsed: float | None = None  # seconds, set when the run ends
    complete: bool = True  # every input was checked (False: interrupted, or stopped early)
    inputs: int | None = None  # inputs the run was given (set when it starts)
    not_validated: int = 0  # files whose version had no XSD here (XSD002)

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.releases += result.release_count
        self.statuses[result.status] += 1
        self.rules.update(result.rule_ids)
        self.bytes += result.size or 0
        self.not_validated += result.xsd_validated is False

    @property
    def not_checked(self) -> int:
        """Inputs the run did not get to (an interrupted run)."""
        return max(0, (self.inputs or self.files) - self.files)

    def top_rules(self, count: int = 10) -> list[tuple[str, int]]:
        """The rules with most findings, most first (ties by rule id)."""
        return sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))[:count]

    def to_dict(self) -> dict:
        counts = {status.value: self.statuses.get(status, 0) for status in Status}
        data = {"files": self.files, "releases": self.releases, **counts}
        data["rules"] = dict(self.top_rules(len(self.rules)))
        if self.waived is not None:
            data["waived"] = self.waived
        data["not_xsd_validated"] = self.not_validated
        data["complete"] = self.complete
        data["not_checked"] = self.not_checked
        return data

    def lines(self) -> list[str]:
        """The closing summary as a person reads it."""
        counts = ", ".join(f"{self.statuses.get(s, 0)} {s.value}" for s in Status)
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        releases = f"{self.releases} release{'s' if self.releases != 1 else ''}"
        lines = [f"Summary: {files}, {releases}: {counts}"]
        if self.waived is not None:
            lines[0] += f"; {self.waived} known findings waived by the baseline"
        if self.rules:
            top = ", ".join(f"{rule} {n}" for rule, n in self.top_rules())
            more = len(self.rules) - 10
            lines.append(
                f"Findings by rule: {top}" + (f" (+{more} more rules)" if more > 0 else "")
            )
        if not self.complete:
            lines.append(
                f"Incomplete: the run was stopped; {self.not_checked} of {self.inputs} inputs "
                "were not checked"
            )
        if self.not_validated:
            many = self.not_validated != 1
            lines.append(
                f"Not XSD-validated: {self.not_validated} file{'s' if many else ''} (no XSD for "
                f"{'their versions' if many else 'its version'}; XSD002)"
            )
        if self.elapsed is not None:
            rate = self.files / self.elapsed if self.elapsed > 0 else 0.0
            megabytes = self.bytes / 1e6 / self.elapsed if self.elapsed > 0 else 0.0
            lines.append(
                f"Checked in {self.elapsed:.2f} s: {rate:.0f} files/s, {megabytes:.1f} MB/s"
            )
        return lines
