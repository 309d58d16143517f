"""Being a good API citizen: backoff with jitter, Retry-After, and Canva's per-minute limits.

Canva documents per-user, per-endpoint limits in requests per minute (APIS.md A7)
and no rate-limit headers, so the client spaces its own requests with a token
bucket per endpoint (a burst of one minute's worth, then the documented rate) and
still backs off when a 429 comes, honouring Retry-After when a server sends one.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

# (method, route) -> requests per minute for each user of an integration (APIS.md A7).
RATE_LIMITS: dict[tuple[str, str], int] = {
    ("POST", "/v1/asset-uploads"): 30,
    ("GET", "/v1/asset-uploads/{}"): 180,
    ("POST", "/v1/autofills"): 60,
    ("GET", "/v1/autofills/{}"): 60,
    ("GET", "/v1/brand-templates"): 100,
    ("GET", "/v1/brand-templates/{}"): 100,
    ("GET", "/v1/brand-templates/{}/dataset"): 100,
    ("POST", "/v1/exports"): 20,
    ("GET", "/v1/exports/{}"): 120,
    ("GET", "/v1/users/me"): 10,
}


@dataclass
class Backoff:
    """How long to wait before retry number ``attempt`` (0-based), and how many there are."""

    retries: int = 5
    base: float = 1.0  # seconds before the first retry (about: jittered)
    cap: float = 60.0  # no single wait is longer
    max_wait: float = 120.0  # a Retry-After longer than this is not waited out: the user is told
    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = random.random

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return retry_after
        step = min(self.cap, self.base * 2**attempt)
        # "Equal jitter": at least half the step, so retries never bunch up at zero.
        return step / 2 + self.random() * step / 2


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def route_of(path: str) -> str:
    """/v1/asset-uploads/e088... -> /v1/asset-uploads/{} (ids are the fourth segment)."""
    parts = path.split("?", 1)[0].split("/")
    if len(parts) > 3:
        parts[3] = "{}"
    return "/".join(parts)


@dataclass
class _Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """One token bucket per (method, route); acquire() waits when a bucket is empty."""

    limits: dict[tuple[str, str], int] = field(default_factory=lambda: dict(RATE_LIMITS))
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _buckets: dict[tuple[str, str], _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def acquire(self, method: str, path: str) -> float:
        """Take a token for this request; returns the seconds waited."""
        key = (method.upper(), route_of(path))
        if key not in self.limits:
            return 0.0
        with self._lock:
            wait = self._reserve(key)
        if wait > 0:
            self.sleep(wait)
        return wait

    def _reserve(self, key: tuple[str, str]) -> float:
        now = self.clock()
        per_minute = self.limits[key]
        bucket = self._buckets.setdefault(key, _Bucket(per_minute / 60.0, float(per_minute), float(per_minute), now))
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updated) * bucket.rate)
        bucket.updated = now
        bucket.tokens -= 1  # reserved now, so waiting threads queue up in order
        return max(0.0, -bucket.tokens / bucket.rate)
