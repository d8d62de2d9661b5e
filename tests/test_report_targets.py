"""No report ever destroys a file: inputs, devices, links and permissions survive every report.

Special files (FIFOs, device nodes, sockets) are made in the test's own temporary folder only.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import threading

import pytest

from conftest import FIXTURES, json_report

GOOD = FIXTURES / "ern432/single_ai_vocals.xml"


@pytest.fixture
def delivery(tmp_path):
    folder = tmp_path / "delivery"
    folder.mkdir()
    shutil.copy(GOOD, folder / "single.xml")
    return folder


def refused(result, fragment):
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert result.stdout == ""  # nothing was checked, nothing half-written


@pytest.mark.parametrize("how", ["same path", "another path", "symbolic link", "hard link"])
def test_a_report_over_an_input_is_refused(run_cli, delivery, how):
    original = (delivery / "single.xml").read_bytes()
    target = {
        "same path": delivery / "single.xml",
        "another path": delivery / "." / ".." / delivery.name / "single.xml",
    }.get(how)
    if how == "symbolic link":
        target = delivery.parent / "report.json"
        target.symlink_to(delivery / "single.xml")
    elif how == "hard link":
        target = delivery.parent / "report.json"
        os.link(delivery / "single.xml", target)
    for option in (["-o", str(target)], ["--report", f"sarif:{target}"]):
        result = run_cli("check", str(delivery), "--format", "json", *option)
        refused(result, "is one of the inputs")
    baseline = run_cli("check", str(delivery), "--baseline", str(target), "--write-baseline")
    refused(baseline, "is one of the inputs")
    assert (delivery / "single.xml").read_bytes() == original


def test_two_reports_to_one_file_are_refused(run_cli, delivery, tmp_path):
    out = tmp_path / "report.json"
    link = tmp_path / "link.json"
    link.symlink_to(out)
    for second in (str(out), str(link)):
        result = run_cli("check", str(delivery), "-o", str(out), "--report", f"sarif:{second}")
        refused(result, "two reports name the same file")


def _drain(path, into):
    with open(path, "rb") as stream:
        into.append(stream.read())


def test_a_fifo_is_streamed_to_never_replaced(run_cli, delivery, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # A daemon: if a broken ddex-ai never opens the FIFO, the test fails instead of hanging.
    reader = threading.Thread(target=_drain, args=(fifo, received), daemon=True)
    reader.start()
    result = run_cli("check", str(delivery), "--format", "jsonl", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received, "nothing was written to the FIFO"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    (line,) = received[0].decode().splitlines()
    assert json.loads(line)["path"].endswith("single.xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["delivery", "report.fifo"]


def test_a_character_device_stays_a_device(run_cli, delivery, tmp_path):
    """-o pointing at a device (here a null device node made in the test's folder, as root)
    writes to it: the node is never renamed over."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CI runs as root)")
    for option in (["-o", str(node)], ["--report", f"sarif:{node}"]):
        result = run_cli("check", str(delivery), "--format", "json", *option)
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["delivery", "null"]


def test_a_unix_socket_is_written_to(run_cli, delivery, tmp_path):
    path = tmp_path / "report.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    received: list[bytes] = []

    def serve():
        connection, _ = server.accept()
        with connection:
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
            received.append(b"".join(chunks))

    server.settimeout(30)
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    result = run_cli("check", str(delivery), "--format", "jsonl", "-o", str(path))
    thread.join(timeout=30)
    server.close()
    assert result.exit_code == 0, result.output
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    assert json.loads(received[0])["path"].endswith("single.xml")


def test_a_symbolic_link_target_writes_through(run_cli, delivery, tmp_path):
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = run_cli("check", str(delivery), "--format", "json", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["summary"]["files"] == 1
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.json"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_a_replaced_report_keeps_its_permissions(run_cli, delivery, tmp_path, mode):
    out = tmp_path / "report.json"
    out.write_text("old")
    out.chmod(mode)
    result = run_cli("check", str(delivery), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert json.loads(out.read_text())["summary"]["files"] == 1


def test_unwritable_targets_are_usage_errors_before_the_run(run_cli, delivery, tmp_path):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("")
    bad = {
        str(tmp_path / "missing" / "report.json"): "no folder",
        str(a_file / "report.json"): "no folder",
        str(tmp_path): "is a directory",
    }
    for target, fragment in bad.items():
        # Standard output gets nothing either: the JSON report there never starts.
        refused(run_cli("check", str(delivery), "--format", "json", "-o", target), fragment)
        refused(
            run_cli("check", str(delivery), "--format", "json", "--report", f"csv:{target}"),
            fragment,
        )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_usage_error(run_cli, delivery, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cli("check", str(delivery), "-o", str(folder / "report.json"))
        refused(result, "cannot write a report in")
    finally:
        folder.chmod(0o755)


def test_an_incomplete_run_does_not_replace_the_baseline(run_cli, delivery, tmp_path, monkeypatch):
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", str(delivery), "--baseline", str(baseline), "--write-baseline")
    assert first.exit_code == 0
    complete = baseline.read_text()

    def explode(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("ddex_ai.checker.build_message", explode)
    again = run_cli(
        "check", str(delivery), "--baseline", str(baseline), "--write-baseline", "-j", "1"
    )
    assert again.exit_code == 1
    assert "did not write the baseline" in again.stderr and "INT001" in again.stderr
    assert baseline.read_text() == complete
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "delivery"]
    forced = run_cli(
        "check",
        str(delivery),
        "--baseline",
        str(baseline),
        "--write-baseline",
        "-j",
        "1",
        "--force",
    )
    assert forced.exit_code == 0 and "wrote" in forced.stderr
    rules = [f["rule"] for f in json.loads(baseline.read_text())["files"][0]["findings"]]
    assert "INT001" in rules


def test_report_targets_are_checked_in_every_format(run_cli, delivery, tmp_path):
    target = delivery / "single.xml"
    for fmt in ("text", "json", "jsonl", "junit", "sarif", "csv"):
        refused(run_cli("check", str(delivery), "--format", fmt, "-o", str(target)), "inputs")
    assert json_report(run_cli("check", str(delivery), "--format", "json"))["summary"]["files"]
