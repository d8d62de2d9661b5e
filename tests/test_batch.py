"""Catalogue-scale runs: parallel workers, inputs, progress, summary, large files."""

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, json_report, needs_schemas
from ddex_ai import instance_loader
from ernbuilder import album, render, single


def jsonl(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


@needs_schemas
def test_output_is_the_same_whatever_the_number_of_jobs(run_cli):
    runs = [
        run_cli("check", str(FIXTURES), "--format", "jsonl", "--jobs", jobs, schemas=True).stdout
        for jobs in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]
    paths = [json.loads(line)["path"] for line in runs[0].splitlines()]
    assert paths == sorted(paths) and len(paths) == len(list(FIXTURES.rglob("*.xml")))


def test_parallel_runs_keep_every_input_once(run_cli, tmp_path):
    for n in range(40):
        (tmp_path / f"release_{n:02d}.xml").write_text(render(single(seed=n)))
    (tmp_path / "broken.xml").write_text("<ern:NewReleaseMessage")
    files = jsonl(run_cli("check", str(tmp_path), "--format", "jsonl", "--jobs", "2"))
    assert [f["path"] for f in files] == sorted(str(p) for p in tmp_path.iterdir())
    assert files[0]["status"] == "error"  # broken.xml sorts first


def test_standard_input(run_cli, monkeypatch):
    from click.testing import CliRunner

    from ddex_ai.cli import main

    data = (FIXTURES / "ern432/single_ai_vocals.xml").read_bytes()
    result = CliRunner().invoke(main, ["check", "-", "--format", "json"], input=data)
    (file,) = json_report(result)["files"]
    assert file["path"] == "stdin.xml" and file["ern_version"] == "4.3.2"
    assert file["releases"][0]["title"] == "Paper Satellites"


def test_files_from_a_list(run_cli, tmp_path):
    listing = tmp_path / "deliveries.txt"
    listing.write_text(f"{FIXTURES / 'ern43/single.xml'}\n\n{FIXTURES / 'ern382/single.xml'}\n")
    files = jsonl(run_cli("check", "--files-from", str(listing), "--format", "jsonl"))
    assert [f["ern_version"] for f in files] == ["3.8.2", "4.3"]


def test_files_from_standard_input():
    from click.testing import CliRunner

    from ddex_ai.cli import main

    listing = f"{FIXTURES / 'ern43/single.xml'}\n"
    result = CliRunner().invoke(
        main, ["check", "--files-from", "-", "--format", "jsonl"], input=listing
    )
    assert json.loads(result.stdout)["ern_version"] == "4.3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--files-from", "-", "-"], "standard input"),
        (["--files-from", "no/such/list.txt"], "no/such/list.txt"),
        ([], "no input"),
    ],
)
def test_input_usage_errors(run_cli, args, message):
    result = run_cli("check", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_listed_path_that_does_not_exist_gets_io001_and_the_run_goes_on(run_cli, tmp_path):
    listing = tmp_path / "list.txt"
    good = FIXTURES / "ern43/single.xml"
    listing.write_text(f"no/such/file.xml\n{good}\n")
    result = run_cli("check", "--files-from", str(listing), "--format", "json")
    assert result.exit_code == 1
    files = {f["path"]: f for f in json_report(result)["files"]}
    assert sorted(files) == sorted(["no/such/file.xml", str(good)])
    (finding,) = files["no/such/file.xml"]["findings"]
    assert finding["rule"] == "IO001" and "no such file" in finding["message"]
    assert files[str(good)]["status"] == "warn"


def test_glob_chooses_the_files_in_folders(run_cli, tmp_path):
    shutil.copy(FIXTURES / "ern43/single.xml", tmp_path / "a.xml")
    shutil.copy(FIXTURES / "ern382/single.xml", tmp_path / "b.ern")
    shutil.copy(FIXTURES / "ern432/purge.xml", tmp_path / "c.ddex")
    default = jsonl(run_cli("check", str(tmp_path), "--format", "jsonl"))
    assert [os.path.basename(f["path"]) for f in default] == ["a.xml"]
    chosen = jsonl(
        run_cli("check", str(tmp_path), "--glob", "*.ern", "--glob", "*.ddex", "--format", "jsonl")
    )
    assert [os.path.basename(f["path"]) for f in chosen] == ["b.ern", "c.ddex"]


def test_closing_summary(run_cli):
    result = run_cli("check", str(FIXTURES / "ern432/rules"), "--format", "jsonl")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Summary: 19 files, ")
    # Most findings first: every file lacks a schema here (XSD002), two lack ContainsAI (AI008).
    assert lines[1].startswith("Findings by rule: XSD002 19, AI012 3, AI008 2, AI001 1, ")
    assert lines[1].endswith("(+1 more rules)")  # ten shown
    # No green run without schemas goes unnoticed: the summary says how many were not validated.
    assert lines[2] == "Not XSD-validated: 19 files (no XSD for their versions; XSD002)"
    assert lines[3].startswith("Checked in ") and "files/s" in lines[3] and "MB/s" in lines[3]
    text = run_cli("check", str(FIXTURES / "ern432/rules")).stdout
    assert "Findings by rule:" in text and "Checked in" in text


def test_quiet_silences_the_summary(run_cli):
    result = run_cli("check", str(FIXTURES / "ern432/rules"), "--format", "jsonl", "--quiet")
    assert result.stderr == ""
    text = run_cli("check", str(FIXTURES / "ern432/rules"), "--quiet").stdout
    assert "Summary:" not in text and "Findings by rule" not in text


def test_summary_counts_rules_in_json(run_cli):
    summary = json_report(run_cli("check", str(FIXTURES / "ern432/rules"), "--format", "json"))[
        "summary"
    ]
    assert summary["rules"]["AI008"] >= summary["rules"]["AI001"] >= 1
    assert list(summary["rules"].values()) == sorted(summary["rules"].values(), reverse=True)


def _run_with_terminal_stderr(*args):
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", *args],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "TERM": "xterm"},
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait()
    os.close(master)
    return seen.decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal(run_cli, tmp_path):
    out = tmp_path / "report.jsonl"
    shown = _run_with_terminal_stderr(
        str(FIXTURES / "ern432/rules"), "--format", "jsonl", "-o", str(out)
    )
    assert "checking" in shown and "files/s" in shown and "19/19" in shown and "fail" in shown
    quiet = _run_with_terminal_stderr(
        str(FIXTURES / "ern432/rules"), "--format", "jsonl", "-o", str(out), "--quiet"
    )
    assert quiet == ""
    # Not a terminal (CI logs): no progress, only the summary.
    result = run_cli("check", str(FIXTURES / "ern432/rules"), "--format", "jsonl")
    assert "checking" not in result.stderr and "\x1b[" not in result.stderr


@needs_schemas
def test_large_files_are_parsed_from_the_file(checker, monkeypatch):
    """Above LARGE_FILE the file is parsed from disk, not from a copy of its bytes."""
    fixture = str(FIXTURES / "ern432/album_ai_mixed.xml")
    from_bytes = checker.check_path(fixture)
    monkeypatch.setattr(instance_loader, "LARGE_FILE", 100)

    def copied(data):
        raise AssertionError("a large file was read into memory")

    monkeypatch.setattr(instance_loader, "load_bytes", copied)
    from_file = checker.check_path(fixture)
    assert from_file.to_dict() == from_bytes.to_dict()
    assert from_file.size == from_bytes.size == os.path.getsize(fixture)


@needs_schemas
def test_a_huge_text_node_is_read_with_huge_tree(checker, tmp_path):
    delivery = single()
    delivery.release().title = "Long " + "x" * (11 * 1024 * 1024)  # past libxml2's 10 MB
    path = tmp_path / "huge_title.xml"
    path.write_text(render(delivery))
    result = checker.check_path(str(path))
    assert result.findings == [] and result.releases[0].title.startswith("Long xxx")


@needs_schemas
def test_deep_nesting_past_the_default_limit(checker, tmp_path):
    delivery = album(tracks=1)
    nested: list = ["A1"]
    for _ in range(300):  # ResourceGroup may hold ResourceGroup: 300 levels, valid
        nested = [nested]
    delivery.release().groups = nested
    path = tmp_path / "deep.xml"
    path.write_text(render(delivery))
    result = checker.check_path(str(path))
    assert not [f for f in result.findings if f.rule.startswith(("ERN", "XSD"))]
    assert result.releases[0].disclosure.resources["track"]["None"] == 1


@needs_schemas
def test_schemas_are_given_to_workers(tmp_path, run_cli):
    """Workers validate too: an XSD error found with --jobs 2 is the same as with --jobs 1."""
    for n in range(6):
        shutil.copy(FIXTURES / "broken/schema_invalid_432.xml", tmp_path / f"f{n}.xml")
    files = jsonl(run_cli("check", str(tmp_path), "--format", "jsonl", "--jobs", "2", schemas=True))
    assert len(files) == 6
    assert [[f["rule"] for f in file["findings"]] for file in files] == [["XSD001", "XSD001"]] * 6
