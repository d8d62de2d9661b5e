"""Check characters, against examples their standards and registries publish."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from ddex_ai.checkdigits import (
    gs1_check,
    isbn_check,
    ismn_check,
    iswc_check,
    mod11_2_check,
    mod37_36_check,
)
from ddex_ai.checker import Checker
from ddex_ai.schema_loader import SchemaStore

PUBLISHED = [
    (gs1_check, "4006381333931"),  # EAN-13, GS1's example
    (gs1_check, "036000291452"),  # UPC-A
    (gs1_check, "96385074"),  # EAN-8
    (mod37_36_check, "A12425GABC1234002M"),  # GRid, IFPI's GRid handbook
    (mod11_2_check, "0000000218250097"),  # ISO 7064 MOD 11-2 (the ORCID/ISNI example)
    (iswc_check, "T0345246801"),  # ISWC T-034.524.680-1, ISO 15707
    (isbn_check, "9780306406157"),
    (isbn_check, "0306406152"),
    (ismn_check, "9790260000438"),  # ISMN 979-0-2600-0043-8
    (ismn_check, "M230671187"),
]


@pytest.mark.parametrize(("check", "code"), PUBLISHED, ids=lambda x: getattr(x, "__name__", x))
def test_published_identifiers_verify(check, code):
    assert check(code) == code[-1].upper()


@pytest.mark.parametrize("code", ["", "12345", "506000000000A", "ABC"])
def test_shapes_that_cannot_be_verified_have_no_check(code):
    assert gs1_check(code) is None


def test_a_wrong_check_digit_names_element_value_and_expected_digit():
    result = Checker(SchemaStore([])).check_bytes(
        (FIXTURES / "ern432/single_ai_vocals.xml")
        .read_bytes()
        .replace(b"5060000000016", b"5060000000017"),
        "x.xml",
    )
    [finding] = [f for f in result.findings if f.rule == "ID002"]
    assert finding.message == (
        "ICPN 5060000000017 has check character 7; expected 6 (5060000000016)"
    )
    assert finding.path == "/NewReleaseMessage/ReleaseList/Release/ReleaseId/ICPN"
    assert finding.severity.value == "error"


def test_identifiers_are_verified_in_ern_3_too():
    data = (FIXTURES / "ern382/single.xml").read_bytes()
    assert b"<ICPN" in data
    good = Checker(SchemaStore([])).check_bytes(data, "x.xml")
    assert not [f for f in good.findings if f.rule.startswith("ID")]
    start = data.index(b"<ICPN")
    end = data.index(b"</ICPN>", start)
    digit = data[end - 1 : end]
    broken = data[: end - 1] + (b"0" if digit != b"0" else b"1") + data[end:]
    result = Checker(SchemaStore([])).check_bytes(broken, "x.xml")
    assert [f.rule for f in result.findings if f.rule.startswith("ID")] == ["ID002"]
    assert result.profile is None  # ERN 3 has no release profile 2.1
