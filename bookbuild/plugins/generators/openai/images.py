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

Character consistency: with reference pictures (one per character, drawn once by
its own task), a picture is asked for with ``images.edit``, the references of
everyone shown attached. A server without that endpoint answers 404: the picture
is drawn with ``images.generate`` from the prompt alone (the bible lines are in it
either way), and the connection remembers not to ask again.

Every answer is checked before it is paid for and kept: JSON, an image in it,
bytes that decode as a picture, the size and shape asked for. A wrong answer is
the server's fault: asked once more, then the error says which server answered
what. Each answer that came with a picture is charged, kept or not.
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import io
import logging
import math
import re
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import replace
from typing import Any, Callable, Mapping

from bookbuild.engine.budget import meter
from bookbuild.engine.urgency import blocking, requests_left
from bookbuild.errors import ProviderError
from bookbuild.providers import ImageRequest

from .client import BadAnswer, Connection, Unanswered, base_url
from .moderation import Moderator, Verdict
from .prices import image_cost, image_estimate, image_price, image_worst

log = logging.getLogger(__name__)

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
# A character's reference picture, and what a picture with references attached is told.
REFERENCE = (
    "A character reference picture for a children's picture book, {style}. {name}: {visual}. The whole "
    "figure, standing, seen from the front, centred on a plain white background; nothing else in the picture."
)
WITH_REFERENCES = "The attached pictures show {names}: draw each of them exactly as they look there."
MAX_REFERENCES = 16  # pictures images.edit takes at once (GPT image models)
# An answer's shape may differ from the size asked for by this much (rounding), its sides by 10 %.
ASPECT_TOLERANCE, SIDE_TOLERANCE = 0.02, 0.9


def compose_prompt(request: ImageRequest, style: str) -> str:
    """The full prompt sent to the images API for one picture. A coloring page's request
    carries its own line-art rules and takes no illustration style."""
    if request.purpose == "coloring":
        return f"{request.prompt}\n{NO_TEXT}"
    if request.purpose == "reference":
        (name, visual), = request.characters
        return f"{REFERENCE.format(style=style, name=name, visual=visual)}\n{NO_TEXT}"
    lines = [OPENINGS.get(request.purpose, OPENINGS["page"]).format(style=style)]
    if request.characters:
        lines.append(BIBLE_HEADING)
        lines += [f"- {name}: {visual}" if visual else f"- {name}" for name, visual in request.characters]
    if request.references:
        lines.append(WITH_REFERENCES.format(names=", ".join(name for name, _ in request.references)))
    lines.append(f"Scene: {request.prompt}")
    if request.purpose != "cover":  # the cover's opening already keeps the title area calm
        lines.append(ZONE_NOTES.get(request.text_zone, ""))
    lines.append(NO_TEXT)
    return "\n".join(line for line in lines if line)


def choose_size(setting: str, model: str, width: int, height: int, purpose: str = "page") -> str:
    """The size to ask for: the setting, or for "auto" the model's size closest to the page's shape.
    A reference picture is always square: it shows one figure, and is never printed."""
    if purpose == "reference":
        return free_size(1024, 1024) if model.startswith("gpt-image-2") else SQUARE
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
    if request.purpose == "reference":
        return f"the reference picture of {request.characters[0][0]}"
    kind = {"cover": "the cover art", "coloring": "the coloring page"}.get(request.purpose, "the picture")
    prompt = request.prompt if len(request.prompt) <= 70 else request.prompt[:67] + "..."
    return f"{kind} for {prompt!r}"


def uses_references(model: str) -> bool:
    """GPT image models take up to 16 reference pictures through images.edit; DALL-E none."""
    return model.startswith("gpt-image")


def estimate(settings: Mapping[str, Any], prices: Mapping[str, Any], request: ImageRequest, worst: bool = False) -> float:
    """USD of one picture by the price table: expected, or (``worst``) the most it can cost."""
    model = settings["image_model"]
    size = choose_size(settings["image_size"], model, request.width, request.height, request.purpose)
    prompt = compose_prompt(request, settings["style"])
    references = len(request.references) if uses_references(model) else 0
    price = image_worst if worst else image_estimate
    return price(prices, model, settings["image_quality"], size, prompt, references)


