"""The loader tells the rules which attributes a file's bytes never spell, so the profile
rules skip libxml2's whole-tree scan for them; the scan still runs wherever the bytes may
hold one, whatever the encoding or the way the file was read."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from ddex_ai import instance_loader
from ddex_ai.instance_loader import absent_names

RP014 = (FIXTURES / "profiles/RP014.xml").read_text(encoding="utf-8")


def test_names_the_bytes_never_spell_are_absent():
    both = frozenset({"IsDefault", "UserDefinedValue"})
    assert absent_names(b"<a><b/></a>") == both
    assert absent_names(b'\xef\xbb\xbf\n <a IsDefault="true"/>') == {"UserDefinedValue"}
    assert absent_names(b'<a><b UserDefinedValue="x" IsDefault="false"/></a>') == frozenset()


@pytest.mark.parametrize(
    "encoded",
    [
        "<a/>".encode("utf-16"),  # with its byte order mark
        "<a/>".encode("utf-16-le"),
        "<a/>".encode("utf-32"),
        "<a/>".encode("cp500"),  # EBCDIC
        b"",
    ],
)
def test_bytes_that_may_not_spell_ascii_as_ascii_rule_nothing_out(encoded):
    assert absent_names(encoded) == frozenset()


def _rules(result) -> set[str]:
    return {f.rule for f in result.findings}


def _utf16(text: str) -> bytes:
    return text.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")


def test_two_default_titles_are_found_however_the_file_is_written(offline_checker, tmp_path):
    assert "RP014" in _rules(offline_checker.check_bytes(RP014.encode(), "utf8.xml"))
    assert "RP014" in _rules(offline_checker.check_bytes(_utf16(RP014), "utf16.xml"))
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(_utf16(RP014))
    assert "RP014" in _rules(offline_checker.check_path(str(utf16)))


def test_a_large_file_is_screened_from_its_bytes_on_disk(offline_checker, tmp_path, monkeypatch):
    monkeypatch.setattr(instance_loader, "LARGE_FILE", 100)  # read through the parser
    flagged, plain = tmp_path / "flagged.xml", tmp_path / "plain.xml"
    flagged.write_text(RP014, encoding="utf-8")
    plain.write_text(RP014.replace(' IsDefault="true"', ""), encoding="utf-8")
    assert "RP014" in _rules(offline_checker.check_path(str(flagged)))
    assert "RP014" not in _rules(offline_checker.check_path(str(plain)))
    assert instance_loader.load_file(str(plain)).message.absent == {
        "IsDefault",
        "UserDefinedValue",
    }
    assert instance_loader.load_file(str(flagged)).message.absent == {"UserDefinedValue"}
