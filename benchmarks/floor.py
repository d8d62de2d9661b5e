"""What touching an element from Python costs, against what the model spends per element.

    python benchmarks/floor.py CORPUS_DIR [--files N]

lxml hands Python an element object for every element it visits; the model and the rules
reach every part of a message that way. This prints, per element of the corpus, what lxml
itself costs for a walk (objects dropped at once, or kept as the model keeps its parts),
for reading tags and texts, and for visiting each element's children; then what ddex-ai's
model costs per element. When the model costs about what lxml does, Python code around the
calls is no longer what is slow, and only code that reads libxml2's tree without element
objects (compiled code) can go lower.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ddex_ai.instance_loader import load_file
from ddex_ai.model import build_message


def _timed(work) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: the machine's noise only ever adds
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--files", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.rglob("*.xml"))
    files = files[: args.files] if args.files else files
    loaded = [m for f in files if (m := load_file(f).message) is not None]
    roots = [m.tree.getroot() for m in loaded]
    count = sum(1 for root in roots for _ in root.iter())
    walks = {
        "walk, objects dropped": lambda: [None for r in roots for _ in r.iter()],
        "walk, objects kept": lambda: [e for r in roots for e in r.iter()],
        "walk, reading .tag": lambda: [e.tag for r in roots for e in r.iter()],
        "walk, reading .text": lambda: [e.text for r in roots for e in r.iter()],
        "walk, each one's children": lambda: [c for r in roots for e in r.iter() for c in e],
        "ddex-ai model": lambda: [build_message(m.tree, m.version, m.message_type) for m in loaded],
    }
    print(f"{len(loaded):,} messages, {count:,} elements")
    print(f"{'':28} {'ns / element':>12} {'s / 1,000 files':>16}")
    for name, work in walks.items():
        seconds = _timed(work)
        print(f"{name:28} {seconds / count * 1e9:12.0f} {seconds * 1000 / len(loaded):16.3f}")


if __name__ == "__main__":
    main()
