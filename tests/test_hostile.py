"""Hostile and broken input: refused with a clear finding, and the run goes on.

Runs use --jobs 1 so that the socket and resolver spies of a test see every parse.
"""

from __future__ import annotations

import os
import socket

import pytest

from conftest import FIXTURES, json_report
from ddex_ai.unsafe_markup import RefuseExternal

NS = 'xmlns:ern="http://ddex.net/xml/ern/432"'
CANARY = "TOP-SECRET-CANARY-7f3a"
GOOD = FIXTURES / "ern432/single_ai_vocals.xml"


@pytest.fixture
def no_network_no_loads(monkeypatch):
    """Fail the test if anything opens a socket or asks libxml2 to load a resource."""

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    loads = []
    original = RefuseExternal.resolve

    def spy(self, url, pubid, context):
        loads.append(url)
        return original(self, url, pubid, context)

    monkeypatch.setattr(RefuseExternal, "resolve", spy)
    yield loads
    assert loads == [], f"libxml2 asked to load {loads}"


@pytest.fixture
def canary(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY)
    return secret


def laughs(depth: int = 10) -> str:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth)
    )
    root = f"<ern:NewReleaseMessage {NS}>&lol{depth - 1};</ern:NewReleaseMessage>"
    return f"<!DOCTYPE lolz [{entities}]>\n{root}"


def quadratic() -> str:
    blob = "x" * 100_000
    return (
        f'<!DOCTYPE q [<!ENTITY a "{blob}">]>\n'
        f"<ern:NewReleaseMessage {NS}>{'&a;' * 100_000}</ern:NewReleaseMessage>"
    )


def attacks(secret) -> dict[str, tuple[str, str]]:
    """name -> (document, the status it must get)."""
    good = GOOD.read_text()
    return {
        "billion_laughs": (laughs(), "error"),
        "quadratic_blowup": (quadratic(), "error"),
        "external_file_entity": (
            f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            f"<ern:NewReleaseMessage {NS}>&x;</ern:NewReleaseMessage>",
            "fail",
        ),
        "external_http_entity": (
            f'<!DOCTYPE r [<!ENTITY x SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n'
            f"<ern:NewReleaseMessage {NS}>&x;</ern:NewReleaseMessage>",
            "fail",
        ),
        "external_parameter_entity": (
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>\n'
            f"<ern:NewReleaseMessage {NS}/>",
            "fail",
        ),
        "external_dtd": (
            good.replace(
                "<ern:NewReleaseMessage",
                '<!DOCTYPE ern:NewReleaseMessage SYSTEM "http://example.invalid/ern.dtd">\n'
                "<ern:NewReleaseMessage",
                1,
            ),
            "fail",
        ),
        "xinclude": (
            good.replace(
                "<MessageId>",
                f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" '
                'parse="text"/><MessageId>',
                1,
            ),
            "fail",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "billion_laughs",
        "quadratic_blowup",
        "external_file_entity",
        "external_http_entity",
        "external_parameter_entity",
        "external_dtd",
        "xinclude",
    ],
)
def test_xml_attack_is_refused(run_cli, tmp_path, canary, no_network_no_loads, name):
    document, status = attacks(canary)[name]
    attack = tmp_path / f"{name}.xml"
    attack.write_text(document)
    neighbour = tmp_path / "zz_good.xml"
    neighbour.write_bytes(GOOD.read_bytes())
    result = run_cli("check", str(tmp_path), "--format", "json", "--jobs", "1", schemas=True)
    assert CANARY not in result.output
    files = {os.path.basename(f["path"]): f for f in json_report(result)["files"]}
    refused = files[attack.name]
    assert refused["status"] == status
    assert "ERN003" in {f["rule"] for f in refused["findings"]}
    assert files["zz_good.xml"]["status"] == "pass"  # the run went on
    assert result.exit_code == 1


def test_attack_messages_say_what_was_refused(run_cli, tmp_path, canary):
    for name, (document, _) in attacks(canary).items():
        (tmp_path / f"{name}.xml").write_text(document)
    report = json_report(run_cli("check", str(tmp_path), "--format", "json", "--jobs", "1"))
    messages = {
        os.path.basename(f["path"]): next(
            x["message"] for x in f["findings"] if x["rule"] == "ERN003"
        )
        for f in report["files"]
    }
    assert "amplification" in messages["billion_laughs.xml"]
    assert f"x -> file://{canary}" in messages["external_file_entity.xml"]
    assert "external DTD: http://example.invalid/ern.dtd" in messages["external_dtd.xml"]
    assert "XInclude" in messages["xinclude.xml"] and "not processed" in messages["xinclude.xml"]


