"""Headless Chromium for the HTML report's tests (Debian's chromium and chromium-driver, driven
by Selenium): open a page from disk, read what a person sees, the console and the network."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("DDEX_AI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install selenium)"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return f"no {path}: install Debian's {package} package"
    return None


@contextlib.contextmanager
def chromium(
    javascript: bool = True, dark: bool = False, width: int = 1400, height: int = 1000
) -> Iterator:
    """A headless Chromium that records its console and network (performance) logs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--no-first-run",
        "--disable-background-networking",  # the browser's own requests are not the page's
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--allow-file-access-from-files",
    ):
        options.add_argument(argument)
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # Its own temporary folder: chromium leaves a folder per run in TMPDIR (its shared
    # memory, written there with --disable-dev-shm-usage), removed here with the browser.
    with tempfile.TemporaryDirectory(prefix="ddex-ai-chromium-") as scratch:
        service = Service(CHROMEDRIVER, env={**os.environ, "TMPDIR": scratch})
        driver = webdriver.Chrome(service=service, options=options)
        try:
            yield driver
        finally:
            driver.quit()


def open_page(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())


def network_requests(driver, page: Path) -> list[str]:
    """URLs the page asked for beyond itself (from the performance log)."""
    own = page.resolve().as_uri()
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != own:
                urls.append(url)
    return urls


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def screenshot(report: Path, png: Path, width: int = 1400, height: int = 1100) -> Path:
    """A PNG of the report's overview as a person first sees it."""
    with chromium(width=width, height=height) as driver:
        open_page(driver, report)
        driver.save_screenshot(str(png))
    return png
