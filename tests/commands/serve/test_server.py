"""The preview server: only the build output and its own assets, never a path out of
them, never a secret; answers only to loopback names; pushes every state change."""

from __future__ import annotations

import http.client
import json
import socket

import pytest

from bookbuild.errors import UsageError
from bookbuild.commands.serve.server import PreviewServer
from bookbuild.commands.serve.state import PreviewState

SECRET = "TOP-SECRET-CONTENT"
TRAVERSALS = [
    "/build/../secret.txt",
    "/build/%2e%2e/secret.txt",
    "/build/%2E%2E%2Fsecret.txt",
    "/build/small/..%2f..%2fsecret.txt",
    "/build/%252e%252e/secret.txt",  # encoded twice
    "/build/small/%2e%2e/%2e%2e/secret.txt",
    "/build/..%5csecret.txt",  # a backslash
    "/build//etc/passwd",
    "/build/small/link-out",  # a symbolic link leading out of the build folder
    "/build/.git/config",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    build = tmp_path / "repo" / "build"
    (build / "small").mkdir(parents=True)
    (build / "small" / "interior.pdf").write_bytes(b"%PDF-1.7 fake")
    (build / ".git").mkdir()
    (build / ".git" / "config").write_text(SECRET)
    (tmp_path / "repo" / "secret.txt").write_text(SECRET)
    (build / "small" / "link-out").symlink_to(tmp_path / "repo" / "secret.txt")
    server = PreviewServer(PreviewState(build), "127.0.0.1", 0)
    server.start()
    yield server
    server.stop()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes, dict]:
    """A request with the path sent exactly as written (http.client does not tidy it, unlike a browser)."""
    port = server.httpd.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, dict(response.getheaders())


def test_serves_build_output_and_its_own_assets(server):
    status, body, headers = get(server, "/build/small/interior.pdf")
    assert (status, body, headers["Content-Type"]) == (200, b"%PDF-1.7 fake", "application/pdf")
    status, body, headers = get(server, "/")
    assert status == 200 and b"/assets/app.js" in body and "script-src 'self'" in headers["Content-Security-Policy"]
    assert get(server, "/assets/app.js")[0] == 200
    assert get(server, "/build/small/missing.pdf")[0] == 404


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_build_folder_is_refused(server, path):
    status, body, _ = get(server, path)
    assert status == 403, (path, status, body)
    assert SECRET.encode() not in body


@pytest.mark.parametrize("path", ["/assets/../server.py", "/assets/%2e%2e/server.py", "/assets/index.html/..", "/large/..%2f..%2fsecret.txt/interior/0123456789abcdef/1.png", "/bookbuild.toml"])
def test_only_the_listed_assets_and_routes_exist(server, path):
    status, body, _ = get(server, path)
    assert status == 404 and b"import" not in body


def test_answers_only_to_loopback_names(server):
    assert get(server, "/api/state", host="evil.example:8000")[0] == 403  # DNS rebinding
    assert get(server, "/api/state", host="localhost")[0] == 200


def test_the_state_never_shows_a_secret(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-0123456789abcdef")
    server.state.change(lambda data: data.update(error="provider said: bad key test-key-0123456789abcdef"))
    status, body, _ = get(server, "/api/state")
    assert status == 200
    assert "test-key-0123456789abcdef" not in body.decode()
    assert json.loads(body)["error"] == "provider said: bad key [hidden]"


def test_events_push_every_change(server):
    port = server.httpd.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        stream = sock.makefile("rb")
        assert b"text/event-stream" in _read_until(stream, b"\r\n\r\n")
        assert json.loads(_next_data(stream))["generation"] == 0
        server.state.change(lambda data: data.update(generation=7))
        assert json.loads(_next_data(stream))["generation"] == 7


def test_a_taken_port_is_a_clear_usage_error(server):
    port = server.httpd.server_address[1]
    with pytest.raises(UsageError, match=f"cannot serve on 127.0.0.1:{port}.*--port"):
        PreviewServer(server.state, "127.0.0.1", port)


def _read_until(stream, end: bytes) -> bytes:
    data = b""
    while not data.endswith(end):
        data += stream.read(1)
    return data


def _next_data(stream) -> str:
    while True:
        line = stream.readline().decode()
        if line.startswith("data: "):
            return line[len("data: ") :]
