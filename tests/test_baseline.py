"""Baselines for back-catalogue audits: report only findings that are new."""

import json
import shutil

from conftest import FIXTURES, json_report
from ernbuilder import album, render


def catalogue(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "broken", folder / "broken")
    shutil.copytree(FIXTURES / "ern432/rules", folder / "rules")
    return folder


def test_round_trip(run_cli, tmp_path, monkeypatch):
    folder = catalogue(tmp_path)
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = run_cli(
        "check", "catalogue", "--format", "json", "--baseline", str(baseline), "--write-baseline"
    )
    assert first.exit_code == 0  # accepted as they are
    assert "findings to the baseline" in first.stderr
    recorded = json.loads(baseline.read_text())
    total = sum(len(f["findings"]) for f in recorded["files"])
    assert total > 10

    # Same files: nothing new, the known findings are counted as waived.
    again = run_cli("check", "catalogue", "--format", "json", "--baseline", str(baseline))
    report = json_report(again)
    assert again.exit_code == 0
    assert len(report["files"]) == len(recorded["files"]) > 10
    assert [f["findings"] for f in report["files"]] == [[]] * len(report["files"])
    assert report["summary"]["waived"] == total
    assert {f["status"] for f in report["files"]} == {"pass"}

    # Lines move (not a finding key): still nothing new.
    target = folder / "rules/AI001.xml"
    target.write_text(target.read_text().replace("<PartyList>", "\n\n\n<PartyList>"))
    moved = run_cli("check", "catalogue", "--format", "json", "--baseline", str(baseline))
    assert moved.exit_code == 0 and json_report(moved)["summary"]["waived"] == total

    # A new defect in a file that already had one: only the new one is reported.
    text = target.read_text()
    release_value = text.rindex("<ContainsAI>Partly</ContainsAI>")  # the album's, last
    target.write_text(
        text[:release_value] + "<ContainsAI>None</ContainsAI>" + text[release_value + 31 :]
    )
    new = run_cli("check", "catalogue", "--format", "json", "--baseline", str(baseline))
    report = json_report(new)
    found = [(f["path"], x["rule"]) for f in report["files"] for x in f["findings"]]
    assert new.exit_code == 1
    assert found and all(path.endswith("AI001.xml") for path, _ in found)
    assert {rule for _, rule in found} == {"AI005"}  # the known AI001 stays waived
    changed = next(f for f in report["files"] if f["path"].endswith("AI001.xml"))
    assert changed["status"] == "fail"


def test_a_second_identical_finding_is_new(run_cli, tmp_path, monkeypatch):
    folder = catalogue(tmp_path)
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "baseline.json"
    run_cli("check", "catalogue", "--baseline", str(baseline), "--write-baseline")
    target = folder / "broken/dangling_references_432.xml"
    text = target.read_text()
    # A second dangling ReleaseLabelReference on the same release: same key, one more.
    target.write_text(
        text.replace(
            "<ReleaseLabelReference>PNorthwindUK</ReleaseLabelReference>",
            "<ReleaseLabelReference>PNorthwindUK</ReleaseLabelReference>"
            "<ReleaseLabelReference>PNorthwindUS</ReleaseLabelReference>",
        )
    )
    report = json_report(
        run_cli("check", "catalogue", "--format", "json", "--baseline", str(baseline))
    )
    new = [x for f in report["files"] for x in f["findings"]]
    assert len(new) == 1 and new[0]["rule"] == "REF001" and new[0]["release"] == "R0"


def test_jsonl_reports_are_baselines_too(run_cli, tmp_path, monkeypatch):
    catalogue(tmp_path)
    monkeypatch.chdir(tmp_path)
    lines = tmp_path / "audit.jsonl"
    run_cli("check", "catalogue", "--format", "jsonl", "--output", str(lines))
    result = run_cli("check", "catalogue", "--baseline", str(lines), "--format", "json")
    assert result.exit_code == 0
    assert json_report(result)["summary"]["waived"] > 0


def test_unreadable_file_in_baseline_is_waived_but_a_new_one_is_not(run_cli, tmp_path, monkeypatch):
    folder = catalogue(tmp_path)
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "baseline.json"
    run_cli("check", "catalogue", "--baseline", str(baseline), "--write-baseline")
    (folder / "broken/new_truncated.xml").write_text("<ern:NewReleaseMessage")
    report = json_report(
        run_cli("check", "catalogue", "--format", "json", "--baseline", str(baseline))
    )
    statuses = {f["path"].split("/")[-1]: f["status"] for f in report["files"]}
    assert statuses["truncated_432.xml"] == "pass"  # known, waived
    assert statuses["new_truncated.xml"] == "error"


def test_bad_baselines_are_usage_errors(run_cli, tmp_path):
    fixture = str(FIXTURES / "ern43/single.xml")
    missing = run_cli("check", fixture, "--baseline", str(tmp_path / "none.json"))
    assert missing.exit_code == 2 and "--write-baseline" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"files": [\n{"path": 1,')
    result = run_cli("check", fixture, "--baseline", str(broken))
    assert result.exit_code == 2 and "broken.json:2" in result.stderr
    assert run_cli("check", fixture, "--write-baseline").exit_code == 2


def test_findings_of_one_rule_are_told_apart_by_resource(run_cli, tmp_path):
    """A known finding on one track does not waive the same rule's new finding on another."""
    delivery = album(tracks=2)
    delivery.resource("A2").contains_ai = None  # AI008: a track that declares nothing
    path = tmp_path / "album.xml"
    path.write_text(render(delivery))
    baseline = tmp_path / "baseline.json"
    run_cli("check", str(path), "--baseline", str(baseline), "--write-baseline")
    delivery.resource("A1").contains_ai = None  # a new AI008, before the known one
    path.write_text(render(delivery))
    report = json_report(
        run_cli("check", str(path), "--format", "json", "--baseline", str(baseline))
    )
    (file,) = report["files"]
    assert [(f["rule"], f["resource"]) for f in file["findings"]] == [("AI008", "A1")]
    known = json.loads(baseline.read_text())["files"][0]["findings"]
    assert ("AI008", "A2") in [(f["rule"], f["resource"]) for f in known]
    assert report["summary"]["waived"] == len(known)  # all known ones, A2's AI008 among them
