"""A local S3 for tests: moto's server mode in a child process on 127.0.0.1 (it
speaks the S3 wire protocol), behind a small proxy that logs every request and
injects faults, so tests run the real boto3 client against real HTTP.

README. In a test module: ``from fakes.s3_server import fake_s3`` (a fixture; it
uses ``s3_backend``, the moto process, which tests/conftest.py starts once for the
whole session when a test first needs it), then take ``fake_s3`` as a fixture: a new bucket and proxy for the test, with the
environment a CI runner would have (AWS_ENDPOINT_URL, fake credentials,
BOOKBUILD_REMOTE_CACHE=s3://<bucket>/books); no file in ~/.aws is read and the
instance metadata service is never asked. Or ``with S3Backend() as backend:``
and ``FakeS3(backend)`` directly (benchmarks do).

Injectable on the proxy: ``fail(status, times=None, method=None)`` answers with an
S3 error (times None: until ``heal()``); ``stall()`` holds every answer until the
test ends (a remote that accepts and never answers). ``requests`` logs (method,
path); ``count(method, kind)``; ``unsigned`` counts requests without credentials. ``objects()``, ``read(name)`` and
``write(name, data)`` go straight to moto, to inspect or damage what is stored.
"""

from __future__ import annotations

import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import pytest

ACCESS_KEY = "AKIDTESTBOOKBUILD"  # obvious fakes: a test fails if either reaches a file
SECRET_KEY = "test-secret-never-written-anywhere"
PREFIX = "books"
_buckets = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_endpoint() -> str:
    """An address where nothing listens: a dead remote."""
    return f"http://127.0.0.1:{free_port()}"


class S3Backend:
    """``python -m moto.server`` on 127.0.0.1, started and stopped by the tests."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self._client: Any = None
        self._lock = threading.Lock()

    def start(self) -> S3Backend:
        command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"moto server did not start on {self.url}")
            time.sleep(0.05)  # polling a child's port: no event to wait on
        return self

    def _answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            conn.request("GET", "/moto-api/")
            conn.getresponse().read()
            return True
        except OSError:
            return False

    def client(self) -> Any:
        """A boto3 client straight to moto (one for the session: making one costs 0.3 s)."""
        with self._lock:
            if self._client is None:
                import boto3

                self._client = boto3.client("s3", endpoint_url=self.url, region_name="us-east-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
            return self._client

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self) -> S3Backend:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Fault:
    status: int
    times: int | None  # None: every request until heal()
    method: str | None


@dataclass
class FakeS3:
    """A bucket on the backend, reached through a fault-injecting proxy."""

    backend: S3Backend
    bucket: str = field(default_factory=lambda: f"bookbuild-test-{os.getpid()}-{next(_buckets)}")
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path: /bucket/object)
    unsigned: int = 0  # requests that came without an Authorization header
    faults: list[Fault] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)
    stalled: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: Any = None

    def start(self) -> FakeS3:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.client().create_bucket(Bucket=self.bucket)
        return self

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{PREFIX}"

    def env(self, endpoint: str | None = None) -> dict[str, str]:
        """What a CI runner sets: the standard AWS variables and the remote's URL."""
        return {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint or self.endpoint,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "BOOKBUILD_REMOTE_CACHE": self.url,
        }

    # -- faults -----------------------------------------------------------------

    def fail(self, status: int = 500, times: int | None = None, method: str | None = None) -> None:
        with self._lock:
            self.faults.append(Fault(status, times, method))

    def heal(self) -> None:
        with self._lock:
            self.faults.clear()

    def stall(self) -> None:
        self.stalled = True

    def _fault_for(self, method: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.method in (None, method):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times == 0:
                            self.faults.remove(fault)
                    return fault
        return None

    # -- the log ----------------------------------------------------------------

    def count(self, method: str | None = None, kind: str | None = None) -> int:
        """Requests seen, of one method ("PUT") and/or one kind of object ("tasks", "files")."""
        return sum(1 for m, name in self.requests if method in (None, m) and (kind is None or f"/{kind}/" in name))

    def reset(self) -> None:
        self.requests.clear()
        self.unsigned = 0

    # -- straight to moto ---------------------------------------------------------

    def client(self) -> Any:
        return self.backend.client()

    def objects(self, kind: str = "") -> dict[str, int]:
        """Object names under the prefix (of one kind: "tasks", "files") and their sizes."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{PREFIX}/v1/{kind}")
        return {o["Key"]: o["Size"] for page in pages for o in page.get("Contents", ())}

    def read(self, name: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=name)["Body"].read()

    def write(self, name: str, data: bytes) -> None:
        self.client().put_object(Bucket=self.bucket, Key=name, Body=data)

    def everything(self) -> Iterator[tuple[str, bytes]]:
        for name in self.objects():
            yield name, self.read(name)


class _Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        fake: FakeS3 = self.server.fake  # type: ignore[attr-defined]
        body = self._body()
        with fake._lock:
            fake.requests.append((self.command, unquote(urlsplit(self.path).path)))
            fake.unsigned += "authorization" not in {k.lower() for k in self.headers}
        if fake.stalled:
            fake.released.wait(timeout=120)  # answered when the test ends
            self.close_connection = True
            return
        fault = fake._fault_for(self.command)
        if fault is not None:
            return self._error(fault.status)
        conn = http.client.HTTPConnection("127.0.0.1", fake.backend.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("transfer-encoding", "connection", "expect")}
        headers["Content-Length"] = str(len(body))
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _error(self, status: int) -> None:
        code = {500: "InternalError", 503: "SlowDown", 403: "AccessDenied"}.get(status, "Error")
        data = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>injected by the test</Message></Error>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the log is fake.requests
        pass


@pytest.fixture(scope="session")
def s3_backend() -> Iterator[S3Backend]:
    with S3Backend() as backend:
        yield backend


@pytest.fixture
def fake_s3(s3_backend, monkeypatch) -> Iterator[FakeS3]:
    fake = FakeS3(s3_backend).start()
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    try:
        yield fake
    finally:
        fake.stop()

