"""Nothing lost: a worker that dies costs one file; Ctrl-C keeps what finished."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crashing import CrashingConfig
from ddex_ai.discovery import expand
from ddex_ai.policy import Policy
from ddex_ai.runner import CheckConfig, run
from ernbuilder import album, render, single


def test_a_worker_that_dies_costs_only_its_file(tmp_path):
    for n in range(30):
        (tmp_path / f"release_{n:02d}.xml").write_text(render(single(seed=n)))
    (tmp_path / "crash_me.xml").write_text(render(single()))
    inputs = expand([str(tmp_path)])
    results = list(run(CrashingConfig((), Policy.default()), inputs, jobs=2))
    assert [r.path for r in results] == [i.path for i in inputs]  # every file, in order
    by_name = {os.path.basename(r.path): r for r in results}
    crashed = by_name.pop("crash_me.xml")
    assert crashed.status.value == "error"
    (finding,) = crashed.findings
    assert finding.rule == "INT001" and "internal error" in finding.message
    assert "died" in finding.message
    assert {r.status.value for r in by_name.values()} == {"warn"}  # checked (no schema: XSD002)


def _corpus(folder, count):
    for n in range(count):
        (folder / f"album_{n:03d}.xml").write_text(render(album(tracks=40, seed=n)))


def session_processes(session: int) -> list[int]:
    """The processes of a session (a run started with start_new_session: it and its workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if fields[0] != "Z" and int(fields[3]) == session:  # state, ppid, pgrp, session
            found.append(int(stat.parent.name))
    return found


def wait_for(condition, timeout: float = 60.0) -> None:
    """Poll until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def _start(*args: str) -> subprocess.Popen:
    """``ddex-ai check ARGS`` in a session of its own, so that its workers can be found."""
    return subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def written(folder: Path) -> bool:
    """Some file in ``folder`` has content (files come and go there while we look)."""
    for path in folder.iterdir():
        try:
            if path.stat().st_size:
                return True
        except FileNotFoundError:
            continue
    return False


def _interrupt(args, after_lines, signal_group, workers=0):
    process = subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    lines = []
    for line in process.stdout:
        lines.append(line)
        if len(lines) >= after_lines:
            break
    # Results are coming: the workers (and their forkserver) are up.
    assert len(session_processes(process.pid)) > workers
    if signal_group:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    else:
        process.send_signal(signal.SIGINT)
    # Read on from the same buffered stream: communicate() would skip what it holds already.
    rest = process.stdout.read()
    stderr = process.stderr.read()
    process.wait(timeout=60)
    # No worker is left behind once the run has ended.
    wait_for(lambda: session_processes(process.pid) == [], timeout=10)
    return process.returncode, b"".join(lines) + rest, stderr.decode()


def test_a_run_whose_workers_come_from_a_fork_server_leaves_no_temporary_folder(tmp_path):
    """A thread in the parent (as remote inputs start) makes the pool use a fork server,
    whose socket lives in a folder of its own: the console script's quick exit removes it."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 6)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = (
        "import sys, threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "from ddex_ai._entry import run\n"
        f"sys.argv = ['ddex-ai', 'check', {str(folder)!r}, '--jobs', '2', '--format', 'jsonl']\n"
        "run()\n"
    )
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert done.returncode in (0, 1), done.stderr
    assert len(done.stdout.splitlines()) == 6
    assert list(scratch.iterdir()) == []


def test_ctrl_c_reports_what_finished_and_exits_130(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 150)
    code, out, err = _interrupt([str(folder), "--format", "jsonl", "--jobs", "2"], 3, True, 2)
    assert code == 130, err
    files = [json.loads(line) for line in out.splitlines()]
    assert 3 <= len(files) < 150
    assert [f["path"] for f in files] == sorted(f["path"] for f in files)  # a clean prefix
    assert "interrupted (SIGINT):" in err and "Traceback" not in err


def test_ctrl_c_leaves_a_whole_output_file(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 600)  # several seconds of work on two jobs
    out = tmp_path / "report.json"
    out.write_text("previous")
    # A second report, streamed as files finish, tells when the first results are written.
    live = tmp_path / "live"
    live.mkdir()
    process = _start(
        str(folder),
        "--format",
        "json",
        "-o",
        str(out),
        "--jobs",
        "2",
        "--report",
        f"jsonl:{live / 'live.jsonl'}",
    )
    wait_for(lambda: written(live))
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    report = json.loads(out.read_text())  # whole, valid JSON: never half-written
    assert 0 < report["summary"]["files"] == len(report["files"]) < 600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue", "live", "report.json"]
    assert [p.name for p in live.iterdir()] == ["live.jsonl"]  # whole, its temporary gone
    assert len((live / "live.jsonl").read_text().splitlines()) == len(report["files"])


def test_runs_survive_being_interrupted_in_one_process(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 60)
    code, out, err = _interrupt([str(folder), "--format", "jsonl", "--jobs", "1"], 2, False)
    assert code == 130, err
    assert 2 <= len(out.splitlines()) < 60


