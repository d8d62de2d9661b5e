"""The HTML audit report at catalogue size: page size and time to first render in Chromium.

    python benchmarks/html_render.py FOLDER [--runs 3] [--ddex-ai PATH] [--schemas DIR]

Checks FOLDER with ``ddex-ai check --format html``, then opens the page in headless Chromium
(Debian's chromium and chromium-driver, with Selenium) --runs times and prints the page's
size, its number of releases and rows, and the time from navigation to the first rendered
page of the releases table (the page records it as ``data-first-render-ms``), median and
range, plus the time a filter by status takes on all rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import browser


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ddex-ai", default=shutil.which("ddex-ai") or "ddex-ai")
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    args = parser.parse_args()
    if (why := browser.missing()) is not None:
        sys.exit(why)
    page = Path(tempfile.mkdtemp()) / "audit.html"
    command = [args.ddex_ai, "check", str(args.folder), "--format", "html", "--output", str(page)]
    command += ["--fail-on", "never", "--quiet"] + (
        ["--schemas", args.schemas] if args.schemas else []
    )
    started = time.perf_counter()
    subprocess.run(command, check=True)
    written = time.perf_counter() - started
    renders, filters = [], []
    for _ in range(args.runs):
        with browser.chromium() as driver:
            browser.open_page(driver, page)
            body = driver.find_element("tag name", "body")
            renders.append(int(body.get_attribute("data-first-render-ms")))
            rows = driver.execute_script(
                "return JSON.parse(document.getElementById('ddex-rows').textContent).length"
            )
            releases = driver.find_element("css selector", "[data-tile='releases'] .n").text
            filters.append(
                driver.execute_script(
                    "var s = document.getElementById('f-status'); var t = performance.now();"
                    "s.value = 'fail'; s.dispatchEvent(new Event('change'));"
                    "return performance.now() - t;"
                )
            )
    size = page.stat().st_size
    print(
        f"report written in {written:.1f} s: {size / 1e6:.1f} MB, {releases} releases, {rows} rows"
    )
    print(
        f"first render: median {statistics.median(renders):.0f} ms "
        f"(min {min(renders)}, max {max(renders)}, {args.runs} runs)"
    )
    print(f"filter by status over all rows: median {statistics.median(filters):.0f} ms")
    shutil.rmtree(page.parent)


if __name__ == "__main__":
    main()
