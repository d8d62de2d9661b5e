"""Inputs in object storage and other fsspec file systems: listed with the same globs, read
ahead of checking (by the workers, for S3), reported under the URLs as given, with either
remote client. The S3 tests run against moto's server on loopback, started and stopped here."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, SCHEMAS, missing

fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed (pip install fsspec)")

FILES = ["ern432/album_ai_mixed.xml", "ern432/single_ai_vocals.xml", "broken/truncated_432.xml"]


def _jsonl(run_cli, *args) -> list[dict]:
    result = run_cli("check", *args, "--format", "jsonl", schemas=True)
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _local(run_cli, tmp_path) -> tuple[Path, list[dict]]:
    folder = tmp_path / "local"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    return folder, _jsonl(run_cli, str(folder))


def _same_but_paths(local: list[dict], remote: list[dict], prefix: str, url: str) -> None:
    assert [f["path"] for f in remote] == [f["path"].replace(prefix, url, 1) for f in local]
    for a, b in zip(local, remote, strict=True):
        assert {**a, "path": None} == {**b, "path": None}


@pytest.fixture
def memory_catalogue():
    fs = fsspec.filesystem("memory")
    for name in FILES:
        fs.pipe(f"/catalogue/ern/{name}", (FIXTURES / name).read_bytes())
    fs.pipe("/catalogue/ern/readme.txt", b"not ERN")
    yield "memory://catalogue/ern/"
    fs.rm("/catalogue", recursive=True)


def test_a_memory_url_gives_the_local_report(run_cli, tmp_path, memory_catalogue):
    folder, local = _local(run_cli, tmp_path)
    remote = _jsonl(run_cli, memory_catalogue)
    _same_but_paths(local, remote, f"{folder}/", memory_catalogue)


def test_a_missing_object_in_a_list_is_io001_and_the_run_goes_on(
    run_cli, tmp_path, memory_catalogue
):
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"{memory_catalogue}nope.xml\n{memory_catalogue}ern432/single_ai_vocals.xml\n"
    )
    files = {f["path"]: f for f in _jsonl(run_cli, "--files-from", str(listing))}
    assert files[f"{memory_catalogue}nope.xml"]["findings"][0]["rule"] == "IO001"
    assert files[f"{memory_catalogue}ern432/single_ai_vocals.xml"]["status"] == "pass"


def test_a_missing_url_on_the_command_line_is_a_usage_error(run_cli, memory_catalogue):
    result = run_cli("check", f"{memory_catalogue}nope.xml")
    assert result.exit_code == 2
    assert "nope.xml: no such object or folder" in result.output


# --- S3, through a local server ---------------------------------------------------------------


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A local S3 with a bucket holding the files, and the environment that reaches it."""
    pytest.importorskip("s3fs", reason="s3fs is not installed (pip install 'ddex-ai[s3]')")
    try:
        import moto.server  # noqa: F401
    except ImportError:
        missing("moto's server mode is not installed (pip install 'moto[server]')")
    import boto3

    from services import S3_ENV, s3_server

    with s3_server() as endpoint:
        env = {**S3_ENV, "AWS_ENDPOINT_URL": endpoint}
        client = boto3.client("s3", endpoint_url=endpoint, **_boto(env))
        client.create_bucket(Bucket="label-catalogue")
        for name in FILES:
            client.put_object(
                Bucket="label-catalogue", Key=f"ern/{name}", Body=(FIXTURES / name).read_bytes()
            )
        client.put_object(Bucket="label-catalogue", Key="private/x.xml", Body=b"<a/>")
        yield env


