"""The cost of a file grows with its size and its findings, and reports stay usable.

Timings live in benchmarks/findings_scaling.py; these tests pin the behaviour.
"""

from __future__ import annotations

from lxml import etree

from conftest import FIXTURES
from ddex_ai.model.xml import normalize_path, path_of, reset_paths

BASE = (FIXTURES / "ern432/single_ai_vocals.xml").read_text()
WORLDWIDE = "<TerritoryCode>Worldwide</TerritoryCode>"


def many_bad_territories(count: int) -> bytes:
    assert WORLDWIDE in BASE
    bad = WORLDWIDE + "<TerritoryCode>XX</TerritoryCode>" * count
    return BASE.replace(WORLDWIDE, bad, 1).encode()


def test_findings_past_the_limit_are_counted_in_one(checker):
    result = checker.check_bytes(many_bad_territories(3000), "many.xml")
    assert len(result.findings) == 1001
    *listed, closing = result.findings
    assert {f.rule for f in listed} == {"XSD001"}
    assert closing.rule == "INT002" and closing.severity.value == "error"
    assert closing.message.startswith("and 2,000 more findings not listed (XSD001 2,000)")
    assert result.status.value == "fail"


def test_the_limit_keeps_the_statuses(checker):
    from ddex_ai.checker import Checker

    data = many_bad_territories(50)
    unlimited = Checker(checker.schemas, checker.policy, max_findings=None)
    limited = Checker(checker.schemas, checker.policy, max_findings=3)
    everything, few = unlimited.check_bytes(data, "a.xml"), limited.check_bytes(data, "a.xml")
    assert len(everything.findings) == 50 and len(few.findings) == 4
    assert few.findings[:3] == everything.findings[:3]
    assert few.status == everything.status
    assert [r.status for r in few.releases] == [r.status for r in everything.releases]


def test_element_paths_are_those_libxml2_writes(offline_checker):
    """The linear path computation gives what lxml's getpath gives, for every element."""
    for fixture in ("ern432/album_ai_mixed.xml", "ern382/single.xml", "ern43/single.xml"):
        tree = etree.fromstring((FIXTURES / fixture).read_bytes()).getroottree()
        root_name = etree.QName(tree.getroot()).localname
        elements = list(tree.iter(etree.Element))
        assert len(elements) > 50
        reset_paths()
        ours = [path_of(el) for el in elements]
        theirs = [normalize_path(tree.getpath(el), root_name) for el in elements]
        assert ours == theirs
    reset_paths()
