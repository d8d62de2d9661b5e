"""Every output format comes from the same results: JSON Lines, JUnit, SARIF, CSV."""

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, json_report
from ddex_ai.reporters.csv_report import COLUMNS

RUN = [
    str(FIXTURES / "ern432/album_ai_mixed.xml"),
    str(FIXTURES / "broken/dangling_references_432.xml"),
    str(FIXTURES / "broken/truncated_432.xml"),
    str(FIXTURES / "ern43/single.xml"),
]


def run_format(run_cli, fmt, *extra, paths=RUN):
    result = run_cli("check", *paths, "--format", fmt, *extra, schemas=True)
    return result


def reference_report(run_cli, *extra, paths=RUN):
    return json_report(run_cli("check", *paths, "--format", "json", *extra, schemas=True))


def test_jsonl_is_one_file_per_line_in_path_order(run_cli):
    lines = run_format(run_cli, "jsonl").stdout.splitlines()
    files = [json.loads(line) for line in lines]
    assert files == reference_report(run_cli)["files"]
    assert [f["path"] for f in files] == sorted(RUN)


def test_jsonl_writes_each_file_as_it_finishes():
    from ddex_ai.findings import Status
    from ddex_ai.policy import Policy
    from ddex_ai.reporters import ReportContext
    from ddex_ai.reporters.jsonl_report import JsonLinesReporter
    from ddex_ai.results import FileResult

    class Recorder(io.StringIO):
        def __init__(self):
            super().__init__()
            self.flushed_at = []

        def flush(self):
            self.flushed_at.append(self.getvalue().count("\n"))

    stream = Recorder()
    reporter = JsonLinesReporter(stream, ReportContext("0", Policy.default()))
    reporter.file_done(FileResult("a.xml", Status.PASS))
    reporter.file_done(FileResult("b.xml", Status.PASS))
    assert stream.flushed_at == [1, 2]


def _junit(run_cli, *extra):
    root = ET.fromstring(run_format(run_cli, "junit", *extra).stdout)
    return root, {suite.get("name"): suite for suite in root.iter("testsuite")}


def test_junit_has_a_suite_per_file_and_a_case_per_release(run_cli):
    root, suites = _junit(run_cli)
    assert root.tag == "testsuites"
    assert set(suites) == set(RUN)
    album = suites[RUN[0]]
    names = [case.get("name") for case in album.iter("testcase")]
    assert names[0].startswith("file:")
    assert names[1:] == [
        "R0 Release: Synthetic Dawn",
        "R1 TrackRelease: Opening Signal",
        "R2 TrackRelease: Borrowed Voice",
        "R3 TrackRelease: Machine Lullaby",
    ]
    assert len(suites) == len(RUN)
    for suite in suites.values():
        cases = list(suite.iter("testcase"))
        assert cases
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        assert all(c.get("classname") == suite.get("name") == c.get("file") for c in cases)


def test_junit_failures_carry_the_findings(run_cli):
    _, suites = _junit(run_cli)
    dangling = {c.get("name"): c for c in suites[RUN[1]].iter("testcase")}
    failure = dangling["R0 Release: Paper Satellites"].find("failure")
    assert failure is not None and failure.get("type") == "REF001"
    assert "PLenaMarch" in failure.text and "line 89" in failure.text
    # The deal for a release that does not exist concerns the file itself.
    assert "DealReleaseReference 'R1'" in dangling["file: NewReleaseMessage"].find("failure").text
    truncated = next(suites[RUN[2]].iter("testcase"))
    assert truncated.find("error") is not None and "not well-formed" in truncated.find("error").text
    # Information only: passes, the finding kept as output.
    old = next(suites[RUN[3]].iter("testcase"))
    assert old.find("failure") is None and "AI010" in old.find("system-out").text


def test_junit_failures_follow_fail_on(run_cli):
    _, suites = _junit(run_cli, "--fail-on", "info")
    old = next(suites[RUN[3]].iter("testcase"))
    assert old.find("failure") is not None and old.find("failure").get("type") == "AI010"
    _, suites = _junit(run_cli, "--fail-on", "never")
    assert not any(s.find(".//failure") is not None for s in suites.values())


