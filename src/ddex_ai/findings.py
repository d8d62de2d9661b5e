"""Findings: what a check reports, and how findings add up to a status."""

from __future__ import annotations

import re
from enum import StrEnum

from ddex_ai.records import record

# What a finding's identity ignores: positions among siblings and in the text, which move
# when anything before them changes.
_POSITION_RE = re.compile(r"\[\d+\]")
_LINE_RE = re.compile(r"\s*\(?\blines? \d+(, column \d+)?\)?")


def identity(
    rule: str, release: str | None, resource: str | None, path: str | None, message: str
) -> str:
    """A finding's stable identity: the rule, the release and resource it concerns, its
    element path without positions, and its message (which names the value at fault: the
    reference, the contributor, the identifier) without line numbers.

    Two findings of one rule in one resource differ by element or value; a finding keeps its
    identity when lines move. SARIF fingerprints and baselines use it.
    """
    place = _POSITION_RE.sub("", path or "")
    text = _LINE_RE.sub("", message)
    return "\0".join((rule, release or "", resource or "", place, text))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Status(StrEnum):
    """Outcome of a release or a file. ``error``: the file could not be checked at all."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"


@record(frozen=True, slots=True)
class Hit:
    """What a rule or stage found, before the policy gives it a severity."""

    message: str
    line: int | None = None
    path: str | None = None
    release: str | None = None
    resource: str | None = None
    # Kinds of the resources the hit is about (e.g. "Image"): policies may weigh them.
    resource_kinds: tuple[str, ...] = ()
    sub: str | None = None  # a profile rule's official sub-rule ("2" of "1011-2")
    column: int | None = None  # where libxml2 gives one (ERN001, XSD001)


@record(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    line: int | None = None
    path: str | None = None
    release: str | None = None
    resource: str | None = None
    profile_rule: str | None = None  # the official release-profile rule ("1001-1", "G.3")
    column: int | None = None  # shown by the line-oriented formats (concise, github)

    @property
    def identity(self) -> str:
        return identity(self.rule, self.release, self.resource, self.path, self.message)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "path": self.path,
            "release": self.release,
            "resource": self.resource,
            "profile_rule": self.profile_rule,
        }


def status_of(findings: list[Finding]) -> Status:
    """Worst severity of the findings as a status; info findings still pass."""
    worst = max((f.severity.rank for f in findings), default=0)
    if worst >= Severity.ERROR.rank:
        return Status.FAIL
    if worst >= Severity.WARNING.rank:
        return Status.WARN
    return Status.PASS
