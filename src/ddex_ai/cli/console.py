"""The rich console the informational commands print to."""

from __future__ import annotations

import sys


def make_console():
    """A console that wraps at the terminal's width, or at 100 columns when piped."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 100)
