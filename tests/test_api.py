"""The Python API gives the results the command line reports."""

from __future__ import annotations

import json

import ddex_ai
from conftest import FIXTURES, json_report


def test_public_names():
    assert set(ddex_ai.__all__) >= {"check", "check_bytes", "Policy", "FileResult", "Finding"}
    for name in ddex_ai.__all__:
        assert getattr(ddex_ai, name) is not None


def test_check_yields_what_the_cli_reports(run_cli, monkeypatch):
    folder = FIXTURES / "ern432/rules"
    report = json_report(run_cli("check", str(folder), "--format", "json", "--isolated"))
    monkeypatch.delenv("DDEX_AI_SCHEMAS", raising=False)  # as run_cli has it
    results = list(ddex_ai.check([folder], policy="ddex"))
    assert [r.to_dict() for r in results] == report["files"]
    assert json.loads(results[0].to_json()) == report["files"][0]


def test_check_bytes_and_policies(tmp_path):
    data = (FIXTURES / "ern432/rules/AI013.xml").read_bytes()
    default = ddex_ai.check_bytes(data, "a.xml")
    spotify = ddex_ai.check_bytes(data, "a.xml", policy="spotify")
    assert default.path == "a.xml"
    assert "AI013" not in {f.rule for f in default.findings}
    assert "AI013" in {f.rule for f in spotify.findings}
    assert spotify.status is ddex_ai.Status.FAIL


def test_a_file_that_cannot_be_read_is_a_result_not_an_exception(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<oops")
    (result,) = ddex_ai.check([bad])
    assert result.status is ddex_ai.Status.ERROR and result.findings[0].rule == "ERN001"


def test_py_typed_ships():
    import importlib.resources

    assert importlib.resources.files("ddex_ai").joinpath("py.typed").is_file()


def test_the_public_api_is_fully_type_hinted():
    import inspect
    import typing

    for name in ("check", "check_bytes"):
        function = getattr(ddex_ai, name)
        hints = typing.get_type_hints(function)
        parameters = inspect.signature(function).parameters
        assert set(parameters) <= set(hints) and "return" in hints, name
