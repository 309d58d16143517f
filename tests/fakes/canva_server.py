"""A fake Canva Connect API for tests: a stdlib HTTP server on 127.0.0.1 that
speaks the wire format of APIS.md part A, so bookbuild's real httpx client runs
against it by base URL.

README. In a test module: ``from fakes.canva_server import fake_canva`` (tests/ is
on sys.path through tests/conftest.py) and take ``fake_canva`` as a fixture: it
starts a server on a free port, points BOOKBUILD_CANVA_API,
BOOKBUILD_CANVA_AUTHORIZE_URL, CANVA_CLIENT_ID/SECRET and BOOKBUILD_CANVA_TOKENS
(a file under tmp_path) at it, and shuts it down afterwards. ``sign_in()`` writes
a tokens file as a finished login would (for tests that are not about login).

Endpoints (the REST ones under /rest, the token endpoint at both URLs Canva has):

- GET /api/oauth/authorize: checks client_id, response_type, S256, scopes and a
  127.0.0.1 redirect_uri, then redirects there with code and state
  (``deny_next()`` sends error=access_denied, ``tamper_state_next()`` a wrong state)
- POST /rest/v1/oauth/token, /auth/v1/oauth/token: HTTP Basic client auth, form
  body; authorization_code checks the PKCE verifier against the challenge
  (``pkce_checks`` records each result); refresh tokens work once
- POST /rest/v1/oauth/revoke: revokes a refresh token's whole lineage
- GET /rest/v1/users/me
- POST /rest/v1/asset-uploads (octet-stream + Asset-Upload-Metadata), GET .../{job}
- GET /rest/v1/brand-templates, .../{id}, .../{id}/dataset
- POST /rest/v1/autofills (checks every field exists with its type and every
  asset id was uploaded; 403 permission_denied unless ``enterprise``), GET .../{job}
- POST /rest/v1/exports, GET .../{job}: the URL of a real PDF (the template's size
  and page count) at GET /download/{id}, no token needed; ``expire_downloads()``

Jobs answer ``in_progress`` ``job_polls`` times, then success. Injectable:
``fail_next(status, times, path=, method=, retry_after=, code=)`` (429, 5xx, 403
... in order), ``drop_next(times, path=)`` (close the connection unanswered),
``fail_job(kind, code, message)`` (the next job of "asset-uploads", "autofills"
or "exports" fails), ``expire_access_tokens()`` (401 invalid_access_token until a
refresh). Logged: ``requests`` (method, path, headers without Authorization),
``count(method, path_prefix)``, ``count_status(status)``, ``autofills`` (each request body),
``issued`` (every token handed out, to check none leaks).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

CLIENT_ID = "OC-FAKE-AbCdEf"
CLIENT_SECRET = "cnvca-fake-secret-0123456789"
TEMPLATE_ID = "BTfake00001"
USER = {"user_id": "oUfakeUser01", "team_id": "oBfakeTeam01"}
KNOWN_SCOPES = {
    "asset:read", "asset:write", "brandtemplate:content:read", "brandtemplate:meta:read",
    "design:content:read", "design:content:write", "design:meta:read", "profile:read",
}  # fmt: skip
PT_PER_IN = 72


@dataclass
class Template:
    id: str
    title: str
    dataset: dict[str, dict[str, str]]
    size_in: tuple[float, float]  # page size of the exported PDF
    pages: int  # pages of the exported PDF
    updated_at: int = 1719835200


def picture_book_template(template_id: str = TEMPLATE_ID, story_pages: int = 21, size_in: tuple[float, float] = (5.125, 8.25), pages: int = 24, title: str = "Picture book 5x8") -> Template:
    """title, author, cover_image and page_N_text / page_N_image for each story page."""
    dataset = {"title": {"type": "text"}, "author": {"type": "text"}, "cover_image": {"type": "image"}}
    for n in range(1, story_pages + 1):
        dataset[f"page_{n}_text"] = {"type": "text"}
        dataset[f"page_{n}_image"] = {"type": "image"}
    return Template(template_id, title, dataset, size_in, pages)


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names; Authorization left out
    status: int = 0  # the answer's status (0: the connection was dropped)


@dataclass
class _Failure:
    status: int
    times: int
    path: str | None
    method: str | None
    retry_after: str | None
    code: str | None
    drop: bool = False


@dataclass
class _Job:
    kind: str
    id: str
    polls_left: int
    final: dict[str, Any]


@dataclass
class FakeCanva:
    job_polls: int = 1
    enterprise: bool = True
    trial_uses: int | None = None  # set: autofill results carry trial_information
    pro_license: bool = False
    access_ttl: int = 14400
    templates: dict[str, Template] = field(default_factory=lambda: {TEMPLATE_ID: picture_book_template()})
    requests: list[Logged] = field(default_factory=list)
    autofills: list[dict[str, Any]] = field(default_factory=list)
    pkce_checks: list[bool] = field(default_factory=list)
    authorize_queries: list[dict[str, str]] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._codes: dict[str, dict[str, str]] = {}
        self._access: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self._refresh: dict[str, dict[str, Any]] = {}  # token -> {"used", "lineage"}
        self._revoked: set[str] = set()
        self._assets: dict[str, dict[str, Any]] = {}
        self._designs: dict[str, str] = {}  # design id -> template id
        self._jobs: dict[str, _Job] = {}
        self._downloads: dict[str, bytes] = {}
        self._failures: list[_Failure] = []
        self._job_failures: dict[str, list[tuple[str, str]]] = {}
        self._deny: str | None = None
        self._tamper = False
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> "FakeCanva":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "FakeCanva":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def env(self, tokens: Path) -> dict[str, str]:
        return {
            "BOOKBUILD_CANVA_API": self.base_url + "/rest",
            "BOOKBUILD_CANVA_AUTHORIZE_URL": self.base_url + "/api/oauth/authorize",
            "CANVA_CLIENT_ID": CLIENT_ID,
            "CANVA_CLIENT_SECRET": CLIENT_SECRET,
            "BOOKBUILD_CANVA_TOKENS": str(tokens),
        }

    # -- injection and inspection -------------------------------------------------------------

    def deny_next(self, error: str = "access_denied") -> None:
        self._deny = error

    def tamper_state_next(self) -> None:
        self._tamper = True

    def fail_next(self, status: int, times: int = 1, path: str | None = None, method: str | None = None, retry_after: str | None = None, code: str | None = None) -> None:
        with self._lock:
            self._failures.append(_Failure(status, times, path, method, retry_after, code))

    def drop_next(self, times: int = 1, path: str | None = None) -> None:
        with self._lock:
            self._failures.append(_Failure(0, times, path, None, None, None, drop=True))

    def fail_job(self, kind: str, code: str, message: str) -> None:
        with self._lock:
            self._job_failures.setdefault(kind, []).append((code, message))

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._access = {token: 0.0 for token in self._access}

    def expire_downloads(self) -> None:
        with self._lock:
            self._downloads.clear()

    def count_status(self, status: int) -> int:
        return sum(1 for r in self.requests if r.status == status)

    def count(self, method: str | None = None, prefix: str = "") -> int:
        return sum(1 for r in self.requests if (method is None or r.method == method) and r.path.startswith(prefix))

    def reset_log(self) -> None:
        self.requests.clear()
        self.autofills.clear()

    def issue_tokens(self) -> dict[str, Any]:
        """A token answer as the code exchange gives (for tests that skip the browser)."""
        with self._lock:
            return self._new_tokens(uuid.uuid4().hex, " ".join(sorted(KNOWN_SCOPES - {"profile:read"})))

    def sign_in(self, path: Path, expires_in: float | None = None) -> dict[str, Any]:
        """Write bookbuild's tokens file as `bookbuild canva login` would (0600)."""
        data = self.issue_tokens()
        expires_at = time.time() + (data["expires_in"] if expires_in is None else expires_in)
        record = {"access_token": data["access_token"], "refresh_token": data["refresh_token"], "expires_at": expires_at, "scope": data["scope"], **USER}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record))
        path.chmod(0o600)
        return record

    def refresh_token_valid(self, token: str) -> bool:
        entry = self._refresh.get(token)
        return bool(entry) and not entry["used"] and entry["lineage"] not in self._revoked

    # -- tokens ------------------------------------------------------------------------------

    def _new_tokens(self, lineage: str, scope: str) -> dict[str, Any]:
        access, refresh = "fakeAT-" + secrets.token_urlsafe(24), "fakeRT-" + secrets.token_urlsafe(24)
        self._access[access] = time.time() + self.access_ttl
        self._refresh[refresh] = {"used": False, "lineage": lineage, "scope": scope}
        self.issued += [access, refresh]
        return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": self.access_ttl, "scope": scope}

    def _authorized(self, header: str) -> bool:
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        with self._lock:
            return self._access.get(token, 0.0) > time.time()

    def _take_failure(self, method: str, path: str) -> _Failure | None:
        with self._lock:
            for failure in self._failures:
                if (failure.path is None or path.startswith(failure.path)) and (failure.method is None or failure.method == method):
                    failure.times -= 1
                    if failure.times <= 0:
                        self._failures.remove(failure)
                    return failure
        return None

    # -- jobs --------------------------------------------------------------------------------

    def _job(self, kind: str, success: dict[str, Any]) -> dict[str, Any]:
        job_id = str(uuid.uuid4())
        with self._lock:
            failures = self._job_failures.get(kind) or []
            if failures:
                code, message = failures.pop(0)
                final = {"id": job_id, "status": "failed", "error": {"code": code, "message": message}}
            else:
                final = {"id": job_id, "status": "success", **success}
            self._jobs[job_id] = _Job(kind, job_id, self.job_polls, final)
        return self._job_state(job_id)

    def _job_state(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs[job_id]
            if job.polls_left > 0:
                job.polls_left -= 1
                return {"id": job_id, "status": "in_progress"}
            return job.final


def _trim_box(number: int, width_in: float, height_in: float) -> str:
    """A print export with bleed sets its TrimBox (the page less the bleed: outside edge, top, bottom)."""
    from bookbuild.kdp import geometry, table

    bleed = table.BLEED_IN
    if geometry.find_trim(width_in - bleed, height_in - 2 * bleed) is None:
        return ""
    left = 0.0 if number % 2 else bleed
    box = [left, bleed, left + width_in - bleed, height_in - bleed]
    return " /TrimBox [" + " ".join(f"{v * PT_PER_IN:.2f}" for v in box) + "]"


def make_pdf(pages: int, width_in: float, height_in: float) -> bytes:
    """A small real PDF: each page one full-page coloured rectangle (no fonts, no images)."""
    width, height = width_in * PT_PER_IN, height_in * PT_PER_IN
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for index in range(pages):
        page_number, content_number = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page_number} 0 R")
        shade = 0.3 + 0.6 * (index % 7) / 6
        stream = f"{shade:.3f} 0.55 0.35 rg 0 0 {width:.2f} {height:.2f} re f".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}]{_trim_box(index + 1, width_in, height_in)} /Contents {content_number} 0 R /Resources << >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _handler(fake: FakeCanva) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.fake = fake
    return Handler


