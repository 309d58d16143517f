"""OpenAI's moderation endpoint (free): texts in batches, images as data URLs.

Verdicts on texts are remembered for the life of the process: the story writer
sends every page text and prompt in one batch, and the ``check_generated`` hook,
which the story task calls for each of them right after, finds them answered
instead of making one request per text. A text another thread is asking about
right now is waited for, not asked again.
"""

from __future__ import annotations

import base64
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

from bookbuild.errors import ProviderError

from .client import BadAnswer, Connection, base_url

# Inputs per request. OpenAI documents no limit for omni-moderation here (APIS.md
# could not confirm one); 32 keeps each request small and well inside any.
BATCH = 32
JUDGE_AS_IS = 512 * 1024  # bytes: a bigger picture is sent to be judged as a JPEG (to_judge)
T = TypeVar("T")


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    categories: tuple[str, ...] = ()  # e.g. ("violence", "self-harm/intent")

    def describe(self) -> str:
        return ", ".join(self.categories) or "unspecified categories"


CLEAN = Verdict(False)


class Moderator:
    def __init__(self, conn: Connection, model: str):
        self.conn = conn
        self.model = model
        self._memo: dict[str, Verdict] = {}
        self._asking: dict[str, threading.Event] = {}  # texts in a request now: set when it answered
        self._lock = threading.Lock()

    def texts(self, texts: Sequence[str]) -> tuple[list[Verdict], int]:
        """A verdict for each text, and how many requests that took (0 when all were known)."""
        wanted = list(dict.fromkeys(t for t in texts if t.strip()))
        asked = 0
        while any(self.known(t) is None for t in wanted):  # a text whose other asker failed: asked here
            with self._lock:
                todo = [t for t in wanted if t not in self._memo and t not in self._asking]
                theirs = {self._asking[t] for t in wanted if t not in self._memo and t in self._asking}
                answered = threading.Event()
                self._asking.update(dict.fromkeys(todo, answered))
            try:
                chunks = [todo[start : start + BATCH] for start in range(0, len(todo), BATCH)]
                for chunk, verdicts in zip(chunks, _at_once(self._check, chunks)):
                    with self._lock:
                        self._memo.update(zip(chunk, verdicts))
                asked += len(chunks)
            finally:
                with self._lock:
                    for text in todo:
                        self._asking.pop(text, None)
                answered.set()
            for event in theirs:
                event.wait()
        return [self.known(t) or CLEAN for t in texts], asked  # CLEAN: only for blank texts, never asked

    def _check(self, chunk: list[str]) -> list[Verdict]:
        return self._ask(chunk, f"checking {len(chunk)} text{'s' if len(chunk) != 1 else ''} with {self.model}")

    def known(self, text: str) -> Verdict | None:
        with self._lock:
            return self._memo.get(text)

    def image(self, data: bytes, what: str) -> Verdict:
        """One generated image, sent inline as a data URL (no upload step, up to 20 MB); a big
        one as a JPEG of the same pixels (``to_judge``)."""
        part = {"type": "image_url", "image_url": {"url": data_url(to_judge(data))}}
        return self._ask([part], f"checking {what} with {self.model}")[0]

    def _ask(self, inputs: list[Any], what: str) -> list[Verdict]:
        """The verdicts; an answer that is not the endpoint's is asked for once more (moderation is free)."""
        # Strings get one result each; a multi-modal list gets one for the whole list.
        expected = 1 if inputs and isinstance(inputs[0], dict) else len(inputs)
        problem = ""
        for _attempt in range(2):
            try:
                response = self.conn.call(what, lambda client: client.moderations.create(model=self.model, input=inputs))
            except BadAnswer as exc:
                problem = str(exc)
                continue
            results = getattr(response, "results", None)
            if not isinstance(results, list):
                problem = f"a body that is not the moderation endpoint's JSON ({str(response)[:60]!r})"
                continue
            if len(results) != expected:
                raise ProviderError(f"the moderation endpoint answered {len(results)} results for {expected} inputs while {what}")
            return [verdict(r) for r in results]
        raise ProviderError(f"{base_url()} answered with {problem}, twice, while {what}. The server is at fault: check OPENAI_BASE_URL, or set moderation = false in [openai] for a server without moderation (the offline word list still runs)")


def verdict(result: Any) -> Verdict:
    categories = getattr(result, "categories", None)
    # by_alias gives the API's own names ("self-harm/intent") instead of self_harm_intent.
    flags = categories.model_dump(by_alias=True) if hasattr(categories, "model_dump") else dict(categories or {})
    return Verdict(bool(result.flagged), tuple(sorted(name for name, on in flags.items() if on is True)))


def to_judge(picture: bytes) -> bytes:
    """What the moderation endpoint is sent of a picture: the picture, or when it is bigger
    than JUDGE_AS_IS (a GPT image model's PNG is 2-4 MB, a third more as base64), a JPEG
    of it at quality 90, the same size (transparency on white): the same picture to judge
    for a tenth of the upload (a 32-page book's checks sent as PNGs are over 100 MB of
    base64: a minute of a 20 Mbit/s uplink). A picture Pillow cannot read goes as it is."""
    if len(picture) <= JUDGE_AS_IS:
        return picture
    from bookbuild.render.images import encode_jpeg, upright

    try:
        jpeg = encode_jpeg(upright(picture))  # as bookbuild prints a picture: upright, on white, RGB
    except Exception:  # noqa: BLE001 - the endpoint judges (or refuses) the bytes themselves
        return picture
    return jpeg if len(jpeg) < len(picture) else picture


def data_url(data: bytes) -> str:
    return f"data:{mime_type(data)};base64,{base64.b64encode(data).decode('ascii')}"


def mime_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def _at_once(ask: Callable[[T], list[Verdict]], batches: list[T]) -> list[list[Verdict]]:
    """Each batch's verdicts, the batches asked at once (each still takes a request slot):
    a long story's texts are checked in the time of one request, not one per batch. The
    first error is raised once all are answered."""
    if len(batches) <= 1:
        return [ask(batch) for batch in batches]
    with ThreadPoolExecutor(len(batches), thread_name_prefix="bookbuild-moderation") as pool:
        # Each on a copy of this context: the running task's meter counts their requests.
        futures = [pool.submit(contextvars.copy_context().run, ask, batch) for batch in batches]
        return [future.result() for future in futures]