def test_sarif_has_the_fields_code_scanning_needs(run_cli):
    sarif = json.loads(run_format(run_cli, "sarif").stdout)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ddex-ai" and driver["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "AI001" in ids and "XSD001" in ids
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert "## Why it matters" in rule["help"]["markdown"]
    report = reference_report(run_cli)
    expected = [(f["path"], x["rule"], x["line"]) for f in report["files"] for x in f["findings"]]
    results = run["results"]
    assert len(results) == len(expected) > 0
    for result in results:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith("/")
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["ddexAiFinding/v2"]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    levels = {(r["ruleId"], r["level"]) for r in results}
    assert ("REF001", "error") in levels and ("AI010", "note") in levels


def test_sarif_paths_are_relative_to_the_working_folder(run_cli, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent)
    sarif = json.loads(run_format(run_cli, "sarif", paths=["fixtures/ern43/single.xml"]).stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "fixtures/ern43/single.xml", "uriBaseId": "%SRCROOT%", "index": 0}
    artifact = sarif["runs"][0]["artifacts"][0]
    assert artifact["location"]["uri"] == "fixtures/ern43/single.xml"
    assert artifact["properties"]["status"] == "pass"


def test_sarif_fingerprints_ignore_lines(run_cli, tmp_path):
    text = (FIXTURES / "broken/dangling_references_432.xml").read_text()
    first = tmp_path / "a.xml"
    first.write_text(text)
    before = json.loads(run_format(run_cli, "sarif", paths=[str(first)]).stdout)
    first.write_text(text.replace("<PartyList>", "\n\n<PartyList>"))
    after = json.loads(run_format(run_cli, "sarif", paths=[str(first)]).stdout)

    def prints(sarif):
        return sorted(
            r["partialFingerprints"]["ddexAiFinding/v2"] for r in sarif["runs"][0]["results"]
        )

    assert prints(before) == prints(after)


def test_csv_has_a_row_per_release_and_one_per_file_without_releases(run_cli):
    rows = list(csv.DictReader(io.StringIO(run_format(run_cli, "csv", "--no-csv-bom").stdout)))
    assert list(rows[0]) == COLUMNS
    by_file = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    assert [len(by_file[path]) for path in RUN] == [4, 1, 1, 1]
    album = by_file[RUN[0]][0]
    assert album["release"] == "R0" and album["icpn"] == "5060000000023"
    assert album["declared_contains_ai"] == album["effective_contains_ai"] == "Partly"
    assert album["training_granted"] == "yes" and "BackgroundVocalist" in album["ai_roles"]
    assert (album["errors"], album["warnings"], album["infos"]) == ("0", "0", "1")
    track = by_file[RUN[0]][1]
    assert track["kind"] == "TrackRelease" and track["isrc"] == "GBNWR2600101"
    broken = by_file[RUN[2]][0]
    assert broken["file_status"] == broken["status"] == "error" and broken["release"] == ""
    assert broken["errors"] == "1"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_cannot_run_as_formulas(run_cli, tmp_path, start):
    text = (FIXTURES / "ern432/single_ai_vocals.xml").read_text()
    path = tmp_path / "formula.xml"
    path.write_text(
        text.replace("<DisplayTitleText>Paper Satellites", f"<DisplayTitleText>{start}SUM(1)")
    )
    out = run_format(run_cli, "csv", paths=[str(path)]).stdout
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 1
    assert rows[0]["title"] == f"'{start}SUM(1)"


def test_csv_opens_in_spreadsheets_with_identifiers_as_text(run_cli):
    out = run_format(run_cli, "csv").stdout
    assert out.startswith("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    album = next(r for r in rows if r["file"] == RUN[0] and r["release"] == "R0")
    assert album["icpn"] == '="5060000000023"'  # kept as 13 digits of text, never 5.06E+12
    track = next(r for r in rows if r["kind"] == "TrackRelease")
    assert track["isrc"] == "GBNWR2600101"  # not all digits: as it is


def test_csv_ids_that_are_not_digits_are_still_formula_safe(run_cli, tmp_path):
    text = (FIXTURES / "ern432/single_ai_vocals.xml").read_text()
    path = tmp_path / "f.xml"
    path.write_text(text.replace("<ICPN>5060000000016</ICPN>", "<ICPN>=SUM(1)</ICPN>"))
    for mode in ("--csv-bom", "--no-csv-bom"):
        out = run_format(run_cli, "csv", mode, paths=[str(path)]).stdout
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        assert rows[0]["icpn"] == "'=SUM(1)"


def test_csv_findings_has_a_row_per_finding(run_cli):
    out = run_format(run_cli, "csv-findings", "--no-csv-bom").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    report = json.loads(run_format(run_cli, "json").stdout)
    expected = [(f["rule"], f["message"]) for file in report["files"] for f in file["findings"]]
    assert [(r["rule"], r["message"]) for r in rows] == expected
    assert list(rows[0]) == ["file", "line", "column", "rule", "profile_rule", "severity",
                             "release", "resource", "path", "message"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "junit", "sarif", "csv"])
