"""Time and memory against the number of findings in one file (issue: linear cost).

    DDEX_AI_SCHEMAS=../shared/ddex/schemas .venv/bin/python benchmarks/findings_scaling.py \
        [--counts 1000,10000,30000,100000]

Each file is the 4.3.2 single fixture with N invalid TerritoryCode values in one DealTerms:
N XSD001 errors. For each N it runs ``ddex-ai check --format jsonl`` (default finding limit,
and ``--max-findings-per-file 0``) and ``xmllint --noout --schema`` on the same file, in fresh
processes, and prints the wall times. What libxml2 itself costs per error is the floor:
xmllint's column (libxml2's own error reporting grows faster than linearly when the errors
sit in one long list of siblings).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = (REPO / "fixtures/ern432/single_ai_vocals.xml").read_text()
WORLDWIDE = "<TerritoryCode>Worldwide</TerritoryCode>"


def write(folder: Path, count: int) -> Path:
    path = folder / f"errors_{count}.xml"
    bad = WORLDWIDE + "<TerritoryCode>XX</TerritoryCode>" * count
    path.write_text(BASE.replace(WORLDWIDE, bad, 1))
    return path


def timed(command: list[str]) -> float:
    """Wall seconds of one run in a fresh process."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="1000,10000,30000,100000")
    args = parser.parse_args()
    schemas = Path(os.environ.get("DDEX_AI_SCHEMAS", "../shared/ddex/schemas")).resolve()
    xsd = schemas / "ern/432/release-notification.xsd"
    xmllint = shutil.which("xmllint")
    ddex_ai = [sys.executable, "-m", "ddex_ai", "check", "--schemas", str(schemas), "-j", "1"]
    print("| errors | file MB | ddex-ai (limit 1,000) | ddex-ai (no limit) | xmllint |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(n) for n in args.counts.split(",")):
            path = write(Path(folder), count)
            limited = timed([*ddex_ai, "--format", "jsonl", str(path)])
            full = timed([*ddex_ai, "--format", "jsonl", "--max-findings-per-file", "0", str(path)])
            lint = (
                timed([xmllint, "--noout", "--nonet", "--schema", str(xsd), str(path)])
                if xmllint
                else None
            )
            size = path.stat().st_size / 1e6
            cells = [f"{t:.2f} s" for t in (limited, full)]
            lint_cell = f"{lint:.2f} s" if lint else "-"
            print(f"| {count:,} | {size:.1f} | {cells[0]} | {cells[1]} | {lint_cell} |", flush=True)


if __name__ == "__main__":
    main()
