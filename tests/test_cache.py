"""The result cache: unchanged files are reported from it, byte for byte as checked."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, SCHEMAS, copy_fixtures, missing
from ddex_ai import checker as checker_module


@pytest.fixture
def folder(tmp_path) -> Path:
    return copy_fixtures(tmp_path / "in")


def _run(run_cli, *args):
    # One process: the checks this test counts or forbids happen where it can see them.
    result = run_cli("check", *args, "--jobs", "1", schemas=True)
    assert result.exit_code in (0, 1), result.output
    return result


def _forbid_checking(monkeypatch):
    def refuse(self, item):
        raise AssertionError(f"{item.path} was checked again")

    monkeypatch.setattr(checker_module.Checker, "check_input", refuse)


@pytest.mark.parametrize(
    "fmt", ["json", "jsonl", "sarif", "junit", "csv", "csv-findings", "concise", "github", "gitlab"]
)
def test_a_cached_run_is_byte_for_byte_the_checked_run(run_cli, folder, tmp_path, fmt, monkeypatch):
    cache = str(tmp_path / "cache")
    plain = _run(run_cli, str(folder), "--format", fmt).stdout
    first = _run(run_cli, str(folder), "--format", fmt, "--cache-dir", cache).stdout
    _forbid_checking(monkeypatch)
    second = _run(run_cli, str(folder), "--format", fmt, "--cache-dir", cache).stdout
    assert second == first
    if fmt != "junit":  # JUnit records each file's check time, which differs run to run
        assert first == plain


def test_the_html_report_has_the_same_rows_from_the_cache(run_cli, folder, tmp_path, monkeypatch):
    cache = str(tmp_path / "cache")
    pages = []
    for n in range(2):
        page = tmp_path / f"audit{n}.html"
        _run(run_cli, str(folder), "--format", "html", "--output", str(page), "--cache-dir", cache)
        text = page.read_text()
        pages.append(text[text.index('id="ddex-rows"') : text.index("</script>")])
        _forbid_checking(monkeypatch)
    assert pages[0] == pages[1]


def test_a_changed_file_or_policy_is_checked_again(run_cli, folder, tmp_path, monkeypatch):
    cache = str(tmp_path / "cache")
    args = (str(folder), "--format", "jsonl", "--cache-dir", cache)
    _run(run_cli, *args)
    calls = []
    original = checker_module.Checker.check_input

    def counting(self, item):
        calls.append(item.path)
        return original(self, item)

    monkeypatch.setattr(checker_module.Checker, "check_input", counting)
    changed = folder / "ern432/single_ai_vocals.xml"
    changed.write_text(changed.read_text().replace("Paper Satellites", "Paper Moons"))
    second = _run(run_cli, *args).stdout
    assert calls == [str(changed)]
    assert "Paper Moons" in second
    calls.clear()
    _run(run_cli, *args, "--severity", "AI012=warning")
    assert len(calls) == len(list(folder.rglob("*.xml")))


def test_a_plain_check_writes_no_cache(run_cli, folder, isolated_cache):
    _run(run_cli, str(folder))
    assert not (isolated_cache.parent / "results").exists()


def test_the_project_configuration_turns_the_cache_on_and_no_cache_off(
    run_cli, folder, tmp_path, isolated_cache, monkeypatch
):
    project = tmp_path / "project"
    project.mkdir()
    (project / "ddex-ai.toml").write_text("cache = true\n")
    monkeypatch.chdir(project)
    results = isolated_cache.parent / "results"
    _run(run_cli, str(folder), "--no-cache")
    assert not results.exists()
    _run(run_cli, str(folder))
    assert (results / "results.sqlite3").exists()
    info = run_cli("cache", "info")
    assert f"cache: {results / 'results.sqlite3'}" in info.output
    assert "results: 0" not in info.output
    cleared = run_cli("cache", "clear")
    assert cleared.exit_code == 0 and "removed" in cleared.output
    assert "results: 0" in run_cli("cache", "info").output


def test_a_corrupt_cache_is_set_aside_with_a_warning(run_cli, folder, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "results.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _run(run_cli, str(folder), "--format", "jsonl", "--cache-dir", str(cache))
    assert "warning: the result cache" in result.stderr and "moved to" in result.stderr
    assert len(result.stdout.splitlines()) == len(list(folder.rglob("*.xml")))
    assert list(cache.glob("results.sqlite3.corrupt-*"))
    db = sqlite3.connect(cache / "results.sqlite3")
    assert db.execute("SELECT count(*) FROM results").fetchone()[0] > 0


def test_concurrent_runs_share_a_cache_without_corrupting_it(folder, tmp_path):
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    cache = tmp_path / "cache"
    for n in range(30):  # enough files for the runs' writes to interleave
        shutil.copyfile(FIXTURES / "ern432/album_ai_mixed.xml", folder / f"copy{n:02d}.xml")
    command = [sys.executable, "-m", "ddex_ai", "check", str(folder), "--cache-dir", str(cache)]
    command += ["--schemas", str(SCHEMAS), "--format", "jsonl", "--jobs", "1"]
    outputs = [tmp_path / f"out{n}.jsonl" for n in range(3)]
    runs = [subprocess.Popen([*command, "--output", str(out)]) for out in outputs]
    assert all(run.wait(timeout=300) in (0, 1) for run in runs)
    assert outputs[0].read_bytes() == outputs[1].read_bytes() == outputs[2].read_bytes()
    db = sqlite3.connect(cache / "results.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    checked = len(list(folder.rglob("*.xml")))
    assert db.execute("SELECT count(*) FROM results").fetchone()[0] == checked


def test_an_interrupted_audit_resumes_where_it_stopped(folder, tmp_path, monkeypatch):
    from ddex_ai.cache import CachedRun, ResultCache
    from ddex_ai.discovery import expand
    from ddex_ai.policy import Policy
    from ddex_ai.runner import CheckConfig, run
    from ddex_ai.schema_loader import SchemaRoot

    roots = (SchemaRoot(SCHEMAS, "--schemas"),) if SCHEMAS else ()
    config = CheckConfig(roots, Policy.default())
    inputs = expand([str(folder)])

    def start(items):
        return run(config, items, 1)

    first = CachedRun(ResultCache(tmp_path / "cache"), config, inputs, start)
    done = []
    for result in first:  # stopped after three files, as by Ctrl-C
        done.append(result.path)
        if len(done) == 3:
            break
    first.close()
    checked = []
    original = checker_module.Checker.check_input
    monkeypatch.setattr(
        checker_module.Checker,
        "check_input",
        lambda self, item: checked.append(item.path) or original(self, item),
    )
    second = CachedRun(ResultCache(tmp_path / "cache"), config, inputs, start)
    paths = [result.path for result in second]
    second.close()
    assert paths == [item.path for item in inputs]
    assert checked == [item.path for item in inputs[3:]]


def test_a_file_changed_behind_its_old_timestamp_is_still_checked_again(run_cli, folder, tmp_path):
    cache = str(tmp_path / "cache")
    args = (str(folder), "--format", "jsonl", "--cache-dir", cache)
    target = folder / "ern432/single_ai_vocals.xml"
    _run(run_cli, *args)
    text = target.read_text()
    changed = text.replace("Paper Satellites", "Paper Satellitez")  # the same size
    before = target.stat()
    target.write_text(changed)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -d` would
    assert target.stat().st_size == before.st_size
    assert "Paper Satellitez" in _run(run_cli, *args).stdout  # its change time gave it away


def test_a_settled_unchanged_file_is_not_read_again(run_cli, folder, tmp_path, monkeypatch):
    from ddex_ai import cache as cache_module

    for path in folder.rglob("*.xml"):  # modified long ago: the recorded stat can be trusted
        os.utime(path, ns=(10**18, 10**18))
    cache = str(tmp_path / "cache")
    args = (str(folder), "--format", "jsonl", "--cache-dir", cache)
    monkeypatch.setattr(cache_module, "SETTLED_NS", -(10**19))  # its ctime is now: trust it
    first = _run(run_cli, *args).stdout
    monkeypatch.setattr(cache_module.hashlib, "file_digest", None)  # reading would fail
    assert _run(run_cli, *args).stdout == first
