"""A progress bar on stderr for runs over many files, only when stderr is a terminal."""

from __future__ import annotations

import sys

from ddex_ai.findings import Status


class NoProgress:
    console = None  # no bar: reports print to their own streams

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def advance(self, status: Status) -> None:
        pass


class Progress:
    """Files done / total, files per second, time left, and running fail/warn counts."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.counts = {Status.FAIL: 0, Status.WARN: 0, Status.ERROR: 0}
        self.progress = RichProgress(
            TextColumn("[bold]checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[fail]} fail[/] [yellow]{task.fields[warn]} warn[/]"),
            console=Console(file=sys.stderr),
            transient=True,
            redirect_stdout=True,  # a text report on the same terminal prints above the bar
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("check", total=total, rate="-", fail=0, warn=0)

    @property
    def console(self):
        """The bar's console: a report printed through it appears above the bar, and the bar
        leaves nothing behind."""
        return self.progress.console

    def __enter__(self) -> Progress:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def advance(self, status: Status) -> None:
        if status in self.counts:
            self.counts[status] += 1
        task = self.progress.tasks[0]
        elapsed = task.elapsed or 0
        rate = f"{(task.completed + 1) / elapsed:.0f}" if elapsed > 0.5 else "-"
        self.progress.update(
            self.task,
            advance=1,
            rate=rate,
            fail=self.counts[Status.FAIL] + self.counts[Status.ERROR],
            warn=self.counts[Status.WARN],
        )


def same_terminal() -> bool:
    """Whether standard output and standard error are the same terminal (so a text report on
    standard output must share the bar's console)."""
    import os

    try:
        return sys.stdout.isatty() and os.path.samestat(
            os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
        )
    except (OSError, ValueError, AttributeError):
        return False


def progress_for(total: int, quiet: bool) -> Progress | NoProgress:
    if quiet or total < 2 or not sys.stderr.isatty():
        return NoProgress()
    return Progress(total)
