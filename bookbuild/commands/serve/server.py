"""The preview's web server, on the standard library's ThreadingHTTPServer.

Why the standard library: the page needs a few GET routes and one stream of
server-sent events, for one person on this machine. http.server does that
with no new dependency, where Starlette + uvicorn would add four packages and
an asyncio loop beside a build that runs on threads. Server-sent events rather
than a websocket: the page only listens, and EventSource reconnects by itself
when `bookbuild serve` is restarted.

What it serves, and nothing else:
    /                   the page (static/index.html)
    /assets/NAME        its script, style and icon (a fixed list)
    /api/state          the preview state (JSON)
    /events             the same, pushed on every change (text/event-stream)
    /build/PATH         a file in the build folder: PDFs, the ebook, page images
    /large/SLUG/ROLE/SIGNATURE/N.png  one page, large, made on first request

A path that would leave the build folder, plainly (..) or percent-encoded once or
more, is refused (403). Bound to a loopback address, it answers only requests
addressed to a loopback name, so a web page elsewhere cannot reach it through
DNS rebinding.

Connections are served by a bounded pool of WORKERS threads (a long listen queue
holds the rest, so a burst of requests waits rather than failing), at most
MAX_STREAMS of them holding an event stream. Every request gets an answer, a
failing one a 500; a browser that goes away mid-answer is one line in the log.
"""

from __future__ import annotations

import logging
import re
import select
import socket
import sys
import threading
import queue
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from bookbuild.errors import UsageError
from . import pages
from .state import DOWNLOADS, ROLES, PreviewState

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
ASSETS = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8", "icon.svg": "image/svg+xml"}
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf", ".json": "application/json", ".epub": "application/epub+zip"}
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
GONE_CHECK_S = 1.0  # how often an event stream checks whether its page is still there
KEEPALIVE_S = 15.0  # a comment line on the event stream this often: finds closed tabs, keeps proxies quiet
FOREVER = "public, max-age=31536000, immutable"  # content-addressed: the URL changes when the bytes do
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
WORKERS = 32  # connections served at once
MAX_STREAMS = 8  # of them, event streams (one per open preview tab); more get 503 and retry
BACKLOG = 256  # connections the kernel holds until a worker is free
IDLE_S = 10  # a kept-alive connection with no next request frees its worker after this
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
LARGE = re.compile(r"^/large/([A-Za-z0-9._-]+)/(" + "|".join(ROLES) + r")/([0-9a-f]{16})/([0-9]{1,4})\.png$")


class Refused(Exception):
    """A request path that points outside what the server may show."""


def build_path(base: Path, raw: str) -> Path:
    """The file under base that the URL path raw (after /build/) names; Refused if it would leave base."""
    text = raw
    for _ in range(4):  # %252e%252e is ..: decode until nothing changes, then judge
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    parts = text.split("/")
    if "\\" in text or "\x00" in text or any(p in ("", ".", "..") for p in parts):
        raise Refused(raw)
    if any(p.startswith(".") for p in parts[1:]) or (parts[0].startswith(".") and parts[0] != pages.PREVIEW_DIR):
        raise Refused(raw)  # no dotfiles: temp files of atomic writes, or .git if build_dir were the root
    target = base.joinpath(*PurePosixPath(*parts).parts).resolve()
    if not target.is_relative_to(base.resolve()):
        raise Refused(raw)  # a symbolic link pointing out
    return target


class PreviewServer:
    def __init__(self, state: PreviewState, host: str = "127.0.0.1", port: int = 8000):
        self.state = state
        server_class = _IPv6Server if ":" in host else _Server
        try:
            self.httpd = server_class((host, port), _Handler)
        except OSError as exc:
            hint = "pass another --port (0: any free port)" if exc.errno in (98, 48) else "check --host"
            raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}; {hint}") from None
        self.httpd.preview = self
        self.loopback_only = _is_loopback(host)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def start(self) -> str:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="bookbuild-serve", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self.state.close()  # ends the event streams
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()
        self.httpd.stop_workers()


