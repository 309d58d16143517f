"""boto3 against obstore on the requests the remote cache makes, against moto's S3
server on 127.0.0.1 (a child process, as in the tests).

Run: python benchmarks/remote_clients.py [--rounds 200]   (obstore: pip install obstore)

Prints the median time of a small PUT and GET (a task entry), a 4 MB PUT and GET (a
PDF), 200 GETs on 16 threads (a prefetch), and what it costs to import the client
and make it (boto3 as bookbuild makes it). The server is the same for both, so the
differences are the clients'.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakes.s3_server import ACCESS_KEY, SECRET_KEY, S3Backend  # noqa: E402

BUCKET = "bench-clients"


def timed(fn: Callable[[int], object], rounds: int) -> float:
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def boto3_ops(endpoint: str) -> tuple[dict[str, Callable], float]:
    started = time.perf_counter()
    from bookbuild.engine.remote import RemoteConfig, _make_client

    os.environ["AWS_ENDPOINT_URL"] = endpoint
    client = _make_client(RemoteConfig(BUCKET))  # as bookbuild makes it: timeouts, retries, checksums
    setup = time.perf_counter() - started
    client.create_bucket(Bucket=BUCKET)
    return {
        "put": lambda name, data: client.put_object(Bucket=BUCKET, Key=f"b/{name}", Body=data),
        "get": lambda name: client.get_object(Bucket=BUCKET, Key=f"b/{name}")["Body"].read(),
    }, setup


def obstore_ops(endpoint: str) -> tuple[dict[str, Callable], float] | None:
    started = time.perf_counter()
    try:
        import obstore
        from obstore.store import S3Store
    except ImportError:
        return None
    store = S3Store(BUCKET, prefix="o", endpoint=endpoint, client_options={"allow_http": True}, config={"virtual_hosted_style_request": False})
    setup = time.perf_counter() - started
    return {"put": lambda name, data: obstore.put(store, name, data), "get": lambda name: bytes(obstore.get(store, name).bytes())}, setup


def measure(name: str, ops: dict[str, Callable], setup: float, rounds: int) -> list[str]:
    small, big = os.urandom(2_000), os.urandom(4_000_000)
    put_small = timed(lambda i: ops["put"](f"s{i}", small), rounds)
    get_small = timed(lambda i: ops["get"](f"s{i}"), rounds)
    put_big = timed(lambda i: ops["put"](f"b{i}", big), 10)
    get_big = timed(lambda i: ops["get"](f"b{i}"), 10)
    with ThreadPoolExecutor(16) as pool:
        started = time.perf_counter()
        list(pool.map(lambda i: ops["get"](f"s{i}"), range(rounds)))
        parallel = time.perf_counter() - started
    return [name, f"{setup * 1000:.0f}", f"{put_small:.2f}", f"{get_small:.2f}", f"{put_big:.1f}", f"{get_big:.1f}", f"{parallel:.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    rows = [["client", "import+make ms", "PUT 2kB ms", "GET 2kB ms", "PUT 4MB ms", "GET 4MB ms", f"{args.rounds} GETs x16 s"]]
    with S3Backend() as backend:
        ops, setup = boto3_ops(backend.url)
        rows.append(measure("boto3", ops, setup, args.rounds))
        found = obstore_ops(backend.url)
        rows.append(measure("obstore", *found, args.rounds) if found else ["obstore", "not installed (pip install obstore)"])
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()
