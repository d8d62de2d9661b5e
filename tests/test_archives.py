"""Deliveries as .zip, .tar and .tar.gz, read in place: each member is a file of the run."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES

MEMBERS = ["ern432/album_ai_mixed.xml", "ern432/single_ai_vocals.xml", "broken/truncated_432.xml"]


@pytest.fixture
def delivery(tmp_path) -> Path:
    folder = tmp_path / "delivery"
    for name in MEMBERS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / name, folder / name)
    (folder / "notes.txt").write_text("not an ERN file")
    return folder


def _archive(folder: Path, kind: str) -> Path:
    target = folder.parent / f"batch.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                archive.write(path, path.relative_to(folder).as_posix())
    else:
        with tarfile.open(target, "w:gz" if kind == "tar.gz" else "w") as archive:
            archive.add(folder, arcname=".")
    return target


def _jsonl(run_cli, *args) -> list[dict]:
    result = run_cli("check", *args, "--format", "jsonl", schemas=True)
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz"])
def test_an_archive_gives_the_same_report_as_its_unpacked_folder(run_cli, delivery, kind):
    archive = _archive(delivery, kind)
    unpacked = _jsonl(run_cli, str(delivery))
    packed = _jsonl(run_cli, str(archive))
    assert [f["path"] for f in packed] == [f"{archive}!/{name}" for name in sorted(MEMBERS)]
    for a, b in zip(unpacked, packed, strict=True):
        a.pop("path"), b.pop("path")
        assert a == b


def test_archive_members_are_checked_by_parallel_workers_too(run_cli, delivery):
    archive = _archive(delivery, "zip")
    assert _jsonl(run_cli, str(archive), "--jobs", "2") == _jsonl(run_cli, str(archive))


def test_the_glob_selects_members(run_cli, delivery):
    archive = _archive(delivery, "zip")
    files = _jsonl(run_cli, str(archive), "--glob", "single_*.xml")
    assert [f["path"] for f in files] == [f"{archive}!/ern432/single_ai_vocals.xml"]


def test_a_corrupt_archive_is_one_unreadable_input_and_the_run_goes_on(run_cli, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    good = FIXTURES / "ern432/single_ai_vocals.xml"
    files = _jsonl(run_cli, str(broken), str(good))
    by_path = {f["path"]: f for f in files}
    assert by_path[str(broken)]["status"] == "error"
    assert by_path[str(broken)]["findings"][0]["rule"] == "IO001"
    assert "cannot read archive" in by_path[str(broken)]["findings"][0]["message"]
    assert by_path[str(good)]["status"] == "pass"


def test_a_member_that_is_a_link_is_reported_not_followed(run_cli, tmp_path):
    target = tmp_path / "links.tar"
    with tarfile.open(target, "w") as archive:
        data = (FIXTURES / "ern432/single_ai_vocals.xml").read_bytes()
        info = tarfile.TarInfo("real.xml")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("secret.xml")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        archive.addfile(link)
    files = {f["path"]: f for f in _jsonl(run_cli, str(target))}
    assert files[f"{target}!/real.xml"]["status"] == "pass"
    finding = files[f"{target}!/secret.xml"]["findings"][0]
    assert finding["rule"] == "IO001" and "link" in finding["message"]


def test_a_member_larger_than_the_limit_is_not_inflated(run_cli, tmp_path):
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    files = _jsonl(run_cli, str(target), "--max-file-size", "100000")
    assert files[0]["findings"][0]["rule"] == "IO002"


def test_the_archive_itself_is_never_modified(run_cli, delivery):
    archive = _archive(delivery, "tar.gz")
    before = (archive.read_bytes(), os.stat(archive).st_mtime_ns)
    _jsonl(run_cli, str(archive))
    assert (archive.read_bytes(), os.stat(archive).st_mtime_ns) == before
