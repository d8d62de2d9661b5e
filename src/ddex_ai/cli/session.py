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
from ddex_ai.baseline import Baseline
from ddex_ai.checker import INTERNAL_ERROR
from ddex_ai.cli.progress import progress_for
from ddex_ai.discovery import Input
from ddex_ai.findings import Severity
from ddex_ai.names import printable_name
from ddex_ai.policy import Policy
from ddex_ai.report_targets import Opened, Target, open_target
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
    output: Target | None = None
    reports: list[tuple[str, Target]] = field(default_factory=list)
    color: str = "auto"
    fail_on: Severity | None = Severity.ERROR
    baseline: Baseline | None = None
    write_baseline: Target | None = None  # the file to record this run's findings in
    quiet: bool = False
    force: bool = False  # write the baseline even after an incomplete run

    def run(self) -> int:
        summary = Summary(waived=0 if self.baseline else None)
        failed = interrupted = False
        started = time.perf_counter()
        unchecked = 0  # files whose check failed inside ddex-ai (INT001)
        with contextlib.ExitStack() as stack:
            # Every report file is opened before anything is written to standard output.
            opened = self._open(stack)
            progress = stack.enter_context(progress_for(len(self.inputs), self.quiet))
            reporters = [self._reporter(self.output_format, opened.get("output"), self.color)]
            reporters += [self._reporter(n, opened[i]) for i, (n, _) in enumerate(self.reports)]
            recorder = None
            if self.write_baseline:
                recorder = self._reporter("json", opened["baseline"])
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
                        unchecked += any(f.rule == INTERNAL_ERROR for f in result.findings)
                        progress.advance(result.status)
            except KeyboardInterrupt:
                # Stop, but still write the files that finished as whole reports.
                interrupted = True
            summary.elapsed = time.perf_counter() - started
            baseline_refused = self._refuse_baseline(interrupted, unchecked)
            if baseline_refused:
                opened["baseline"].keep = False
            with ctrl_c.deferred(reraise=False):
                for reporter in [*reporters, recorder] if recorder else reporters:
                    reporter.finish(summary)
        self._tell(summary, interrupted, baseline_refused)
        if interrupted:
            return EXIT_INTERRUPTED
        if self.write_baseline:
            return EXIT_FINDINGS if baseline_refused else EXIT_OK
        return EXIT_FINDINGS if failed else EXIT_OK

    def _open(self, stack: contextlib.ExitStack) -> dict:
        """The report files, open: "output", "baseline", and the index of each --report."""
        wanted: dict = {i: target for i, (_, target) in enumerate(self.reports)}
        if self.output:
            wanted["output"] = self.output
        if self.write_baseline:
            wanted["baseline"] = self.write_baseline
        opened = {}
        for key, target in wanted.items():
            try:
                opened[key] = stack.enter_context(open_target(target))
            except OSError as exc:
                name = printable_name(target.given)
                raise click.UsageError(
                    f"{name}: cannot write the report: {exc.strerror or exc}"
                ) from exc
        return opened

    def _reporter(self, name: str, opened: Opened | None, color: str = "never"):
        stream = opened.stream if opened else sys.stdout
        context = ReportContext(
            __version__, self.policy, _use_color(color, stream), self.fail_on, self.quiet
        )
        return make_reporter(name, stream, context)

    def _refuse_baseline(self, interrupted: bool, unchecked: int) -> str | None:
        """Why this run's findings must not replace the baseline (None: they may)."""
        if not self.write_baseline or self.force:
            return None
        if interrupted:
            return "the run was interrupted"
        if unchecked:
            return f"{unchecked} file{'s' if unchecked != 1 else ''} could not be checked (INT001)"
        return None

    def _tell(self, summary: Summary, interrupted: bool, baseline_refused: str | None) -> None:
        """What the reports do not say already, on stderr."""
        if interrupted:
            click.echo(
                f"interrupted: {summary.files} of {len(self.inputs)} files checked", err=True
            )
        if baseline_refused:
            click.echo(
                f"did not write the baseline {printable_name(self.write_baseline.given)}: "
                f"{baseline_refused}, "
                "so it would miss findings (it is left as it was; --force writes it anyway)",
                err=True,
            )
        elif self.write_baseline:
            count = sum(summary.rules.values())
            name = printable_name(self.write_baseline.given)
            click.echo(f"wrote {count} findings to the baseline {name}", err=True)
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
