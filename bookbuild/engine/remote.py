"""A shared remote cache on S3-compatible storage: AWS S3, Cloudflare R2, MinIO,
Backblaze B2, GCS's S3 interface.

The same content-addressed cache as the local one, one level up, under
``s3://bucket/prefix/v1/``: ``tasks/<key>`` holds a task's entry (canonical JSON:
its key, its value, the digests of its files, its usage) and ``files/<sha256>`` the bytes of
one file. Four operations, each checked: get or put an entry by key, get or put a
file by digest. Objects are written once (``If-None-Match: *``); a downloaded file
must hash to its name and an entry to the checksum it carries (and name the key it
was asked for), or it is not used.

Endpoint, region and credentials come from the standard AWS chain (AWS_* variables,
~/.aws/config and credentials, SSO, instance and container roles) through boto3;
with no credentials at all, requests go unsigned (a public-read bucket). Nothing
bookbuild writes holds a credential: keys and digests are hashes of content.

The remote is an optimisation, never a dependency: any failure other than "not
there" (no connection, timeouts after bounded retries, 5xx, no credentials) warns
once and turns it off for the rest of the run; the build goes on locally.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from bookbuild.errors import UsageError
from .hashing import canonical, sha256

if TYPE_CHECKING:
    from bookbuild.settings import Settings

log = logging.getLogger("bookbuild.remote")

ENV_URL = "BOOKBUILD_REMOTE_CACHE"
ENV_MODE = "BOOKBUILD_REMOTE_CACHE_MODE"
MODES = ("readwrite", "read")
LAYOUT = "v1"  # the object layout under the prefix; a new layout gets a new folder
ENTRY_FORMAT = 1
ATTEMPTS = 3  # per request, with the SDK's exponential backoff between them
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_MISSING = {"404", "NoSuchKey", "NotFound"}
_EXISTS = {"412", "PreconditionFailed", "ConditionalRequestConflict"}
_DENIED = {"403", "AccessDenied", "AllAccessDisabled"}


def parse_url(text: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` -> (bucket, prefix without slashes at either end)."""
    m = re.fullmatch(r"s3://([^/?#]*)/*([^?#]*)", text.strip())
    if not m:
        raise ValueError(f"{text!r} is not an S3 URL; write s3://bucket/prefix (endpoint and credentials come from the AWS_* variables)")
    bucket, prefix = m.group(1), m.group(2).strip("/")
    if "@" in bucket or ":" in bucket:
        raise ValueError("the URL must not hold credentials or an endpoint; write s3://bucket/prefix and set AWS_ENDPOINT_URL and the AWS credentials in the environment")
    if not _BUCKET.fullmatch(bucket):
        raise ValueError(f"{bucket!r} is not a bucket name (3-63 lowercase letters, digits, dots and dashes); write s3://bucket/prefix")
    return bucket, prefix


def check_url(text: str) -> str:
    """The ``[cache] remote`` setting's check: a valid URL, or "" for none."""
    if text.strip():
        parse_url(text)
    return text.strip()


@dataclass(frozen=True)
class RemoteConfig:
    bucket: str
    prefix: str = ""
    mode: str = "readwrite"  # or "read": never upload (untrusted pull requests)
    timeout: float = 5.0  # seconds to connect and for each read, per attempt

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    @property
    def writable(self) -> bool:
        return self.mode == "readwrite"


def configure(settings: Settings) -> RemoteConfig | None:
    """The remote for this repository: $BOOKBUILD_REMOTE_CACHE over ``[cache] remote``
    (set but empty: none), $BOOKBUILD_REMOTE_CACHE_MODE over ``[cache] mode``."""
    section = settings.section("cache")
    url = os.environ.get(ENV_URL, section.get("remote") or "").strip()
    if not url:
        return None
    mode = os.environ.get(ENV_MODE, "").strip() or section.get("mode") or "readwrite"
    if mode not in MODES:
        raise UsageError(f"{ENV_MODE}={mode!r}: expected one of {', '.join(MODES)}")
    try:
        bucket, prefix = parse_url(url)
    except ValueError as exc:
        raise UsageError(f"{ENV_URL}: {exc}") from None
    return RemoteConfig(bucket, prefix, mode, float(section.get("timeout") or 5.0))


