"""Check configurations whose workers misbehave on some files, to test that a run survives.

Workers import this module by name (tests/ is on their sys.path, as on the parent's).
"""

from __future__ import annotations

import os
import signal

from ddex_ai.runner import CheckConfig


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would


def _stall() -> None:
    signal.pause()  # until the worker is stopped


def _stall_deafly() -> None:
    # As a long call into libxml2: the checker's own timer cannot interrupt it.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    signal.pause()


class _Misbehaving:
    """A checker that does ``act`` before checking a file whose name contains ``marker``."""

    def __init__(self, checker, marker: str, act) -> None:
        self.checker, self.marker, self.act = checker, marker, act

    def check_input(self, item):
        if self.marker in os.path.basename(item.path):
            self.act()
        return self.checker.check_input(item)


class CrashingConfig(CheckConfig):
    """Its workers are killed by any file whose name contains "crash"."""

    def checker(self):
        return _Misbehaving(super().checker(), "crash", _die)


class StallingConfig(CheckConfig):
    """Its workers never finish a file whose name contains "stall"."""

    def checker(self):
        return _Misbehaving(super().checker(), "stall", _stall)


class DeafConfig(CheckConfig):
    """Its workers hang, deaf to the checker's timer, on a file whose name contains "deaf"."""

    def checker(self):
        return _Misbehaving(super().checker(), "deaf", _stall_deafly)