def test_schema_location_urls_are_never_fetched(run_cli, no_network_no_loads):
    assert 'xsi:schemaLocation="http://ddex.net/xml/ern/432 http' in GOOD.read_text()
    result = run_cli("check", str(GOOD), "--format", "json", "--jobs", "1", schemas=True)
    assert json_report(result)["files"][0]["status"] == "pass"


def test_attacks_take_bounded_time_and_memory(canary, tmp_path):
    """Measured in a fresh process: this one's high-water mark was raised by earlier tests."""
    import json
    import subprocess
    import sys

    for n, (document, _) in enumerate(attacks(canary).values()):
        (tmp_path / f"attack{n}.xml").write_text(document)
    probe = """
import json, resource, sys, time
from pathlib import Path
from ddex_ai.checker import Checker
from ddex_ai.schema_loader import SchemaStore
checker = Checker(SchemaStore([]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
rules = [sorted({f.rule for f in checker.check_path(str(p)).findings})
         for p in sorted(Path(sys.argv[1]).glob("attack*.xml"))]
seconds = time.perf_counter() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"rules": rules, "seconds": seconds, "grown_mb": grown}))
"""
    run = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    measured = json.loads(run.stdout)
    assert len(measured["rules"]) == len(attacks(canary)) >= 4
    assert all("ERN003" in rules for rules in measured["rules"])
    assert measured["seconds"] < 5
    # A billion laughs expanded would take gigabytes; refused, the whole probe stays small.
    assert measured["grown_mb"] < 100, measured


# --- broken input -------------------------------------------------------------------------


def broken_inputs(folder) -> dict[str, tuple[str, str, str]]:
    """Write broken inputs into ``folder``: name -> (rule, status, message fragment)."""
    good = GOOD.read_bytes()
    (folder / "empty.xml").write_bytes(b"")
    (folder / "truncated.xml").write_bytes(good[: len(good) // 2])
    (folder / "binary.xml").write_bytes(bytes(range(256)) * 40)
    (folder / "directory.xml").mkdir()
    (folder / "broken_link.xml").symlink_to(folder / "nowhere.xml")
    (folder / "loop_a.xml").symlink_to(folder / "loop_b.xml")
    (folder / "loop_b.xml").symlink_to(folder / "loop_a.xml")
    (folder / "bad_encoding.xml").write_bytes(
        good.replace(
            b"Paper Satellites</DisplayTitleText>",
            "Caf\u00e9</DisplayTitleText>".encode("latin-1"),
            1,
        )
    )
    (folder / "deep.xml").write_bytes(
        f"<ern:NewReleaseMessage {NS}>".encode()
        + b"<a>" * 20_000
        + b"</a>" * 20_000
        + b"</ern:NewReleaseMessage>"
    )
    return {
        "empty.xml": ("ERN001", "error", "the file is empty"),
        "truncated.xml": ("ERN001", "error", "not well-formed"),
        "binary.xml": ("ERN001", "error", "not well-formed"),
        "directory.xml": ("IO001", "error", "it is a directory"),
        "broken_link.xml": ("IO001", "error", "broken symbolic link"),
        "loop_a.xml": ("IO001", "error", "symbolic links"),
        "loop_b.xml": ("IO001", "error", "symbolic links"),
        "bad_encoding.xml": ("ERN001", "error", "character encoding"),
        "deep.xml": ("ERN001", "error", "depth"),
    }


def test_broken_inputs_each_get_one_clear_finding(run_cli, tmp_path):
    expected = broken_inputs(tmp_path)
    (tmp_path / "zz_good.xml").write_bytes(GOOD.read_bytes())
    report = json_report(run_cli("check", str(tmp_path), "--format", "json", schemas=True))
    files = {os.path.basename(f["path"]): f for f in report["files"]}
    assert set(files) == {*expected, "zz_good.xml"}
    for name, (rule, status, fragment) in expected.items():
        (finding,) = files[name]["findings"]
        assert (finding["rule"], files[name]["status"]) == (rule, status), name
        assert fragment in finding["message"], (name, finding["message"])
    assert files["truncated.xml"]["findings"][0]["line"] > 1
    assert files["bad_encoding.xml"]["findings"][0]["line"] > 1
    assert files["zz_good.xml"]["status"] == "pass"


def test_unreadable_file_in_a_folder(run_cli, tmp_path, deny_read):
    secret = tmp_path / "locked.xml"
    secret.write_bytes(GOOD.read_bytes())
    deny_read(secret)
    (tmp_path / "zz_good.xml").write_bytes(GOOD.read_bytes())
    files = json_report(run_cli("check", str(tmp_path), "--format", "json", "--jobs", "1"))["files"]
    assert [f["status"] for f in files] == ["error", "warn"]
    assert "Permission denied" in files[0]["findings"][0]["message"]


def test_unlistable_folder_is_reported(run_cli, tmp_path, monkeypatch):
    (tmp_path / "a.xml").write_bytes(GOOD.read_bytes())
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    files = json_report(run_cli("check", str(tmp_path), "--format", "json", "--jobs", "1"))["files"]
    statuses = {os.path.basename(f["path"]): f["status"] for f in files}
    assert statuses == {"a.xml": "warn", "locked": "error"}


def test_symlink_loops_in_folders_end(run_cli, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.xml").write_bytes(GOOD.read_bytes())
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    files = json_report(run_cli("check", str(tmp_path), "--format", "json"))["files"]
    assert [os.path.basename(f["path"]) for f in files] == ["a.xml"]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8_bom.xml", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
        (
            "utf16.xml",
            lambda text: text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        ),
    ],
)
def test_unicode_encodings_are_read(run_cli, tmp_path, name, encode):
    (tmp_path / name).write_bytes(encode(GOOD.read_text()))
    (file,) = json_report(run_cli("check", str(tmp_path), "--format", "json", schemas=True))[
        "files"
    ]
    assert file["status"] == "pass" and file["releases"][0]["title"] == "Paper Satellites"


# --- nothing lost ------------------------------------------------------------------------


def zoo(folder, secret) -> int:
    """A folder of every kind of input; returns how many inputs it holds."""
    expected = broken_inputs(folder)
    for name, (document, _) in attacks(secret).items():
        (folder / f"attack_{name}.xml").write_text(document)
    for fixture in ("ern432/album_ai_mixed.xml", "ern43/single.xml", "ern382/single.xml"):
        (folder / fixture.replace("/", "_")).write_bytes((FIXTURES / fixture).read_bytes())
    return len(expected) + len(attacks(secret)) + 3


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "junit", "sarif", "csv"])
def test_every_input_appears_once_in_every_format(run_cli, tmp_path, canary, fmt):
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    folder = tmp_path / "zoo"
    folder.mkdir()
    total = zoo(folder, canary)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == total
    out = run_cli("check", str(folder), "--format", fmt, "--jobs", "2", schemas=True).stdout
    if fmt == "json":
        seen = [(f["path"], f["status"]) for f in json.loads(out)["files"]]
    elif fmt == "jsonl":
        seen = [(f["path"], f["status"]) for f in map(json.loads, out.splitlines())]
    elif fmt == "junit":
        suites = ET.fromstring(out).iter("testsuite")
        seen = [
            (s.get("name"), s.find("properties/property[@name='status']").get("value"))
            for s in suites
        ]
    elif fmt == "sarif":
        artifacts = json.loads(out)["runs"][0]["artifacts"]
        seen = [(a["location"]["uri"], a["properties"]["status"]) for a in artifacts]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        seen, last = [], None
        for row in rows:  # a file's rows (one per release) are together, with one status
            if row["file"] != last:
                seen.append((row["file"], row["file_status"]))
                last = row["file"]
            else:
                assert row["file_status"] == seen[-1][1]
    else:
        seen = [(name, "shown") for name in names if out.count(name) == 1]
    assert sorted(os.path.basename(path) for path, _ in seen) == names
    assert len(seen) == len(names) > 0
    assert all(status in ("pass", "warn", "fail", "error", "shown") for _, status in seen)


