"""A fake OpenAI API for tests: a stdlib HTTP server on 127.0.0.1 that speaks the
wire format the `openai` package sends and expects (APIS.md part B), so tests run
the real client against it by base URL.

README. In a test module: ``from fakes.openai_server import fake_openai`` (tests/
is on sys.path through tests/conftest.py), then take ``fake_openai`` as a fixture:
it starts a server on a free port, sets OPENAI_BASE_URL and OPENAI_API_KEY for
the test and shuts the server down afterwards (``make_provider`` adds bookbuild's
OpenAIProvider pointed at it). Or use ``with FakeOpenAI() as fake:`` directly.
Import it rather than adding a conftest.py in a tests/ subfolder: a second module
named conftest shadows tests/conftest.py for ``from helpers import ...``.
A story test can flag its first page text with ``flag_next(1, "text")`` (passes
on the retry) or put FLAGME in the brief (flagged every time). Endpoints:

- POST /v1/chat/completions, /v1/responses: JSON matching the request's
  json_schema (arrays get minItems items; a string whose schema description says
  "15-45 words" gets that many words), deterministic from the request. Names
  come from the request's "- Name" lines. ``reply_next(content)`` queues a raw
  answer instead (invalid JSON, wrong page count, a refusal, finish_reason).
- POST /v1/images/generations, /v1/images/edits (multipart): base64 PNGs of the
  requested size (gpt-image-1 sizes are checked like the real API), pixels
  derived from the prompt hash, with a ``usage`` block.
- POST /v1/moderations: strings, lists of strings, multi-modal lists (one result).
  Flags text containing ``flag_marker`` ("FLAGME"), images drawn from a prompt
  containing ``image_flag_marker`` ("FLAGIMAGE"), everything when
  ``flag_everything``, and the next N inputs with ``flag_next(n, "text"|"image")``.
  A chat request mentioning "FLAGME" gets it echoed into its first page text.

Injectable: ``latency`` (seconds per request: an answer leaves that long after its
request arrived, the fake's own work on it included, as a real server's time is), ``fail_next(status, times,
retry_after=, retry_after_ms=, path=, code=)`` (429/500/503... in order; code
"insufficient_quota" answers as OpenAI does when the account has no credit),
``answer_next(kind, times, path=)`` wrong answers with status 200 ("html": a
text/html body, "badjson": JSON that does not parse, "notimage": base64 bytes that
are not a picture, "tiny": an 8x8 picture, "wide": 640x256, "nodata": no b64_json),
``edits_supported = False`` (404 on /images/edits, like servers without it),
``token_scale`` (every answer reports, and bills, that many times the tokens: a
price the table does not know). A wrong key gives 401 (the body quotes the key,
as a worst case).

Money at the server: ``billed()`` is what the answers sent so far would cost, by
their reported usage at OpenAI's token prices (``TOKEN_PRICES``); a request with
no usage (an error, a wrong answer without usage) bills nothing, one whose image
was not a picture bills its tokens all the same. Every request is logged
(``requests``: path, JSON body or form fields (a file as {filename, content_type,
size, sha256}), headers without Authorization, times, the USD it billed);
``count(path)``, ``bodies(path)``, ``max_in_flight``, ``reset()``.
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import hashlib
import json
import random
import re
import struct
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

API_KEY = "test-key"
CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
    "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence", "violence/graphic",
)  # fmt: skip
IMAGE_CATEGORIES = ("self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "violence", "violence/graphic")
GPT_IMAGE_SIZES = ("1024x1024", "1024x1536", "1536x1024", "auto")
# Output image tokens per quality for a square / a portrait or landscape picture (APIS.md B5).
IMAGE_TOKENS = {"low": (272, 408), "medium": (1056, 1584), "high": (4160, 6240), "auto": (1056, 1584)}
# Input image tokens of one picture attached to an edit (low and high input fidelity).
EDIT_IMAGE_TOKENS = {"low": 323, "high": 1300}
# USD per 1M tokens (APIS.md B5): text in, image in, out. Other models bill at gpt-4.1-mini's.
TOKEN_PRICES = {"gpt-image-1": (5.0, 10.0, 40.0), "gpt-4.1-mini": (0.40, 0.0, 1.60)}
BAD_ANSWERS = ("html", "badjson", "notimage", "tiny", "wide", "nodata")
NAMES = ("Pip", "Moss", "Juniper")
WORDS = (
    "little sunny meadow friend smiled gently under the bright blue sky and soft green grass "
    "together they walked along a winding path past tall trees humming a happy song "
    "at home warm bread waited on the table beside a cosy chair by the window"
).split()


@dataclass
class Logged:
    method: str
    path: str  # without the /v1 prefix: "/chat/completions"
    headers: dict[str, str]  # lower-case names; Authorization left out
    body: Any  # parsed JSON, or form fields for multipart
    started: float
    finished: float = 0.0
    status: int = 0
    billed: float = 0.0  # USD, by the usage its answer reported
    pictures: list[str] = field(default_factory=list)  # sha256 of each picture it answered with


@dataclass
class Failure:
    status: int
    path: str | None = None  # only requests to this endpoint ("/images/generations")
    retry_after: float | None = None
    retry_after_ms: int | None = None
    code: str | None = None
    message: str | None = None


@dataclass
class BadAnswer:
    kind: str  # one of BAD_ANSWERS
    path: str | None = None
    prompt_has: str | None = None  # only a request whose prompt holds this text (whichever task asks first)


@dataclass
class Reply:
    content: str | None
    finish_reason: str = "stop"
    refusal: str | None = None


@dataclass
class _State:
    """The fake's settings and records; ``reset`` replaces it whole."""

    latency: float = 0.0
    flag_marker: str = "FLAGME"
    image_flag_marker: str = "FLAGIMAGE"
    flag_everything: bool = False
    flag_categories: tuple[str, ...] = ("violence",)
    edits_supported: bool = True
    token_scale: float = 1.0
    failures: deque = field(default_factory=deque)
    bad_answers: deque = field(default_factory=deque)
    replies: deque = field(default_factory=deque)
    flag_queue: dict[str, int] = field(default_factory=dict)
    flagged_images: set[str] = field(default_factory=set)
    requests: list[Logged] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