def draw(conn: Connection, moderator: Moderator | None, settings: Mapping[str, Any], prices: Mapping[str, Any], request: ImageRequest, ready: Callable[[bytes], Any] | None = None) -> Any:
    """The image bytes, or ``ready(image)`` when given; what it spent is on the running meter.
    With moderation on: the prompt is checked first (free, and a flagged prompt is never paid
    for), then the picture; a flagged picture is drawn once more. ``ready`` (scaling and
    encoding for print) runs while the picture is checked, and what it made is returned only
    for a picture that passed: a flagged one's is thrown away with it."""
    size = choose_size(settings["image_size"], settings["image_model"], request.width, request.height, request.purpose)
    what = describe(request)
    if moderator is not None:
        with requests_left(3):  # this check, the drawing, the picture's check
            _check_prompt(moderator, compose_prompt(_sent(request, settings, conn), settings["style"]), what)
    verdict = None
    for _attempt in range(2):
        with requests_left(2 if moderator is not None else 1):
            image = _answer(conn, settings, prices, request, size, what)
        if moderator is None:
            return ready(image) if ready is not None else image
        with requests_left(1):
            verdict, made = _checked(moderator, image, what, ready)
        if not verdict.flagged:
            return made() if ready is not None else image
    assert verdict is not None
    raise ProviderError(f"OpenAI moderation flagged {what} twice ({verdict.describe()}); it was not printed. Reword the illustration prompt and build again")


def _checked(moderator: Moderator, image: bytes, what: str, ready: Callable[[bytes], Any] | None) -> tuple[Verdict, Callable[[], Any]]:
    """The picture's verdict, with ``ready(image)`` made meanwhile on a thread of its own:
    the CPU work is off the path between requests. Both are done when this returns; the
    second item gives what ``ready`` made (or raises what it raised)."""
    if ready is None:
        return moderator.image(image, what), lambda: None
    with ThreadPoolExecutor(1, thread_name_prefix="bookbuild-ready") as pool:
        made = pool.submit(contextvars.copy_context().run, ready, image)
        try:
            verdict = moderator.image(image, what)
        finally:
            wait([made])  # never left running: a flagged picture's work ends with it
    return verdict, made.result


def _sent(request: ImageRequest, settings: Mapping[str, Any], conn: Connection) -> ImageRequest:
    """The request as it will be sent: with the reference pictures the model and server take."""
    usable = uses_references(settings["image_model"]) and conn.edits is not False
    return replace(request, references=request.references[:MAX_REFERENCES] if usable else ())


def _check_prompt(moderator: Moderator, prompt: str, what: str) -> None:
    (verdict,), _ = moderator.texts([prompt])
    if verdict.flagged:
        raise ProviderError(f"OpenAI moderation flagged the prompt of {what} ({verdict.describe()}); nothing was drawn. Edit the illustration prompt (or the visual of a character shown)")


def _answer(conn: Connection, settings: Mapping[str, Any], prices: Mapping[str, Any], request: ImageRequest, size: str, what: str) -> bytes:
    """One usable picture: a wrong answer (not JSON, no image, not a picture, the wrong
    size) is asked for once more, then named with the server that gave it."""
    problem = ""
    for _attempt in range(2):
        try:
            return _generate(conn, settings, prices, request, size, what)
        except BadAnswer as exc:
            problem = str(exc)
    raise ProviderError(
        f"{base_url()} answered {what} with {problem}, twice; nothing was printed. The server is at fault, not the book: "
        "check OPENAI_BASE_URL and image_model in [openai] of bookbuild.toml, or build again later (what finished is cached)"
    )