def test_input_files_are_never_modified(run_cli, tmp_path, canary):
    import hashlib

    folder = tmp_path / "zoo"
    folder.mkdir()
    zoo(folder, canary)
    files = [p for p in folder.iterdir() if p.is_file() and not p.is_symlink()]
    listing = sorted(p.name for p in folder.iterdir())

    def state():
        return {
            p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files
        }

    before = state()
    for fmt in ("text", "json", "jsonl", "junit", "sarif", "csv"):
        run_cli("check", str(folder), "--format", fmt, schemas=True)
    baseline = tmp_path / "baseline.json"
    run_cli("check", str(folder), "--baseline", str(baseline), "--write-baseline")
    run_cli("check", str(folder), "--baseline", str(baseline))
    assert state() == before
    assert sorted(p.name for p in folder.iterdir()) == listing  # nothing written beside them


def test_debug_shows_tracebacks_of_internal_errors(run_cli, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("ddex_ai.checker.build_message", explode)
    plain = json_report(run_cli("check", str(GOOD), "--format", "json"))["files"][0]
    (finding,) = [f for f in plain["findings"] if f["rule"] == "INT001"]
    assert (
        "RuntimeError: model exploded" in finding["message"]
        and "Traceback" not in finding["message"]
    )
    debug = json_report(run_cli("check", str(GOOD), "--format", "json", "--debug"))["files"][0]
    (finding,) = [f for f in debug["findings"] if f["rule"] == "INT001"]
    assert "Traceback (most recent call last)" in finding["message"]
