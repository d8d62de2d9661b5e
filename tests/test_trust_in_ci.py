"""A CI job must never go green when it should not: nothing silently empty, no file checked
twice, no unvalidated value taken at its word."""

from __future__ import annotations

import json
import os

from conftest import FIXTURES, json_report

GOOD = FIXTURES / "ern432/single_ai_vocals.xml"


def test_a_folder_that_matches_nothing_is_a_warning_and_zero_files_exit_2(run_cli, tmp_path):
    empty = tmp_path / "delivery"
    empty.mkdir()
    (empty / "notes.txt").write_text("no ERN here")
    result = run_cli("check", str(empty))
    assert result.exit_code == 2
    assert f"warning: {empty}: no file matches *.xml" in result.stderr
    assert "no file to check" in result.stderr
    allowed = run_cli("check", str(empty), "--allow-empty", "--format", "json")
    assert allowed.exit_code == 0 and json_report(allowed)["summary"]["files"] == 0


def test_an_empty_folder_beside_others_is_named_and_the_run_goes_on(run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", str(empty), str(GOOD), "--format", "json")
    assert result.exit_code == 0
    assert f"warning: {empty}: no file matches *.xml" in result.stderr
    assert json_report(result)["summary"]["files"] == 1


def test_the_same_file_named_twice_is_checked_once(run_cli, tmp_path, monkeypatch):
    copy = tmp_path / "album.xml"
    copy.write_bytes(GOOD.read_bytes())
    (tmp_path / "link.xml").symlink_to(copy)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "album.xml", str(copy), "./album.xml", "link.xml", "--format", "json")
    paths = [f["path"] for f in json_report(result)["files"]]
    assert paths == ["album.xml"]
    walked = run_cli("check", ".", "--format", "json")  # the folder holds the file and a link
    assert [os.path.basename(f["path"]) for f in json_report(walked)["files"]] == ["album.xml"]


def test_a_missing_path_in_files_from_is_io001_and_the_run_goes_on(run_cli, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"{tmp_path / 'gone.xml'}\n{GOOD}\n")
    result = run_cli("check", "--files-from", str(listing), "--format", "json")
    files = {os.path.basename(f["path"]): f for f in json_report(result)["files"]}
    assert files["gone.xml"]["findings"][0]["rule"] == "IO001"
    assert files["single_ai_vocals.xml"]["status"] in ("pass", "warn")  # warn: no XSD here


def test_without_schemas_an_invalid_contains_ai_is_a_finding_not_a_declaration(run_cli):
    result = run_cli("check", str(FIXTURES / "ern431/invalid_contains_ai.xml"), "--format", "json")
    (file,) = json_report(result)["files"]
    found = [f for f in file["findings"] if f["rule"] == "AI015"]
    assert [f["message"].split(" is ")[0] for f in found] == ["ContainsAI 'partly'"]
    assert found[0]["resource"] == "A1" and result.exit_code == 1
    disclosure = file["releases"][0]["disclosure"]
    assert disclosure["resources"]["track"]["undeclared"] == 1  # 'partly' declares nothing