class FakeOpenAI:
    def __init__(self, api_key: str = API_KEY):
        self.api_key = api_key
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> "FakeOpenAI":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits up to one interval.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes requests sleeping out their latency
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def reset(self) -> None:
        with self._lock:
            self._state = _State()

    # -- what tests set -------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._state, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _State.__dataclass_fields__:
            setattr(self._state, name, value)
        else:
            object.__setattr__(self, name, value)

    def fail_next(self, status: int, times: int = 1, *, path: str | None = None, retry_after: float | None = None, retry_after_ms: int | None = None, code: str | None = None, message: str | None = None) -> None:
        """The next ``times`` requests (to ``path`` only, if given) fail with ``status``."""
        with self._lock:
            self._state.failures.extend(Failure(status, path, retry_after, retry_after_ms, code, message) for _ in range(times))

    def answer_next(self, kind: str, times: int = 1, *, path: str | None = None, prompt_has: str | None = None) -> None:
        """The next ``times`` requests (to ``path`` only, and whose prompt holds ``prompt_has``
        only, if given) get a wrong answer with status 200."""
        assert kind in BAD_ANSWERS, kind
        with self._lock:
            self._state.bad_answers.extend(BadAnswer(kind, path, prompt_has) for _ in range(times))

    def reply_next(self, content: str | None, finish_reason: str = "stop", refusal: str | None = None) -> None:
        """The next chat/responses answer is exactly this content."""
        with self._lock:
            self._state.replies.append(Reply(content, finish_reason, refusal))

    def flag_next(self, count: int = 1, kind: str = "any") -> None:
        """Flag the next ``count`` moderation inputs of ``kind`` ("text", "image" or "any")."""
        with self._lock:
            self._state.flag_queue[kind] = self._state.flag_queue.get(kind, 0) + count

    # -- what tests read ------------------------------------------------------

    def count(self, path: str | None = None) -> int:
        """Requests answered so far, to one endpoint ("/moderations") or all."""
        return len(self.logged(path))

    def logged(self, path: str | None = None) -> list[Logged]:
        with self._lock:
            return [r for r in self._state.requests if path is None or r.path == path]

    def bodies(self, path: str) -> list[Any]:
        return [r.body for r in self.logged(path)]

    def drawn(self) -> list[Any]:
        """The bodies of every picture asked for and answered, generated or edited, in order."""
        return [r.body for r in self.logged() if r.path in ("/images/generations", "/images/edits") and r.status == 200]

    def billed(self, path: str | None = None) -> float:
        """USD the answers so far would cost (to one endpoint, or all)."""
        return sum(r.billed for r in self.logged(path))

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for r in self.logged():
            found[r.path] = found.get(r.path, 0) + 1
        return found

    # -- serving (called by the handler threads) --------------------------------

    def _begin(self, entry: Logged) -> None:
        with self._lock:
            self._state.requests.append(entry)
            self._state.in_flight += 1
            self._state.max_in_flight = max(self._state.max_in_flight, self._state.in_flight)

    def _end(self, entry: Logged, status: int, payload: Any) -> None:
        with self._lock:
            self._state.in_flight -= 1
            entry.status, entry.finished = status, time.monotonic()
            entry.billed = _bill(entry.body, payload) if status == 200 else 0.0
            entry.pictures = _answered_pictures(payload) if status == 200 else []

    def _answer(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        if headers.get("authorization") != f"Bearer {self.api_key}":
            given = headers.get("authorization", "").removeprefix("Bearer ")
            return _error(401, f"Incorrect API key provided: {given}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
        failure = self._take_failure(path)
        if failure is not None:
            return _failure_response(failure)
        route = ROUTES.get(path)
        if route is None or (path == "/images/edits" and not self.edits_supported):
            return _error(404, f"Invalid URL (POST /v1{path})", "invalid_request_error", None)
        status, payload, extra = route(self, body)
        bad = self._take_for(self._state.bad_answers, path, body)
        return (status, *_spoil(bad.kind, payload, extra)) if bad is not None and status == 200 else (status, payload, extra)

    def _take_for(self, queue: deque, path: str, body: Any = None) -> Any:
        """The first queued failure or wrong answer meant for ``path`` (or for any), and for
        a request whose prompt holds its ``prompt_has`` where it names one, taken off."""
        prompt = str(body.get("prompt", "")) if isinstance(body, dict) else ""
        with self._lock:
            for item in queue:
                wanted = getattr(item, "prompt_has", None)
                if item.path in (None, path) and (wanted is None or wanted in prompt):
                    queue.remove(item)
                    return item
        return None

    def _take_failure(self, path: str) -> Failure | None:
        return self._take_for(self._state.failures, path)

    def _take_reply(self) -> Reply | None:
        with self._lock:
            return self._state.replies.popleft() if self._state.replies else None

    def _take_flag(self, kind: str) -> bool:
        with self._lock:
            queue = self._state.flag_queue
            for key in (kind, "any"):
                if queue.get(key, 0) > 0:
                    queue[key] -= 1
                    return True
        return False

    # -- endpoints ------------------------------------------------------------

    def _chat(self, body: dict) -> tuple[int, dict, dict]:
        messages = body.get("messages") or []
        reply = self._take_reply() or Reply(self._generate(_format_schema(body.get("response_format")), messages))
        content = reply.content or ""
        usage = {"prompt_tokens": self._scaled(len(json.dumps(messages)) // 4), "completion_tokens": self._scaled(len(content) // 4)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        usage |= {"prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}
        message = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
        choice = {"index": 0, "finish_reason": reply.finish_reason, "logprobs": None, "message": message}
        return 200, {"id": f"chatcmpl-{self.count()}", "object": "chat.completion", "created": int(time.time()), "model": body.get("model"), "choices": [choice], "usage": usage}, {}

    def _responses(self, body: dict) -> tuple[int, dict, dict]:
        given = body.get("input")
        messages = [{"role": "user", "content": given}] if isinstance(given, str) else list(given or [])
        if body.get("instructions"):
            messages.insert(0, {"role": "system", "content": body["instructions"]})
        reply = self._take_reply() or Reply(self._generate(_format_schema((body.get("text") or {}).get("format")), messages))
        text = reply.content or ""
        part = {"type": "refusal", "refusal": reply.refusal} if reply.refusal else {"type": "output_text", "text": text, "annotations": []}
        item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant", "content": [part]}
        usage = {"input_tokens": len(json.dumps(messages)) // 4, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": len(text) // 4, "output_tokens_details": {"reasoning_tokens": 0}}
        usage["total_tokens"] = usage["input_tokens"] + usage["output_tokens"]
        response = {"id": f"resp_{self.count()}", "object": "response", "created_at": int(time.time()), "status": "completed", "model": body.get("model"), "output": [item], "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "usage": usage}
        return 200, response, {}

    def _generate(self, schema: dict | None, messages: list) -> str:
        said = "\n".join(_message_text(m) for m in messages)
        if schema is None:
            return "Once upon a time, a little fox smiled at the sun."
        rng = random.Random(hashlib.sha256(said.encode()).digest())
        names = tuple(dict.fromkeys(re.findall(r"^- ([A-Z][\w'-]*)", said, re.M))) or NAMES
        maker = _Instance(rng, names, self.flag_marker if self.flag_marker and self.flag_marker in said else None, schema.get("$defs", {}))
        return json.dumps(maker.make(schema))

    def _images(self, body: dict) -> tuple[int, dict, dict]:
        model, prompt = str(body.get("model") or "dall-e-2"), str(body.get("prompt") or "")
        size, quality = str(body.get("size") or "auto"), str(body.get("quality") or "auto")
        problem = _size_problem(model, size)
        if problem:
            return _error(400, problem, "invalid_request_error", "invalid_value", param="size")
        width, height = (1024, 1024) if size == "auto" else (int(n) for n in size.split("x"))
        images = _pictures(body)
        if self.image_flag_marker and self.image_flag_marker in prompt:
            with self._lock:
                self._state.flagged_images.update(hashlib.sha256(png).hexdigest() for png in images)
        tokens = self._scaled(IMAGE_TOKENS.get(quality, IMAGE_TOKENS["auto"])[0 if width == height else 1] * len(images))
        attached = sum(len(v) for k, v in body.items() if k in ("image", "image[]") and isinstance(v, list))
        image_in = self._scaled(attached * EDIT_IMAGE_TOKENS["high" if body.get("input_fidelity") == "high" else "low"])
        text_in = self._scaled(len(prompt) // 4)
        usage = {"input_tokens": text_in + image_in, "input_tokens_details": {"image_tokens": image_in, "text_tokens": text_in}, "output_tokens": tokens}
        usage["total_tokens"] = usage["input_tokens"] + tokens
        data = [{"b64_json": base64.b64encode(png).decode("ascii"), "revised_prompt": None, "url": None} for png in images]
        return 200, {"created": int(time.time()), "background": "opaque", "output_format": "png", "quality": quality, "size": f"{width}x{height}", "data": data, "usage": usage}, {}

    def _scaled(self, tokens: int) -> int:
        return int(round(tokens * self.token_scale))

    def _moderations(self, body: dict) -> tuple[int, dict, dict]:
        given = body.get("input")
        inputs = [given] if isinstance(given, str) else list(given or [])
        if inputs and isinstance(inputs[0], dict):  # multi-modal: one result for the whole list
            results = [self._moderate_parts(inputs)]
        else:
            results = [self._result(self._text_flagged(str(text)), "text") for text in inputs]
        return 200, {"id": f"modr-{self.count()}", "model": "omni-moderation-2024-09-26", "results": results}, {}

    def _text_flagged(self, text: str) -> bool:
        return self.flag_everything or bool(self.flag_marker and self.flag_marker in text) or self._take_flag("text")

    def _moderate_parts(self, parts: list[dict]) -> dict:
        text_flag = any(self._text_flagged(p.get("text", "")) for p in parts if p.get("type") == "text")
        image_flag = any(self._image_flagged(p) for p in parts if p.get("type") == "image_url")
        return self._result(text_flag or image_flag, "image" if image_flag else "text")

    def _image_flagged(self, part: dict) -> bool:
        url = (part.get("image_url") or {}).get("url", "")
        try:
            data = base64.b64decode(url.split(",", 1)[1], validate=True)
        except (IndexError, binascii.Error):
            return False
        known = hashlib.sha256(data).hexdigest() in self._state.flagged_images
        return self.flag_everything or known or self._take_flag("image")

    def _result(self, flagged: bool, kind: str) -> dict:
        wanted = [c for c in self.flag_categories if kind == "text" or c in IMAGE_CATEGORIES] or ["violence"]
        categories = {c: flagged and c in wanted for c in CATEGORIES}
        scores = {c: (0.97 if categories[c] else 0.0001) for c in CATEGORIES}
        applied = {c: (["text", "image"] if c in IMAGE_CATEGORIES else ["text"]) for c in CATEGORIES}
        return {"flagged": flagged, "categories": categories, "category_scores": scores, "category_applied_input_types": applied}


ROUTES = {
    "/chat/completions": FakeOpenAI._chat,
    "/responses": FakeOpenAI._responses,
    "/images/generations": FakeOpenAI._images,
    "/images/edits": FakeOpenAI._images,
    "/moderations": FakeOpenAI._moderations,
}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    # Headers and body go out in two writes: with Nagle's algorithm the second waits for the
    # client's delayed ACK, about 40 ms on every small answer. Real servers answer at once.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        arrived = time.monotonic()
        path = self.path.split("?", 1)[0].removeprefix("/v1")
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        body = _parse_body(headers.get("content-type", ""), raw)
        entry = Logged("POST", path, {k: v for k, v in headers.items() if k != "authorization"}, body, time.monotonic())
        self.fake._begin(entry)
        status, payload, extra = 599, {}, {}  # what the log says if the fake stops first
        try:
            if self.fake.latency:
                _prepare(path, body)  # the pictures it answers with, made within the latency
            left = self.fake.latency - (time.monotonic() - arrived)
            if not (self.fake.latency and self.fake._stopping.wait(max(0.0, left))):
                status, payload, extra = self.fake._answer(path, headers, body)
        finally:
            # Logged as done before the answer leaves: a client that has it sees it logged.
            self.fake._end(entry, status, payload)
        if status == 599:
            return
        try:
            self._send(status, payload, extra, len(self.fake.logged()))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _send(self, status: int, payload: Any, extra: dict[str, str], number: int) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in {**_standard_headers(number), **extra, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the log is self.fake.requests
        pass


def _standard_headers(number: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "x-request-id": f"req_fake_{number}",
        "openai-processing-ms": "1",
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "59",
        "x-ratelimit-reset-requests": "1s",
    }


def _parse_body(content_type: str, raw: bytes) -> Any:
    if content_type.startswith("multipart/form-data"):
        return _parse_multipart(content_type, raw)
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return raw.decode("utf-8", "replace")


def _parse_multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """Form fields as strings; files (``image``, ``image[]``, ``mask``) as lists of {filename, content_type, size}."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            fields.setdefault(name, []).append({"filename": part.get_filename(), "content_type": part.get_content_type(), "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return fields


def _error(status: int, message: str, kind: str, code: str | None, param: str | None = None) -> tuple[int, dict, dict]:
    return status, {"error": {"message": message, "type": kind, "param": param, "code": code}}, {}


def _failure_response(failure: Failure) -> tuple[int, dict, dict]:
    kinds = {429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again in 1s."), 500: ("server_error", None, "The server had an error while processing your request."), 503: ("server_error", None, "The server is overloaded or not ready yet.")}
    kind, code, message = kinds.get(failure.status, ("invalid_request_error", None, f"Injected error {failure.status}"))
    if failure.code == "insufficient_quota":  # OpenAI's own words when the account has no credit
        kind, message = "insufficient_quota", "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
    status, payload, _ = _error(failure.status, failure.message or message, kind, failure.code or code)
    headers = {}
    if failure.retry_after is not None:
        headers["retry-after"] = f"{failure.retry_after:g}"
    if failure.retry_after_ms is not None:
        headers["retry-after-ms"] = str(failure.retry_after_ms)
    return status, payload, headers


def _spoil(kind: str, payload: dict, extra: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """A wrong answer in place of a good one (status 200): the body, or the picture in it."""
    if kind == "html":
        return b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", {**extra, "Content-Type": "text/html"}
    if kind == "badjson":
        return b'{"created": 1700000000, "data": [{"b64_json": "iVBOR', extra
    spoiled = json.loads(json.dumps(payload))
    if kind == "nodata":
        spoiled["data"] = [{"b64_json": None, "url": None, "revised_prompt": None}]
    elif kind == "notimage":
        spoiled["data"][0]["b64_json"] = base64.b64encode(b"<html>not a picture at all</html>").decode()
    else:  # a picture of the wrong size
        width, height = (8, 8) if kind == "tiny" else (640, 256)
        spoiled["data"][0]["b64_json"] = base64.b64encode(_png(width, height, b"wrong-size-picture")).decode()
    return spoiled, extra


def _answered_pictures(payload: Any) -> list[str]:
    data = payload.get("data") if isinstance(payload, dict) else None
    return [hashlib.sha256(base64.b64decode(d["b64_json"])).hexdigest() for d in data or () if isinstance(d, dict) and d.get("b64_json")]


def _bill(request: Any, payload: Any) -> float:
    """USD an answer costs by the usage it reports, at OpenAI's token prices."""
    usage = payload.get("usage") if isinstance(payload, dict) else None
    if not usage or not isinstance(request, dict):
        return 0.0
    text_in, image_in, out = TOKEN_PRICES.get(str(request.get("model")), TOKEN_PRICES["gpt-4.1-mini"])
    if "prompt_tokens" in usage:  # chat
        return (usage["prompt_tokens"] * text_in + usage["completion_tokens"] * out) / 1e6
    details = usage.get("input_tokens_details") or {}
    return (details.get("text_tokens", 0) * text_in + details.get("image_tokens", 0) * image_in + usage.get("output_tokens", 0) * out) / 1e6


def _format_schema(fmt: Any) -> dict | None:
    """The JSON schema a request asks the answer to follow (chat's nested or responses' flat form)."""
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_object":
        return {"type": "object", "properties": {}}
    if fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or fmt).get("schema") or {"type": "object", "properties": {}}
    return None


def _message_text(message: Any) -> str:
    content = message.get("content") if isinstance(message, dict) else message
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


class _Instance:
    """A deterministic value that matches a JSON schema, with readable gentle words."""

    def __init__(self, rng: random.Random, names: tuple[str, ...], echo: str | None, defs: dict):
        self.rng, self.names, self.echo, self.defs = rng, names, echo, defs

    def make(self, schema: dict, name: str = "", index: int = 0) -> Any:
        schema = self._resolve(schema)
        if "enum" in schema:
            return schema["enum"][index % len(schema["enum"])]
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in schema:
            return {key: self.make(sub, key, index) for key, sub in schema.get("properties", {}).items()}
        if kind == "array":
            count = schema.get("minItems", min(schema.get("maxItems", 2), 2))
            if name == "characters" and self._resolve(schema.get("items", {})).get("type") == "string":
                count = min(count, len(self.names))  # each name once
            return [self.make(schema.get("items", {}), name, i) for i in range(count)]
        if kind in ("integer", "number"):
            return schema.get("minimum", 1 + index)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self.string(name, schema.get("description", ""), index)

    def _resolve(self, schema: dict) -> dict:
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return self.defs.get(ref.rsplit("/", 1)[-1], {})
        if "anyOf" in schema:
            return next((s for s in schema["anyOf"] if s.get("type") != "null"), schema["anyOf"][0])
        return schema

    def string(self, name: str, description: str, index: int) -> str:
        if name in ("name", "characters"):
            return self.names[index % len(self.names)]
        if name == "visual":
            return f"a small {self.rng.choice(('orange', 'brown', 'grey', 'blue'))} animal with a {self.rng.choice(('green', 'red', 'yellow'))} scarf"
        words = re.search(r"(\d+)\s*-\s*(\d+) words", description)
        if not words:
            return self.sentences(12, 12) + (f" {self.names[0]} is there." if name == "illustration" else "")
        longest = re.search(r"at most (\d+) words", description)
        text = self.sentences((int(words.group(1)) + int(words.group(2))) // 2, int(longest.group(1)) if longest else 12)
        if self.echo:
            text, self.echo = f"{text} {self.echo}.", None
        return text

    def sentences(self, total: int, longest: int) -> str:
        out, left = [], total
        while left > 0:
            size = min(left, max(3, longest // 2))  # short: a gentle reading level
            words = [self.rng.choice(WORDS) for _ in range(size)]
            out.append(" ".join(words).capitalize() + ".")
            left -= size
        return " ".join(out)


def _size_problem(model: str, size: str) -> str:
    """The real API's refusal of a size the model does not make ("" when fine)."""
    if model.startswith("gpt-image-1") and size not in GPT_IMAGE_SIZES:
        return f"Invalid value: '{size}'. Supported values are: {', '.join(repr(s) for s in GPT_IMAGE_SIZES)}."
    if not re.fullmatch(r"\d+x\d+|auto", size):
        return f"Invalid value: '{size}'."
    return ""


def _pictures(body: dict) -> list[bytes]:
    """The PNGs an image request is answered with: of its size, drawn from its prompt."""
    size, prompt = str(body.get("size") or "auto"), str(body.get("prompt") or "")
    width, height = (1024, 1024) if size == "auto" else (int(n) for n in size.split("x"))
    return [_png(width, height, hashlib.sha256(f"{prompt}\n{i}".encode()).digest()) for i in range(int(body.get("n") or 1))]


def _prepare(path: str, body: Any) -> None:
    """An image request's pictures made (and kept) before its latency is waited out."""
    if path in ("/images/generations", "/images/edits") and isinstance(body, dict) and not _size_problem(str(body.get("model") or "dall-e-2"), str(body.get("size") or "auto")):
        try:
            _pictures(body)
        except (ValueError, TypeError):  # a bad n: the answer says so
            pass


@lru_cache(maxsize=64)  # _prepare made it; the answer takes it
def _png(width: int, height: int, seed: bytes) -> bytes:
    """A small RGB PNG: a pastel background and a block, both placed and coloured by ``seed``."""
    back = bytes(128 + b // 2 for b in seed[:3])
    block = bytes(b // 2 for b in seed[3:6])
    left, top = seed[6] * width // 512, seed[7] * height // 512
    right, bottom = left + width // 3, top + height // 3
    plain = b"\x00" + back * width
    crossed = b"\x00" + back * left + block * (right - left) + back * (width - right)
    raw = b"".join(crossed if top <= y < bottom else plain for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 1)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A running fake with the openai package pointed at it (OPENAI_BASE_URL, OPENAI_API_KEY)."""
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", fake.api_key)
        yield fake


@pytest.fixture
def make_provider(fake_openai: FakeOpenAI):
    """make_provider(**settings) -> bookbuild's OpenAIProvider talking to the fake (2 quick retries)."""
    from bookbuild.plugins.generators.openai import OpenAIProvider

    def make(**settings: Any) -> Any:
        return OpenAIProvider({"max_retries": 2, **settings})

    return make
