"""What a person sees in a real terminal: the progress bar and the text report share one
console, the bar vanishes before a panel is printed, and nothing is left in the scrollback.

The check runs under a pseudo-terminal (standard output and error both on it, as in a shell);
its bytes are fed to a terminal emulator (pyte), and the screen with its scrollback is read.
"""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
import time

import pytest

import ernbuilder

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX")
pyte = pytest.importorskip("pyte", reason="pyte is a test dependency (pip install -e '.[test]')")

DDEX_AI = os.path.join(os.path.dirname(sys.executable), "ddex-ai")
COLUMNS, ROWS = 120, 40


def _run_in_terminal(args: list[str]) -> tuple[list[str], int]:
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    process = subprocess.Popen(
        [DDEX_AI, *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(master)
    screen = pyte.HistoryScreen(COLUMNS, ROWS, history=100_000)
    pyte.ByteStream(screen).feed(output)
    seen = ["".join(row[x].data for x in range(COLUMNS)).rstrip() for row in screen.history.top]
    seen += [line.rstrip() for line in screen.display]
    return [line for line in seen if line], process.returncode


def test_the_bar_never_mixes_with_the_report(tmp_path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for n in range(150):
        delivery = ernbuilder.single(seed=n)
        if n % 10 == 0:
            delivery.release().contains_ai = "All"  # contradicts its track: a failing panel
        (folder / f"f{n:03d}.xml").write_text(ernbuilder.render(delivery))
    lines, code = _run_in_terminal(["check", "--jobs", "2", str(folder)])
    assert code == 1
    assert not [line for line in lines if "files/s" in line and "Checked in" not in line]
    assert not [line for line in lines if "eta" in line]  # no bar left anywhere
    panels = [line for line in lines if line.startswith("╭─ ")]
    passing = [line for line in lines if line.startswith("PASS  ")]
    assert (len(panels), len(passing)) == (15, 135)
    assert lines[0].startswith("ddex-ai ") and "policy ddex" in lines[0]
    assert lines[-3].startswith("Summary: 150 files")
