"""Inputs that are not regular files are never read; no input can exhaust memory.

FIFOs, device nodes and sockets are made in the test's own temporary folder only.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading

import pytest

from conftest import FIXTURES, json_report

GOOD = FIXTURES / "ern432/single_ai_vocals.xml"


def check_subprocess(*args: str, stdin=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ddex_ai", "check", "--format", "json", "-j", "1", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def special_files(folder) -> dict[str, str]:
    """Make a FIFO, a socket and (as root) a device node named *.xml: name -> kind."""
    made = {}
    os.mkfifo(folder / "pipe.xml")
    made["pipe.xml"] = "a FIFO"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "socket.xml"))
    made["socket.xml"] = "a socket"
    try:
        os.mknod(folder / "zero.xml", stat.S_IFCHR | 0o444, os.makedev(1, 5))
        made["zero.xml"] = "a character device"  # endless zeros, were it read
    except PermissionError:
        pass  # not root: the FIFO and the socket still make the case
    (folder / "link.xml").symlink_to(folder / "pipe.xml")
    made["link.xml"] = "a FIFO"
    return made


def test_special_files_named_xml_are_never_read(tmp_path):
    folder = tmp_path / "delivery"
    folder.mkdir()
    made = special_files(folder)
    (folder / "real.xml").write_bytes(GOOD.read_bytes())
    process = check_subprocess(str(folder), str(folder / "pipe.xml"))
    out, _ = process.communicate(timeout=60)  # a read of the FIFO would block forever
    files = {os.path.basename(f["path"]): f for f in json.loads(out)["files"]}
    assert sorted(files) == sorted([*made, "real.xml"])
    for name, kind in made.items():
        (finding,) = files[name]["findings"]
        assert finding["rule"] == "IO001" and files[name]["status"] == "error"
        assert finding["message"].startswith(f"not a regular file: it is {kind}")
    assert files["real.xml"]["status"] in ("pass", "warn")


def test_a_file_past_the_size_limit_gets_io002(run_cli, tmp_path):
    big = tmp_path / "big.xml"
    big.write_bytes(GOOD.read_bytes())
    size = big.stat().st_size
    result = run_cli("check", str(big), "--format", "json", "--max-file-size", str(size - 1))
    assert result.exit_code == 1
    (file,) = json_report(result)["files"]
    (finding,) = file["findings"]
    assert (finding["rule"], file["status"]) == ("IO002", "error")
    assert f"{size} bytes" in finding["message"] and f"{size - 1} bytes" in finding["message"]
    fits = run_cli("check", str(big), "--format", "json", "--max-file-size", str(size))
    assert "IO002" not in {f["rule"] for f in json_report(fits)["files"][0]["findings"]}


@pytest.mark.parametrize(("given", "size"), [("1KB", 1000), ("2 MiB", 2 * 2**20), ("10", 10)])
def test_sizes_take_units(run_cli, tmp_path, given, size):
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * (size + 1))
    result = run_cli("check", str(big), "--format", "json", "--max-file-size", given)
    assert json_report(result)["files"][0]["findings"][0]["rule"] == "IO002"


def test_a_bad_size_is_a_usage_error(run_cli):
    result = run_cli("check", str(GOOD), "--max-file-size", "lots")
    assert result.exit_code == 2 and "not a size" in result.stderr


def test_an_endless_standard_input_ends_with_io002():
    process = check_subprocess("-", "--max-file-size", "1MB", stdin=subprocess.PIPE)

    def feed():
        chunk = b"<a>" + b" " * 65536
        try:
            while True:
                process.stdin.write(chunk)
        except (BrokenPipeError, ValueError, OSError):
            pass  # ddex-ai stopped reading: as it must

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out, _ = process.stdout.read(), process.stderr.read()
    process.wait(timeout=60)
    (file,) = json.loads(out)["files"]
    assert file["path"] == "stdin.xml" and file["status"] == "error"
    assert file["findings"][0]["rule"] == "IO002"
    assert "at least 1000001 bytes" in file["findings"][0]["message"]
