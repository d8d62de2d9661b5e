"""Make docs/overview.png, the README's picture of the HTML report, from the shipped fixtures.

    python tools/html_screenshot.py [--schemas DIR] [--out docs/overview.png]

Runs ``ddex-ai check fixtures/ --format html`` and photographs the page's overview in headless
Chromium with the browser tests' own helper (tests/browser.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import browser  # noqa: E402
from ddex_ai.cli import main as cli  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "overview.png")
    args = parser.parse_args()
    if (why := browser.missing()) is not None:
        sys.exit(why)
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "audit.html"
        os.chdir(REPO)  # the page names the fixtures as a user in a clone would
        command = ["check", "fixtures/", "--format", "html", "--output", str(page), "--quiet"]
        command += ["--schemas", args.schemas] if args.schemas else []
        CliRunner().invoke(cli, command, catch_exceptions=False)
        args.out.parent.mkdir(exist_ok=True)
        browser.screenshot(page, args.out, width=1300, height=1000)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
