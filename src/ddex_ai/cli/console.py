"""The rich console the informational commands print to."""

from __future__ import annotations

import sys


class _TrimmedLines:
    """A stream that drops the spaces tables pad their last column with, at line ends: piped
    output is read by tools (``grep``, ``diff``), where trailing blanks are noise."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.stream.write(line.rstrip() + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip())
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False


def make_console():
    """A console that wraps at the terminal's width, or at 100 columns (and without trailing
    blanks) when piped."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, width=100, file=_TrimmedLines(sys.stdout))