def test_every_format_writes_its_output_file_atomically(run_cli, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = run_format(run_cli, fmt, "--output", str(out))
    assert result.stdout == "" and out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    current = os.umask(0)
    os.umask(current)
    return current


def test_several_reports_from_one_run(run_cli, tmp_path):
    sarif, junit = tmp_path / "ddex.sarif", tmp_path / "junit.xml"
    result = run_format(run_cli, "text", "--report", f"sarif:{sarif}", "--report", f"junit:{junit}")
    assert "Summary:" in result.stdout
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert ET.parse(junit).getroot().tag == "testsuites"


@pytest.mark.parametrize("spec", ["sarif", "yaml:out.yaml", "sarif:"])
def test_bad_report_spec_is_a_usage_error(run_cli, spec):
    result = run_cli("check", RUN[0], "--report", spec)
    assert result.exit_code == 2


def test_jsonl_encoding_is_the_json_of_the_result(checker):
    """The fast encoder of JSON Lines writes exactly what json.dumps would."""
    for fixture in [
        *RUN,
        str(FIXTURES / "ern432/rules/AI012.xml"),
        str(FIXTURES / "ern432/purge.xml"),
    ]:
        result = checker.check_path(fixture)
        assert result.to_json() == json.dumps(result.to_dict(), ensure_ascii=False)


def test_jsonl_encoding_escapes_what_a_terminal_acts_on_as_json_text_does(checker, tmp_path):
    """The fast encoder makes the text safe once, whole: the same escapes as for each part."""
    from ddex_ai.names import json_text

    result = checker.check_path(str(FIXTURES / "ern432/album_ai_mixed.xml"))
    result.path = "caf\udce9/\x9b31m.xml"  # an undecodable byte, a C1 control
    release = result.releases[0]
    release.title = "Line\u2028Break \x7f \u00e9"
    release.ids = {"ICPN": "0\u2029", "Odd": 1}  # a value that is not a string
    release.artist = None
    text = result.to_json()
    assert text == json_text(result.to_dict())
    assert "\\udce9" in text and "\\u2028" in text and "\\u009b" in text
    assert text.isascii() is False  # é stays itself


def _check_fixtures(run_cli, fmt):
    result = run_cli(
        "check", str(FIXTURES / "broken/dangling_references_432.xml"),
        str(FIXTURES / "broken/truncated_432.xml"), "--format", fmt, schemas=True,
    )  # fmt: skip
    assert result.exit_code == 1
    return result.stdout


def test_concise_is_one_line_per_finding_sorted_by_path_and_line(run_cli):
    lines = _check_fixtures(run_cli, "concise").splitlines()
    findings, closing = lines[:-1], lines[-1]
    assert closing.startswith("Found ") and closing.endswith(" in 2 files.")
    keys = []
    for line in findings:
        path, number, rest = line.split(":", 2)
        assert rest.lstrip("0123456789:").startswith(" ")
        keys.append((path, int(number)))
    assert keys == sorted(keys) and len({p for p, _ in keys}) == 2
    truncated = str(FIXTURES / "broken/truncated_432.xml")
    assert any(line.startswith(truncated + ":66:12: ERN001 [error]") for line in findings)
    assert "line 66" not in "\n".join(findings)  # the line is named once, in the place
    assert any(" RP036 (G.4) [warning] " in line for line in findings)


def test_github_workflow_commands(run_cli, tmp_path):
    out = _check_fixtures(run_cli, "github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out)
    assert any(",line=66,col=12,title=ERN001::" in line for line in out)
    assert any("title=RP036 (G.4)::" in line for line in out)
    odd = tmp_path / "a,b:c.xml"
    odd.write_text("<broken")
    line = run_cli("check", str(odd), "--format", "github").stdout.strip()
    assert "a%2Cb%3Ac.xml" in line and "\n" not in line


def test_gitlab_code_quality_with_stable_distinct_fingerprints(run_cli):
    issues = json.loads(_check_fixtures(run_cli, "gitlab"))
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issues[0])
    assert all(i["severity"] in ("info", "minor", "major", "critical", "blocker") for i in issues)
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert prints == [i["fingerprint"] for i in json.loads(_check_fixtures(run_cli, "gitlab"))]


def test_findings_are_sorted_by_line(run_cli):
    """Results hold findings in line order, so every format lists them so."""
    report = json.loads(_check_fixtures(run_cli, "json"))
    lines = [f["line"] or 0 for f in report["files"][0]["findings"]]
    assert lines == sorted(lines) and len(lines) > 5


def test_sarif_rules_link_their_documentation(run_cli, tmp_path):
    sarif = json.loads(run_format(run_cli, "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["AI001"]["helpUri"].endswith("README.md#what-is-checked")
    assert rules["RP001"]["helpUri"].endswith("README.md#release-profiles")
    policy = tmp_path / "p.toml"
    policy.write_text('[options]\ndocs-url = "https://docs.example.org/ddex-ai/{rule}"\n')
    own = json.loads(run_format(run_cli, "sarif", "--policy", str(policy)).stdout)
    rules = {r["id"]: r for r in own["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["REF001"]["helpUri"] == "https://docs.example.org/ddex-ai/REF001"


def test_sarif_shows_baselined_findings_as_suppressed(run_cli, tmp_path):
    baseline = tmp_path / "b.json"
    run_format(run_cli, "json", "--baseline", str(baseline), "--write-baseline")
    sarif = json.loads(run_format(run_cli, "sarif", "--baseline", str(baseline)).stdout)
    results = sarif["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["kind"] == "external" for r in results)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_junit_times_are_real(run_cli):
    root = ET.fromstring(run_format(run_cli, "junit").stdout)
    suites = list(root.iter("testsuite"))
    assert suites and all(float(s.get("time")) > 0 for s in suites)


def test_piped_rules_and_policies_carry_no_trailing_blanks(run_cli):
    for args in (("rules",), ("rules", "--profile", "Audio"), ("policies",), ("rules", "AI001")):
        out = run_cli(*args).stdout
        assert out and not [line for line in out.splitlines() if line != line.rstrip()], args


def test_rules_marks_the_rules_the_default_policy_leaves_off(run_cli):
    lines = {line.split()[0]: line for line in run_cli("rules").stdout.splitlines() if line.strip()}
    assert "off (error)" in lines["AI013"] and "off" not in lines["AI001"]
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    on = {r["id"]: r["on_in_default_policy"] for r in listed}
    assert on["AI001"] is True and on["AI013"] is False and on["RP026"] is False


def test_force_color_colours_a_report_that_is_not_a_terminal(run_cli, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml")).stdout
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml")).stdout


def test_text_shows_a_passing_file_as_one_line(run_cli):
    fixture = str(FIXTURES / "ern432/rules/AI001_ok.xml")
    out = run_cli("check", fixture, "--color", "never", schemas=True).stdout.splitlines()
    passing = [line for line in out if line.startswith("PASS  ")]
    assert passing == [f"PASS  {fixture}  ERN 4.3.2 · 1 release · SimpleAudioSingle certified"]
    assert not any("╭" in line for line in out)
    panels = run_cli("check", fixture, "--show-passing", schemas=True).stdout
    assert "╭─ " in panels and not [line for line in panels.splitlines() if line.startswith("PASS")]
    quiet = run_cli("check", fixture, "--quiet", schemas=True).stdout
    assert quiet == ""  # nothing to say about a passing file when quiet


def test_long_element_paths_wrap_at_slashes_never_inside_a_name(run_cli):
    from ddex_ai.reporters.text_report import wrap_path

    path = (
        "/NewReleaseMessage/ReleaseList/Release/ResourceGroup/ResourceGroupContentItem"
        "/LinkedReleaseResourceReference"
    )
    lines = wrap_path(path, 40).split("\n")
    assert "".join(lines) == path
    assert all(line.startswith("/") for line in lines)
    assert all(len(line) <= 40 for line in lines if line.count("/") > 1)
    out = run_cli("check", str(FIXTURES / "broken/dangling_references_432.xml"), schemas=True)
    text = out.stdout
    for name in ("ResourceGroupContentItem", "LinkedReleaseResourceReference"):
        assert name in text  # whole, not cut across lines