@dataclass
class Counters:
    """What the remote did in this run (the manifest shows the damaged objects)."""

    hits: int = 0  # entries found
    misses: int = 0
    uploads: int = 0  # objects written
    bytes_down: int = 0
    bytes_up: int = 0
    damaged: int = 0  # objects that failed their check and were not used


@dataclass
class S3Remote:
    config: RemoteConfig
    counters: Counters = field(default_factory=Counters)
    problem: str = ""  # why the remote was turned off for this run ("" while it works)
    read_only_reason: str = ""  # why uploads were turned off (credentials that may only read)
    damaged: set[str] = field(default_factory=set)  # object names that failed their check: rewritten, not kept
    _client: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _denied_warned: bool = False

    @property
    def url(self) -> str:
        return self.config.url

    @property
    def alive(self) -> bool:
        return not self.problem

    @property
    def writable(self) -> bool:
        return self.config.writable and self.alive and not self.read_only_reason

    # -- the four operations ---------------------------------------------------

    def get_entry(self, key: str) -> tuple[dict, int] | None:
        """A task's entry and its size in bytes, or None when it is not there (or is
        damaged, or the remote is off)."""
        name = self._name("tasks", key)
        body = self._get(name)
        if body is None:
            if self.alive:
                with self._lock:
                    self.counters.misses += 1
            return None
        entry = _parse_entry(body, key)
        if entry is None:
            self._damaged(name, "an entry that is not what bookbuild wrote (its checksum does not match)")
            return None
        with self._lock:
            self.counters.hits += 1
        return entry, len(body)

    def broken(self, key: str) -> None:
        """The entry names a file that is missing or damaged: the next put replaces it."""
        with self._lock:
            self.damaged.add(self._name("tasks", key))

    def get_file(self, digest: str) -> bytes | None:
        """A file's bytes, only if they hash to ``digest``."""
        name = self._name("files", digest)
        data = self._get(name)
        if data is not None and sha256(data) != digest:
            self._damaged(name, "a file whose bytes no longer match their digest")
            return None
        return data

    def put_entry(self, key: str, entry: dict) -> int:
        """Write a task's entry once; bytes sent (0: it was there, or writes are off)."""
        return self._put(self._name("tasks", key), encode_entry(key, entry))

    def put_file(self, digest: str, data: bytes) -> int:
        name = self._name("files", digest)
        if not self.writable or (name not in self.damaged and self._exists(name)):
            return 0  # content-addressed: the same name holds the same bytes
        return self._put(name, data)

    # -- listing (cache stats) -------------------------------------------------

    def usage(self) -> dict[str, int] | None:
        """How many entries and files the remote holds, and their bytes (None: unreachable)."""
        found = {"tasks": 0, "files": 0, "bytes": 0}
        try:
            for kind, size in self._list():
                found[kind] += 1
                found["bytes"] += size
        except Exception as exc:  # noqa: BLE001 - any failure: say so, as for a build
            self._off(exc)
            return None
        return found

    def _list(self) -> Iterator[tuple[str, int]]:
        root = self._root
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.config.bucket, Prefix=root)
        for page in pages:
            for obj in page.get("Contents", ()):
                kind = obj["Key"][len(root) :].split("/", 1)[0]
                if kind in ("tasks", "files"):
                    yield kind, int(obj.get("Size", 0))

    # -- requests ----------------------------------------------------------------

    @property
    def _root(self) -> str:
        return "/".join(p for p in (self.config.prefix, LAYOUT) if p) + "/"

    def _name(self, kind: str, name: str) -> str:
        return f"{self._root}{kind}/{name}"

    def _get(self, name: str) -> bytes | None:
        if not self.alive:
            return None
        try:
            body = self.client.get_object(Bucket=self.config.bucket, Key=name)["Body"].read()
        except Exception as exc:  # noqa: BLE001 - sorted out by _failed
            return self._failed(exc, reading=True)
        with self._lock:
            self.counters.bytes_down += len(body)
        return body

    def _exists(self, name: str) -> bool:
        if not self.alive:
            return True  # nothing to do
        try:
            self.client.head_object(Bucket=self.config.bucket, Key=name)
            return True
        except Exception as exc:  # noqa: BLE001
            return self._failed(exc, reading=True) is not None

    def _put(self, name: str, data: bytes) -> int:
        if not self.writable:
            return 0
        # Write once; an object found damaged is replaced by the good bytes.
        once = {} if name in self.damaged else {"IfNoneMatch": "*"}
        try:
            self.client.put_object(Bucket=self.config.bucket, Key=name, Body=data, **once)
        except Exception as exc:  # noqa: BLE001
            code = _code(exc)
            if code in _EXISTS:
                return 0  # another machine wrote it first: same key, an equally good result
            if code in _DENIED:
                self._read_only(code)
                return 0
            self._off(exc)
            return 0
        with self._lock:
            self.damaged.discard(name)
            self.counters.uploads += 1
            self.counters.bytes_up += len(data)
        return len(data)

    def _failed(self, exc: Exception, reading: bool) -> None:
        """Not there is a miss; denied is a miss (S3 says 403 for a missing key when
        listing is not allowed); anything else turns the remote off."""
        code = _code(exc)
        if code in _MISSING:
            return None
        if code in _DENIED and reading:
            self._warn_denied(code)
            return None
        self._off(exc)
        return None

    def _off(self, exc: BaseException) -> None:
        with self._lock:
            if self.problem:
                return
            self.problem = _describe(exc)
        log.warning("remote cache %s: %s; going on with the local cache only for this run", self.url, self.problem)

    def _read_only(self, code: str) -> None:
        with self._lock:
            if self.read_only_reason:
                return
            self.read_only_reason = f"uploads refused ({code})"
        log.warning("remote cache %s: uploads refused (%s): these credentials may only read; set %s=read to stop trying", self.url, code, ENV_MODE)

    def _warn_denied(self, code: str) -> None:
        with self._lock:
            if self._denied_warned:
                return
            self._denied_warned = True
        log.warning("remote cache %s: reading an object was refused (%s); taken as not cached. Check the credentials, or allow s3:ListBucket so that a missing object is a plain 404", self.url, code)

    def _damaged(self, name: str, what: str) -> None:
        with self._lock:
            self.counters.damaged += 1
            self.damaged.add(name)
        log.warning("remote cache %s: %s is %s; not used, it is made again here%s", self.url, name, what, " and replaced" if self.writable else "")

    @property
    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = _make_client(self.config)
            return self._client


