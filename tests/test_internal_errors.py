"""INT001: a failing rule becomes a finding, never a crash of the run."""

from conftest import FIXTURES, rules_of
from ddex_ai.findings import Severity, Status
from ddex_ai.rules.registry import Rule


def _broken_rule(message):
    raise KeyError("A9")
    yield  # pragma: no cover


def test_a_failing_rule_is_reported_and_other_rules_still_run(offline_checker):
    broken = Rule("ZZZ999", "broken", Severity.ERROR, "Broken.", _broken_rule)
    offline_checker._rules = [broken, *offline_checker._rules]
    result = offline_checker.check_path(str(FIXTURES / "broken/dangling_references_432.xml"))
    internal = [f for f in result.findings if f.rule == "INT001"]
    assert len(internal) == 1
    assert "ZZZ999" in internal[0].message and "KeyError" in internal[0].message
    assert "REF001" in rules_of(result.findings)
    assert result.status is Status.FAIL


def test_a_crash_outside_the_rules_marks_the_file_error(offline_checker, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("ddex_ai.checker.build_message", explode)
    result = offline_checker.check_path(str(FIXTURES / "ern43/single.xml"))
    assert result.status is Status.ERROR
    assert rules_of(result.findings) == ["INT001", "XSD002"]
    assert "model exploded" in next(f for f in result.findings if f.rule == "INT001").message
    monkeypatch.undo()
    # The same checker goes on with the next file.
    assert offline_checker.check_path(str(FIXTURES / "ern382/single.xml")).status is Status.WARN


def test_a_crash_while_reading_is_reported_and_the_next_file_is_checked(
    offline_checker, monkeypatch
):
    def explode(path):
        raise UnicodeDecodeError("utf-8", b"", 0, 1, "odd bytes")

    monkeypatch.setattr("ddex_ai.instance_loader.load_file", explode)
    result = offline_checker.check_path(str(FIXTURES / "ern43/single.xml"))
    assert result.status is Status.ERROR and rules_of(result.findings) == ["INT001"]
    monkeypatch.undo()
    assert offline_checker.check_path(str(FIXTURES / "ern43/single.xml")).status is Status.WARN
