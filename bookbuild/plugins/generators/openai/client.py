"""The `openai` client as the provider uses it: made on first use, shared by the
engine's threads, every request under a concurrency limit, every failure turned
into a ProviderError that says what to fix.

The SDK does the retrying: connection errors, timeouts, 408/409/429 and 5xx are
retried ``max_retries`` times with exponential backoff (0.5 s doubling, capped at
8 s, jittered), waiting what a ``retry-after-ms`` / ``retry-after`` header asks
for when it is at most 120 s (openai >= 2.52). tests/plugins/generators/openai checks this against
the fake server. Two hooks on its HTTP client see every attempt: each is counted on
the running task's meter (so the manifest's ``requests`` are the requests the server
saw, retries included), and a 429 ``insufficient_quota`` (no credit left) is not
retried: it stops the build at once. ``openai`` is imported here only inside
functions: `bookbuild --help` and offline builds never load it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from typing import Any, Callable, TypeVar

from bookbuild.engine import budget
from bookbuild.engine.urgency import Slots
from bookbuild.errors import ProviderError

T = TypeVar("T")
DEFAULT_BASE_URL = "https://api.openai.com/v1"
KEY_VARIABLE = "OPENAI_API_KEY"
_MISSING_KEY = (
    f"{KEY_VARIABLE} is not set: the openai provider needs an API key. Set {KEY_VARIABLE} to your key "
    "(https://platform.openai.com/api-keys); for a local OpenAI-compatible server at OPENAI_BASE_URL any "
    "non-empty value works, e.g. OPENAI_API_KEY=local. Or build offline: BOOKBUILD_PROVIDER=offline"
)
# Anything that looks like an OpenAI secret, in case a server echoes one back.
_SECRET = re.compile(r"\b(sk|rk|sess)-[A-Za-z0-9_\-*]{6,}")
# Error codes that mean no request can succeed until someone pays: never retried.
OUT_OF_CREDIT = ("insufficient_quota", "billing_hard_limit_reached")


class BadAnswer(Exception):
    """The server answered, but not with what the API answers (a body that is not JSON,
    no image, bytes that are not a picture): the server's fault, worth one more try."""


class Unanswered(ProviderError):
    """No answer came (a timeout): the server may still have done, and billed, the work."""


class Connection:
    """One lazily made ``openai.OpenAI`` client and the semaphore every request takes."""

    def __init__(self, concurrency: int, max_retries: int, timeout: float):
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.timeout = timeout
        self._slots = Slots(concurrency)  # the most urgent waiting request takes a freed one
        self._lock = threading.Lock()
        self._client: Any = None
        self._made_for: tuple[str, str] | None = None
        # Whether the server has images.edit: None until it answered one (one asks at a time until then).
        self.edits: bool | None = None
        self.edits_probe = threading.Lock()
        self.stopped = ""  # why no request can succeed (no credit, a refused key): none is sent then

    def resize(self, concurrency: int) -> None:
        """At most ``concurrency`` requests in flight from now on (this run's --requests)."""
        if concurrency != self.concurrency:
            self.concurrency = concurrency
            self._slots.resize(concurrency)

    def client(self) -> Any:
        """The client for the current OPENAI_API_KEY and OPENAI_BASE_URL (remade if they change)."""
        env = (os.environ.get(KEY_VARIABLE, ""), os.environ.get("OPENAI_BASE_URL", ""))
        if not env[0].strip():
            raise ProviderError(_MISSING_KEY)
        with self._lock:
            if self._client is None or self._made_for != env:
                self._client = _make_client(env[0], env[1], self.max_retries, self.timeout)
                self._made_for = env
            return self._client

    def prepare(self) -> None:
        """Make the client now, and load what the SDK loads on an endpoint's first use (the
        build's first requests would each wait ~0.02-0.05 s for it otherwise)."""
        client = self.client()
        for endpoint in ("chat", "images", "moderations"):
            getattr(client, endpoint)

    def call(self, what: str, request: Callable[[Any], T]) -> T:
        """``request(client)`` inside a concurrency slot; API errors become ProviderErrors.

        ``what`` completes "while ...": "writing the story with gpt-4.1-mini".
        """
        client = self.client()
        with self._slots.take():
            if self.stopped:  # another thread found the account empty: not one more request
                raise ProviderError(self.stopped, fatal=True)
            try:
                return request(client)
            except json.JSONDecodeError as exc:  # the SDK could not read the body as JSON
                raise BadAnswer(f"a body that is not JSON ({exc.msg} at character {exc.pos})") from exc
            except Exception as exc:
                error = translate(exc, what, self)
                if error is None:
                    raise
                if getattr(error, "fatal", False):
                    self.stopped = error.format_message()
                raise error from exc


def _make_client(key: str, base_url: str, max_retries: int, timeout: float) -> Any:
    import openai

    hooks = {"request": [_count_attempt], "response": [_stop_when_out_of_credit]}
    http = openai.DefaultHttpxClient(event_hooks=hooks)
    # base_url=None lets the SDK read OPENAI_BASE_URL itself (and use its default without it).
    return openai.OpenAI(api_key=key, base_url=base_url or None, max_retries=max_retries, timeout=timeout, http_client=http)


def _count_attempt(request: Any) -> None:
    """Every attempt the SDK sends, its retries included, on the running task's meter."""
    meter = budget.current()
    if meter is not None:
        meter.count_request()


def _stop_when_out_of_credit(response: Any) -> None:
    """A 429 that says the account has no credit is not a rate limit: tell the SDK not to retry."""
    if response.status_code not in (400, 429):
        return
    try:
        response.read()
        code = ((json.loads(response.content or b"{}") or {}).get("error") or {}).get("code")
    except (ValueError, AttributeError):
        return
    if code in OUT_OF_CREDIT:
        response.headers["x-should-retry"] = "false"


