"""Illustrations through the images API (GPT image models), moderated before print.

The prompt is built from four parts: a style opening for the purpose (page or
cover), the character bible lines of everyone shown (the same words on every
page, which is what keeps a character looking the same), the page's own prompt,
and a note that keeps the area under the printed text calm. A coloring page's
request carries its own line-art rules and gets only the no-text rule added.

Sizes: GPT image models make 1024x1024, 1024x1536 or 1536x1024; "auto" picks the
one closest to the page's shape. The engine then scales the picture to the
printed size at 300 DPI (LANCZOS) and centre-crops the small difference in shape:
see docs/openai.md for what that upscale means in print.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any, Mapping

from bookbuild.errors import ProviderError
from bookbuild.providers import ImageRequest

from .client import Connection
from .moderation import Moderator
from .prices import image_cost

SQUARE, PORTRAIT, LANDSCAPE = "1024x1024", "1024x1536", "1536x1024"
# Aspect-ratio boundaries halfway (geometrically) between 2:3, 1:1 and 3:2.
TALL_BELOW, WIDE_ABOVE = math.sqrt(2 / 3), math.sqrt(3 / 2)
# gpt-image-2 takes any WxH in steps of 16; beyond 2560x1440's pixel count is experimental.
FREE_SIZE_STEP, FREE_SIZE_PIXELS = 16, 2560 * 1440
# dall-e-3 is retired (2026-05-12) but still a valid setting for servers that mimic it.
DALLE_QUALITY = {"low": "standard", "medium": "standard", "high": "hd", "auto": "standard"}

OPENINGS = {
    "page": "A full-bleed illustration for a children's picture book, {style}. The scene fills the whole frame, edge to edge.",
    "cover": (
        "The front-cover illustration of a children's picture book, {style}. One strong, simple composition: "
        "the main characters large and clear in the lower two thirds; the top third calm and uncluttered (sky "
        "or a plain background), because the title is printed there."
    ),
}
ZONE_NOTES = {
    "bottom": "Keep the bottom third of the picture calm and simple (plain ground, grass, water or floor; no faces or important details), because the page text is printed over it.",
    "top": "Keep the top third of the picture calm and simple (plain sky, wall or background; no faces or important details), because the page text is printed over it.",
    "none": "",
}
NO_TEXT = "No words, letters, numbers or signs anywhere in the picture."
BIBLE_HEADING = "Characters (draw each exactly like this, the same on every page):"


def compose_prompt(request: ImageRequest, style: str) -> str:
    """The full prompt sent to the images API for one picture. A coloring page's request
    carries its own line-art rules and takes no illustration style."""
    if request.purpose == "coloring":
        return f"{request.prompt}\n{NO_TEXT}"
    lines = [OPENINGS.get(request.purpose, OPENINGS["page"]).format(style=style)]
    if request.characters:
        lines.append(BIBLE_HEADING)
        lines += [f"- {name}: {visual}" if visual else f"- {name}" for name, visual in request.characters]
    lines.append(f"Scene: {request.prompt}")
    if request.purpose != "cover":  # the cover's opening already keeps the title area calm
        lines.append(ZONE_NOTES.get(request.text_zone, ""))
    lines.append(NO_TEXT)
    return "\n".join(line for line in lines if line)


def choose_size(setting: str, model: str, width: int, height: int) -> str:
    """The size to ask for: the setting, or for "auto" the model's size closest to the page's shape."""
    if setting != "auto":
        return setting
    if model.startswith("gpt-image-2"):
        return free_size(width, height)
    tall, wide = ("1024x1792", "1792x1024") if model.startswith("dall-e") else (PORTRAIT, LANDSCAPE)
    aspect = width / height
    return tall if aspect < TALL_BELOW else wide if aspect > WIDE_ABOVE else SQUARE


def free_size(width: int, height: int) -> str:
    """The page's own shape, as large as the non-experimental pixel budget allows."""
    scale = min(1.0, math.sqrt(FREE_SIZE_PIXELS / (width * height)))
    w, h = (max(FREE_SIZE_STEP, int(side * scale) // FREE_SIZE_STEP * FREE_SIZE_STEP) for side in (width, height))
    return f"{w}x{h}"


def describe(request: ImageRequest) -> str:
    """How errors name the picture: by its purpose and the start of its prompt."""
    kind = {"cover": "the cover art", "coloring": "the coloring page"}.get(request.purpose, "the picture")
    prompt = request.prompt if len(request.prompt) <= 70 else request.prompt[:67] + "..."
    return f"{kind} for {prompt!r}"


def draw(conn: Connection, moderator: Moderator | None, settings: Mapping[str, Any], prices: Mapping[str, Any], request: ImageRequest) -> tuple[bytes, dict[str, float]]:
    """The image bytes and usage. With moderation on: the prompt is checked first (free, and
    a flagged prompt is never paid for), then the picture; a flagged picture is drawn once more."""
    prompt = compose_prompt(request, settings["style"])
    size = choose_size(settings["image_size"], settings["image_model"], request.width, request.height)
    usage = {"input_tokens": 0, "output_tokens": 0, "images": 0, "requests": 0, "cost": 0.0}
    what = describe(request)
    if moderator is not None:
        _check_prompt(moderator, prompt, what, usage)
    verdict = None
    for _attempt in range(2):
        image = _generate(conn, settings, prices, prompt, size, what, usage)
        if moderator is None:
            return image, usage
        verdict = moderator.image(image, what)
        usage["requests"] += 1
        if not verdict.flagged:
            return image, usage
    assert verdict is not None
    raise ProviderError(f"OpenAI moderation flagged {what} twice ({verdict.describe()}); it was not printed. Reword the illustration prompt and build again")


def _check_prompt(moderator: Moderator, prompt: str, what: str, usage: dict) -> None:
    (verdict,), requests = moderator.texts([prompt])
    usage["requests"] += requests
    if verdict.flagged:
        raise ProviderError(f"OpenAI moderation flagged the prompt of {what} ({verdict.describe()}); nothing was drawn. Edit the illustration prompt (or the visual of a character shown)")


def _generate(conn: Connection, settings: Mapping[str, Any], prices: Mapping[str, Any], prompt: str, size: str, what: str, usage: dict) -> bytes:
    model, quality = settings["image_model"], settings["image_quality"]
    kwargs: dict[str, Any] = {"model": model, "prompt": prompt, "size": size, "quality": quality, "n": 1}
    if model.startswith("dall-e"):  # GPT image models always answer base64; DALL-E must be asked
        kwargs.update(response_format="b64_json", quality=DALLE_QUALITY.get(quality, quality))
    response = conn.call(f"drawing {what} with {model}", lambda client: client.images.generate(**kwargs))
    reported = _usage_dict(getattr(response, "usage", None))
    usage["requests"] += 1
    usage["images"] += 1
    usage["input_tokens"] += reported.get("input_tokens", 0)
    usage["output_tokens"] += reported.get("output_tokens", 0)
    usage["cost"] += image_cost(prices, model, quality, size, reported)
    return _decode(response, what, model)


def _usage_dict(reported: Any) -> dict[str, Any]:
    if reported is None:
        return {}
    return reported.model_dump() if hasattr(reported, "model_dump") else dict(reported)


def _decode(response: Any, what: str, model: str) -> bytes:
    encoded = response.data[0].b64_json if getattr(response, "data", None) else None
    if not encoded:
        raise ProviderError(f"{model} returned no image data (b64_json) for {what}; check image_model in [openai] of bookbuild.toml")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProviderError(f"{model} returned an image for {what} that is not valid base64: {exc}") from exc
