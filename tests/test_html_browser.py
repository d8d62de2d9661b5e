"""The HTML audit report in a real browser (headless Chromium): what a person sees.

Needs Debian's chromium and chromium-driver and Selenium; without them these tests skip
saying so (and fail under CI, which installs them).
"""

from __future__ import annotations

import io
import time

import pytest

import browser
from conftest import json_report, missing
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.policy import Policy
from ddex_ai.reporters import ReportContext
from ddex_ai.reporters.html_report import HtmlReporter
from ddex_ai.results import FileResult, Summary
from html_cases import HOSTILE_NAME, HOSTILE_TITLE, hostile_folder


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    """(page, JSON report) of one run over the hostile folder, with the official schemas."""
    from click.testing import CliRunner

    from conftest import NO_SCHEMAS, SCHEMAS
    from ddex_ai.cli import main

    if (why := browser.missing()) is not None:
        missing(why)
    if SCHEMAS is None:
        missing(NO_SCHEMAS)
    tmp = tmp_path_factory.mktemp("html")
    folder = hostile_folder(tmp / "in")
    page = tmp / "audit.html"
    report = f"html:{page}"
    result = CliRunner().invoke(
        main,
        ["check", str(folder), "--schemas", str(SCHEMAS), "--format", "json", "--report", report],
        catch_exceptions=False,
    )
    return page, json_report(result)


@pytest.fixture(scope="module")
def chrome(audit):
    with browser.chromium() as driver:
        yield driver


@pytest.fixture
def opened(chrome, audit):
    page, report = audit
    chrome.get_log("performance")  # drop what earlier tests left
    browser.open_page(chrome, page)
    _wait_for_rows(chrome)
    return chrome, page, report


def _by(driver, css):
    return driver.find_elements("css selector", css)


def _wait_for_rows(driver, timeout: float = 20.0) -> None:
    """Until the page's script has rendered its first rows (a large page parses for a while)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return document.body.dataset.firstRenderMs || null"):
            return
        time.sleep(0.05)
    raise AssertionError(f"no rows rendered after {timeout} s: {browser.console_errors(driver)}")


def _visible_rows(driver) -> list[list[str]]:
    """The rows on screen, read at once (the table is re-rendered as filters change)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#rows tr'),"
        " tr => Array.from(tr.cells, td => td.innerText.trim()))"
    )


def test_tiles_show_the_json_summary(opened):
    driver, _, report = opened
    summary = report["summary"]
    shown = {
        tile.get_attribute("data-tile"): tile.find_element("class name", "n").text
        for tile in _by(driver, "[data-tile]")
    }
    assert shown["files"] == str(summary["files"])
    assert shown["releases"] == str(summary["releases"])
    for status in ("pass", "warn", "fail", "error"):
        assert shown[f"files-{status}"] == str(summary[status])
    # Colour is never the only carrier: each status tile says its status in words.
    words = _by(driver, "[data-tile='files-fail'] .status")[0].text
    assert "fail" in words


def test_no_request_leaves_the_page_and_the_console_is_clean(opened, tmp_path):
    driver, page, _ = opened
    _by(driver, "#rows tr")[0].click()  # exercise the script too
    driver.find_element("id", "q").send_keys("a")
    time.sleep(0.3)  # the search runs after a pause in typing
    assert browser.network_requests(driver, page) == []
    assert browser.console_errors(driver) == []
    shot = tmp_path / "overview.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot of the overview: {shot}")


def _select(driver, element_id, value):
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", element_id)).select_by_value(value)


def _all_rows(driver) -> list[list[str]]:
    rows = _visible_rows(driver)
    while driver.find_element("id", "next").is_enabled():
        driver.find_element("id", "next").click()
        rows += _visible_rows(driver)
    return rows


def test_filtering_by_a_rule_shows_exactly_the_releases_with_it(opened):
    driver, _, report = opened
    for rule in list(report["summary"]["rules"])[:4]:
        expected = []
        for file in report["files"]:
            for release in file["releases"]:
                if any(f["rule"] == rule for f in release["findings"]):
                    expected.append((file["path"], release["reference"]))
            in_releases = [g for r in file["releases"] for g in r["findings"]]
            file_level = [f for f in file["findings"] if f not in in_releases]
            if any(f["rule"] == rule for f in file_level):
                expected.append((file["path"], "(whole file)"))
        _select(driver, "f-rule", rule)
        shown = [(row[0], row[1]) for row in _all_rows(driver)]
        assert sorted(shown) == sorted(expected), rule
        driver.find_element("id", "prev")  # the pager is there
        _select(driver, "f-rule", "")


