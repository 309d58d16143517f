"""The openai provider: story, character bible and illustrations from the OpenAI API
(or any OpenAI-compatible server at OPENAI_BASE_URL), moderated before print.

Chosen only by name: BOOKBUILD_PROVIDER=openai or ``provider = "openai"`` in
bookbuild.toml (a key alone buys nothing: ``auto`` is the free offline provider). Configured in ``[openai]`` of
bookbuild.toml (see SETTINGS and docs/openai.md; the budget is the top-level
``max_cost``, for every paid provider). The provider can be made
without a key, so `bookbuild plugins` and offline builds never need one; the
client is made on the first request. The modules beside this one do the work:
client (client, limits, errors), story, images, moderation, prices.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Mapping

from bookbuild import hookimpl
from bookbuild.engine.budget import metering
from bookbuild.engine.urgency import requests_left
from bookbuild.findings import Finding
from bookbuild.providers import Generated, ImageRequest, StoryRequest
from bookbuild.spec.schema import Field

if TYPE_CHECKING:
    from bookbuild.project import Project

VERSION = "1"  # bump when the same request and settings should give a different answer
SECTION = "openai"
DEFAULT_STYLE = "warm and gentle, soft watercolour and coloured-pencil textures, friendly rounded shapes, soft light"


def _size(value: Any) -> str:
    if value == "auto" or re.fullmatch(r"\d{2,5}x\d{2,5}", str(value)):
        return value
    raise ValueError(f"{value!r} is not an image size: use auto or WIDTHxHEIGHT such as 1024x1536")


def _at_least(low: float, what: str):
    def check(value: Any) -> Any:
        if value < low:
            raise ValueError(f"{value} is too small: {what} must be at least {low:g}")
        return value

    return check


SETTINGS: tuple[Field, ...] = (
    Field("text_model", default="gpt-4.1-mini", help="chat model for the story; must support json_schema structured outputs"),
    Field("temperature", float, default=0.8, check=_at_least(0, "temperature"), help="story variety, 0-2 (gpt-5 models accept only 1)"),
    Field("image_model", default="gpt-image-1", help="gpt-image-1, gpt-image-1-mini, gpt-image-1.5, gpt-image-2"),
    Field("image_quality", default="medium", choices=("low", "medium", "high", "auto"), help="image quality (and price)"),
    Field("image_size", default="auto", check=_size, help="auto: portrait, landscape or square by the page's shape; or WxH"),
    Field("style", default=DEFAULT_STYLE, help="the illustration style every picture prompt starts with"),
    Field("reference_images", bool, default=True, help="draw a reference picture of each character in book.yaml and attach it to every picture showing them (images.edit)"),
    Field("moderation", bool, default=True, help="check every generated text, prompt and picture with the moderation endpoint"),
    Field("moderation_model", default="omni-moderation-latest", help="moderation model (omni models also check images)"),
    Field("concurrency", int, default=4, check=_at_least(1, "concurrency"), help="requests in flight at once"),
    Field("max_retries", int, default=4, check=_at_least(0, "max_retries"), help="retries on 429, 5xx, timeouts (backoff, Retry-After honoured)"),
    Field("timeout", float, default=120.0, check=_at_least(1, "timeout"), help="seconds to wait for one answer"),
    Field("prices", dict, default={}, help="USD prices per model, merged over the built-in table (docs/openai.md)"),
)


class OpenAIProvider:
    name = "openai"
    version = VERSION
    paid = True  # chosen only by name: provider = "openai" or BOOKBUILD_PROVIDER=openai
    proof = False  # its words and pictures are the book, not a proof
    cpu_bound = False  # waits on the network: threads, not worker processes
    preload: tuple[str, ...] = ()
    # The SDK, and Pillow (each picture is decoded to check it), imported while the build
    # plans (bookbuild.providers.import_early), then ``prepare`` makes the client.
    imports = ("openai", "PIL.Image")

    def __init__(self, config: Mapping[str, Any] | None = None):
        # Light modules only (the openai package loads on the first request). Made here,
        # not on first use, so threads starting at once share one concurrency limit.
        from .client import Connection
        from .moderation import Moderator
        from .prices import merged

        self.settings: dict[str, Any] = {f.name: f.default for f in SETTINGS} | dict(config or {})
        self.prices = merged(self.settings["prices"])
        s = self.settings
        self.connection = Connection(s["concurrency"], s["max_retries"], float(s["timeout"]))
        self.moderator = Moderator(self.connection, s["moderation_model"]) if s["moderation"] else None

    def for_book(self, book: Any) -> "OpenAIProvider":
        """This provider with the book's own `openai:` choices; one connection and limit for all books."""
        overrides = (book.extra or {}).get(SECTION) or {}
        if not overrides:
            return self
        other = copy.copy(self)
        other.settings = {**self.settings, **overrides}
        return other

    @property
    def references(self) -> bool:
        """Reference pictures of the characters, attached to every picture that shows them."""
        from .images import uses_references

        return bool(self.settings["reference_images"]) and uses_references(self.settings["image_model"])

    @property
    def concurrency(self) -> int:
        """Requests in flight at once: the engine runs this many tasks in parallel for us."""
        return self.connection.concurrency

    def limit_requests(self, count: int | None) -> None:
        """This run's --requests / BOOKBUILD_REQUESTS; None: ``concurrency`` of bookbuild.toml again."""
        self.connection.resize(count or self.settings["concurrency"])

    def configured(self) -> bool:
        return bool(os.environ.get("OPENAI_API_KEY"))

    def prepare(self) -> None:
        """The client made (and the SDK's parts it loads on first use) before the first request needs it."""
        if self.configured():
            self.connection.prepare()

    # -- cache key and cost -------------------------------------------------

    def params(self, kind: str) -> dict[str, Any]:
        """Everything besides the request that shapes the answer. Never the key, the base URL or a time.

        "reference": a character's reference picture; "references": what a picture with
        reference pictures attached is asked with besides (in the key of those pictures only)."""
        s = self.settings
        if kind == "story":
            return {"api": "chat.completions", "model": s["text_model"], "temperature": s["temperature"], "prompt": _story_prompt_digest()}
        if kind == "references":
            return {"api": "images.edit", "input_fidelity": "high", "prompt": _reference_prompt_digest()}
        image = {"api": "images.generate", "model": s["image_model"], "quality": s["image_quality"], "size": s["image_size"], "style": s["style"], "prompt": _image_prompt_digest()}
        if kind == "coloring":  # line art: the illustration style is not in its prompt
            del image["style"]
            image["prompt"] = _coloring_prompt_digest()
        elif kind == "reference":  # always square, whatever the page size
            del image["size"]
            image["prompt"] = _reference_prompt_digest()
        return image

    def estimate(self, kind: str, request: StoryRequest | ImageRequest) -> float:
        """Expected USD of one call, from the price table (moderation is free)."""
        return self._price(kind, request, worst=False)

    def worst_case(self, kind: str, request: StoryRequest | ImageRequest) -> float:
        """The most one call can cost by the price table: quality "auto" at the dearest, the
        answer's image tokens, the prompt and reference pictures counted generously."""
        return self._price(kind, request, worst=True)

    def _price(self, kind: str, request: StoryRequest | ImageRequest, worst: bool) -> float:
        from .prices import text_cost

        if kind == "story" and isinstance(request, StoryRequest):
            from .story import estimate_tokens, messages, story_schema, worst_cost

            if worst:
                return worst_cost(self.prices, self.settings["text_model"], messages(request), story_schema(request), request)
            return text_cost(self.prices, self.settings["text_model"], *estimate_tokens(request))
        from .images import estimate

        assert isinstance(request, ImageRequest)
        return estimate(self.settings, self.prices, request, worst=worst)

    # -- generation ---------------------------------------------------------

    def write_story(self, request: StoryRequest) -> Generated:
        """value: {"pages": [{"text", "illustration", "characters"}] (request.pages long),
        "characters": [{"name", "visual"}] (the bible), "moral"}. Usage: what its requests
        spent, also recorded on the running task's meter as they happen."""
        from .story import write

        with metering() as spent:
            with requests_left(2 if self.moderator is not None else 1):  # the story, then its check
                story = write(self.connection, self.settings, self.prices, request)
            if self.moderator is not None:
                # One batch for the whole book; check_generated then finds every verdict known.
                self.moderator.texts(story_texts(story))
            return Generated(story, spent.totals())

    def draw_image(self, request: ImageRequest) -> Generated:
        return self.draw_image_ready(request, None)

    def draw_image_ready(self, request: ImageRequest, ready: Callable[[bytes], Any] | None) -> Generated:
        """``ready(picture)`` as the value: made while the picture is checked, kept only if it
        passed (no ``ready``: the picture's bytes)."""
        from .images import draw

        with metering() as spent:
            made = draw(self.connection, self.moderator, self.settings, self.prices, request, ready)
            return Generated(made, spent.totals())

    def moderation_findings(self, kind: str, text: str) -> list[Finding]:
        if self.moderator is None or not text.strip():
            return []
        (verdict,), _ = self.moderator.texts([text])
        if not verdict.flagged:
            return []
        return [Finding("content-safety", "error", f"OpenAI moderation flagged the {kind} ({verdict.describe()}); it is not printed until it is reworded")]