def base_url() -> str:
    return os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL


def translate(exc: BaseException, what: str, conn: Connection) -> ProviderError | None:
    """A clear ProviderError for an ``openai`` exception; None for anything else (a bug: re-raised)."""
    import openai

    if getattr(exc, "code", None) in OUT_OF_CREDIT:
        return ProviderError(scrub(_out_of_credit(exc, what, conn)), fatal=True)
    if isinstance(exc, openai.APITimeoutError):
        return Unanswered(scrub(_timeout(exc, what, conn)))
    for kind, explain in _EXPLAINERS:
        if isinstance(exc, getattr(openai, kind)):
            error = ProviderError(scrub(explain(exc, what, conn)), fatal=kind == "AuthenticationError")
            error.missing_endpoint = isinstance(exc, openai.NotFoundError) or getattr(exc, "status_code", None) in (405, 501)
            return error
    return None


def _auth(exc: Any, what: str, conn: Connection) -> str:
    # The server's message is left out on purpose: OpenAI's quotes part of the key.
    return (
        f"OpenAI rejected the API key (401 Unauthorized) while {what}; check {KEY_VARIABLE} "
        f"(make a new key at https://platform.openai.com/api-keys; a local server at OPENAI_BASE_URL "
        "may need the key it was started with)"
    )


def _forbidden(exc: Any, what: str, conn: Connection) -> str:
    return (
        f"OpenAI refused access (403 Forbidden) while {what}: {server_message(exc)}. The key's project may not "
        f"have this model (gpt-image-1 needs a verified organization): check {KEY_VARIABLE} and the models in "
        "[openai] of bookbuild.toml"
    )


def _not_found(exc: Any, what: str, conn: Connection) -> str:
    return (
        f"{base_url()} answered 404 Not Found while {what}: {server_message(exc)}. Check the model names in "
        "[openai] of bookbuild.toml and OPENAI_BASE_URL; OpenAI-compatible servers other than OpenAI usually "
        "have no moderation endpoint: set moderation = false in [openai] (the offline word list still runs)"
    )


def _out_of_credit(exc: Any, what: str, conn: Connection) -> str:
    status = getattr(exc, "status_code", "?")
    return (
        f"{base_url()} refused the request while {what}: the account is out of credit ({status} {exc.code}), so no "
        "further AI call was started. This is billing, not a rate limit: add credit or raise the limit at "
        "https://platform.openai.com/settings/organization/billing, then build again (what finished is cached)"
    )


def _rate_limited(exc: Any, what: str, conn: Connection) -> str:
    return (
        f"OpenAI kept rate-limiting the requests (429) while {what}, after {conn.max_retries} retries: "
        f"{server_message(exc)}. Lower concurrency (now {conn.concurrency}) or raise max_retries in [openai] of "
        "bookbuild.toml (or lower it for one run: --requests, BOOKBUILD_REQUESTS), or wait and build again: finished "
        "pages are cached and are not paid for twice"
    )


def _bad_request(exc: Any, what: str, conn: Connection) -> str:
    if getattr(exc, "code", None) == "moderation_blocked":
        return f"OpenAI's safety system blocked the request while {what}: {server_message(exc)}. Reword the prompt"
    param = getattr(exc, "param", None)
    where = f", parameter {param}" if param else ""
    return (
        f"OpenAI rejected the request (400 Bad Request{where}) while {what}: {server_message(exc)}. Check the "
        "[openai] settings in bookbuild.toml (model, image_size, image_quality, temperature)"
    )


def _status(exc: Any, what: str, conn: Connection) -> str:
    status = getattr(exc, "status_code", "?")
    retried = f", after {conn.max_retries} retries" if isinstance(status, int) and (status >= 500 or status in (408, 409)) else ""
    return (
        f"{base_url()} answered {status} while {what}{retried}: {server_message(exc)}. Try again later: finished "
        "pages are cached and are not paid for twice"
    )


def _timeout(exc: Any, what: str, conn: Connection) -> str:
    return (
        f"no answer from {base_url()} within {conn.timeout:g} s while {what} ({conn.max_retries} retries). "
        "Raise timeout in [openai] of bookbuild.toml, or lower image_quality"
    )


def _connection(exc: Any, what: str, conn: Connection) -> str:
    cause = exc.__cause__ or exc
    return f"cannot reach {base_url()} while {what}: {cause}. Check the network and OPENAI_BASE_URL"


def _other(exc: Any, what: str, conn: Connection) -> str:
    return f"the openai package failed while {what}: {type(exc).__name__}: {exc}"


# Most specific first: APITimeoutError is an APIConnectionError, all are OpenAIErrors.
_EXPLAINERS: tuple[tuple[str, Callable[[Any, str, Connection], str]], ...] = (
    ("AuthenticationError", _auth),
    ("PermissionDeniedError", _forbidden),
    ("NotFoundError", _not_found),
    ("RateLimitError", _rate_limited),
    ("BadRequestError", _bad_request),
    ("APIStatusError", _status),
    ("APITimeoutError", _timeout),
    ("APIConnectionError", _connection),
    ("OpenAIError", _other),
)


def server_message(exc: Any) -> str:
    """The ``error.message`` of the response body, else the exception's own text."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    return str(getattr(exc, "message", "") or exc)


def scrub(text: str) -> str:
    """Never show a key: the current one, or anything shaped like one."""
    key = os.environ.get(KEY_VARIABLE, "")
    if len(key) >= 8:  # shorter ones ("local") are placeholders for local servers, not secrets
        text = text.replace(key, "***")
    return _SECRET.sub("***", text)
