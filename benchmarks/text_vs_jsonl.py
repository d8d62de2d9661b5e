"""The text report must keep up with JSON Lines: time both on the same corpus.

    DDEX_AI_SCHEMAS=../shared/ddex/schemas .venv/bin/python benchmarks/text_vs_jsonl.py --files 1000

Runs ``ddex-ai check --jobs 1`` in text (to a file, as a terminal would be fed) and in JSONL,
interleaved, and prints the medians and their ratio (target: text <= 1.5 x JSONL).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent / "tests")]

from corpus import write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="corpus folder, reused when present")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ddex-ai-text-"))
    corpus = work / "corpus"
    if not corpus.is_dir():
        write_corpus(corpus, args.files)
    ddex_ai = str(Path(sys.executable).with_name("ddex-ai"))
    times: dict[str, list[float]] = {"text": [], "jsonl": []}
    for _ in range(args.runs):
        for fmt in times:
            out = work / f"out.{fmt}"
            command = [ddex_ai, "check", "--jobs", "1", "--format", fmt, "-o", str(out),
                       "--color", "always", str(corpus)]  # fmt: skip
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[fmt].append(time.perf_counter() - started)
    text, jsonl = (statistics.median(times[f]) for f in ("text", "jsonl"))
    print(
        f"{args.files} files: text {text:.2f} s, jsonl {jsonl:.2f} s, text/jsonl {text / jsonl:.2f}"
    )


if __name__ == "__main__":
    main()