class _Server(HTTPServer):
    """HTTPServer with a bounded pool of threads instead of one thread per connection.
    Daemon threads, as ThreadingHTTPServer's: an open event stream never holds up Ctrl-C."""

    request_queue_size = BACKLOG
    preview: PreviewServer

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        self.waiting: queue.SimpleQueue = queue.SimpleQueue()  # accepted connections for the workers
        for n in range(WORKERS):
            threading.Thread(target=self._work, name=f"bookbuild-serve-{n}", daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        self.waiting.put((request, client_address))

    def _work(self) -> None:
        while (item := self.waiting.get()) is not None:
            self._serve(*item)

    def stop_workers(self) -> None:
        for _ in range(WORKERS):
            self.waiting.put(None)

    def _serve(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback on the console
            self.handle_error(request, client_address, exc)
        finally:
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any, exc: BaseException | None = None) -> None:
        exc = exc or sys.exc_info()[1]  # socketserver calls it inside its own except blocks
        if isinstance(exc, DISCONNECTS) or isinstance(exc, OSError) and exc.errno in (32, 104):
            log.info("preview: %s went away mid-answer (%s)", client_address[0], type(exc).__name__)
        else:
            log.warning("preview: a request from %s failed: %s", client_address[0], f"{type(exc).__name__}: {exc}" if exc else "unknown error")
            log.debug("preview: the failure", exc_info=exc)


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive: a page of 32 thumbnails is one connection, not 32
    server_version = "bookbuild-preview"
    sys_version = ""
    timeout = IDLE_S
    _answered = False  # whether this request's status line went out

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # -- routing ------------------------------------------------------------

    def send_response(self, code: int, message: str | None = None) -> None:
        self._answered = True
        super().send_response(code, message)

    def _dispatch(self, head: bool) -> None:
        self._answered = False
        path = urlsplit(self.path).path
        if self.server.preview.loopback_only and not self._addressed_to_loopback():
            return self._error(HTTPStatus.FORBIDDEN, "this preview answers only to 127.0.0.1 or localhost")
        try:
            self._route(path, head)
        except Refused:
            self._error(HTTPStatus.FORBIDDEN, "refused: the path leaves the build folder")
        except DISCONNECTS as exc:
            self.close_connection = True  # the browser went away mid-answer: nothing to tell it
            log.info("preview: %s went away mid-answer (%s)", self.client_address[0], type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - every request gets an answer
            log.warning("preview: %s failed: %s: %s", path[:200], type(exc).__name__, exc)
            log.debug("preview: the failure", exc_info=True)
            self.close_connection = True
            if not self._answered:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "the preview could not answer this; see the terminal running bookbuild serve")

    def _route(self, path: str, head: bool) -> None:
        state = self.server.preview.state
        if path in ("/", "/index.html"):
            self._file(STATIC / "index.html", "text/html; charset=utf-8", "no-cache", head)
        elif path.startswith("/assets/") and path[len("/assets/") :] in ASSETS:
            name = path[len("/assets/") :]
            self._file(STATIC / name, ASSETS[name], "no-cache", head)
        elif path == "/api/state":
            self._send(HTTPStatus.OK, state.snapshot()[1].encode(), "application/json", "no-store", head)
        elif path == "/events":
            self._events(state)
        elif path.startswith("/build/"):
            try:
                target = build_path(state.build_dir, path[len("/build/") :])
            except OSError:  # a name too long for the file system, and the like: no such file
                return self._error(HTTPStatus.NOT_FOUND, "no such file")
            self._build_file(target, head)
        elif match := LARGE.match(path):
            self._large(state, *match.groups(), head=head)
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def _addressed_to_loopback(self) -> bool:
        host = urlsplit("//" + self.headers.get("Host", "")).hostname or ""
        return host in LOOPBACK_NAMES

    # -- answers ------------------------------------------------------------

    def _build_file(self, target: Path, head: bool) -> None:
        try:
            found = target.is_file()
        except OSError:  # ENAMETOOLONG and friends
            found = False
        if not found:
            return self._error(HTTPStatus.NOT_FOUND, "not built (yet)")
        immutable = pages.PREVIEW_DIR in target.parts
        self._file(target, MEDIA_TYPES.get(target.suffix, "application/octet-stream"), FOREVER if immutable else "no-cache", head)

    def _large(self, state: PreviewState, slug: str, role: str, signature: str, number: str, head: bool) -> None:
        if state.book(slug) is None:
            return self._error(HTTPStatus.NOT_FOUND, "no such book")
        pdf = state.build_dir / slug / DOWNLOADS[ROLES.index(role)]
        image = pages.large_page(pdf, pages.preview_dir(state.build_dir, slug, role), signature, int(number))
        if image is None:
            return self._error(HTTPStatus.NOT_FOUND, "this page has changed since; the preview shows the new one")
        self._file(image, "image/png", FOREVER, head)

    def _events(self, state: PreviewState) -> None:
        """Server-sent events: the whole state now, then again after every change, until the page goes."""
        if not self.server.streams.acquire(blocking=False):
            self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
            self.send_header("Retry-After", "5")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return  # the page's EventSource tries again by itself
        try:
            self._stream(state)
        finally:
            self.server.streams.release()

    def _stream(self, state: PreviewState) -> None:
        self.connection.settimeout(KEEPALIVE_S * 4)  # a stream is quiet between changes, not idle
        self.send_response(HTTPStatus.OK)
        self._headers("text/event-stream", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        version, text = state.snapshot()
        self._push(f"retry: 1000\ndata: {text}\n\n")
        quiet = 0.0
        while not state.closed and not self._client_gone():
            news = state.wait_newer(version, GONE_CHECK_S)  # short waits: a closed tab frees its slot soon
            if news is None:
                quiet += GONE_CHECK_S
                if quiet >= KEEPALIVE_S:
                    self._push(": still here\n\n")
                    quiet = 0.0
                continue
            quiet = 0.0
            version, text = news
            self._push(f"data: {text}\n\n")

    def _client_gone(self) -> bool:
        """The browser closed the stream (a page never sends on it, so readable means closed)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except ValueError:  # a descriptor select cannot watch: find out at the next push instead
            return False
        except OSError:
            return True

    def _push(self, chunk: str) -> None:
        self.wfile.write(chunk.encode())
        self.wfile.flush()

    def _file(self, path: Path, media_type: str, cache: str, head: bool) -> None:
        self._send(HTTPStatus.OK, path.read_bytes(), media_type, cache, head)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, f"{status.value} {message}\n".encode(), "text/plain; charset=utf-8", "no-store", head=False)

    def _send(self, status: HTTPStatus, body: bytes, media_type: str, cache: str, head: bool) -> None:
        self.send_response(status)
        self._headers(media_type, cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _headers(self, media_type: str, cache: str) -> None:
        self.send_header("Content-Type", media_type)
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if media_type.startswith("text/html"):  # the page only: a CSP on a PDF would block the browser's viewer
            self.send_header("Content-Security-Policy", CSP)
