"""A file checked on its own, with a core to spare, has its model built while libxml2
validates it: the same report in every case, its failures and time limit as before."""

from __future__ import annotations

import time
from typing import ClassVar

import pytest

from conftest import FIXTURES
from ddex_ai import checker as checker_module
from ddex_ai import runner
from ddex_ai.background import Background
from ddex_ai.discovery import Input, expand
from ddex_ai.policy import Policy
from ernbuilder import album, render


class _Counted(Background):
    """A Background that remembers every one started."""

    made: ClassVar[list[Background]] = []

    def __init__(self, *args, **kwargs) -> None:
        type(self).made.append(self)
        super().__init__(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch):
    _Counted.made = []
    monkeypatch.setattr(checker_module, "Background", _Counted)
    return _Counted


def _report(checker, path: str, beside: bool) -> dict:
    checker.spare_core = beside
    return checker.check_path(path).to_dict()


def test_every_fixture_gets_the_same_report_with_its_model_built_beside(
    checker, counted, monkeypatch
):
    monkeypatch.setattr(checker_module, "BACKGROUND_MODEL_SIZE", 0)  # every file, not 1 MB+
    paths = sorted(str(p) for p in FIXTURES.rglob("*.xml"))
    assert len(paths) > 30
    for path in paths:
        assert _report(checker, path, True) == _report(checker, path, False), path
    # Every parsed message went through the thread (the others never reach the XSD stage).
    assert len(counted.made) > 30


def test_a_model_that_fails_beside_the_xsd_stage_is_an_internal_error_as_before(
    checker, counted, monkeypatch
):
    monkeypatch.setattr(checker_module, "BACKGROUND_MODEL_SIZE", 0)

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(checker_module, "build_message", broken)
    path = str(FIXTURES / "broken" / "dangling_references_432.xml")
    beside, alone = _report(checker, path, True), _report(checker, path, False)
    assert beside == alone and len(counted.made) == 1
    assert [f["rule"] for f in beside["findings"]][-1] == "INT001"
    assert "RuntimeError: boom" in beside["findings"][-1]["message"]


def test_a_model_built_beside_that_runs_past_the_time_limit_times_out(
    checker, counted, monkeypatch, tmp_path
):
    monkeypatch.setattr(checker_module, "BACKGROUND_MODEL_SIZE", 0)
    real = checker_module.build_message

    def slow(*args):
        for _ in range(6000):  # Python that runs on, 60 s in all
            time.sleep(0.01)
        return real(*args)

    monkeypatch.setattr(checker_module, "build_message", slow)
    load = checker_module.instance_loader.load_file

    def slow_load(*args):  # the thread's own limit then ends 0.4 s after the file's
        time.sleep(0.4)
        return load(*args)

    monkeypatch.setattr(checker_module.instance_loader, "load_file", slow_load)
    (tmp_path / "a.xml").write_text(render(album(3)))
    checker.timeout, checker.spare_core = 0.5, True
    started = time.monotonic()
    result = checker.check_input(Input(str(tmp_path / "a.xml")))
    assert time.monotonic() - started < 10
    (finding,) = result.findings
    assert finding.rule == "INT001" and "timed out after 0.5 s" in finding.message
    assert len(counted.made) == 1
    # The thread stopped with the file: nothing runs on in the file's tree.
    assert all(work.finished for work in counted.made)


@pytest.mark.skipif(runner.default_jobs() < 2, reason="needs a machine with 2 or more CPUs")
@pytest.mark.parametrize(
    ("jobs", "from_size", "beside"),
    [(2, 0, 1), (1, 0, 0), (2, checker_module.BACKGROUND_MODEL_SIZE, 0)],
)
def test_a_second_thread_only_for_a_large_file_checked_on_its_own_with_jobs_to_spare(
    official_schemas, counted, monkeypatch, tmp_path, jobs, from_size, beside
):
    """--jobs 1 asks for one core; a small file gains less than a thread costs. (A worker
    pool never does it: its checkers are built without a spare core.)"""
    monkeypatch.setattr(checker_module, "BACKGROUND_MODEL_SIZE", from_size)
    (tmp_path / "a.xml").write_text(render(album(3)))
    roots = (runner.SchemaRoot(official_schemas, "test"),)
    checks = runner.Run(runner.CheckConfig(roots, Policy.default()), expand([str(tmp_path)]), jobs)
    try:
        (result,) = list(checks)
    finally:
        checks.close()
    assert result.status.value == "pass" and len(counted.made) == beside