def _boto(env: dict) -> dict:
    return {
        "aws_access_key_id": env["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": env["AWS_SECRET_ACCESS_KEY"],
        "region_name": env["AWS_DEFAULT_REGION"],
    }


@pytest.fixture
def s3_env(s3, monkeypatch):
    import s3fs

    from ddex_ai.discovery import remote

    for key, value in s3.items():
        monkeypatch.setenv(key, value)
    s3fs.S3FileSystem.clear_instance_cache()
    remote._filesystem.cache_clear()
    yield s3
    s3fs.S3FileSystem.clear_instance_cache()
    remote._filesystem.cache_clear()


@pytest.fixture(params=["fsspec", "obstore"])
def client(request) -> str:
    """--remote-client: s3fs, or obstore's file system."""
    if request.param == "obstore":
        pytest.importorskip("obstore", reason="obstore is not installed (ddex-ai[obstore])")
    return request.param


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_s3_prefix_gives_the_local_report(run_cli, tmp_path, s3_env, jobs, client):
    folder, local = _local(run_cli, tmp_path)
    found = _jsonl(run_cli, "s3://label-catalogue/ern/", "--jobs", jobs, "--remote-client", client)
    _same_but_paths(local, found, f"{folder}/", "s3://label-catalogue/ern/")


def test_a_bucket_named_without_a_slash_is_listed(run_cli, s3_env, client):
    found = _jsonl(run_cli, "s3://label-catalogue", "--remote-client", client)
    assert [f["path"] for f in found] == sorted(
        [f"s3://label-catalogue/ern/{name}" for name in FILES]
        + ["s3://label-catalogue/private/x.xml"]
    )


def test_an_unknown_remote_client_is_a_usage_error(run_cli):
    result = run_cli("check", "s3://label-catalogue/", "--remote-client", "boto")
    assert result.exit_code == 2
    assert "boto" in result.output


def test_the_readme_command_runs_as_written_against_a_local_s3(s3_env, tmp_path):
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    env = {**os.environ, **s3_env, "DDEX_AI_SCHEMAS": str(SCHEMAS)}
    command = [sys.executable, "-m", "ddex_ai", "check", "s3://label-catalogue/ern/"]
    command += ["--format", "jsonl", "--output", "audit.jsonl"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the truncated file is an error
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert len(lines) == len(FILES)
    assert "testing" not in done.stderr + done.stdout  # credentials are never printed


def test_an_unreadable_object_is_io001_and_never_prints_credentials(
    run_cli, s3_env, tmp_path, client
):
    listing = tmp_path / "list.txt"
    listing.write_text(
        "s3://label-catalogue/ern/ern432/single_ai_vocals.xml\ns3://no-such-bucket/x.xml\n"
    )
    args = ("--files-from", str(listing), "--format", "jsonl", "--remote-client", client)
    result = run_cli("check", *args, schemas=True)
    files = {json.loads(line)["path"]: json.loads(line) for line in result.stdout.splitlines()}
    assert files["s3://no-such-bucket/x.xml"]["findings"][0]["rule"] == "IO001"
    assert files["s3://label-catalogue/ern/ern432/single_ai_vocals.xml"]["status"] == "pass"
    assert s3_env["AWS_SECRET_ACCESS_KEY"] not in result.output


def test_an_unchanged_object_is_not_downloaded_again_with_the_cache(
    run_cli, s3_env, tmp_path, monkeypatch, client
):
    from ddex_ai.discovery import remote

    cache = str(tmp_path / "cache")
    args = ("s3://label-catalogue/ern/", "--format", "jsonl", "--cache-dir", cache, "--jobs", "1")
    args += ("--remote-client", client)
    first = run_cli("check", *args, schemas=True).stdout

    def no_download(source, limit):
        raise AssertionError(f"{source.url} was downloaded again")

    monkeypatch.setattr(remote, "read_object", no_download)
    monkeypatch.setattr(remote, "start_reading", no_download)
    second = run_cli("check", *args, schemas=True)
    assert second.stdout == first
    assert "downloaded again" not in second.output


def test_workers_read_s3_objects_themselves_and_the_parent_none(run_cli, tmp_path, s3_env, client):
    """One process's reads (about 1.4 ms of CPU an object) would cap a run on many cores."""
    from ddex_ai.discovery import remote

    folder, local = _local(run_cli, tmp_path)
    parent = os.getpid()
    in_parent = []
    original = remote.start_reading

    def recording(source, limit):
        if os.getpid() == parent:  # a forked worker inherits this patch: only count ours
            in_parent.append(source.url)
        return original(source, limit)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(remote, "start_reading", recording)
        found = _jsonl(
            run_cli, "s3://label-catalogue/ern/", "--jobs", "2", "--remote-client", client
        )
    _same_but_paths(local, found, f"{folder}/", "s3://label-catalogue/ern/")
    assert in_parent == []


def test_workers_of_a_fork_server_started_earlier_read_with_this_runs_credentials(s3_env, tmp_path):
    """A fork server keeps the environment it started with; a run's workers get the run's."""
    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    script = (
        "import os, sys\n"
        "from multiprocessing import forkserver\n"
        "saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith('AWS_')}\n"
        "forkserver.ensure_running()  # started without credentials\n"
        "os.environ.update(saved)\n"
        "from ddex_ai._entry import run\n"
        "sys.argv = ['ddex-ai', 'check', 's3://label-catalogue/ern/', '--jobs', '2',\n"
        "            '--format', 'jsonl']\n"
        "run()\n"
    )
    env = {**os.environ, **s3_env, "DDEX_AI_SCHEMAS": str(SCHEMAS)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the truncated file
    found = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(found) == len(FILES)
    assert all(f["findings"][0]["rule"] != "IO001" for f in found if f["findings"]), found
    assert "testing" not in done.stderr + done.stdout


def test_the_obstore_client_without_obstore_says_what_to_install(run_cli, monkeypatch):
    from ddex_ai.discovery import remote

    monkeypatch.setitem(sys.modules, "obstore", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "obstore.fsspec", None)
    remote._filesystem.cache_clear()
    try:
        result = run_cli("check", "s3://label-catalogue/ern/", "--remote-client", "obstore")
    finally:
        remote._filesystem.cache_clear()
        remote.use_client("fsspec")
    assert result.exit_code == 2
    assert "pip install 'ddex-ai[obstore]'" in result.output


class _IgnoresRanges(http.server.BaseHTTPRequestHandler):
    """An S3 endpoint answering every GET with the whole object and 200, whatever its
    Range header asks (as rclone's ``serve s3`` does)."""

    body = (FIXTURES / FILES[1]).read_bytes()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("ETag", '"e"')
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def ranges_ignored(monkeypatch):
    pytest.importorskip("obstore", reason="obstore is not installed (ddex-ai[obstore])")
    from ddex_ai.discovery import remote
    from services import S3_ENV

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _IgnoresRanges)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for key, value in {
        **S3_ENV,
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.server_port}",
    }.items():
        monkeypatch.setenv(key, value)
    remote._filesystem.cache_clear()
    remote.use_client("obstore")
    try:
        yield _IgnoresRanges.body
    finally:
        remote.use_client("fsspec")
        remote._filesystem.cache_clear()
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_obstore_reads_an_object_from_a_server_that_ignores_ranges(ranges_ignored):
    from ddex_ai.discovery.remote import read_object, start_reading
    from ddex_ai.discovery.sources import ReadFailed, RemoteObject

    listed = RemoteObject("s3://bucket/ern/single.xml", size=len(ranges_ignored))
    assert read_object(listed, 1_000_000) == ranges_ignored
    assert start_reading(listed, 1_000_000).result(timeout=30) == ranges_ignored
    # Listed as larger than the limit: only the limit is asked for, and a server sending the
    # whole object is this object's read error, not the run's.
    with pytest.raises(ReadFailed, match="cannot read file"):
        read_object(RemoteObject(listed.url, size=10_000_000), 1_000_000)
