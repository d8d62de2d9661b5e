"""Bad configuration and odd lists give clear errors or findings, never a traceback."""

from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import FIXTURES, json_report, needs_schemas

GOOD = FIXTURES / "ern43/single.xml"


def test_an_extends_loop_is_found_however_it_is_spelt(run_cli, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.toml").write_text('extends = "./sub/../b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "sub/../././a.toml"\n')
    (tmp_path / "link.toml").symlink_to(tmp_path / "c.toml")
    (tmp_path / "c.toml").write_text('extends = "link.toml"\n')
    for policy in ("a.toml", "c.toml"):
        result = run_cli("check", str(GOOD), "--policy", str(tmp_path / policy))
        assert result.exit_code == 2, result.output
        assert "extends itself" in result.stderr and "Traceback" not in result.stderr


def test_an_extends_chain_longer_than_32_is_an_error(run_cli, tmp_path):
    for n in range(40):
        parent = f'extends = "p{n + 1}.toml"\n' if n < 39 else ""
        (tmp_path / f"p{n}.toml").write_text(parent)
    result = run_cli("check", str(GOOD), "--policy", str(tmp_path / "p0.toml"))
    assert result.exit_code == 2 and "longer than 32" in result.stderr
    short = run_cli("check", str(GOOD), "--policy", str(tmp_path / "p10.toml"))
    assert short.exit_code == 0  # 30 policies: fine


def test_baseline_format_is_told_by_parsing_not_by_its_start(run_cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    run_cli("check", str(GOOD), "--baseline", str(baseline), "--write-baseline")
    report = json.loads(baseline.read_text())
    reordered = {"notes": "x" * 5000, **report}  # "files" far past the first 2,000 characters
    baseline.write_text(json.dumps(reordered, indent=2))
    result = run_cli("check", str(GOOD), "--format", "json", "--baseline", str(baseline))
    assert result.exit_code == 0 and json_report(result)["summary"]["waived"] >= 1
    lines = tmp_path / "baseline.jsonl"  # JSON Lines whose first line is long
    lines.write_text("\n".join(json.dumps({**f, "pad": "y" * 5000}) for f in report["files"]))
    result = run_cli("check", str(GOOD), "--format", "json", "--baseline", str(lines))
    assert result.exit_code == 0 and json_report(result)["summary"]["waived"] >= 1


@pytest.mark.parametrize(
    "content", ["[" * 100_000, '{"files": ' + "[" * 100_000, "{}\n" + "[" * 100_000]
)
def test_a_deeply_nested_baseline_is_a_usage_error(run_cli, tmp_path, content):
    baseline = tmp_path / "deep.json"
    baseline.write_text(content)
    result = run_cli("check", str(GOOD), "--baseline", str(baseline))
    assert result.exit_code == 2, result.output
    assert "deep.json" in result.stderr and "Traceback" not in result.stderr


def test_files_from_reads_names_as_the_file_system_has_them(run_cli, tmp_path):
    names = [b"caf\xe9.xml", "line\u2028sep.xml".encode(), b"tab\tname.xml"]
    for name in names:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
            handle.write(GOOD.read_bytes())
    paths = [os.path.join(os.fsencode(tmp_path), name) for name in names]
    listing = tmp_path / "list.txt"
    listing.write_bytes(b"\r\n".join(paths) + b"\r\n")
    nul = tmp_path / "list0.txt"
    nul.write_bytes(b"\0".join(paths) + b"\0")
    for args in (["--files-from", str(listing)], ["--files-from", str(nul), "-0"]):
        result = run_cli("check", *args, "--format", "jsonl")
        files = [json.loads(line) for line in result.stdout.splitlines()]
        assert sorted(os.fsencode(f["path"]) for f in files) == sorted(paths)
        assert {f["status"] for f in files} == {"warn"}  # checked (no schema: XSD002)


def _deep_tree(top, depth: int) -> None:
    """``top/d/d/…/d/deep.xml``, one level at a time (os.makedirs itself recurses)."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        with open(os.open("deep.xml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as out:
            out.write(GOOD.read_bytes())
    finally:
        os.close(fd)


def _remove_deep_tree(top, depth: int) -> None:
    """Bottom up, by descriptors: shutil.rmtree (and pytest's clean-up) would recurse."""
    fds = [os.open(top, os.O_RDONLY)]
    try:
        for _ in range(depth):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        os.unlink("deep.xml", dir_fd=fds[-1])
        for parent in reversed(fds[:-1]):
            os.close(fds.pop())
            os.rmdir("d", dir_fd=parent)
    finally:
        for fd in fds:
            os.close(fd)


def test_a_folder_tree_deeper_than_the_recursion_limit(run_cli, tmp_path):
    depth = sys.getrecursionlimit() + 200
    _deep_tree(tmp_path, depth)
    try:
        result = run_cli("check", str(tmp_path), "--format", "jsonl")
    finally:
        _remove_deep_tree(tmp_path, depth)
    (line,) = result.stdout.splitlines()
    found = json.loads(line)
    assert found["path"].endswith("/d" * depth + "/deep.xml") and found["status"] == "warn"


@needs_schemas
def test_an_out_of_range_avs_version_is_a_finding(checker):
    text = (FIXTURES / "broken/dangling_references_432.xml").read_text()
    assert 'AvsVersionId="9"' in text
    huge = text.replace('AvsVersionId="9"', f'AvsVersionId="{"9" * 5000}"', 1)
    result = checker.check_bytes(huge.encode(), "huge_avs.xml")
    rules = [f.rule for f in result.findings]
    assert "INT001" not in rules and "XSD003" in rules and "REF001" in rules
    (newer,) = [f for f in result.findings if f.rule == "XSD003"]
    assert "5,000 digits" in newer.message and len(newer.message) < 400
