"""Where the time goes: each stage's share of checking a corpus, in this process.

    python benchmarks/stages.py CORPUS_DIR [--schemas DIR] [--files N]

Runs the real Checker with timers wrapped around the functions it calls for each stage
(parse, XSD, model, AI rules, profile rules, disclosure), then renders the results as
JSONL and pickles them as the worker pool does (IPC). The timers cost a few microseconds
a file; "other" is what the checker does between stages (ordering, attribution, limits).
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

from ddex_ai import checker as checker_module
from ddex_ai import instance_loader
from ddex_ai.discovery import Input
from ddex_ai.policy import Policy
from ddex_ai.reporters import ReportContext, make_reporter
from ddex_ai.runner import CheckConfig, tune_gc
from ddex_ai.schema_loader import SchemaRoot

STAGES = ("parse", "XSD", "model", "AI rules", "profile rules", "disclosure", "other")


class _Timed:
    """A stand-in for a function (or a rule) that adds its run time to a stage."""

    def __init__(self, totals: dict, stage: str, target):
        self.totals, self.stage, self.target = totals, stage, target

    def __getattr__(self, name):
        return getattr(self.target, name)

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.target(*args, **kwargs)
        finally:
            self.totals[self.stage] += time.perf_counter() - started

    def run(self, *args, **kwargs):  # a rule: its hits are produced lazily, so list them
        started = time.perf_counter()
        try:
            return list(self.target.run(*args, **kwargs))
        finally:
            self.totals[self.stage] += time.perf_counter() - started


def stage_times(files: list[str], schemas: str) -> dict[str, float]:
    """Seconds per stage over ``files``."""
    totals: dict[str, float] = defaultdict(float)
    config = CheckConfig((SchemaRoot(Path(schemas), "--schemas"),), Policy.default())
    check = config.checker()
    patched = {
        (instance_loader, "load_file"): "parse",
        (checker_module.xsd_stage, "validate"): "XSD",
        (checker_module, "build_message"): "model",
        (checker_module, "Discloser"): "disclosure",
        (checker_module, "_release_results"): "disclosure",
    }
    originals = {key: getattr(*key) for key in patched}
    check._rules = [_Timed(totals, "AI rules", rule) for rule in check._rules]
    profile = check._check_profile
    check._check_profile = _Timed(totals, "profile rules", profile)
    tune_gc()
    check.check_path(files[0])  # compile the schema first: a run does it once
    totals.clear()
    try:
        for (module, name), stage in patched.items():
            setattr(module, name, _Timed(totals, stage, originals[(module, name)]))
        started = time.perf_counter()
        results = [check.check_input(Input(f)) for f in files]
        wall = time.perf_counter() - started
    finally:
        for (module, name), original in originals.items():
            setattr(module, name, original)
    totals["other"] = wall - sum(totals.values())
    started = time.perf_counter()
    reporter = make_reporter("jsonl", io.StringIO(), ReportContext("bench", Policy.default()))
    for result in results:
        reporter.file_done(result)
    totals["rendering"] = time.perf_counter() - started
    started = time.perf_counter()
    for result in results:  # what a worker sends and the parent receives
        pickle.loads(pickle.dumps(([Input(result.path)], [result]), pickle.HIGHEST_PROTOCOL))
    totals["IPC"] = time.perf_counter() - started
    return dict(totals)


def table(totals: dict[str, float], files: int) -> str:
    scale = 1000 / files
    whole = sum(totals.values())
    lines = [f"{'stage':<14} {'s / 1,000 files':>16} {'share':>7}"]
    for stage in (*STAGES, "rendering", "IPC"):
        seconds = totals.get(stage, 0.0)
        lines.append(f"{stage:<14} {seconds * scale:16.3f} {seconds / whole:7.1%}")
    lines.append(f"{'total':<14} {whole * scale:16.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    parser.add_argument("--files", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    if not args.schemas:
        sys.exit("needs --schemas (or $DDEX_AI_SCHEMAS)")
    files = sorted(str(p) for p in args.corpus.rglob("*.xml"))
    files = files[: args.files] if args.files else files
    totals = stage_times(files, args.schemas)
    print(table(totals, len(files)))


if __name__ == "__main__":
    main()
