"""The HTML audit report: one self-contained page a catalogue team opens in a browser.

Written as files finish: the page's head and a compact row per release go out at once (as
JSON inside the page, which the page's script renders on demand), and only the aggregates
the overview draws, plus a bounded list of failing releases for print and for readers
without JavaScript, stay in memory until the run ends.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ddex_ai.findings import Finding, Status, status_of
from ddex_ai.names import json_text
from ddex_ai.reporters import ReportContext
from ddex_ai.reporters.charts import Bar, bar_chart
from ddex_ai.reporters.markdown_html import markdown_to_html
from ddex_ai.results import FileResult, ReleaseResult, Summary

TEMPLATES = Path(__file__).parent / "templates"
# How many failing releases the page lists in full HTML (print, JavaScript off).
STATIC_LIMIT = 500
DISCLOSURES = ("All", "Partly", "None", "undetermined", "cannot carry it")
STATUS_ICONS = {"pass": "✓", "warn": "▲", "fail": "✗", "error": "⊘"}
# The columns of a row of the page's data, in order (the page's script reads them by name).
COLUMNS = (
    "path", "kind", "reference", "ids", "title", "artist", "status", "declared", "effective",
    "roles", "apple", "iptc", "training", "findings",
)  # fmt: skip


def _environment():
    import jinja2  # only the HTML report needs it

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value from a file is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["ICONS"] = STATUS_ICONS
    return env


def _asset(name: str):
    """The page's own CSS or script, inlined as is (they are ours, not a file's values)."""
    from markupsafe import Markup

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<`` can end it or open a
    comment, so a title such as ``</script><script>…`` stays data."""
    return (
        json_text(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def effective_label(release: ReleaseResult) -> str:
    disclosure = release.disclosure
    if not disclosure.supported:
        return "cannot carry it"
    return disclosure.effective if disclosure.effective in DISCLOSURES[:3] else "undetermined"


def _training_text(release: ReleaseResult) -> str:
    training = release.disclosure.training
    if not training.granted:
        return ""
    if training.excluded_territories:
        where = "Worldwide except " + ", ".join(training.excluded_territories)
    else:
        where = ", ".join(training.territories) or "no territory"
    return f"{', '.join(training.use_types)} in {where}"


def _finding_row(finding: Finding) -> list:
    return [
        finding.rule,
        finding.severity.value,
        finding.message,
        finding.line,
        finding.path,
        finding.profile_rule,
    ]


class _Aggregates:
    """What the overview draws: counts only, so memory does not grow with the catalogue."""

    def __init__(self) -> None:
        self.release_statuses: Counter = Counter()
        self.disclosure: Counter = Counter()
        self.versions: Counter = Counter()
        self.roles: Counter = Counter()
        self.training_use: Counter = Counter()
        self.training_where: Counter = Counter()
        self.profiles: Counter = Counter()
        self.validated: dict[str, bool] = {}  # ERN version -> XSD-validated (all its files)
        self.failing: list[dict] = []
        self.failing_more = 0

    def add_file(self, result: FileResult) -> None:
        version = result.ern_version or "unknown"
        if result.xsd_validated is not None:
            self.validated[version] = self.validated.get(version, True) and result.xsd_validated
        if result.profile is not None:
            self.profiles[f"{result.profile.id}: {result.profile.verdict}"] += 1

    def add_release(self, result: FileResult, release: ReleaseResult) -> None:
        self.release_statuses[release.status.value] += 1
        self.disclosure[effective_label(release)] += 1
        self.versions[result.ern_version or "unknown"] += 1
        self.roles.update(release.disclosure.ai_roles)
        training = release.disclosure.training
        if training.granted:
            self.training_use.update(training.use_types)
            for use_type in training.use_types:
                if training.excluded_territories:
                    where = "Worldwide except " + ", ".join(training.excluded_territories)
                    self.training_where[(use_type, where)] += 1
                for territory in training.territories:
                    self.training_where[(use_type, territory)] += 1

    def add_failing(self, entry: dict) -> None:
        if len(self.failing) < STATIC_LIMIT:
            self.failing.append(entry)
        else:
            self.failing_more += 1


class HtmlReporter:
    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.context = context
        self.aggregates = _Aggregates()
        self.rows = 0
        self.started = context.started or datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        self.template = _environment().get_template("audit.html.j2").module
        stream.write(str(self.template.head(title=self._title(), css=_asset("audit.css"))))
        stream.write('<script type="application/json" id="ddex-rows">[')

    def _title(self) -> str:
        inputs = self.context.inputs
        named = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        return f"ddex-ai audit: {named}" if named else "ddex-ai audit"

    def file_done(self, result: FileResult) -> None:
        self.aggregates.add_file(result)
        for release in result.releases:
            self.aggregates.add_release(result, release)
            self._row(result, release.findings, release=release)
        file_level = result.file_level_findings
        if file_level or not result.releases:
            self._row(result, file_level)
        self.stream.flush()  # the rows are on disk as files finish

    def _row(
        self, result: FileResult, findings: list[Finding], release: ReleaseResult | None = None
    ) -> None:
        if release is not None:
            d = release.disclosure
            ids = "; ".join(f"{k} {v}" for k, v in release.ids.items())
            status = release.status.value
            row = [
                result.path, "release", release.reference, ids, release.title, release.artist,
                status, d.declared or "", effective_label(release), d.ai_roles,
                d.apple_music_tags, d.iptc_digital_source_type or "", _training_text(release),
            ]  # fmt: skip
        else:
            status = (Status.ERROR if result.status is Status.ERROR else status_of(findings)).value
            row = [result.path, "file", None, "", None, None, status, "", "", [], [], "", ""]
        row.append([_finding_row(f) for f in findings])
        self.stream.write(("," if self.rows else "") + "\n" + script_json(row))
        self.rows += 1
        if status in ("fail", "error"):
            self.aggregates.add_failing(dict(zip(COLUMNS, row, strict=True)))

    def finish(self, summary: Summary) -> None:
        from markupsafe import Markup

        from ddex_ai.rules import get_rule

        self.stream.write("\n]</script>\n")
        a = self.aggregates
        rules = {}
        for rule_id, count in summary.top_rules(len(summary.rules)):
            rule = get_rule(rule_id)
            rules[rule_id] = {
                "name": rule.name if rule else rule_id,
                "summary": rule.summary if rule else "",
                "count": count,
                "doc": markdown_to_html(rule.doc) if rule else "",
            }
        page = {
            "columns": list(COLUMNS),
            "rules": {k: {"name": v["name"], "summary": v["summary"]} for k, v in rules.items()},
        }
        policy = self.context.policy
        statuses = [s.value for s in Status]
        charts = [
            bar_chart(
                "disclosure",
                "Releases by effective AI disclosure",
                [Bar(name, a.disclosure.get(name, 0), css=_css(name)) for name in DISCLOSURES],
            ),
            bar_chart(
                "versions",
                "Releases by ERN version",
                [Bar(f"ERN {v}", n) for v, n in sorted(a.versions.items(), key=_version_key)],
            ),
            bar_chart(
                "rules",
                "Findings by rule",
                [Bar(f"{k} {v['name']}", v["count"], href=f"#rule-{k}") for k, v in rules.items()],
            ),
            bar_chart("roles", "AI roles credited (releases)", _bars(a.roles)),
            bar_chart("training", "Training consent granted (releases)", _bars(a.training_use)),
            bar_chart(
                "training-where",
                "Training consent by use type and territory (releases)",
                _bars(Counter({f"{u} · {t}": n for (u, t), n in a.training_where.items()})),
            ),
            bar_chart("profiles", "Release-profile verdicts (files)", _bars(a.profiles)),
        ]
        self.stream.write(
            str(
                self.template.body(
                    context=self.context,
                    policy=policy,
                    started=self.started,
                    summary=summary,
                    statuses=statuses,
                    release_statuses=a.release_statuses,
                    validated=sorted(a.validated.items(), key=_version_key),
                    charts=charts,
                    rules=rules,
                    failing=a.failing,
                    failing_more=a.failing_more,
                    rows=self.rows,
                    page_json=Markup(script_json(page)),  # escaped for a script element
                    js=_asset("audit.js"),
                )
            )
        )


def _bars(counts: Counter) -> list[Bar]:
    return [Bar(label, n) for label, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]


def _css(disclosure: str) -> str:
    return "d-" + disclosure.split()[0].lower()


def _version_key(item: tuple[str, object]) -> tuple:
    parts = item[0].split(".")
    return tuple(int(p) if p.isdigit() else -1 for p in parts)
