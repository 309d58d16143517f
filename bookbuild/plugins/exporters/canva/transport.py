"""HTTP to Canva on httpx: retries with backoff, Retry-After, rate limits, error bodies.

Knows nothing about tokens (client.py and oauth.py add them), so it can never log
one: it logs the method, the route (ids stripped), the status and Canva's
x-request-id, never a header or a body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from .errors import CanvaError
from .retry import Backoff, RateLimiter, retry_after_seconds, route_of

log = logging.getLogger(__name__)
USER_AGENT = "bookbuild-canva"
# 429s that will not pass by waiting: a plan's quota (APIS.md A4).
NOT_TRANSIENT = {"quota_exceeded"}


def error_of(response: httpx.Response) -> tuple[str, str]:
    """(code, message) from a REST error {"code","message"} or an OAuth one {"error","error_description"}."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code") or body.get("error")
        message = body.get("message") or body.get("error_description") or ""
        if code:
            return str(code), str(message)
    return f"http_{response.status_code}", response.reason_phrase or "unexpected answer"


@dataclass
class Http:
    timeout: float = 60.0
    backoff: Backoff = field(default_factory=Backoff)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    client: httpx.Client | None = None

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(timeout=self.timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def send(self, method: str, url: str, doing: str, *, safe_to_resend: bool = True, **kwargs: Any) -> httpx.Response:
        """One request with retries: 429 (Retry-After honoured), 5xx and network errors.

        ``safe_to_resend=False`` (spending a refresh token) retries only errors where
        the request surely never reached Canva: a refused connection, a 429.
        """
        path = _api_path(urlsplit(url).path)
        for attempt in range(self.backoff.retries + 1):
            self.limiter.acquire(method, path)
            try:
                response = self.client.request(method, url, **kwargs)  # type: ignore[union-attr]
            except httpx.TransportError as exc:
                if attempt < self.backoff.retries and (safe_to_resend or isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))):
                    self._wait(attempt, None, f"{type(exc).__name__}", method, path)
                    continue
                raise CanvaError(doing, "", f"cannot reach {urlsplit(url).netloc}: {type(exc).__name__}: {exc or 'no answer'}", "check the network connection, and BOOKBUILD_CANVA_API if you set it") from None
            log.debug("%s %s -> %s (x-request-id %s)", method, route_of(path), response.status_code, response.headers.get("x-request-id", "-"))
            if not self._transient(response, safe_to_resend) or attempt == self.backoff.retries:
                return self._final(response, attempt, doing)
            self._wait(attempt, response, str(response.status_code), method, path)
        raise AssertionError("unreachable")

    def _transient(self, response: httpx.Response, safe_to_resend: bool) -> bool:
        if response.status_code == 429:
            return error_of(response)[0] not in NOT_TRANSIENT
        return response.status_code >= 500 and safe_to_resend

    def _wait(self, attempt: int, response: httpx.Response | None, why: str, method: str, path: str) -> None:
        retry_after = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        if retry_after is not None and retry_after > self.backoff.max_wait:
            code, message = error_of(response)  # type: ignore[arg-type]
            raise CanvaError(f"answer {method} {route_of(path)}", code, message, f"Canva asks to wait {retry_after / 60:.0f} minutes: try again later; what finished is cached", status=429)
        delay = self.backoff.delay(attempt, retry_after)
        log.info("Canva %s %s: %s, retry %d in %.1fs", method, route_of(path), why, attempt + 1, delay)
        self.backoff.sleep(delay)

    def _final(self, response: httpx.Response, attempt: int, doing: str) -> httpx.Response:
        """After the last retry a 429 or 5xx becomes an error that says it was retried."""
        if attempt and (response.status_code == 429 or response.status_code >= 500):
            code, message = error_of(response)
            if code not in NOT_TRANSIENT:
                raise CanvaError(doing, code, message, f"still failing after {attempt} {'retry' if attempt == 1 else 'retries'} with backoff: wait a minute and run it again; what finished is cached", status=response.status_code)
        return response


def _api_path(path: str) -> str:
    """/rest/v1/exports -> /v1/exports, whatever prefix the base URL has."""
    index = path.find("/v1/")
    return path[index:] if index >= 0 else path
