"""A file that stalls the checker costs that file (INT001, timed out), never the audit."""

from __future__ import annotations

import json
import time

from crashing import DeafConfig
from ddex_ai import runner
from ddex_ai.discovery import expand
from ddex_ai.policy import Policy
from ernbuilder import render, single


def test_a_slow_rule_times_out_and_the_run_goes_on(run_cli, tmp_path, monkeypatch):
    for n in range(3):
        (tmp_path / f"f{n}.xml").write_text(render(single(seed=n)))
    real = runner.Checker._check_input

    def slow_on_f1(self, item):
        if item.path.endswith("f1.xml"):
            time.sleep(60)
        return real(self, item)

    monkeypatch.setattr(runner.Checker, "_check_input", slow_on_f1)
    started = time.monotonic()
    result = run_cli(
        "check", str(tmp_path), "--format", "jsonl", "-j", "1", "--timeout-per-file", "0.5"
    )
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    files = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["path"].rsplit("/", 1)[1] for f in files] == ["f0.xml", "f1.xml", "f2.xml"]
    (finding,) = files[1]["findings"]
    assert finding["rule"] == "INT001" and "timed out after 0.5 s" in finding["message"]
    assert files[1]["status"] == "error"
    assert [f["status"] for f in (files[0], files[2])] == ["warn", "warn"]


def test_a_worker_deaf_to_its_timer_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "HARD_LIMIT_GRACE", 0.5)
    for n in range(6):
        (tmp_path / f"f{n}.xml").write_text(render(single(seed=n)))
    (tmp_path / "f3_deaf.xml").write_text(render(single()))
    inputs = expand([str(tmp_path)])
    checks = runner.Run(DeafConfig((), Policy.default(), timeout=0.5), inputs, jobs=2)
    started = time.monotonic()
    try:
        results = list(checks)
    finally:
        checks.close()
    assert time.monotonic() - started < 30
    assert [r.path for r in results] == [i.path for i in inputs]
    by_name = {r.path.rsplit("/", 1)[1]: r for r in results}
    (finding,) = by_name.pop("f3_deaf.xml").findings
    assert finding.rule == "INT001" and "timed out after 0.5 s" in finding.message
    assert {r.status.value for r in by_name.values()} == {"warn"}


def test_a_slow_check_in_another_thread_times_out_and_the_thread_goes_on(tmp_path, monkeypatch):
    """A Dask worker (or an API caller) checks in a thread that cannot take the alarm."""
    import threading

    for n in range(3):
        (tmp_path / f"f{n}.xml").write_text(render(single(seed=n)))
    real = runner.Checker._check_input

    def slow_on_f1(self, item):
        if item.path.endswith("f1.xml"):
            for _ in range(6000):  # Python that runs on, 60 s in all
                time.sleep(0.01)
        return real(self, item)

    monkeypatch.setattr(runner.Checker, "_check_input", slow_on_f1)
    checker = runner.CheckConfig((), Policy.default(), timeout=0.5).checker()
    results, escaped = [], []

    def work():
        try:
            results.extend(checker.check_input(item) for item in expand([str(tmp_path)]))
            time.sleep(1.0)  # a timeout raised late would arrive here
        except BaseException as exc:  # what must not happen
            escaped.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and escaped == []
    assert time.monotonic() - started < 10
    assert [r.path.rsplit("/", 1)[1] for r in results] == ["f0.xml", "f1.xml", "f2.xml"]
    (finding,) = results[1].findings
    assert finding.rule == "INT001" and "timed out after 0.5 s" in finding.message
    assert [r.status.value for r in (results[0], results[2])] == ["warn", "warn"]


def test_a_deaf_worker_holding_two_chunks_is_stopped_and_both_come_back(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "HARD_LIMIT_GRACE", 0.5)
    for n in range(12):
        (tmp_path / f"f{n:02d}.xml").write_text(render(single(seed=n)))
    (tmp_path / "f03_deaf.xml").write_text(render(single()))
    inputs = expand([str(tmp_path)])
    checks = runner.Run(DeafConfig((), Policy.default(), timeout=0.5), inputs, jobs=2)
    checks.pool.depth = 2  # as when workers read objects
    try:
        results = list(checks)
    finally:
        checks.close()
    assert [r.path for r in results] == [i.path for i in inputs]
    by_name = {r.path.rsplit("/", 1)[1]: r for r in results}
    (finding,) = by_name.pop("f03_deaf.xml").findings
    assert finding.rule == "INT001" and "timed out after 0.5 s" in finding.message
    assert {r.status.value for r in by_name.values()} == {"warn"}