def test_filtering_by_status_and_disclosure(opened):
    driver, _, report = opened
    releases = [r for f in report["files"] for r in f["releases"]]
    _select(driver, "f-status", "fail")
    assert all("fail" in row[5] for row in _all_rows(driver))
    _select(driver, "f-status", "")
    _select(driver, "f-disclosure", "Partly")
    partly = [r for r in releases if r["disclosure"]["effective"] == "Partly"]
    assert len(_all_rows(driver)) == len(partly)


def test_a_file_name_with_markup_is_shown_as_text_and_never_runs(opened):
    driver, _, _ = opened
    assert driver.execute_script("return typeof window.pwned") == "undefined"
    driver.find_element("id", "q").send_keys("pwned")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(_visible_rows(driver)) != 2:
        time.sleep(0.05)
    rows = _visible_rows(driver)
    assert any(row[0].endswith(HOSTILE_NAME) for row in rows)
    assert any(row[3] == HOSTILE_TITLE for row in rows)
    assert driver.execute_script("return typeof window.pwned") == "undefined"


def test_a_release_opens_its_findings_with_the_keyboard(opened):
    from selenium.webdriver.common.keys import Keys

    driver, _, _ = opened
    _select(driver, "f-status", "fail")
    first = _by(driver, "#rows tr")[0]
    first.send_keys(Keys.ARROW_DOWN)
    second = driver.switch_to.active_element
    rows = _by(driver, "#rows tr")
    assert second.get_attribute("data-index") == rows[1].get_attribute("data-index")
    second.send_keys(Keys.ENTER)
    detail = driver.find_element("id", "detail")
    assert detail.is_displayed()
    items = detail.find_elements("css selector", "li")
    assert items and int(_visible_rows(driver)[1][-1]) == len(items)
    text = items[0].text
    assert "line" in text  # where: the line and the element path
    assert "/" in text
    link = items[0].find_element("tag name", "a")
    assert link.get_attribute("href").split("#")[1].startswith("rule-")


def test_sorting_by_findings(opened):
    driver, _, _ = opened
    button = driver.find_element("css selector", "button[data-sort='findings']")
    button.click()
    button.click()
    counts = [int(row[-1]) for row in _visible_rows(driver)]
    assert counts == sorted(counts, reverse=True)
    assert button.find_element("xpath", "..").get_attribute("aria-sort") == "descending"


def test_print_shows_the_overview_and_failing_releases_without_controls(opened):
    driver, _, _ = opened
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert driver.find_element("id", "overview").is_displayed()
        assert driver.find_element("id", "failing").is_displayed()
        assert not driver.find_element("id", "releases").is_displayed()
        assert _by(driver, ".chart-data")[0].is_displayed()  # the charts' tables, in print
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_dark_theme_follows_the_system(opened):
    driver, _, _ = opened
    background = "return getComputedStyle(document.body).backgroundColor"
    light = driver.execute_script(background)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    try:
        dark = driver.execute_script(background)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert light == "rgb(255, 255, 255)"
    assert dark == "rgb(13, 17, 23)"


def test_without_javascript_the_overview_and_failing_releases_are_there(audit):
    page, report = audit
    with browser.chromium(javascript=False) as driver:
        browser.open_page(driver, page)
        tile = driver.find_element("css selector", "[data-tile='files'] .n")
        assert tile.text == str(report["summary"]["files"])
        assert not driver.find_element("id", "releases").is_displayed()
        failing = driver.find_element("id", "failing")
        assert failing.is_displayed()
        failed = sum(r["status"] == "fail" for f in report["files"] for r in f["releases"])
        assert len(failing.find_elements("class name", "failing-item")) >= failed
        assert "JavaScript is off" in driver.find_element("tag name", "body").text


def test_a_large_audit_renders_one_page_of_rows(tmp_path):
    if (why := browser.missing()) is not None:
        missing(why)
    page = tmp_path / "large.html"
    stream = io.StringIO()
    reporter = HtmlReporter(stream, ReportContext("0", Policy.default()))
    summary = Summary()
    finding = Finding("AI005", Severity.ERROR, "contradiction", line=3, path="/X")
    for n in range(20_000):
        result = FileResult(f"f{n:05d}.xml", Status.FAIL, "4.3.2", findings=[finding])
        summary.add(result)
        reporter.file_done(result)
    reporter.finish(summary)
    page.write_text(stream.getvalue(), encoding="utf-8")
    with browser.chromium() as driver:
        browser.open_page(driver, page)
        _wait_for_rows(driver)
        assert browser.console_errors(driver) == []
        assert len(_by(driver, "#rows tr")) == 100
        assert driver.find_element("id", "count").text.startswith("20000 rows")
        assert driver.find_element("id", "page").text == "Rows 1\u2013100 of 20000"
        assert driver.find_element("tag name", "body").get_attribute("data-first-render-ms")
