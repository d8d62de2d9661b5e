"""The ``ddex-ai`` command as a user and a CI job run it."""

import json
import os
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, REPO, json_report
from ddex_ai import __version__

REPORT_SCHEMA = json.loads((REPO / "schemas/report.schema.json").read_text())


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ddex-ai, version {__version__}"


def test_clean_file_exits_0(run_cli):
    result = run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml"), schemas=True)
    assert result.exit_code == 0, result.output


def test_error_finding_exits_1(run_cli):
    result = run_cli("check", str(FIXTURES / "broken/dangling_references_432.xml"))
    assert result.exit_code == 1


def test_unreadable_file_exits_1(run_cli):
    result = run_cli("check", str(FIXTURES / "broken/truncated_432.xml"))
    assert result.exit_code == 1


def test_warnings_alone_exit_0(run_cli):
    # No schema configured: XSD002 warnings only.
    result = run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml"))
    assert result.exit_code == 0
    assert "XSD002" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no/such/file.xml"],
        ["check", "--format", "yaml", "fixtures"],
        ["check"],
        ["check", "--no-such-option", "fixtures"],
        ["check", "--schemas", "no/such/folder", "fixtures"],
    ],
)
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli(*args)
    assert result.exit_code == 2


def test_missing_path_is_named(run_cli):
    result = run_cli("check", str(FIXTURES / "ern43/single.xml"), "no/such/file.xml")
    assert result.exit_code == 2
    assert "no/such/file.xml" in result.stderr


def test_env_schema_folder_that_does_not_exist_is_a_usage_error(run_cli, monkeypatch):
    monkeypatch.setenv("DDEX_AI_SCHEMAS", "/no/such/schemas")
    from click.testing import CliRunner

    from ddex_ai.cli import main

    result = CliRunner().invoke(main, ["check", str(FIXTURES / "ern43/single.xml")])
    assert result.exit_code == 2
    assert "DDEX_AI_SCHEMAS" in result.stderr


def test_json_report_follows_the_documented_contract(run_cli):
    result = run_cli("check", str(FIXTURES), "--format", "json", schemas=True)
    report = json_report(result)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["tool"] == {"name": "ddex-ai", "version": __version__}
    assert report["policy"] == "ddex"
    paths = [f["path"] for f in report["files"]]
    assert paths == sorted(paths)
    assert len(paths) == len(list(FIXTURES.rglob("*.xml")))
    summary = report["summary"]
    assert summary["files"] == len(paths)
    assert summary["releases"] == sum(len(f["releases"]) for f in report["files"])
    for status in ("pass", "warn", "fail", "error"):
        assert summary[status] == sum(f["status"] == status for f in report["files"])
    assert result.exit_code == 1  # the broken fixtures


def test_json_release_findings_are_a_subset_of_the_file_findings(run_cli):
    result = run_cli(
        "check", str(FIXTURES / "broken/schema_invalid_432.xml"), "--format", "json", schemas=True
    )
    (file,) = json_report(result)["files"]
    (release,) = file["releases"]
    assert release["findings"] and all(f in file["findings"] for f in release["findings"])
    resource_finding = next(f for f in file["findings"] if f["resource"] == "A1")
    assert resource_finding["line"] == 66
    assert resource_finding["path"].startswith("/NewReleaseMessage/ResourceList/SoundRecording")