def test_ctrl_c_during_a_long_write_to_a_pipe_loses_no_data(tmp_path):
    """A SIGINT that arrives while a large result is blocked on a full pipe is held until the
    write ends (CPython's buffered writer can drop data when a signal interrupts it)."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for n in range(3):  # each result line is megabytes: far more than a pipe holds
        (folder / f"box_{n}.xml").write_text(render(album(tracks=3000, seed=n)))
    process = subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", str(folder), "--format", "jsonl", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    first = process.stdout.read(1)  # the first line is being written, into a full pipe
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()
    process.stderr.read()
    process.wait(timeout=60)
    lines = (first + rest).splitlines()
    assert process.returncode == 130
    assert 1 <= len(lines) < 3
    assert [json.loads(line)["path"] for line in lines] == sorted(str(p) for p in folder.iterdir())[
        : len(lines)
    ]


def test_a_worker_that_died_while_idle_is_replaced(tmp_path):
    from ddex_ai.runner import Run

    for n in range(12):
        (tmp_path / f"release_{n:02d}.xml").write_text(render(single(seed=n)))
    inputs = expand([str(tmp_path)])
    checks = Run(CheckConfig((), Policy.default()), inputs, jobs=2)
    try:
        for worker in checks.pool.workers:  # both die before they are given anything
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join(timeout=10)
        results = list(checks)
    finally:
        checks.close()
    assert [r.path for r in results] == [i.path for i in inputs]
    assert {r.status.value for r in results} == {"warn"}  # checked (no schema: XSD002)


def test_results_that_finished_out_of_order_are_salvaged(tmp_path):
    import threading

    from crashing import StallingConfig
    from ddex_ai.runner import Run

    (tmp_path / "a_stall.xml").write_text(render(single()))
    for n in range(9):
        (tmp_path / f"b_{n}.xml").write_text(render(single(seed=n)))
    inputs = expand([str(tmp_path)])
    checks = Run(StallingConfig((), Policy.default()), inputs, jobs=2)

    def interrupt_when_the_rest_is_done():
        # One file a chunk, 8 chunks in flight: the stalled one and 7 that finish.
        try:
            wait_for(lambda: len(getattr(checks.pool, "done", {})) == 7)
        finally:  # interrupt even on a time-out: the stalled run would wait forever
            signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)

    def as_ctrl_c(signum, frame):
        raise KeyboardInterrupt  # SIGINT itself may be ignored where the suite runs (`&`)

    previous = signal.signal(signal.SIGUSR1, as_ctrl_c)
    helper = threading.Thread(target=interrupt_when_the_rest_is_done, daemon=True)
    helper.start()
    yielded = []
    try:
        for result in checks:
            yielded.append(result)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGUSR1, previous)
        salvaged = checks.salvage()
        checks.close()
        helper.join()
    assert yielded == []  # the first file never finished
    assert [r.path for r in salvaged] == [i.path for i in inputs[1:8]]


def _stop(args, sig, tmp_path):
    """Run ddex-ai, send ``sig`` to its process group once a result is written."""
    live = tmp_path / "live"
    live.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", *args, "--report", f"jsonl:{live / 'l.jsonl'}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    wait_for(lambda: written(live))
    os.killpg(process.pid, sig)
    out, err = process.communicate(timeout=60)
    wait_for(lambda: session_processes(process.pid) == [], timeout=10)
    return process.returncode, out, err.decode()


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_like_ctrl_c(tmp_path, sig, code):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 300)
    out = tmp_path / "report.json"
    returncode, _, err = _stop(
        [str(folder), "--format", "json", "-o", str(out), "--jobs", "2"], sig, tmp_path
    )
    assert returncode == code, err
    assert "Traceback" not in err and f"interrupted ({signal.Signals(sig).name})" in err
    report = json.loads(out.read_text())  # whole
    assert 0 < report["summary"]["files"] == len(report["files"]) < 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue", "live", "report.json"]
    assert [p.name for p in (tmp_path / "live").iterdir()] == ["l.jsonl"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_in_the_first_instant_prints_no_traceback(tmp_path, sig):
    (tmp_path / "a.xml").write_text(render(single()))
    process = subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    process.send_signal(sig)  # while the interpreter is still importing
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err.decode()
    assert process.returncode in (128 + sig, -sig, 0, 1)  # 0/1: the signal came after the run


def test_a_closed_standard_output_still_writes_every_report(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 40)
    out = tmp_path / "report.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ddex_ai",
            "check",
            str(folder),
            "--format",
            "jsonl",
            "--report",
            f"json:{out}",
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = process.stdout.readline()  # as `| head -1` does
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert json.loads(first)["path"].endswith("album_000.xml")
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    report = json.loads(out.read_text())
    assert report["summary"]["files"] == len(report["files"]) == 40


def _lines(path: Path) -> int:
    """Lines written so far to a report being written (its temporary file, or the file)."""
    count = 0
    for candidate in path.parent.iterdir():
        try:
            count = max(count, candidate.read_bytes().count(b"\n"))
        except FileNotFoundError:
            continue
    return count


# Signals at different moments of a run: before any result, after the first, in the middle.
SIGNAL_POINTS = [
    (sig, after) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP) for after in (0, 1, 25)
]


@pytest.mark.parametrize(("sig", "after"), SIGNAL_POINTS)
def test_a_signal_at_any_moment_leaves_whole_reports(tmp_path, sig, after):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for n in range(120):
        (folder / f"f{n:03d}.xml").write_text(render(single(seed=n)))
    reports = tmp_path / "reports"
    reports.mkdir()
    live = tmp_path / "live"
    live.mkdir()
    process = _start(
        str(folder),
        "--jobs",
        "2",
        "--format",
        "json",
        "-o",
        str(reports / "r.json"),
        "--report",
        f"sarif:{reports / 'r.sarif'}",
        "--report",
        f"junit:{reports / 'r.xml'}",
        "--report",
        f"jsonl:{live / 'l.jsonl'}",
    )
    if after:
        wait_for(lambda: _lines(live / "l.jsonl") >= after or process.poll() is not None)
    os.killpg(process.pid, sig)
    _, err = process.communicate(timeout=60)
    wait_for(lambda: session_processes(process.pid) == [], timeout=10)
    err = err.decode()
    assert "Traceback" not in err, err
    # Stopped by the signal (128 + n), or finished before it came (0, or 1 on findings).
    assert process.returncode in (128 + sig, -sig, 0, 1), err
    if process.returncode in (128 + sig, 0, 1) and "interrupted" in err:
        report = json.loads((reports / "r.json").read_text())  # whole, never half-written
        files = report["files"]
        assert len(files) == report["summary"]["files"] >= after
        assert [f["path"] for f in files] == sorted(f["path"] for f in files)
        sarif = json.loads((reports / "r.sarif").read_text())
        assert len(sarif["runs"][0]["artifacts"]) == len(files)
        import xml.etree.ElementTree as ET

        suites = list(ET.parse(reports / "r.xml").getroot().iter("testsuite"))
        run = [s for s in suites if s.get("name") == "ddex-ai run"]  # an interrupted run
        assert len(suites) - len(run) == len(files)
        # Interrupted is visible in every report.
        summary = report["summary"]
        assert summary["complete"] is False
        assert summary["not_checked"] == 120 - summary["files"]
        assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
        (suite,) = run
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["complete"] == "false"
        assert int(properties["not_checked"]) == summary["not_checked"]
    # No temporary file is left, whatever the moment.
    assert all(not p.name.startswith(".") for p in [*reports.iterdir(), *live.iterdir()])


def test_workers_are_forked_only_while_the_parent_has_no_thread() -> None:
    import threading

    from ddex_ai import runner

    if sys.platform != "linux":
        pytest.skip("fork is used on Linux only")
    if threading.active_count() == 1:
        assert runner._context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # a fork now could copy a lock that thread holds: a fresh server starts workers
        assert runner._context().get_start_method() != "fork"
    finally:
        stop.set()
        thread.join()


REPLACED_AFTER_THREADS = """
import threading
from ddex_ai import runner
from ddex_ai.policy import Policy

