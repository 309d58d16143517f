"""OAuth 2.0 authorization code flow with PKCE (S256) against Canva (APIS.md A1).

``login`` opens a one-shot HTTP server on 127.0.0.1, announces the authorize URL
(the command prints it and opens a browser), waits for Canva to redirect back
with ``code`` and ``state``, checks the state, and exchanges the code together
with the PKCE verifier for tokens. ``Session`` hands out a fresh access token to
the API client and refreshes it when it is about to expire or was refused; a
refresh token works once, so its successor is saved before anything uses the new
access token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from bookbuild.errors import UsageError

from .config import REDIRECT_PATH, Credentials, Endpoints, redirect_uri
from .errors import CanvaError, LoginFailed, NotSignedIn, SignInExpired
from .tokens import Tokens, TokenStore

if TYPE_CHECKING:
    from .transport import Http

REFRESH_MARGIN_S = 600.0  # refresh when less than 10 minutes are left (the starter kit's rule)


# -- PKCE and the authorize URL --------------------------------------------------------


def pkce_pair() -> tuple[str, str]:
    """(verifier, challenge): 86 chars of [A-Za-z0-9_-], and base64url(SHA-256(verifier)) unpadded."""
    verifier = secrets.token_urlsafe(64)
    return verifier, challenge_of(verifier)


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def authorize_url(endpoints: Endpoints, client_id: str, redirect: str, scopes: str, state: str, challenge: str) -> str:
    query = {
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "scope": scopes,
        "response_type": "code",
        "client_id": client_id,
        "state": state,
        "redirect_uri": redirect,
    }
    separator = "&" if urlsplit(endpoints.authorize).query else "?"
    return endpoints.authorize + separator + urlencode(query)


# -- the 127.0.0.1 callback --------------------------------------------------------------


def check_callback(params: dict[str, str] | None, state: str, waited: float) -> str:
    """The authorization code from the redirect's query, or a LoginFailed that says why not."""
    if params is None:
        raise LoginFailed(f"no answer from Canva within {waited:.0f} s: open the sign-in address in a browser where you are signed in to Canva, then run `bookbuild canva login` again")
    if "error" in params:
        raise LoginFailed(_refusal(params["error"], params.get("error_description", "")))
    if not hmac.compare_digest(params.get("state", ""), state):
        raise LoginFailed(
            "the answer from Canva does not belong to this sign-in (state mismatch): it may come from an older "
            "login tab or another program; nothing was saved; run `bookbuild canva login` again"
        )
    if not params.get("code"):
        raise LoginFailed("Canva sent no authorization code back: run `bookbuild canva login` again")
    return params["code"]


def _refusal(error: str, description: str) -> str:
    detail = f"{error}: {description}" if description else error
    if error == "access_denied":
        return f"Canva sign-in was declined ({detail}): nothing was saved; run `bookbuild canva login` again and choose Allow"
    if error == "invalid_scope":
        return f"Canva refused the requested scopes ({detail}): enable them for your integration in the Developer Portal (see docs/canva.md)"
    return f"Canva refused the sign-in ({detail}): check the integration's redirect URL and scopes (see docs/canva.md)"


class _Handler(BaseHTTPRequestHandler):
    server: "_CallbackHTTPServer"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        if url.path != REDIRECT_PATH:
            self.send_error(404)
            return
        params = dict(parse_qsl(url.query))
        try:
            check_callback(params, self.server.state, 0)
            title, text = "Signed in to Canva", "bookbuild is signed in. You can close this tab and return to the terminal."
        except LoginFailed as exc:
            title, text = "Canva sign-in did not complete", exc.format_message()
        body = f"<!doctype html><meta charset=utf-8><title>{title}</title><h1>{title}</h1><p>{html.escape(text)}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.answer(params)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the query holds the authorization code: never logged


class _CallbackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, state: str):
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = state
        self.params: dict[str, str] | None = None
        self.done = threading.Event()

    def answer(self, params: dict[str, str]) -> None:
        if not self.done.is_set():  # the first answer counts
            self.params = params
            self.done.set()


class CallbackServer:
    """``with CallbackServer(port, state) as cb: ... cb.wait(timeout)``; port 0 picks a free one."""

    def __init__(self, port: int, state: str):
        try:
            self.httpd = _CallbackHTTPServer(port, state)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on 127.0.0.1:{port} for Canva's answer ({exc.strerror}): close the program using that port, "
                "or use another with --port (and register http://127.0.0.1:PORT/oauth/redirect in your integration)"
            ) from None
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def __enter__(self) -> "CallbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait(self, timeout: float) -> dict[str, str] | None:
        self.httpd.done.wait(timeout)
        return self.httpd.params


