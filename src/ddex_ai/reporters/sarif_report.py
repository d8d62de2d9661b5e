"""SARIF 2.1.0, as GitHub code scanning reads it: one result per finding, rules described."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TextIO

from ddex_ai.findings import Finding, Severity
from ddex_ai.names import json_text, uri_path
from ddex_ai.reporters import ReportContext
from ddex_ai.results import FileResult, Summary
from ddex_ai.rules import REGISTRY

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str, root: Path) -> dict:
    """A path under the run's folder is relative to %SRCROOT%; any other is a file URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": uri_path(relative.as_posix()), "uriBaseId": SRCROOT}


def fingerprint(path: str, finding: Finding) -> str:
    """Stable across line shifts, distinct for distinct findings: the file and the finding's
    identity (rule, release, resource, element path without positions, value at fault)."""
    key = "\0".join((path, finding.identity))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


# The README documents every rule; a policy can point at its own documentation instead.
README_URL = "https://github.com/ddex-ai/ddex-ai/blob/main/README.md"


def help_uri(rule, policy) -> str:
    if policy.docs_url:
        return policy.docs_url.replace("{rule}", rule.id)
    section = "release-profiles" if rule.profile is not None else "what-is-checked"
    return f"{README_URL}#{section}"


def _tag(rule) -> str:
    if rule.profile is not None:
        return "release-profile"
    return "ai-disclosure" if rule.id.startswith("AI") else "delivery"


class SarifReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.root = Path(os.getcwd())
        self.rule_ids = sorted(context.policy.severities)
        self.index = {rule_id: i for i, rule_id in enumerate(self.rule_ids)}
        self.count = 0
        # Every input, with its status: a file without findings is listed too.
        self.artifacts: list[dict] = []
        driver = {
            "name": "ddex-ai",
            "version": context.tool_version,
            "semanticVersion": context.tool_version,
            "rules": [self._rule(r, context) for r in self.rule_ids],
        }
        run_head = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": self.root.as_uri() + "/"}},
            "properties": {"policy": context.policy.name},
        }
        head = json_text(run_head)[:-1]  # reopened to add results
        stream.write(
            f'{{"$schema": "{SARIF_SCHEMA}", "version": "2.1.0", "runs": [{head}, "results": ['
        )

    @staticmethod
    def _rule(rule_id: str, context: ReportContext) -> dict:
        rule = REGISTRY[rule_id]
        return {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary.replace("`", "")},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "helpUri": help_uri(rule, context.policy),
            "defaultConfiguration": {"level": LEVELS[context.policy.severities[rule_id]]},
            "properties": {"tags": ["ddex", "ern", _tag(rule)]},
        }

    def file_done(self, result: FileResult) -> None:
        location = artifact_location(result.path, self.root)
        self.artifacts.append(
            {
                "location": location,
                "properties": {
                    "status": result.status.value,
                    "ernVersion": result.ern_version,
                    "profile": result.profile_dict,
                },
            }
        )
        location = {**location, "index": len(self.artifacts) - 1}
        for finding, waived in [*((f, False) for f in result.findings),
                                *((f, True) for f in result.waived)]:  # fmt: skip
            data = self._result(result, finding, location)
            if waived:  # known, accepted by the baseline: shown as suppressed, not dropped
                data["suppressions"] = [
                    {"kind": "external", "justification": "accepted by the --baseline"}
                ]
            self.stream.write(("," if self.count else "") + "\n" + json_text(data))
            self.count += 1

    def _result(self, result: FileResult, finding: Finding, location: dict) -> dict:
        physical = {
            "artifactLocation": location,
            # Code scanning needs a line; findings about the whole file point at line 1.
            "region": {"startLine": finding.line or 1},
        }
        place = {"physicalLocation": physical}
        if finding.path:
            place["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "element"}]
        data = {
            "ruleId": finding.rule,
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [place],
            "partialFingerprints": {"ddexAiFinding/v2": fingerprint(result.path, finding)},
            "properties": {
                "release": finding.release,
                "resource": finding.resource,
                "fileStatus": result.status.value,
                "ernVersion": result.ern_version,
                "profileRule": finding.profile_rule,
            },
        }
        if finding.rule in self.index:
            data["ruleIndex"] = self.index[finding.rule]
        return data

    def finish(self, summary: Summary) -> None:
        artifacts = json_text(self.artifacts)
        invocation = {
            "executionSuccessful": summary.complete,
            "properties": {"notChecked": summary.not_checked},
        }
        invocations = json_text([invocation])
        self.stream.write(f'\n], "artifacts": {artifacts}, "invocations": {invocations}}}]}}\n')
