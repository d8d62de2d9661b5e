"""The HTML audit report, read as HTML: self-contained, escaped, streamed, equal to JSON."""

from __future__ import annotations

import io
import json

import lxml.html
import pytest

from conftest import json_report
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.policy import Policy
from ddex_ai.reporters import ReportContext, html_report
from ddex_ai.reporters.html_report import HtmlReporter, script_json
from ddex_ai.reporters.markdown_html import markdown_to_html
from ddex_ai.results import FileResult, Summary
from html_cases import HOSTILE_NAME, HOSTILE_TITLE, hostile_folder


@pytest.fixture
def audit(run_cli, tmp_path):
    """(the HTML page, the JSON report) of one run over the hostile folder."""
    folder = hostile_folder(tmp_path / "in")
    page = tmp_path / "audit.html"
    result = run_cli(
        "check", str(folder), "--format", "json", "--report", f"html:{page}", schemas=True
    )
    return page.read_text(encoding="utf-8"), json_report(result)


def _tiles(page: str) -> dict[str, int]:
    root = lxml.html.fromstring(page)
    return {
        tile.get("data-tile"): int(tile.find_class("n")[0].text)
        for tile in root.iter()
        if tile.get("data-tile")
    }


def test_the_tiles_are_the_json_summary(audit):
    page, report = audit
    summary = report["summary"]
    tiles = _tiles(page)
    assert tiles["files"] == summary["files"]
    assert tiles["releases"] == summary["releases"]
    for status in ("pass", "warn", "fail", "error"):
        assert tiles[f"files-{status}"] == summary[status]
    releases = [r for f in report["files"] for r in f["releases"]]
    for status in ("pass", "warn", "fail"):
        assert tiles[f"releases-{status}"] == sum(r["status"] == status for r in releases)


def test_the_page_asks_for_nothing_outside_itself(audit):
    page, _ = audit
    root = lxml.html.fromstring(page)
    assert not root.xpath("//link | //img | //iframe | //object | //embed | //script[@src]")
    assert not root.xpath("//@src")
    external = [h for h in root.xpath("//@href") if not h.startswith("#")]
    assert external == []
    policy = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and "default-src 'none'" in policy[0]
    assert "@import" not in page and "url(" not in page


def test_names_and_titles_with_markup_stay_text(audit):
    page, _ = audit
    assert "<script>window.pwned" not in page
    assert "<b>bold</b>" not in page
    root = lxml.html.fromstring(page)
    scripts = [s for s in root.iter("script") if s.get("type") != "application/json"]
    assert len(scripts) == 1  # the page's own, and only that one
    rows = json.loads(root.get_element_by_id("ddex-rows").text)
    columns = json.loads(root.get_element_by_id("ddex-page").text)["columns"]
    paths = {row[columns.index("path")] for row in rows}
    titles = {row[columns.index("title")] for row in rows}
    assert any(p.endswith(HOSTILE_NAME) for p in paths)
    assert HOSTILE_TITLE in titles


def test_every_release_and_every_file_has_a_row(audit):
    page, report = audit
    root = lxml.html.fromstring(page)
    rows = json.loads(root.get_element_by_id("ddex-rows").text)
    columns = json.loads(root.get_element_by_id("ddex-page").text)["columns"]
    kind, path, findings = (columns.index(c) for c in ("kind", "path", "findings"))
    releases = [r for r in rows if r[kind] == "release"]
    assert len(releases) == report["summary"]["releases"]
    assert {r[path] for r in rows} == {f["path"] for f in report["files"]}
    # Every finding of the JSON report is in exactly one row.
    assert sum(len(r[findings]) for r in rows) == sum(len(f["findings"]) for f in report["files"])


def test_rules_with_findings_are_documented_in_the_page(audit):
    page, report = audit
    root = lxml.html.fromstring(page)
    for rule in report["summary"]["rules"]:
        section = root.get_element_by_id(f"rule-{rule}")
        assert section.text_content().strip()


def _result(path: str, status: Status, rule: str = "AI005") -> FileResult:
    finding = Finding(rule, Severity.ERROR, "contradiction", line=3, path="/X")
    return FileResult(path, status, "4.3.2", findings=[finding] if status is Status.FAIL else [])


def test_rows_are_written_as_files_finish():
    stream = io.StringIO()
    reporter = HtmlReporter(stream, ReportContext("0", Policy.default()))
    reporter.file_done(_result("a.xml", Status.FAIL))
    assert "a.xml" in stream.getvalue()
    reporter.file_done(_result("b.xml", Status.PASS))
    assert "b.xml" in stream.getvalue()
    assert "</html>" not in stream.getvalue()
    summary = Summary()
    reporter.finish(summary)
    assert stream.getvalue().rstrip().endswith("</html>")


def test_memory_keeps_only_a_bounded_list_of_failing_releases(monkeypatch):
    monkeypatch.setattr(html_report, "STATIC_LIMIT", 3)
    stream = io.StringIO()
    reporter = HtmlReporter(stream, ReportContext("0", Policy.default()))
    summary = Summary()
    for n in range(10):
        result = _result(f"f{n}.xml", Status.FAIL)
        summary.add(result)
        reporter.file_done(result)
    assert len(reporter.aggregates.failing) == 3
    reporter.finish(summary)
    page = lxml.html.fromstring(stream.getvalue())
    assert len(page.find_class("failing-item")) == 3
    assert "and 7 more" in page.get_element_by_id("failing").text_content()
    assert len(json.loads(page.get_element_by_id("ddex-rows").text)) == 10


def test_an_interrupted_run_says_so():
    stream = io.StringIO()
    reporter = HtmlReporter(stream, ReportContext("0", Policy.default()))
    summary = Summary(inputs=5, complete=False)
    summary.add(_result("a.xml", Status.PASS))
    reporter.file_done(_result("a.xml", Status.PASS))
    reporter.finish(summary)
    page = lxml.html.fromstring(stream.getvalue())
    completeness = page.xpath("//*[@data-run='complete']")[0].text_content()
    assert "interrupted" in completeness and "4 of 5" in completeness


def test_script_json_cannot_close_its_script_element():
    text = script_json(["</script><!-- & \u2028"])
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == ["</script><!-- & \u2028"]


def test_rule_documentation_markup_is_escaped():
    html = str(markdown_to_html("## Why\nA <b>tag</b> and `<ContainsAI>`\n```xml\n<X/>\n```"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<code>&lt;ContainsAI&gt;</code>" in html
    assert "<pre><code>&lt;X/&gt;</code></pre>" in html
    assert "<h4>Why</h4>" in html
