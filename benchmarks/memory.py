"""Parent and worker memory against the number of files: is it flat?

    python benchmarks/memory.py [--counts 1000,10000,100000] [--jobs 2] [--work DIR]

Copies the benchmark corpus (1,000 generated ERN 4.3.2 deliveries, built when missing) into
folders of COUNT files, runs ``ddex-ai check --jobs N --format jsonl --output FILE`` on each
and prints the peak RSS of the parent (VmHWM) and of the largest worker (sampled). Copies,
not links: ddex-ai checks a file reached through two names once.
Needs ddex-ai on PATH (or --ddex-ai) and the schemas ($DDEX_AI_SCHEMAS or --schemas).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import measure
from corpus import write_corpus


def folder_of(work: Path, source: list[Path], count: int) -> Path:
    """``count`` files, copies of ``source`` in subfolders of 1,000, reused when present."""
    folder = work / f"files-{count}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        for n in range(count):
            sub = folder / f"{n // 1000:04d}"
            if n % 1000 == 0:
                sub.mkdir(parents=True)
            shutil.copyfile(source[n % len(source)], sub / f"d{n:06d}.xml")
        done.touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1000,10000,100000")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ddex-ai-mem")
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    parser.add_argument("--ddex-ai", default=shutil.which("ddex-ai") or "ddex-ai")
    args = parser.parse_args()
    corpus = args.work / "corpus"
    source = sorted(corpus.rglob("*.xml")) or write_corpus(corpus, 1000)
    print(f"jobs {args.jobs}; files are copies of {len(source)} deliveries")
    print(f"{'files':>8} {'wall s':>8} {'files/s':>8} {'parent MB':>10} {'worker MB':>10}")
    for count in (int(c) for c in args.counts.split(",")):
        folder = folder_of(args.work, source, count)
        output = args.work / f"out-{count}.jsonl"
        command = [args.ddex_ai, "check", str(folder), "--jobs", str(args.jobs)]
        command += ["--format", "jsonl", "--output", str(output), "--fail-on", "never"]
        if args.schemas:
            command += ["--schemas", args.schemas]
        result = measure(command)
        output.unlink(missing_ok=True)
        print(
            f"{count:8d} {result['wall']:8.1f} {count / result['wall']:8.0f} "
            f"{result['rss_mb']:10.0f} {result['worker_rss_mb']:10.0f}"
            + ("" if result["exit"] in (0, 1) else f"  exit {result['exit']}")
        )


if __name__ == "__main__":
    main()