def test_output_file_is_written_whole(run_cli, tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("check", str(FIXTURES / "ern43"), "--format", "json", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    report = json.loads(out.read_text())
    assert report["summary"]["files"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_output_file_is_not_replaced_when_the_run_crashes(run_cli, tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("previous report")

    def explode(self, item):
        raise RuntimeError("crash")

    monkeypatch.setattr("ddex_ai.checker.Checker.check_input", explode)
    with pytest.raises(RuntimeError):
        run_cli("check", str(FIXTURES / "ern43"), "--format", "json", "--output", str(out))
    assert out.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_interrupt_reports_what_finished_and_exits_130(run_cli, tmp_path, monkeypatch):
    from ddex_ai.checker import Checker

    real = Checker.check_input
    calls = []

    def interrupt_second(self, item):
        calls.append(item)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, item)

    monkeypatch.setattr(Checker, "check_input", interrupt_second)
    out = tmp_path / "report.json"
    result = run_cli(
        "check", str(FIXTURES / "ern432"), "--jobs", "1", "--format", "json", "-o", str(out)
    )
    assert result.exit_code == 130
    report = json.loads(out.read_text())
    assert report["summary"]["files"] == 1
    assert len(report["files"]) == 1
    total = len(list((FIXTURES / "ern432").rglob("*.xml")))
    assert f"interrupted (SIGINT): 1 of {total} files checked" in result.stderr


def test_text_report_names_files_releases_findings_and_summary(run_cli):
    result = run_cli(
        "check",
        str(FIXTURES / "broken/dangling_references_432.xml"),
        str(FIXTURES / "ern432/album_ai_mixed.xml"),
        "--show-passing",  # the passing album as a panel, with its releases
        schemas=True,
    )
    out = result.stdout
    assert "dangling_references_432.xml" in out and "album_ai_mixed.xml" in out
    assert "Synthetic Dawn" in out and "Machine Lullaby" in out
    assert "REF001" in out and "PTomOkafr" in out
    assert "Summary: 2 files, 5 releases: 1 pass, 0 warn, 1 fail, 0 error" in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_text_report_colour_can_be_forced(run_cli):
    result = run_cli("check", str(FIXTURES / "ern43/single.xml"), "--color", "always")
    assert "\x1b[" in result.stdout


def test_folders_are_searched_recursively_for_xml(run_cli, tmp_path):
    nested = tmp_path / "delivery/batch1"
    nested.mkdir(parents=True)
    (nested / "release.xml").write_bytes((FIXTURES / "ern43/single.xml").read_bytes())
    (nested / "notes.txt").write_text("not a message")
    (tmp_path / "delivery/top.xml").write_bytes((FIXTURES / "ern382/single.xml").read_bytes())
    result = run_cli("check", str(tmp_path / "delivery"), "--format", "json")
    paths = [Path(f["path"]).name for f in json_report(result)["files"]]
    assert paths == ["release.xml", "top.xml"]


def test_a_file_given_twice_is_checked_once(run_cli):
    single = str(FIXTURES / "ern43/single.xml")
    result = run_cli("check", single, single, str(FIXTURES / "ern43"), "--format", "json")
    assert json_report(result)["summary"]["files"] == 1


def test_bad_files_do_not_stop_the_run(run_cli):
    result = run_cli("check", str(FIXTURES / "broken"), str(FIXTURES / "ern43"), "--format", "json")
    files = json_report(result)["files"]
    assert len(files) == len(list((FIXTURES / "broken").glob("*.xml"))) + 1
    assert files[-1]["path"].endswith(os.path.join("ern43", "single.xml"))
    assert files[-1]["releases"][0]["title"] == "Low Tide Radio"


def test_baseline_report_follows_the_contract(run_cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    run_cli("check", str(FIXTURES / "broken"), "--baseline", str(baseline), "--write-baseline")
    jsonschema.validate(json.loads(baseline.read_text()), REPORT_SCHEMA)
    result = run_cli(
        "check", str(FIXTURES / "broken"), "--baseline", str(baseline), "--format", "json"
    )
    report = json_report(result)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["summary"]["waived"] > 0


def test_pre_commit_hook_definition(run_cli):
    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "ddex-ai" and hook["language"] == "python"
    assert hook["types"] == ["xml"]
    command, *args = hook["entry"].split()
    assert command == "ddex-ai"
    # pre-commit appends the staged file names to the entry.
    assert run_cli(*args, str(FIXTURES / "ern432/single_ai_vocals.xml")).exit_code == 0
    assert run_cli(*args, str(FIXTURES / "broken/truncated_432.xml")).exit_code == 1


def test_report_into_a_missing_folder_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("check", str(FIXTURES / "ern43"), "-o", str(tmp_path / "no/such/report.json"))
    assert result.exit_code == 2 and "no folder" in result.stderr


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    import subprocess
    import sys

    for n in range(300):
        (tmp_path / f"f{n:03d}.xml").write_bytes(
            (FIXTURES / "ern432/album_ai_mixed.xml").read_bytes()
        )
    run = subprocess.run(
        f"{sys.executable} -m ddex_ai check {tmp_path} --format jsonl | head -c 100 > /dev/null",
        shell=True,
        capture_output=True,
        executable="/bin/bash",
    )
    assert b"Traceback" not in run.stderr and b"BrokenPipe" not in run.stderr
