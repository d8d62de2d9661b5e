"""A check configuration whose worker dies on one file, to test that the run survives it.

Workers import this module by name (tests/ is on their sys.path, as on the parent's).
"""

from __future__ import annotations

import os
import signal

from ddex_ai.runner import CheckConfig


class _DyingChecker:
    def __init__(self, checker) -> None:
        self.checker = checker

    def check_input(self, item):
        if os.path.basename(item.path).startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return self.checker.check_input(item)


class CrashingConfig(CheckConfig):
    """Its workers are killed by any file whose name starts with "crash"."""

    def checker(self):
        return _DyingChecker(super().checker())


class _StallingChecker:
    def __init__(self, checker) -> None:
        self.checker = checker

    def check_input(self, item):
        if "stall" in os.path.basename(item.path):
            signal.pause()  # until the worker is stopped
        return self.checker.check_input(item)


class StallingConfig(CheckConfig):
    """Its workers never finish a file whose name contains "stall"."""

    def checker(self):
        return _StallingChecker(super().checker())


class _DeafChecker:
    def __init__(self, checker) -> None:
        self.checker = checker

    def check_input(self, item):
        if "deaf" in os.path.basename(item.path):
            # As a long call into libxml2: the checker's own timer cannot interrupt it.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            signal.pause()
        return self.checker.check_input(item)


class DeafConfig(CheckConfig):
    """Its workers hang, deaf to the checker's timer, on a file whose name contains "deaf"."""

    def checker(self):
        return _DeafChecker(super().checker())
