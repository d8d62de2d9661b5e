"""Any file name a file system allows is checked and reported, in every format, safely.

Names that are not UTF-8 (Latin-1 from an old FTP upload) come to Python as lone surrogates;
reports stay valid UTF-8 and reversible (JSON), percent-encoded (SARIF), and no control
character or escape sequence reaches a terminal raw.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from ddex_ai.checker import Checker
from ddex_ai.findings import Status
from ddex_ai.names import printable
from ddex_ai.policy import Policy
from ddex_ai.reporters import ReportContext, make_reporter
from ddex_ai.results import FileResult, Summary
from ddex_ai.schema_loader import SchemaStore

SOURCE = (FIXTURES / "ern43/single.xml").read_bytes()
NAMES = [
    b"caf\xe9.xml",  # Latin-1
    b"\xff\xfe broken.xml",
    b"esc\x1b[31mred\x1b[0m.xml",  # a terminal colour sequence
    b"bell\x07and\rreturn.xml",
    b"new\nline.xml",
    b"csi\xc2\x9b2J.xml",  # UTF-8 of U+009B, the one-byte CSI
    "na\u00efve \u2028sep.xml".encode(),
]
FORMATS = ["text", "json", "jsonl", "junit", "sarif", "csv"]


@pytest.fixture
def odd_names(tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    for name in NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(SOURCE)
    return folder


def run_to_file(run_cli, folder, fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    result = run_cli("check", str(folder), "--format", fmt, "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    return raw.decode("utf-8")  # valid UTF-8, or this raises


def no_terminal_controls(text: str) -> None:
    controls = {c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F}
    assert not controls, controls


def test_json_and_jsonl_keep_the_exact_bytes(run_cli, odd_names, tmp_path):
    for fmt in ("json", "jsonl"):
        text = run_to_file(run_cli, odd_names, fmt, tmp_path)
        no_terminal_controls(text)
        files = (
            json.loads(text)["files"] if fmt == "json" else list(map(json.loads, text.splitlines()))
        )
        assert len(files) == len(NAMES)
        got = sorted(os.path.basename(os.fsencode(f["path"])) for f in files)
        assert got == sorted(NAMES)


def test_sarif_uris_are_percent_encoded_bytes(run_cli, odd_names, tmp_path, monkeypatch):
    monkeypatch.chdir(odd_names.parent)
    text = run_to_file(run_cli, "upload", "sarif", tmp_path)
    no_terminal_controls(text)
    artifacts = json.loads(text)["runs"][0]["artifacts"]
    assert len(artifacts) == len(NAMES)
    uris = sorted(a["location"]["uri"] for a in artifacts)
    assert uris == sorted("upload/" + quote(name) for name in NAMES)
    assert sorted(unquote_to_bytes(u)[len(b"upload/") :] for u in uris) == sorted(NAMES)


def test_csv_junit_and_text_show_escapes(run_cli, odd_names, tmp_path):
    shown = sorted(printable(os.fsdecode(name), keep="") for name in NAMES)
    assert "caf\\xe9.xml" in shown and "esc\\x1b[31mred\\x1b[0m.xml" in shown
    out = run_to_file(run_cli, odd_names, "csv", tmp_path).removeprefix("\ufeff")  # the BOM
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(os.path.basename(r["file"]) for r in rows) == shown
    suites = list(
        ET.fromstring(run_to_file(run_cli, odd_names, "junit", tmp_path)).iter("testsuite")
    )
    assert sorted(os.path.basename(s.get("name")) for s in suites) == shown
    text = run_to_file(run_cli, odd_names, "text", tmp_path)
    no_terminal_controls(text)
    for name in shown:
        assert name in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_standard_output_is_valid_utf8_without_controls(run_cli, odd_names, fmt):
    result = run_cli("check", str(odd_names), "--format", fmt, "-j", "1")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    no_terminal_controls(text.replace("\r\n", "\n"))  # CSV rows end with CRLF


def test_usage_errors_name_odd_paths_safely(run_cli, tmp_path):
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone\x1b[2J\xe9.xml"))
    result = run_cli("check", missing)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "gone\\x1b[2J" in result.stderr


def _report(fmt: str, result: FileResult) -> str:
    stream = io.StringIO()
    reporter = make_reporter(fmt, stream, ReportContext("0", Policy.default()))
    reporter.file_done(result)
    reporter.finish(Summary())
    return stream.getvalue()


@pytest.mark.parametrize(
    "title", ["line\rbreak", "two\nlines", "\r\n=HYPERLINK(1)", "\n+SUM(1)", " -1", "\uff1d1+1"]
)
def test_csv_quotes_line_breaks_and_guards_formulas(checker_result, title):
    checker_result.releases[0].title = title
    out = _report("csv", checker_result)
    assert out.endswith("\r\n") and out.startswith("\ufefffile,file_status,")  # RFC 4180 rows
    (row,) = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    cell = row["title"]
    if "\r" in title or "\n" in title:
        assert f'"{cell}"' in out or f'"\'{cell[1:]}"' in out  # quoted
    if title.lstrip(" \r\n")[:1] in "=+-\uff1d" or title[:1] in "\r\n":
        assert cell == "'" + title
    else:
        assert cell == title


@pytest.fixture
def checker_result():
    checker = Checker(SchemaStore([]), Policy.default())
    return checker.check_bytes(SOURCE, "single.xml")


# --- fuzzed names --------------------------------------------------------------------------

NAME_BYTES = (
    st.binary(min_size=1, max_size=40)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))
    .filter(lambda b: b not in (b".", b".."))
)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=NAME_BYTES)
def test_any_name_in_every_format(checker_result, name):
    path = os.fsdecode(b"upload/" + name + b".xml")
    result = FileResult(
        path,
        Status.PASS,
        checker_result.ern_version,
        checker_result.message_type,
        checker_result.releases,
        checker_result.findings,
    )
    for fmt in FORMATS:
        text = _report(fmt, result)
        text.encode("utf-8")  # valid UTF-8: no lone surrogate left
        if fmt != "text":
            no_terminal_controls(text.replace("\r\n", "\n"))
        if fmt == "jsonl":
            assert os.fsencode(json.loads(text)["path"]) == b"upload/" + name + b".xml"
        if fmt == "sarif":
            uri = json.loads(text)["runs"][0]["artifacts"][0]["location"]
            assert unquote_to_bytes(uri["uri"]).endswith(b"upload/" + name + b".xml")
        if fmt == "junit":
            ET.fromstring(text)
        if fmt == "csv":
            (row,) = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
            assert row["file"].startswith("upload/")
