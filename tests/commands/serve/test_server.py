"""The preview server: only the build output and its own assets, never a path out of
them, never a secret; answers only to loopback names; pushes every state change."""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading

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
    (build / "small" / "ebook.epub").write_bytes(b"PK\x03\x04 fake")
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
    status, body, headers = get(server, "/build/small/ebook.epub")
    assert (status, body, headers["Content-Type"]) == (200, b"PK\x03\x04 fake", "application/epub+zip")  # a reader app opens it
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


# -- a busy or careless client: every request answered, one log line, no traceback ------------


def test_a_file_name_too_long_for_the_file_system_is_a_404(server):
    for name in ("x" * 300 + ".pdf", "small/" + "y" * 5000 + ".png", "/".join(["z" * 255] * 20)):
        status, body, _ = get(server, "/build/" + name)
        assert status == 404, (name[:20], status, body)


def test_a_failing_route_is_answered_with_a_500_and_one_log_line(server, monkeypatch, caplog):
    def broken():
        raise RuntimeError("the state broke")

    monkeypatch.setattr(server.state, "snapshot", broken)
    with caplog.at_level("WARNING", logger="bookbuild.commands.serve.server"):
        status, body, _ = get(server, "/api/state")
    assert status == 500 and b"see the terminal running bookbuild serve" in body
    (record,) = [r for r in caplog.records if r.levelname.lower() == "warning"]
    assert "RuntimeError: the state broke" in record.getMessage() and record.exc_info is None


@pytest.mark.parametrize("how", ["reset-before-the-request", "reset-mid-answer", "half-a-request-line"])
def test_a_client_that_drops_the_connection_is_one_quiet_line(server, capsys, caplog, how):
    port = server.httpd.server_address[1]
    with caplog.at_level("INFO", logger="bookbuild.commands.serve.server"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if how == "half-a-request-line":
            sock.sendall(b"GET /build/small/inter")
        elif how == "reset-mid-answer":
            sock.sendall(f"GET /build/small/interior.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        sock.close()
        # The next request is served by the same pool: it is answered, so the reset was handled.
        assert all(get(server, "/api/state")[0] == 200 for _ in range(40))
    assert "Traceback" not in capsys.readouterr().err
    assert all(r.exc_info is None for r in caplog.records)


def test_two_hundred_requests_at_once_are_all_answered(server):
    port = server.httpd.server_address[1]
    barrier = threading.Barrier(200)
    results: list[int] = []
    lock = threading.Lock()

    def one():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        conn.request("GET", "/build/small/interior.pdf", headers={"Host": f"127.0.0.1:{port}"})
        status = conn.getresponse().status
        conn.close()
        with lock:
            results.append(status)

    threads = [threading.Thread(target=one) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 200


def test_more_event_streams_than_the_pool_allows_get_a_503_and_a_closed_tab_frees_its_slot(tmp_path):
    from bookbuild.commands.serve.server import MAX_STREAMS

    server = PreviewServer(PreviewState(tmp_path), "127.0.0.1", 0)
    server.start()
    port = server.httpd.server_address[1]

    def open_stream() -> tuple[socket.socket, bytes]:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        return sock, _read_until(sock.makefile("rb"), b"\r\n\r\n")

    socks = []
    try:
        for _ in range(MAX_STREAMS):
            sock, head = open_stream()
            assert b"200 OK" in head
            socks.append(sock)
        status, _, headers = get(server, "/events")
        assert status == 503 and headers["Retry-After"] == "5"
        assert get(server, "/api/state")[0] == 200  # ordinary requests still have workers
        socks.pop().close()  # a tab is closed: its slot comes free, as EventSource's retry finds
        for _ in range(200):
            sock, head = open_stream()
            socks.append(sock)
            if b"200 OK" in head:
                break
            threading.Event().wait(0.05)
        assert b"200 OK" in head
    finally:
        for sock in socks:
            sock.close()
        server.stop()
