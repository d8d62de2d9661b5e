"""Time ddex-ai against libxml2's own XSD validation (xmllint) on the same files.

    python benchmarks/bench.py [--files 1000] [--big-mb 50] [--runs 5] [--work DIR]

Builds (or reuses) a corpus of ERN 4.3.2 deliveries and one large file, then measures:
  (a) xmllint --noout --nonet --schema <4.3.2 xsd> <all files>   the floor: XSD only
  (b) ddex-ai check --jobs 1 --format jsonl <all files>
  (c) ddex-ai check --jobs <CPUs> --format jsonl <all files>
  (d) two large files, an album of many tracks and a deal-heavy box set: xmllint, then
      ddex-ai check --jobs 1 --format jsonl, and with --jobs <CPUs>
  (e) ddex-ai check on one ~50 KB file, interpreter start included
  (f) each stage's share per 1,000 files (parse, XSD, model, rules, ..., rendering, IPC)
Prints medians (and min-max) of --runs interleaved runs, throughput, peak RSS (the whole
process tree, and the parent alone), and each ddex-ai time as a ratio of
xmllint's on the same files.
Needs xmllint (Debian: libxml2-utils), ddex-ai on PATH (or --ddex-ai), and the schemas
($DDEX_AI_SCHEMAS or --schemas).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import BIG_KINDS, write_big, write_corpus
from stages import stage_times, table


def _children_of(pid: int) -> list[int]:
    """Child processes, from /proc/PID/task/*/children (cheap: no scan of all of /proc)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], out=subprocess.DEVNULL) -> dict:
    """Wall time; peak RSS of the process (its VmHWM) and of its whole tree (sampled)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
    parent_peak = tree_peak = worker_peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal parent_peak, tree_peak, worker_peak
        while not done.wait(0.05):  # light: the machine under test has few cores
            parent_peak = max(parent_peak, _status_kb(process.pid, "VmHWM:"))
            pids, tree = [process.pid], 0
            while pids:  # the workers, and the forkserver that starts them
                pid = pids.pop()
                rss = _status_kb(pid, "VmRSS:")
                tree += rss
                if pid != process.pid:
                    worker_peak = max(worker_peak, rss)
                pids += _children_of(pid)
            tree_peak = max(tree_peak, tree)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return {
        "wall": wall,
        "rss_mb": parent_peak / 1024,
        "tree_rss_mb": max(tree_peak, parent_peak) / 1024,
        "worker_rss_mb": worker_peak / 1024,
        "exit": status,
    }


def interleaved(commands: list[list[str]], runs: int) -> list[dict]:
    """Each command ``runs`` times, taking turns (a, b, c, a, b, c, ...): a machine that
    slows down or speeds up during the benchmark affects all of them alike."""
    results: list[list[dict]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            results[i].append(measure(command))
    return [summarise(r) for r in results]


def summarise(results: list[dict]) -> dict:
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "walls": [round(r["wall"], 3) for r in results],
        "rss_mb": max(r["rss_mb"] for r in results),
        "tree_rss_mb": max(r["tree_rss_mb"] for r in results),
        "exit": results[0]["exit"],
    }


def row(name: str, result: dict, files: int, megabytes: float, floor: dict | None) -> str:
    wall = result["wall"]
    ratio = f"{wall / floor['wall']:.2f} x xmllint" if floor else "floor"
    return (
        f"{name:<34} {wall:7.3f} s  {files / wall:8.0f} files/s  {megabytes / wall:7.1f} MB/s  "
        f"RSS {result['rss_mb']:6.0f} MB (tree {result['tree_rss_mb']:6.0f} MB)  {ratio}"
        f"   min-max {min(result['walls']):.3f}-{max(result['walls']):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="corpus folder, reused when present")
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    parser.add_argument("--ddex-ai", default=shutil.which("ddex-ai") or "ddex-ai")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    if not args.schemas or not shutil.which("xmllint"):
        sys.exit("needs --schemas (or $DDEX_AI_SCHEMAS) and xmllint on PATH")
    xsd = str(Path(args.schemas) / "ern/432/release-notification.xsd")
    work = args.work or Path(tempfile.gettempdir()) / f"ddex-ai-bench-{args.files}"
    corpus = work / "corpus"
    if not corpus.is_dir():
        print(f"building {args.files} files in {corpus} ...", flush=True)
        write_corpus(corpus, args.files)
    bigs = [work / "big" / f"{kind}-{args.big_mb}mb.xml" for kind in BIG_KINDS]
    for kind, big in zip(BIG_KINDS, bigs, strict=True):
        if args.big_mb and not big.exists():
            print(f"building a {args.big_mb} MB {kind} ...", flush=True)
            write_big(big, args.big_mb, kind)
    files = sorted(str(p) for p in corpus.rglob("*.xml"))
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    ddex = [args.ddex_ai, "check", "--schemas", args.schemas, "--format", "jsonl", "--quiet"]
    print(f"{len(files)} files, {megabytes:.1f} MB; {args.runs} runs each; CPUs: {os.cpu_count()}")

    xmllint = ["xmllint", "--noout", "--nonet", "--schema", xsd]
    floor, one, many = interleaved(
        [
            [*xmllint, *files],
            [*ddex, "--jobs", "1", *files],
            [*ddex, "--jobs", str(args.jobs), *files],
        ],
        args.runs,
    )
    print(row("(a) xmllint --schema", floor, len(files), megabytes, None))
    print(row("(b) ddex-ai --jobs 1", one, len(files), megabytes, floor))
    print(row(f"(c) ddex-ai --jobs {args.jobs}", many, len(files), megabytes, floor))
    targets = [
        ("--jobs 1 vs xmllint", one["wall"] / floor["wall"], 1.1, "x"),
        (f"--jobs {args.jobs} vs xmllint", many["wall"] / floor["wall"], 0.65, "x"),
    ]

    for kind, big in zip(BIG_KINDS, bigs, strict=True) if args.big_mb else ():
        size = big.stat().st_size / 1e6
        runs = max(1, min(args.runs, 3))
        # --jobs 1 keeps to one core as xmllint does; with more, one file's model is built
        # while libxml2 validates it (a second thread).
        big_floor, big_run, big_jobs = interleaved(
            [
                [*xmllint, str(big)],
                [*ddex, "--jobs", "1", str(big)],
                [*ddex, "--jobs", str(args.jobs), str(big)],
            ],
            runs,
        )
        print(row(f"(d) xmllint, {size:.0f} MB {kind}", big_floor, 1, size, None))
        print(row(f"(d) ddex-ai --jobs 1, {kind}", big_run, 1, size, big_floor))
        print(row(f"(d) ddex-ai --jobs {args.jobs}, {kind}", big_jobs, 1, size, big_floor))
        print(f"    peak RSS / file size: {big_run['tree_rss_mb'] / size:.1f} x")
        limit = 1.5 if kind == "album" else 2.5
        for jobs, result in (("1", big_run), (str(args.jobs), big_jobs)):
            ratio = result["wall"] / big_floor["wall"]
            targets.append((f"{kind} --jobs {jobs} vs xmllint", ratio, limit, "x"))
        targets.append((f"{kind} peak RSS / file", big_run["tree_rss_mb"] / size, 4.0, "x"))

    small = min(files, key=lambda f: abs(os.path.getsize(f) - 50_000))
    start, small_floor = interleaved([[*ddex, small], [*xmllint, small]], max(args.runs, 15))
    print(
        f"(e) one {os.path.getsize(small) / 1000:.0f} KB file: {start['wall']:.3f} s wall "
        f"(min-max {min(start['walls']):.3f}-{max(start['walls']):.3f}; "
        f"xmllint {small_floor['wall']:.3f} s)"
    )
    targets.append(("one small file, wall", start["wall"], 0.15, "s"))
    print("\nissue 14's targets (medians of this run):")
    for name, value, limit, unit in targets:
        verdict = "met" if value <= limit else "not met"
        print(f"  {name:<28} {value:6.2f} {unit}  (target <= {limit} {unit}: {verdict})")
    print("\n(f) where the time goes, in one process (benchmarks/stages.py):")
    totals = stage_times(files, args.schemas)
    print(table(totals, len(files)))


if __name__ == "__main__":
    main()