def _generate(conn: Connection, settings: Mapping[str, Any], prices: Mapping[str, Any], request: ImageRequest, size: str, what: str) -> bytes:
    """One paid request (held against the budget first), charged when a picture came back."""
    model, quality = settings["image_model"], settings["image_quality"]
    sent = _sent(request, settings, conn)
    prompt = compose_prompt(sent, settings["style"])
    kwargs: dict[str, Any] = {"model": model, "prompt": prompt, "size": size, "quality": quality, "n": 1}
    if model.startswith("dall-e"):  # GPT image models always answer base64; DALL-E must be asked
        kwargs.update(response_format="b64_json", quality=DALLE_QUALITY.get(quality, quality))
    worst = image_worst(prices, model, quality, size, prompt, len(sent.references))
    try:
        with meter().paid(worst) as call:
            try:
                response = _ask(conn, kwargs, sent.references, f"drawing {what} with {model}")
            except Unanswered:
                call.charge({"cost": image_price(prices, model, quality, size)})  # it may have been drawn and billed
                raise
            reported = _usage_dict(getattr(response, "usage", None))
            encoded = _encoded(response)
            if encoded is not None or reported.get("output_tokens"):  # a picture was made: paid for, whatever is wrong with it
                cost = image_cost(prices, model, quality, size, reported)
                call.charge({"images": 1, "input_tokens": reported.get("input_tokens", 0), "output_tokens": reported.get("output_tokens", 0), "cost": cost})
    except NoEdits:  # found out just now (a 404 costs nothing): the same picture from its words alone
        return _generate(conn, settings, prices, request, size, what)
    return check_picture(response, encoded, size)


class NoEdits(Exception):
    """The server has no images.edit endpoint."""


def _ask(conn: Connection, kwargs: dict[str, Any], references: tuple[tuple[str, bytes], ...], what: str) -> Any:
    """images.edit with the references attached, images.generate without."""
    if not references:
        return conn.call(what, lambda client: client.images.generate(**kwargs))
    files = [(f"{_file_name(name)}.png", data, "image/png") for name, data in references]
    extra = {"input_fidelity": "high"} if not kwargs["model"].startswith("gpt-image-1-mini") else {}
    if conn.edits is None:
        with conn.edits_probe:  # until the server has answered one edit, one at a time
            if conn.edits is None:
                with blocking():  # every other picture waits for its answer: the next free slot is its
                    return _first_edit(conn, what, lambda client: client.images.edit(image=files, **kwargs, **extra))
    if conn.edits is False:
        raise NoEdits
    return conn.call(what, lambda client: client.images.edit(image=files, **kwargs, **extra))


def _first_edit(conn: Connection, what: str, request: Any) -> Any:
    """The connection's first edit: it finds out whether the server has the endpoint."""
    try:
        response = conn.call(what, request)
    except ProviderError as exc:
        if not getattr(exc, "missing_endpoint", False):
            raise
        conn.edits = False  # remembered: every later picture goes straight to images.generate
        log.warning("%s has no images.edit endpoint: pictures are drawn from the characters' descriptions alone, without their reference pictures", base_url())
        raise NoEdits from None
    conn.edits = True
    return response


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "character"


def _usage_dict(reported: Any) -> dict[str, Any]:
    if reported is None:
        return {}
    return reported.model_dump() if hasattr(reported, "model_dump") else dict(reported)


def _encoded(response: Any) -> str | None:
    data = getattr(response, "data", None)
    return getattr(data[0], "b64_json", None) if data else None


def check_picture(response: Any, encoded: str | None, size: str) -> bytes:
    """The picture's bytes, once they are a picture of the size asked for; BadAnswer else."""
    if isinstance(response, (str, bytes)):
        text = response if isinstance(response, str) else response.decode("utf-8", "replace")
        raise BadAnswer(f"a body that is not the API's JSON ({_excerpt(text)})")
    if not encoded:
        raise BadAnswer("no image (no b64_json in its data)")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadAnswer(f"image data that is not valid base64 ({exc})") from exc
    width, height = _picture_size(data)
    wanted = tuple(int(n) for n in size.split("x"))
    if not _fits(width, height, *wanted):
        raise BadAnswer(f"a {width}x{height} picture, not the {size} asked for")
    return data


def _picture_size(data: bytes) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadAnswer(f"{len(data)} bytes that are not a picture ({_excerpt(data[:24].decode('latin-1'))}...)") from exc


def _fits(width: int, height: int, wanted_width: int, wanted_height: int) -> bool:
    aspect, wanted = width / height, wanted_width / wanted_height
    return abs(aspect - wanted) <= ASPECT_TOLERANCE * wanted and width >= SIDE_TOLERANCE * wanted_width and height >= SIDE_TOLERANCE * wanted_height


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")