def story_texts(story: Mapping[str, Any]) -> list[str]:
    """Every generated text of a story that can reach a page or a prompt."""
    pages = [text for p in story["pages"] for text in (p["text"], p["illustration"])]
    return pages + [c["visual"] for c in story["characters"]] + [story.get("moral", "")]


@lru_cache(maxsize=1)
def _story_prompt_digest() -> str:
    from . import story

    sample = StoryRequest(title="T", age_group="3-5", pages=1, characters=({"name": "N", "role": "r", "description": "d", "visual": ""},), theme="t", seed="s")
    return _digest(story.SYSTEM_PROMPT, story.CORRECTION, story.brief_text(sample), story.story_schema(sample), story.SCHEMA_NAME)


@lru_cache(maxsize=1)
def _image_prompt_digest() -> str:
    from . import images

    return _digest(images.OPENINGS, images.ZONE_NOTES, images.NO_TEXT, images.BIBLE_HEADING)


@lru_cache(maxsize=1)
def _reference_prompt_digest() -> str:
    from . import images

    return _digest(images.REFERENCE, images.WITH_REFERENCES, images.NO_TEXT)


@lru_cache(maxsize=1)
def _coloring_prompt_digest() -> str:
    from . import images

    return _digest("coloring: the request's prompt, then", images.NO_TEXT)


