"""Dask as the runner: the same output as the local runner, on a LocalCluster and on a real
scheduler with two workers started here on loopback (and stopped here)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, MIXED, SCHEMAS, copy_fixtures, missing

distributed = pytest.importorskip(
    "distributed", reason="Dask is not installed (pip install 'ddex-ai[dask]')"
)

NAMES = MIXED


@pytest.fixture(autouse=True)
def dask_scratch(tmp_path, monkeypatch):
    """Dask's scratch folders (workers', schedulers') in the test's own folder, not in the
    system's temporary folder: for LocalCluster workers and for the started processes."""
    import dask

    scratch = tmp_path / "dask-scratch"
    monkeypatch.setenv("DASK_TEMPORARY_DIRECTORY", str(scratch))
    with dask.config.set({"temporary-directory": str(scratch)}):
        yield


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "in"
    for n in range(4):  # enough files for several batches
        copy_fixtures(target / f"copy{n}")
    return target


@pytest.fixture
def small_batches(monkeypatch):
    from ddex_ai import dask_runner

    monkeypatch.setattr(dask_runner, "BATCH_BYTES", 30_000)  # a few files a batch


def _jsonl(run_cli, *args) -> str:
    result = run_cli("check", *args, "--format", "jsonl", schemas=True)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_a_local_cluster_gives_the_local_runners_output(run_cli, folder, small_batches):
    local = _jsonl(run_cli, str(folder))
    on_dask = _jsonl(run_cli, str(folder), "--dask", "local", "--jobs", "2")
    assert on_dask == local
    assert len(on_dask.splitlines()) == len(NAMES) * 4


def test_batches_are_sized_by_bytes(folder):
    from ddex_ai.dask_runner import batches
    from ddex_ai.discovery import expand

    inputs = expand([str(folder)])
    cut = batches(inputs, limit=50_000)
    assert [i for batch in cut for i in batch] == inputs  # every file once, in order
    sizes = [sum(Path(i.path).stat().st_size for i in batch) for batch in cut]
    assert all(size >= 50_000 for size in sizes[:-1])
    assert all(
        size - Path(batch[-1].path).stat().st_size < 50_000
        for size, batch in zip(sizes, cut, strict=True)
    )


def test_a_file_that_kills_workers_is_int001_and_the_rest_of_its_batch_is_checked(
    folder, tmp_path, monkeypatch
):
    import dask

    from crashing import CrashingConfig
    from ddex_ai.dask_runner import DaskRun
    from ddex_ai.discovery import expand
    from ddex_ai.policy import Policy
    from ddex_ai.runner import CheckConfig, run
    from ddex_ai.schema_loader import SchemaRoot

    shutil.copyfile(FIXTURES / "ern432/single_ai_vocals.xml", folder / "copy0" / "crash.xml")
    inputs = expand([str(folder)])
    roots = (SchemaRoot(SCHEMAS, "--schemas"),) if SCHEMAS else ()
    scratch = tmp_path / "scratch"  # the workers' temporary folders, here
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the workers are new processes: they see it
    settings = {"distributed.scheduler.allowed-failures": 0, "temporary-directory": str(scratch)}
    with dask.config.set(settings):
        dask_run = DaskRun(CrashingConfig(roots, Policy.default()), inputs, "local", 2)
        try:
            results = list(dask_run)
        finally:
            dask_run.close()
    # The schema copy of each worker, the killed ones' too, is gone with the cluster.
    assert not list(scratch.rglob("ddex-ai-schemas-*"))
    expected = list(run(CheckConfig(roots, Policy.default()), inputs, 1))
    assert [r.path for r in results] == [r.path for r in expected]
    for got, want in zip(results, expected, strict=True):
        if got.path.endswith("crash.xml"):
            assert got.status.value == "error"
            assert got.findings[0].rule == "INT001"
            assert "killed the Dask workers" in got.findings[0].message
        else:
            assert json.loads(got.to_json()) == json.loads(want.to_json()), got.path


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_scheduler_and_two_workers_give_the_local_output(
    run_cli, folder, small_batches, tmp_path
):
    from services import free_port, wait_for_port

    if SCHEMAS is None:
        missing("DDEX_AI_SCHEMAS is not set")
    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [
        _start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    ]
    try:
        wait_for_port(port, processes[0])
        for n in range(2):
            worker = [dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1"]
            worker += ["--no-dashboard", "--name", f"w{n}", "--local-directory", str(tmp_path)]
            processes.append(_start(worker))
        client = distributed.Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=60)
        client.close()
        local = _jsonl(run_cli, str(folder))
        on_dask = _jsonl(run_cli, str(folder), "--dask", address)
        assert on_dask == local
        files = [json.loads(line)["path"] for line in on_dask.splitlines()]
        assert files == sorted(files)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_workers_read_objects_from_s3_themselves(run_cli, monkeypatch):
    pytest.importorskip("s3fs", reason="s3fs is not installed (pip install 'ddex-ai[s3]')")
    import boto3
    import s3fs

    from ddex_ai.discovery import remote
    from services import S3_ENV, s3_server

    with s3_server() as endpoint:
        for key, value in {**S3_ENV, "AWS_ENDPOINT_URL": endpoint}.items():
            monkeypatch.setenv(key, value)  # LocalCluster workers inherit the environment
        s3fs.S3FileSystem.clear_instance_cache()
        remote._filesystem.cache_clear()
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket="label-catalogue")
        for name in NAMES:
            client.put_object(
                Bucket="label-catalogue", Key=f"ern/{name}", Body=(FIXTURES / name).read_bytes()
            )
        url = "s3://label-catalogue/ern/"
        try:
            local = _jsonl(run_cli, url)
            assert _jsonl(run_cli, url, "--dask", "local", "--jobs", "2") == local
            if importlib.util.find_spec("obstore") is not None:  # the client travels too
                dask = ("--dask", "local", "--jobs", "2", "--remote-client", "obstore")
                assert _jsonl(run_cli, url, *dask) == local
        finally:
            s3fs.S3FileSystem.clear_instance_cache()
            remote._filesystem.cache_clear()
