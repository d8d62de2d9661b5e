"""One ``ddex-ai check`` run: results from the runner, through baseline, to every reporter."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from dataclasses import field
from pathlib import Path

import click

from ddex_ai import __version__
from ddex_ai.baseline import Baseline
from ddex_ai.checker import INTERNAL_ERROR
from ddex_ai.cli.progress import progress_for, same_terminal
from ddex_ai.discovery import Input
from ddex_ai.findings import Severity
from ddex_ai.names import printable_name
from ddex_ai.policy import Policy
from ddex_ai.records import record
from ddex_ai.report_targets import Opened, Target, open_target
from ddex_ai.reporters import ReportContext, make_reporter
from ddex_ai.results import Summary
from ddex_ai.runner import CheckConfig, run

EXIT_OK, EXIT_FINDINGS = 0, 1


@record
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
    csv_bom: bool = True  # CSV for spreadsheets (--no-csv-bom: for tools)
    show_passing: bool = False  # text: passing files as panels (--show-passing)
    cache_dir: str | None = None  # the result cache, when the run uses one
    dask: str | None = None  # a Dask scheduler's address, or "local"
    given: tuple[str, ...] = ()  # the paths as the user gave them (the HTML report's header)
    started: str | None = field(default=None, init=False)  # when run() began, UTC

    def run(self) -> int:
        summary = Summary(waived=0 if self.baseline else None, inputs=len(self.inputs))
        failed = False
        unchecked = 0  # files whose check failed inside ddex-ai (INT001)
        stopped_by: int | None = None  # the signal that stopped the run
        started = time.perf_counter()
        self.started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        with contextlib.ExitStack() as stack:
            # Every report file is opened before anything is written to standard output.
            opened = self._open(stack)
            # Workers start before the progress bar's thread exists, so they can be forked.
            # Closed on the way out, so that workers stop at once on Ctrl-C or an error.
            results = stack.enter_context(contextlib.closing(self._results()))
            progress = stack.enter_context(progress_for(len(self.inputs), self.quiet))
            outputs = _Outputs()
            # A text report on the bar's terminal prints through the bar's console.
            shared = (
                progress.console
                if self.output_format == "text" and not self.output and same_terminal()
                else None
            )
            if shared is not None and self.color == "never":
                shared.no_color = True
            outputs.add(
                self._reporter(self.output_format, opened.get("output"), self.color, shared=shared),
                self.output,
            )
            for i, (name, target) in enumerate(self.reports):
                outputs.add(self._reporter(name, opened[i]), target)
            recorder = None
            if self.write_baseline:
                recorder = self._reporter("json", opened["baseline"], root=os.getcwd())
            ctrl_c = stack.enter_context(DeferredInterrupt())

            def take(result) -> None:
                nonlocal failed, unchecked
                with ctrl_c.deferred(reraise=stopped_by is None):  # in every report or none
                    if recorder:
                        recorder.file_done(result)
                    if self.baseline:
                        result = self.baseline.apply(result)
                        summary.waived = self.baseline.waived
                    summary.add(result)
                    outputs.file_done(result)
                    failed = failed or result.fails(self.fail_on)
                    unchecked += INTERNAL_ERROR in result.rule_ids
                    progress.advance(result.status)

            try:
                for result in results:
                    take(result)
                    if outputs.nobody_reads(recorder):
                        break  # standard output closed and no other report: nothing to do
            except KeyboardInterrupt as exc:
                # Stop, but still write the files that finished as whole reports, in order.
                stopped_by = getattr(exc, "signum", signal.SIGINT)
                for result in results.salvage():
                    take(result)
            summary.elapsed = time.perf_counter() - started
            summary.complete = stopped_by is None and summary.files == len(self.inputs)
            baseline_refused = self._refuse_baseline(stopped_by is not None, unchecked)
            if baseline_refused:
                opened["baseline"].keep = False
            with ctrl_c.deferred(reraise=False):
                outputs.finish(summary)
                if recorder:
                    recorder.finish(summary)
        self._tell(summary, stopped_by, baseline_refused, outputs.lost)
        if stopped_by is not None:
            return 128 + stopped_by
        if self.write_baseline:
            return EXIT_FINDINGS if baseline_refused else EXIT_OK
        return EXIT_FINDINGS if failed or not summary.complete else EXIT_OK

    def _results(self):
        """The runner's results (local, or Dask's), through the result cache when used."""
        if self.cache_dir is None:
            return self._runner(self.inputs)
        from ddex_ai.cache import CachedRun, ResultCache

        cache = ResultCache(Path(self.cache_dir), lambda m: click.echo(f"warning: {m}", err=True))
        return CachedRun(cache, self.config, self.inputs, self._runner)

    def _runner(self, inputs: list[Input]):
        if self.dask is None:
            return run(self.config, inputs, self.jobs)
        from ddex_ai.dask_runner import DaskRun, DaskUnavailable

        try:
            return DaskRun(self.config, inputs, self.dask, self.jobs)
        except DaskUnavailable as exc:
            raise click.UsageError(str(exc)) from exc

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

    def _reporter(
        self,
        name: str,
        opened: Opened | None,
        color: str = "never",
        root: str | None = None,
        shared=None,
    ):
        stream = opened.stream if opened else sys.stdout
        context = ReportContext(
            __version__,
            self.policy,
            _use_color(color, stream),
            self.fail_on,
            self.quiet,
            root,
            self.csv_bom,
            self.show_passing,
            shared,
            self.given,
            tuple(f"{r.path} ({r.origin})" for r in self.config.roots),
            self.started,
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

    def _tell(
        self,
        summary: Summary,
        stopped_by: int | None,
        baseline_refused: str | None,
        lost: list[str],
    ) -> None:
        """What the reports do not say already, on stderr."""
        if stopped_by is not None:
            name = signal.Signals(stopped_by).name
            click.echo(
                f"interrupted ({name}): {summary.files} of {len(self.inputs)} files checked",
                err=True,
            )
        for name in lost:
            click.echo(
                f"{printable_name(name)}: its reader went away; that report is cut short", err=True
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


STOP_SIGNALS = tuple(
    sig for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if sig
)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal: Ctrl-C (SIGINT), SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class DeferredInterrupt:
    """A stop signal (SIGINT, SIGTERM, SIGHUP) stops the run at once, except inside
    ``deferred()``, where it waits for the block to end: a result half-written to the
    reports would count a file that is not there.

    Where it can, the signals are blocked during the block rather than caught: a signal that
    interrupts a large write to a pipe makes Python's buffered writer drop data.
    """

    def __init__(self) -> None:
        self.deferring = False
        self.pending: int | None = None
        self.previous: dict[int, object] = {}
        self.can_block = hasattr(signal, "pthread_sigmask")

    def __enter__(self) -> DeferredInterrupt:
        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                self.previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum, frame) -> None:
        if self.deferring:
            self.pending = self.pending or signum
        else:
            raise Stopped(signum)

    @contextlib.contextmanager
    def deferred(self, reraise: bool = True):
        """Hold stop signals until the block ends; then raise, or drop them (``reraise=False``)."""
        blocked = self.can_block and bool(self.previous)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS) if blocked else None
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
            if blocked:
                if not reraise:
                    while set(STOP_SIGNALS) & signal.sigpending():  # already stopping: drop
                        signal.sigtimedwait(STOP_SIGNALS, 0)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a held one is raised now
            if self.pending:
                signum, self.pending = self.pending, None
                if reraise:
                    raise Stopped(signum)


class _Outputs:
    """The reports a run writes to, as files finish; a report whose reader went away (a
    closed standard output, a FIFO nobody reads) is dropped and the others go on."""

    def __init__(self) -> None:
        self.active: list[tuple[object, Target | None]] = []
        self.stdout_closed = False
        self.lost: list[str] = []

    def add(self, reporter, target: Target | None) -> None:
        self.active.append((reporter, target))

    def file_done(self, result) -> None:
        for reporter, target in list(self.active):
            try:
                reporter.file_done(result)
            except BrokenPipeError:
                self._drop(reporter, target)

    def finish(self, summary: Summary) -> None:
        for reporter, target in list(self.active):
            try:
                reporter.finish(summary)
            except BrokenPipeError:
                self._drop(reporter, target)

    def nobody_reads(self, recorder) -> bool:
        return self.stdout_closed and not self.active and recorder is None

    def _drop(self, reporter, target: Target | None) -> None:
        self.active.remove((reporter, target))
        if target is None:  # standard output: `| head` had enough
            self.stdout_closed = True
            with contextlib.suppress(OSError):  # so that the exit's flush writes nowhere
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        else:
            self.lost.append(target.given)


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):  # CI logs that render colour, though no terminal
        return True
    return hasattr(stream, "isatty") and stream.isatty()