assert threading.active_count() == 1
pool = runner._Pool(runner.CheckConfig((), Policy.default()), 1, [])
try:
    assert pool.context.get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pool._replace(pool.workers[0])  # as when a worker dies mid-run
        assert pool.context.get_start_method() != "fork"
        assert pool.workers[0].process.is_alive()
    finally:
        stop.set()
        thread.join()
finally:
    pool.stop()
print("ok")
"""


def test_a_worker_replaced_after_threads_started_is_not_forked() -> None:
    import subprocess

    if sys.platform != "linux":
        pytest.skip("fork is used on Linux only")
    # A fresh process: this one may hold threads of earlier tests (servers, clients).
    done = subprocess.run(
        [sys.executable, "-c", REPLACED_AFTER_THREADS], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_a_worker_that_dies_holding_two_chunks_costs_only_its_file(tmp_path):
    # Workers that read objects hold the chunk they check and the next: both come back.
    for n in range(30):
        (tmp_path / f"release_{n:02d}.xml").write_text(render(single(seed=n)))
    (tmp_path / "crash_me.xml").write_text(render(single()))
    inputs = expand([str(tmp_path)])
    checks = run(CrashingConfig((), Policy.default()), inputs, jobs=2)
    checks.pool.depth = 2
    try:
        results = list(checks)
    finally:
        checks.close()
    assert [r.path for r in results] == [i.path for i in inputs]
    by_name = {os.path.basename(r.path): r for r in results}
    (finding,) = by_name.pop("crash_me.xml").findings
    assert finding.rule == "INT001" and "died" in finding.message
    assert {r.status.value for r in by_name.values()} == {"warn"}  # checked (no schema: XSD002)