def encode_entry(key: str, entry: dict) -> bytes:
    """Canonical JSON naming its key, with a checksum of itself, so a damaged, foreign
    or misplaced entry is refused."""
    body = {**entry, "key": key, "format": ENTRY_FORMAT}
    body.pop("sha256", None)
    return canonical({**body, "sha256": sha256(canonical(body))})


def _parse_entry(body: bytes, key: str) -> dict | None:
    try:
        entry = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("key") != key:
        return None
    if not isinstance(entry.get("files"), dict) or not isinstance(entry.get("usage"), dict) or "value" not in entry:
        return None
    check = entry.pop("sha256", None)
    if check != sha256(canonical(entry)):
        return None
    del entry["format"], entry["key"]
    return entry


def _make_client(config: RemoteConfig) -> Any:
    """An S3 client from the standard AWS chain, with bounded timeouts and retries."""
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    session = boto3.session.Session()
    options: dict[str, Any] = {}
    if session.get_credentials() is None:
        options["signature_version"] = UNSIGNED  # no credentials anywhere: a public-read bucket
    settings = Config(
        connect_timeout=config.timeout,
        read_timeout=config.timeout,
        retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
        max_pool_connections=32,
        user_agent_extra="bookbuild",
        # Checksums only where S3 requires them: every download is checked against its
        # SHA-256 anyway, and some S3-compatible stores refuse the SDK's default ones.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        **options,
    )
    return session.client("s3", config=settings)


def _code(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error", {})
        return str(error.get("Code") or response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
    return ""


def _describe(exc: BaseException) -> str:
    """One line for the user; never a credential (URLs lose any user:password@)."""
    from botocore.exceptions import ConnectionError, HTTPClientError, NoCredentialsError

    if isinstance(exc, NoCredentialsError):
        return "no AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or a role)"
    text = re.sub(r"//[^/@\s]+@", "//", str(exc)) or type(exc).__name__
    if isinstance(exc, (ConnectionError, HTTPClientError)):
        return f"unreachable ({text})"
    return f"failing ({text})"