# -- the token endpoint ------------------------------------------------------------------


class TokenEndpoint:
    """POST {token URL} with HTTP Basic client authentication and a form body."""

    def __init__(self, url: str, credentials: Credentials, http: Http):
        self.url, self.credentials, self.http = url, credentials, http

    def exchange(self, code: str, verifier: str, redirect: str) -> dict[str, Any]:
        form = {"grant_type": "authorization_code", "code": code, "code_verifier": verifier, "redirect_uri": redirect}
        return self._post(form, "finish the sign-in", lambda code, text: LoginFailed(f"Canva did not accept the sign-in ({code}: {text}): run `bookbuild canva login` again"))

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        # A refresh token is spent on arrival: resend only what surely never arrived.
        return self._post(form, "refresh the access token", lambda code, text: SignInExpired(f"{code}: {text}"), safe_to_resend=False)

    def _post(self, form: dict[str, str], doing: str, on_grant_error: Callable[[str, str], Exception], safe_to_resend: bool = True) -> dict[str, Any]:
        from .transport import error_of

        auth = (self.credentials.client_id, self.credentials.client_secret)
        response = self.http.send("POST", self.url, doing, data=form, auth=auth, safe_to_resend=safe_to_resend, headers={"Accept": "application/json"})
        if response.status_code == 200:
            return _token_body(response.json(), doing)
        code, text = error_of(response)
        if code == "invalid_grant" or (response.status_code == 400 and code in ("invalid_request", "invalid_token")):
            raise on_grant_error(code, text)
        if code == "invalid_client" or response.status_code == 401:
            raise UsageError(f"Canva did not accept the client credentials ({code}: {text}): check CANVA_CLIENT_ID and CANVA_CLIENT_SECRET (docs/canva.md)")
        raise CanvaError(doing, code, text, status=response.status_code)


def _token_body(data: Any, doing: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not data.get("access_token") or not data.get("refresh_token"):
        raise CanvaError(doing, "bad_response", "the token answer had no access_token and refresh_token")
    return data


# -- login and the session ----------------------------------------------------------------


def login(endpoints: Endpoints, credentials: Credentials, scopes: str, port: int, announce: Callable[[str, str], None], timeout: float, http: Http) -> Tokens:
    """The whole browser round trip; returns tokens (the caller saves them)."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(32)
    with CallbackServer(port, state) as callback:
        redirect = redirect_uri(callback.port)
        announce(authorize_url(endpoints, credentials.client_id, redirect, scopes, state, challenge), redirect)
        params = callback.wait(timeout)
    code = check_callback(params, state, timeout)
    data = TokenEndpoint(endpoints.token, credentials, http).exchange(code, verifier, redirect)
    return Tokens.from_response(data)


class Session:
    """Access tokens for the API client: loaded once, refreshed before they expire or when refused."""

    def __init__(self, store: TokenStore, endpoint: Callable[[], TokenEndpoint], margin: float = REFRESH_MARGIN_S):
        self.store = store
        self._endpoint = endpoint  # made on the first refresh: only then are credentials needed
        self.margin = margin
        self._current: Tokens | None = None
        self._lock = threading.Lock()

    @property
    def tokens(self) -> Tokens:
        with self._lock:
            return self._loaded()

    def access_token(self) -> str:
        with self._lock:
            tokens = self._loaded()
            if tokens.expires_within(self.margin):
                tokens = self._refresh(tokens.access_token)
            return tokens.access_token

    def refresh(self, refused: str) -> str:
        """After a 401 for ``refused``: a new access token (or the one another thread just got)."""
        with self._lock:
            return self._refresh(refused).access_token

    def _loaded(self) -> Tokens:
        if self._current is None:
            self._current = self.store.load()
            if self._current is None:
                raise NotSignedIn(self.store.path)
        return self._current

    def _refresh(self, stale: str) -> Tokens:
        with self.store.locked():
            on_disk = self.store.load()
            if on_disk is None:
                raise NotSignedIn(self.store.path)
            if on_disk.access_token != stale and not on_disk.expires_within(self.margin):
                self._current = on_disk  # another bookbuild refreshed meanwhile
                return on_disk
            fresh = Tokens.from_response(self._endpoint().refresh(on_disk.refresh_token), on_disk)
            self.store.save(fresh)  # the old refresh token is spent: keep the new one first
            self._current = fresh
            return fresh
