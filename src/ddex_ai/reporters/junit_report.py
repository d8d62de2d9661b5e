"""JUnit XML: a testsuite per file, a testcase per release (and one for the file itself).

A testcase fails when one of its findings is at least as severe as the run's ``--fail-on``;
a file that could not be checked is an ``<error>``. Other findings go to ``<system-out>``.
GitLab, Jenkins and GitHub test reporters read this layout.
"""

from __future__ import annotations

from typing import TextIO

from ddex_ai.findings import Finding, Status
from ddex_ai.names import printable_name
from ddex_ai.reporters import ReportContext
from ddex_ai.reporters.xmltext import attr, text
from ddex_ai.results import FileResult, Summary, reaches


def _finding_line(finding: Finding) -> str:
    where = ", ".join(
        p
        for p in (
            f"line {finding.line}" if finding.line else "",
            f"release {finding.release}" if finding.release else "",
            f"resource {finding.resource}" if finding.resource else "",
        )
        if p
    )
    rule = finding.rule + (
        f" (profile rule {finding.profile_rule})" if finding.profile_rule else ""
    )
    return f"{finding.severity.value} {rule}: {finding.message}" + (f" ({where})" if where else "")


def _time(result: FileResult) -> str:
    """The seconds the file's check took, as JUnit counts test time: in milliseconds, a
    check under half of one shown as one (CI would show a file that was checked as taking
    no time)."""
    if result.elapsed is None:
        return "0"
    return f"{max(result.elapsed, 0.001):.3f}"


def _profile_properties(profile) -> str:
    """The release-profile verdict as properties (none when no profile applies)."""
    if profile is None:
        return ""
    variants = ", ".join(profile.variants)
    return (
        f'      <property name="profile" value={attr(profile.id + " " + profile.version)}/>\n'
        + (
            f'      <property name="profile_variants" value={attr(variants)}/>\n'
            if variants
            else ""
        )
        + f'      <property name="profile_verdict" value={attr(profile.verdict)}/>\n'
    )


class JUnitReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.context = context
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(f"<testsuites name={attr('ddex-ai ' + context.policy.name)}>\n")

    def file_done(self, result: FileResult) -> None:
        cases = [self._file_case(result)] + [
            self._case(result, f"{r.reference or '-'} {r.kind}: {r.title or ''}", r.findings)
            for r in result.releases
        ]
        failures = sum("<failure" in c for c in cases)
        errors = sum("<error" in c for c in cases)
        self.stream.write(
            f'  <testsuite name={attr(printable_name(result.path))} tests="{len(cases)}" '
            f'failures="{failures}" errors="{errors}" skipped="0" time="{_time(result)}">\n'
            "    <properties>\n"
            f'      <property name="ern_version" value={attr(result.ern_version or "")}/>\n'
            f'      <property name="status" value={attr(result.status.value)}/>\n'
            f'      <property name="policy" value={attr(self.context.policy.name)}/>\n'
            f"{_profile_properties(result.profile)}"
            "    </properties>\n" + "".join(cases) + "  </testsuite>\n"
        )

    def finish(self, summary: Summary) -> None:
        if not summary.complete:  # an interrupted run says so, and fails
            stopped = f"the run was stopped: {summary.not_checked} inputs not checked"
            self.stream.write(
                '  <testsuite name="ddex-ai run" tests="1" failures="0" errors="1" '
                'skipped="0" time="0">\n'
                "    <properties>\n"
                '      <property name="complete" value="false"/>\n'
                f'      <property name="not_checked" value="{summary.not_checked}"/>\n'
                "    </properties>\n"
                '    <testcase classname="ddex-ai" name="run complete" time="0">\n'
                f"      <error message={attr(stopped)}/>\n"
                "    </testcase>\n  </testsuite>\n"
            )
        self.stream.write("</testsuites>\n")

    def _file_case(self, result: FileResult) -> str:
        name = f"file: {result.message_type or 'not checked as ERN'}"
        if result.status is Status.ERROR:
            findings = result.file_level_findings
            body = "\n".join(_finding_line(f) for f in findings)
            message = findings[0].message if findings else "the file could not be checked"
            return self._wrap(
                result, name, f"      <error message={attr(message)}>{text(body)}</error>\n"
            )
        return self._case(result, name, result.file_level_findings)

    def _case(self, result: FileResult, name: str, findings: list[Finding]) -> str:
        threshold = self.context.fail_on
        failing, others = [], []
        for finding in findings:
            (failing if reaches([finding], threshold) else others).append(finding)
        body = ""
        if failing:
            first = failing[0]
            detail = "\n".join(_finding_line(f) for f in failing)
            body += (
                f"      <failure message={attr(first.rule + ': ' + first.message)} "
                f"type={attr(first.rule)}>{text(detail)}</failure>\n"
            )
        if others:
            detail = "\n".join(_finding_line(f) for f in others)
            body += f"      <system-out>{text(detail)}</system-out>\n"
        return self._wrap(result, name, body)

    @staticmethod
    def _wrap(result: FileResult, name: str, body: str) -> str:
        path = attr(printable_name(result.path))
        # The file's check is timed whole: its own case carries the time, releases none.
        seconds = _time(result) if name.startswith("file: ") else "0"
        opening = f"    <testcase classname={path} name={attr(name)} file={path}"
        if not body:
            return opening + f' time="{seconds}"/>\n'
        return opening + f' time="{seconds}">\n{body}    </testcase>\n'
