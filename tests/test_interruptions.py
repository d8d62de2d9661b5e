"""Nothing lost: a worker that dies costs one file; Ctrl-C keeps what finished."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from crashing import CrashingConfig
from ddex_ai.discovery import expand
from ddex_ai.policy import Policy
from ddex_ai.runner import run
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


def _interrupt(args, after_lines, signal_group):
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
    time.sleep(0.05)
    if signal_group:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    else:
        process.send_signal(signal.SIGINT)
    # Read on from the same buffered stream: communicate() would skip what it holds already.
    rest = process.stdout.read()
    stderr = process.stderr.read()
    process.wait(timeout=60)
    return process.returncode, b"".join(lines) + rest, stderr.decode()


def test_ctrl_c_reports_what_finished_and_exits_130(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 150)
    code, out, err = _interrupt([str(folder), "--format", "jsonl", "--jobs", "2"], 3, True)
    assert code == 130, err
    files = [json.loads(line) for line in out.splitlines()]
    assert 3 <= len(files) < 150
    assert [f["path"] for f in files] == sorted(f["path"] for f in files)  # a clean prefix
    assert "interrupted:" in err and "Traceback" not in err
    # No worker is left behind.
    time.sleep(0.2)
    leftover = subprocess.run(["pgrep", "-f", f"ddex_ai check {folder}"], capture_output=True)
    assert leftover.stdout == b""


def test_ctrl_c_leaves_a_whole_output_file(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 600)  # several seconds of work on two jobs
    out = tmp_path / "report.json"
    out.write_text("previous")
    # Progress lines are not on stdout here; wait for the run to be under way instead.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ddex_ai",
            "check",
            str(folder),
            "--format",
            "json",
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    report = json.loads(out.read_text())  # whole, valid JSON: never half-written
    assert 0 < report["summary"]["files"] == len(report["files"]) < 600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue", "report.json"]


def test_runs_survive_being_interrupted_in_one_process(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    _corpus(folder, 60)
    code, out, err = _interrupt([str(folder), "--format", "jsonl", "--jobs", "1"], 2, False)
    assert code == 130, err
    assert 2 <= len(out.splitlines()) < 60