class _Handler(BaseHTTPRequestHandler):
    fake: FakeCanva
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    # -- plumbing ------------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None, content_type: str = "application/json") -> None:
        data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
        if getattr(self, "logged", None) is not None:
            self.logged.status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", uuid.uuid4().hex[:16])
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str, **extra: Any) -> None:
        self._send(status, {"code": code, "message": message, **extra})

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        body = self._body() if method == "POST" else b""
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
        self.logged = Logged(method, url.path, headers)
        with self.fake._lock:
            self.fake.requests.append(self.logged)
        failure = self.fake._take_failure(method, url.path)
        if failure is not None and failure.drop:
            self.close_connection = True
            self.connection.shutdown(2)  # no answer at all: the client sees a broken connection
            return
        if failure is not None:
            code = failure.code or {429: "too_many_requests", 403: "permission_denied"}.get(failure.status, "internal_error")
            extra = {"upsell_url": "https://www.canva.com/enterprise/"} if code == "quota_exceeded" else {}
            retry = {"Retry-After": failure.retry_after} if failure.retry_after is not None else None
            return self._send(failure.status, {"code": code, "message": f"injected {failure.status} {code}", **extra}, headers=retry)
        self._dispatch(method, url.path, dict(parse_qsl(url.query)), body)

    def do_GET(self) -> None:  # noqa: N802
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    # -- routes ------------------------------------------------------------------------------

    def _dispatch(self, method: str, path: str, query: dict[str, str], body: bytes) -> None:
        if method == "GET" and path == "/api/oauth/authorize":
            return self._authorize(query)
        if method == "POST" and path in ("/rest/v1/oauth/token", "/auth/v1/oauth/token"):
            return self._token(dict(parse_qsl(body.decode())))
        if method == "POST" and path == "/rest/v1/oauth/revoke":
            return self._revoke(dict(parse_qsl(body.decode())))
        if method == "GET" and path.startswith("/download/"):
            return self._download(path.rsplit("/", 1)[-1])
        if not path.startswith("/rest/v1/"):
            return self._error(404, "not_found", "no such route")
        if not self.fake._authorized(self.headers.get("Authorization", "")):
            return self._error(401, "invalid_access_token", "Access token is invalid")
        return self._api(method, path[len("/rest"):], query, body)

    def _api(self, method: str, path: str, query: dict[str, str], body: bytes) -> None:
        routes = [
            ("GET", r"/v1/users/me", lambda m: self._send(200, {"team_user": USER})),
            ("POST", r"/v1/asset-uploads", lambda m: self._upload(body)),
            ("GET", r"/v1/asset-uploads/([\w-]+)", lambda m: self._poll("asset-uploads", m.group(1))),
            ("GET", r"/v1/brand-templates", lambda m: self._templates()),
            ("GET", r"/v1/brand-templates/(\w+)", lambda m: self._template(m.group(1), dataset=False)),
            ("GET", r"/v1/brand-templates/(\w+)/dataset", lambda m: self._template(m.group(1), dataset=True)),
            ("POST", r"/v1/autofills", lambda m: self._autofill(body)),
            ("GET", r"/v1/autofills/([\w-]+)", lambda m: self._poll("autofills", m.group(1))),
            ("POST", r"/v1/exports", lambda m: self._export(body)),
            ("GET", r"/v1/exports/([\w-]+)", lambda m: self._poll("exports", m.group(1))),
        ]
        for route_method, pattern, action in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return action(match)
        return self._error(404, "not_found", f"no route {method} {path}")

    def _authorize(self, query: dict[str, str]) -> None:
        fake = self.fake
        fake.authorize_queries.append(query)
        problems = []
        if query.get("client_id") != CLIENT_ID:
            problems.append("unknown client_id")
        if query.get("response_type") != "code":
            problems.append("response_type must be code")
        if query.get("code_challenge_method", "").upper() != "S256" or len(query.get("code_challenge", "")) != 43:
            problems.append("PKCE with S256 is required")
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+/.*", query.get("redirect_uri", "")):
            problems.append("redirect_uri must be a registered 127.0.0.1 URL")
        if set(query.get("scope", "").split()) - KNOWN_SCOPES or not query.get("scope"):
            problems.append("invalid scope")
        if problems:
            return self._send(400, raw=("; ".join(problems)).encode(), content_type="text/plain")
        state = query.get("state", "")
        if fake._deny:
            answer = {"error": fake._deny, "error_description": "The user denied access", "state": state}
            fake._deny = None
        else:
            code = "fakecode-" + secrets.token_urlsafe(16)
            fake._codes[code] = {"challenge": query["code_challenge"], "redirect_uri": query["redirect_uri"], "scope": query["scope"], "used": ""}
            answer = {"code": code, "state": "tampered-" + state if fake._tamper else state}
            fake._tamper = False
        self._send(302, raw=b"", headers={"Location": query["redirect_uri"] + "?" + urlencode(answer)}, content_type="text/plain")

    def _client_ok(self) -> bool:
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        return self.headers.get("Authorization") == expected

    def _token(self, form: dict[str, str]) -> None:
        fake = self.fake
        if not self._client_ok():
            return self._send(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        with fake._lock:
            if form.get("grant_type") == "authorization_code":
                return self._exchange(form)
            if form.get("grant_type") == "refresh_token":
                token = form.get("refresh_token", "")
                if not fake.refresh_token_valid(token):
                    return self._send(400, {"error": "invalid_grant", "error_description": "Invalid refresh token"})
                entry = fake._refresh[token]
                entry["used"] = True
                return self._send(200, fake._new_tokens(entry["lineage"], entry["scope"]))
        return self._send(400, {"error": "unsupported_grant_type", "error_description": "grant_type"})

    def _exchange(self, form: dict[str, str]) -> None:
        fake = self.fake
        entry = fake._codes.get(form.get("code", ""))
        if entry is None or entry["used"]:
            return self._send(400, {"error": "invalid_grant", "error_description": "Invalid authorization code"})
        entry["used"] = "yes"
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        good = 43 <= len(verifier) <= 128 and re.fullmatch(r"[A-Za-z0-9._~-]+", verifier) is not None and challenge == entry["challenge"]
        fake.pkce_checks.append(good)
        if not good:
            return self._send(400, {"error": "invalid_grant", "error_description": "code_verifier does not match the code_challenge"})
        if form.get("redirect_uri") != entry["redirect_uri"]:
            return self._send(400, {"error": "invalid_grant", "error_description": "redirect_uri does not match"})
        return self._send(200, fake._new_tokens(uuid.uuid4().hex, entry["scope"]))

    def _revoke(self, form: dict[str, str]) -> None:
        if not self._client_ok():
            return self._send(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        with self.fake._lock:
            entry = self.fake._refresh.get(form.get("token", ""))
            if entry:
                self.fake._revoked.add(entry["lineage"])
        self._send(200, {})

    def _upload(self, body: bytes) -> None:
        if self.headers.get("Content-Type") != "application/octet-stream":
            return self._error(400, "invalid_header_value", "Content-Type must be application/octet-stream")
        try:
            name = base64.b64decode(json.loads(self.headers.get("Asset-Upload-Metadata", ""))["name_base64"]).decode()
        except (ValueError, KeyError, TypeError):
            return self._error(400, "invalid_header_value", "Asset-Upload-Metadata must be JSON with name_base64")
        if not body or len(name) > 50:
            return self._error(400, "bad_request_body", "empty file or name longer than 50 characters")
        asset_id = "M" + uuid.uuid4().hex[:10]
        asset = {"id": asset_id, "type": "image", "name": name, "tags": [], "owner": USER, "created_at": 1377396000, "updated_at": 1692928800,
                 "thumbnail": {"width": 595, "height": 335, "url": f"{self.fake.base_url}/thumb/{asset_id}"}}  # fmt: skip
        with self.fake._lock:
            self.fake._assets[asset_id] = {**asset, "sha256": hashlib.sha256(body).hexdigest()}
        self._send(200, {"job": self.fake._job("asset-uploads", {"asset": asset})})

    def _poll(self, kind: str, job_id: str) -> None:
        job = self.fake._jobs.get(job_id)
        if job is None or job.kind != kind:
            return self._error(404, "not_found", "job not found")
        self._send(200, {"job": self.fake._job_state(job_id)})

    def _templates(self) -> None:
        items = [{"id": t.id, "title": t.title, "created_at": 1704110400, "updated_at": t.updated_at} for t in self.fake.templates.values()]
        self._send(200, {"items": items})

    def _template(self, template_id: str, dataset: bool) -> None:
        template = self.fake.templates.get(template_id)
        if template is None:
            return self._error(404, "not_found", "Brand template not found")
        if dataset:
            return self._send(200, {"dataset": template.dataset})
        self._send(200, {"brand_template": {"id": template.id, "title": template.title, "created_at": 1704110400, "updated_at": template.updated_at}})

    def _autofill(self, body: bytes) -> None:
        fake = self.fake
        request = json.loads(body or b"{}")
        fake.autofills.append(request)
        template = fake.templates.get(request.get("brand_template_id", ""))
        if template is None:
            return self._error(404, "not_found", "Brand template not found")
        if not fake.enterprise:
            return self._error(403, "permission_denied", "The user is not allowed to autofill brand templates")
        problem = self._data_problem(template, request.get("data") or {})
        if problem:
            return self._error(400, "autofill_data_invalid", problem)
        design_id = "DA" + uuid.uuid4().hex[:9]
        with fake._lock:
            fake._designs[design_id] = template.id
        design = {"id": design_id, "title": request.get("title") or template.title, "url": f"https://www.canva.com/design/{design_id}/edit",
                  "thumbnail": {"width": 595, "height": 335, "url": "https://example.invalid/t"}, "created_at": 1586734043, "updated_at": 1586734043, "page_count": template.pages}  # fmt: skip
        result: dict[str, Any] = {"type": "create_design", "design": design}
        if fake.trial_uses is not None:
            result["trial_information"] = {"uses_remaining": fake.trial_uses, "upgrade_url": "https://www.canva.com/enterprise/"}
        self._send(200, {"job": fake._job("autofills", {"result": result})})

    def _data_problem(self, template: Template, data: dict[str, Any]) -> str | None:
        for name, value in data.items():
            spec = template.dataset.get(name)
            if spec is None or spec["type"] != value.get("type"):
                return f"field {name} is not a {value.get('type')} field of the template"
            if value["type"] == "image" and value.get("asset_id") not in self.fake._assets:
                return f"asset {value.get('asset_id')} not found"
            if value["type"] == "text" and not isinstance(value.get("text"), str):
                return f"field {name} needs text"
        return None

    def _export(self, body: bytes) -> None:
        fake = self.fake
        request = json.loads(body or b"{}")
        template_id = fake._designs.get(request.get("design_id", ""))
        fmt = request.get("format") or {}
        if template_id is None:
            return self._error(404, "not_found", "Design not found")
        if fmt.get("type") != "pdf":
            return self._error(400, "bad_request_body", "format.type")
        if fmt.get("export_quality") == "pro" and not fake.pro_license:
            fake.fail_job("exports", "license_required", "User doesn't have the required license to export in PRO quality.")
        template = fake.templates[template_id]
        download = uuid.uuid4().hex
        with fake._lock:
            fake._downloads[download] = make_pdf(template.pages, *template.size_in)
        self._send(200, {"job": fake._job("exports", {"urls": [f"{fake.base_url}/download/{download}"]})})

    def _download(self, download: str) -> None:
        if self.headers.get("Authorization"):
            return self._error(400, "unexpected_authorization", "download URLs are signed: no token must be sent")
        data = self.fake._downloads.get(download)
        if data is None:
            return self._error(404, "not_found", "export job result has expired")
        self._send(200, raw=data, content_type="application/pdf")


@pytest.fixture
def fake_canva(tmp_path, monkeypatch):
    """A started FakeCanva with the environment pointing at it; tokens under tmp_path/config."""
    fake = FakeCanva().start()
    for name, value in fake.env(tmp_path / "config" / "bookbuild" / "canva-tokens.json").items():
        monkeypatch.setenv(name, value)
    try:
        yield fake
    finally:
        fake.stop()