def _digest(*parts: Any) -> str:
    """The prompt templates' fingerprint: editing a template here reruns what it made."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@hookimpl
def register_settings() -> dict[str, tuple[Field, ...]]:
    return {SECTION: SETTINGS}


# What a book may choose for itself in book.yaml (`openai:` mapping); the rest is repository-wide.
BOOK_KEYS = ("text_model", "temperature", "image_model", "image_quality", "image_size", "style")
# No defaults here: a key the book leaves out keeps the repository's value.
BOOK_FIELDS = tuple(replace(f, default=None) for f in SETTINGS if f.name in BOOK_KEYS)


def _given(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


@hookimpl
def register_book_fields() -> tuple[Field, ...]:
    return (Field(SECTION, dict, fields=BOOK_FIELDS, check=_given, help=f"per-book OpenAI choices: {', '.join(BOOK_KEYS)}"),)


@hookimpl
def register_providers(settings: Any) -> list[OpenAIProvider]:
    return [OpenAIProvider(settings.section(SECTION))]


@hookimpl
def check_fingerprint(project: Project) -> dict[str, str] | None:
    """Moderation is a check only when this provider runs with it on: a text checked
    without it is checked again (free) once it is on."""
    provider = project.provider
    if not isinstance(provider, OpenAIProvider) or provider.moderator is None:
        return None
    return {"moderation": provider.moderator.model}


@hookimpl
def check_generated(kind: str, text: str, project: Project) -> list[Finding]:
    """Moderation of generated text, when the build uses this provider with moderation on."""
    provider = project.provider
    if not isinstance(provider, OpenAIProvider):
        return []
    return provider.moderation_findings(kind, text)