def test_a_validated_file_gets_xsd001_not_ai015(run_cli, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(GOOD.read_bytes().replace(b"<ContainsAI>Partly", b"<ContainsAI>Maybe", 1))
    result = run_cli("check", str(bad), "--format", "json", schemas=True)
    rules = {f["rule"] for f in json_report(result)["files"][0]["findings"]}
    assert "XSD001" in rules and "AI015" not in rules


def test_an_ignored_reading_rule_still_says_why_a_file_was_not_checked(run_cli, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text('ignore = ["ERN", "IO"]\n')
    junk = tmp_path / "junk.xml"
    junk.write_text("not xml at all")
    result = run_cli("check", "--policy", str(policy), str(junk), "--format", "json")
    (file,) = json_report(result)["files"]
    assert file["status"] == "error" and file["findings"][0]["rule"] == "ERN001"
    assert result.exit_code == 1


def _sarif_results(run_cli, *args):
    result = run_cli("check", *args, "--format", "sarif")
    return json.loads(result.stdout)["runs"][0]["results"]


def test_two_findings_of_one_rule_in_one_release_have_distinct_fingerprints(run_cli):
    results = _sarif_results(run_cli, str(FIXTURES / "broken/dangling_references_432.xml"))
    in_r0 = [r for r in results if r["ruleId"] == "REF001" and r["properties"]["release"] == "R0"]
    assert len(in_r0) >= 3
    prints = {r["partialFingerprints"]["ddexAiFinding/v2"] for r in in_r0}
    assert len(prints) == len(in_r0)


def test_fingerprints_survive_lines_moving(run_cli, tmp_path, monkeypatch):
    data = (FIXTURES / "broken/dangling_references_432.xml").read_bytes()
    head, rest = data.split(b"\n", 1)
    for name, content in (("before", data), ("after", head + b"\n<!-- a -->\n<!-- b -->\n" + rest)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "d.xml").write_bytes(content)
    found = {}
    for name in ("before", "after"):
        monkeypatch.chdir(tmp_path / name)
        found[name] = _sarif_results(run_cli, "d.xml")
    line = lambda r: r["locations"][0]["physicalLocation"]["region"]["startLine"]  # noqa: E731
    mark = lambda r: r["partialFingerprints"]["ddexAiFinding/v2"]  # noqa: E731
    assert [line(r) for r in found["after"]] != [line(r) for r in found["before"]]
    assert [mark(r) for r in found["after"]] == [mark(r) for r in found["before"]]


def test_a_baseline_does_not_waive_a_new_finding_that_resembles_an_old_one(run_cli, tmp_path):
    delivery = tmp_path / "d.xml"
    data = (FIXTURES / "ern432/single_ai_vocals.xml").read_bytes()
    one = data.replace(b"<ReleaseLabelReference>", b"<ReleaseLabelReference>X", 1)
    delivery.write_bytes(one)
    baseline = tmp_path / "baseline.json"
    wrote = run_cli("check", str(delivery), "--baseline", str(baseline), "--write-baseline")
    assert wrote.exit_code == 0
    assert run_cli("check", str(delivery), "--baseline", str(baseline)).exit_code == 0
    # A second dangling reference in the same release: the baseline must not hide it.
    two = one.replace(b"<ArtistPartyReference>", b"<ArtistPartyReference>X", 1)
    delivery.write_bytes(two)
    result = run_cli("check", str(delivery), "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 1
    new = [
        f["message"] for f in json_report(result)["files"][0]["findings"] if f["rule"] == "REF001"
    ]
    assert len(new) == 1 and new[0].startswith("ArtistPartyReference")


def test_a_baseline_matches_from_another_folder_and_with_absolute_paths(
    run_cli, tmp_path, monkeypatch
):
    project = tmp_path / "project"
    (project / "deliveries").mkdir(parents=True)
    broken = project / "deliveries" / "d.xml"
    broken.write_bytes((FIXTURES / "broken/dangling_references_432.xml").read_bytes())
    monkeypatch.chdir(project)
    wrote = run_cli("check", "deliveries", "--baseline", "baseline.json", "--write-baseline")
    assert wrote.exit_code == 0
    assert json.loads((project / "baseline.json").read_text())["root"] == str(project)
    monkeypatch.chdir(tmp_path)  # another folder, another spelling of the same file
    for given in ("project/deliveries/d.xml", str(broken)):
        result = run_cli("check", given, "--baseline", "project/baseline.json", "--format", "json")
        assert result.exit_code == 0, result.stdout
        assert json_report(result)["summary"]["waived"] > 0


def test_standard_input_has_a_name_in_every_report(tmp_path):
    from click.testing import CliRunner

    from ddex_ai.cli import main

    data = (FIXTURES / "ern432/single_ai_vocals.xml").read_bytes()
    runner = CliRunner()
    named = runner.invoke(main, ["check", "-", "--stdin-filename", "album.xml", "--format",
                                 "sarif"], input=data)  # fmt: skip
    artifact = json.loads(named.stdout)["runs"][0]["artifacts"][0]["location"]["uri"]
    assert artifact.endswith("album.xml")
    default = runner.invoke(main, ["check", "-", "--format", "csv"], input=data)
    assert default.stdout.splitlines()[1].startswith("stdin.xml,")


def test_a_baseline_tells_findings_apart_by_the_value_at_fault(run_cli, tmp_path):
    """Two dangling contributors of one track: same rule, resource and element path once
    positions are dropped; only the reference differs, and that is enough."""
    delivery = tmp_path / "d.xml"
    data = (FIXTURES / "ern432/single_ai_vocals.xml").read_bytes()
    one = data.replace(
        b">PLenaMarsh</ContributorPartyReference>", b">PGhostA</ContributorPartyReference>"
    )
    delivery.write_bytes(one)
    baseline = tmp_path / "baseline.json"
    assert (
        run_cli("check", str(delivery), "--baseline", str(baseline), "--write-baseline").exit_code
        == 0
    )
    two = one.replace(
        b">PTomOkafor</ContributorPartyReference>", b">PGhostB</ContributorPartyReference>"
    )
    delivery.write_bytes(two)
    result = run_cli("check", str(delivery), "--baseline", str(baseline), "--format", "json")
    new = [
        f["message"] for f in json_report(result)["files"][0]["findings"] if f["rule"] == "REF001"
    ]
    assert len(new) == 1 and "PGhostB" in new[0]
