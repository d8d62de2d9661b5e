"""One ``ddex-ai check`` run: results from the runner, through baseline, to every reporter."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field

import click

from ddex_ai import __version__
from ddex_ai.atomic import atomic_output
from ddex_ai.baseline import Baseline
from ddex_ai.cli.progress import progress_for
from ddex_ai.discovery import Input
from ddex_ai.findings import Severity
from ddex_ai.policy import Policy
from ddex_ai.reporters import ReportContext, make_reporter
from ddex_ai.results import Summary
from ddex_ai.runner import CheckConfig, run

EXIT_OK, EXIT_FINDINGS, EXIT_INTERRUPTED = 0, 1, 130


@dataclass
class Session:
    inputs: list[Input]
    config: CheckConfig
    policy: Policy
    jobs: int
    output_format: str = "text"
    output: str | None = None
    reports: list[tuple[str, str]] = field(default_factory=list)
    color: str = "auto"
    fail_on: Severity | None = Severity.ERROR
    baseline: Baseline | None = None
    write_baseline: str | None = None  # the file to record this run's findings in
    quiet: bool = False

    def run(self) -> int:
        summary = Summary(waived=0 if self.baseline else None)
        failed = interrupted = False
        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            progress = stack.enter_context(progress_for(len(self.inputs), self.quiet))
            reporters = [self._reporter(stack, self.output_format, self.output, self.color)]
            reporters += [self._reporter(stack, name, path) for name, path in self.reports]
            recorder = None
            if self.write_baseline:
                recorder = self._reporter(stack, "json", self.write_baseline)
            ctrl_c = stack.enter_context(DeferredInterrupt())
            # Closed on the way out, so that workers stop at once on Ctrl-C or an error.
            results = stack.enter_context(
                contextlib.closing(run(self.config, self.inputs, self.jobs))
            )
            try:
                for result in results:
                    with ctrl_c.deferred():  # a file is in every report, or in none
                        if recorder:
                            recorder.file_done(result)
                        if self.baseline:
                            result = self.baseline.apply(result)
                            summary.waived = self.baseline.waived
                        summary.add(result)
                        for reporter in reporters:
                            reporter.file_done(result)
                        failed = failed or result.fails(self.fail_on)
                        progress.advance(result.status)
            except KeyboardInterrupt:
                # Stop, but still write the files that finished as whole reports.
                interrupted = True
            summary.elapsed = time.perf_counter() - started
            with ctrl_c.deferred(reraise=False):
                for reporter in [*reporters, recorder] if recorder else reporters:
                    reporter.finish(summary)
        self._tell(summary, interrupted)
        if interrupted:
            return EXIT_INTERRUPTED
        if self.write_baseline:
            return EXIT_OK
        return EXIT_FINDINGS if failed else EXIT_OK

    def _reporter(self, stack, name: str, path: str | None, color: str = "never"):
        stream = stack.enter_context(atomic_output(path)) if path else sys.stdout
        context = ReportContext(
            __version__, self.policy, _use_color(color, stream), self.fail_on, self.quiet
        )
        return make_reporter(name, stream, context)

    def _tell(self, summary: Summary, interrupted: bool) -> None:
        """What the reports do not say already, on stderr."""
        if interrupted:
            click.echo(
                f"interrupted: {summary.files} of {len(self.inputs)} files checked", err=True
            )
        if self.write_baseline:
            count = sum(summary.rules.values())
            click.echo(f"wrote {count} findings to the baseline {self.write_baseline}", err=True)
        text_on_stdout = self.output_format == "text" and not self.output
        if not self.quiet and not text_on_stdout:
            for line in summary.lines():
                click.echo(line, err=True)


class DeferredInterrupt:
    """Ctrl-C stops the run at once, except inside ``deferred()``, where it waits for the
    block to end: a result half-written to the reports would count a file that is not there.

    Where it can, SIGINT is blocked during the block rather than caught: a signal that
    interrupts a large write to a pipe makes Python's buffered writer drop data.
    """

    def __init__(self) -> None:
        self.deferring = False
        self.pending = False
        self.previous = None
        self.can_block = hasattr(signal, "pthread_sigmask")

    def __enter__(self) -> DeferredInterrupt:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum, frame) -> None:
        if self.deferring:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def deferred(self, reraise: bool = True):
        """Hold Ctrl-C until the block ends; then raise it, or drop it (``reraise=False``)."""
        blocked = self.can_block and self.previous is not None
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if blocked else None
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
            if blocked:
                if not reraise and signal.SIGINT in signal.sigpending():
                    signal.sigtimedwait({signal.SIGINT}, 0)  # already stopping: drop it
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a held one is raised now
            if self.pending:
                self.pending = False
                if reraise:
                    raise KeyboardInterrupt


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()
