"""The story through Chat Completions with a strict JSON schema (structured outputs).

One request writes the whole book: the page texts sized to the age group, an
illustration prompt per page with the names of who is shown, the character
bible (each character's look, repeated in every illustration prompt) and the
moral. An answer that is not valid JSON, or has the wrong number of pages, gets
one corrective follow-up in the same conversation; a second bad answer is a
ProviderError. Chat Completions is used (not Responses) because every
OpenAI-compatible server (Ollama, vLLM, LM Studio) serves it with json_schema.

The brief's characters are sent by name, role and description, never by
``visual``: the story does not depend on how anyone looks, so changing a
character's look can redraw their pictures without rewriting the book. Their
``visual`` from book.yaml, when given, replaces the model's in the bible.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from bookbuild.engine.budget import meter
from bookbuild.errors import ProviderError
from bookbuild.providers import StoryRequest

from bookbuild.reading import MAX_SENTENCE_WORDS, WORDS_PER_PAGE
from .client import BadAnswer, Connection, base_url
from .prices import CHARS_PER_TOKEN_WORST, text_cost

SCHEMA_NAME = "picture_book_story"
DEFAULT_AGE = "3-5"
# Rough tokens per English word, and per character of prompt text, for estimates.
TOKENS_PER_WORD = 1.35
CHARS_PER_TOKEN = 4
ILLUSTRATION_PROMPT_TOKENS = 60
CHARACTER_TOKENS = 45
# The most a story answer is taken to run past its expected length, for the budget's worst case.
OUTPUT_WORST_FACTOR = 4

SYSTEM_PROMPT = """\
You are an award-winning author of picture books for children aged {ages}. You write the complete text \
of one picture book and describe its illustrations. Answer only with JSON that matches the schema.

Length and reading level:
- exactly {pages} pages: one entry in "pages" per page, in reading order;
- {low} to {high} words on every page, and no sentence longer than {longest} words;
- words a child aged {ages} knows or can learn from the pictures; rhythm and repetition that read well aloud.

Story: a clear beginning (who and where), a problem, tries that build, a turning point and a warm ending \
that shows the moral without preaching. Gentle and safe for young children: no violence, weapons, cruelty, \
frightening or grown-up content.

Illustrations: each page's "illustration" is a prompt for the illustrator: the scene, what happens, the \
setting, time of day, mood and composition. Name the characters shown but do not describe how they look: \
a character sheet with their looks is added to every prompt. Never ask for words, letters or signs in the \
picture. The page's "characters" lists the names of everyone shown, spelled as in the top-level "characters".

Characters: the top-level "characters" lists everyone who appears in the pictures, each with "visual": one \
or two sentences an illustrator can repeat on every page (species or kind, size, colours, clothing, one \
distinctive feature). Keep the characters of the brief and their names."""

CORRECTION = (
    "That answer cannot be used: {problem}. Answer again with the complete story as JSON that matches the "
    "schema, with exactly {pages} pages."
)


def reading_level(age_group: str) -> tuple[int, int, int]:
    """(fewest, most) words per page and the longest sentence, from the offline writer's tables."""
    age = age_group if age_group in WORDS_PER_PAGE else DEFAULT_AGE
    low, high = WORDS_PER_PAGE[age]
    return low, high, MAX_SENTENCE_WORDS[age]


def story_schema(request: StoryRequest, bounded: bool = True) -> dict[str, Any]:
    """The strict JSON schema of the answer, sized to the request's page count and age group.

    ``bounded``: pin the page count with minItems/maxItems, which strict mode supports
    for every model but fine-tuned ones (the page count is checked after anyway)."""
    low, high, longest = reading_level(request.age_group)
    text = {"type": "string", "description": f"What this page says: {low}-{high} words, sentences of at most {longest} words."}
    illustration = {"type": "string", "description": "The picture: scene, action, setting, time of day, mood, composition; names who is shown, not their looks; no text in the picture."}
    shown = {"type": "array", "items": {"type": "string"}, "description": "Names of the characters shown in the picture."}
    page = _object({"text": text, "illustration": illustration, "characters": shown})
    visual = {"type": "string", "description": "How the character looks, for an illustrator to repeat on every page: kind, size, colours, clothing, one distinctive feature."}
    character = _object({"name": {"type": "string"}, "visual": visual})
    pages = {"type": "array", "items": page} | ({"minItems": request.pages, "maxItems": request.pages} if bounded else {})
    return _object({"characters": {"type": "array", "items": character}, "pages": pages, "moral": {"type": "string"}})


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    # Strict structured outputs: every property required, nothing else allowed.
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def messages(request: StoryRequest) -> list[dict[str, str]]:
    low, high, longest = reading_level(request.age_group)
    system = SYSTEM_PROMPT.format(ages=request.age_group, pages=request.pages, low=low, high=high, longest=longest)
    return [{"role": "system", "content": system}, {"role": "user", "content": brief_text(request)}]


def brief_text(request: StoryRequest) -> str:
    lines = [f"Title: {request.title}", f"Language of the text: {request.language or 'en'}"]
    for label, value in (("Theme", request.theme), ("Educational focus", request.educational_focus), ("Moral", request.moral), ("Setting", request.setting)):
        if value:
            lines.append(f"{label}: {value}")
    if request.description:  # the blurb readers see on the back and on Amazon: the story keeps its promises
        lines.append(f"The book's description (the story must not contradict it): {request.description}")
    if request.characters:
        lines.append("Characters:")
        lines += [_character_line(c) for c in request.characters]
    lines.append(f"Pages: {request.pages}")
    if request.seed and request.seed != request.title:
        lines.append(f"Variation: {request.seed}")
    return "\n".join(lines)


def _character_line(character: Mapping[str, str]) -> str:
    role = f" ({character['role']})" if character.get("role") else ""
    description = f": {character['description']}" if character.get("description") else ""
    return f"- {character['name']}{role}{description}"


def write(conn: Connection, settings: Mapping[str, Any], prices: Mapping[str, Any], request: StoryRequest) -> dict[str, Any]:
    """The story as {"pages", "characters", "moral"}; at most two chat requests, each
    held against the budget and charged on the running meter."""
    model = settings["text_model"]
    conversation = messages(request)
    schema = story_schema(request, bounded=not model.startswith("ft:"))
    problem = ""
    for attempt in range(2):
        try:
            content, problem = _ask(conn, settings, prices, schema, conversation, request)
        except BadAnswer as exc:  # the server's fault, not the model's: ask the same again
            problem = f"{base_url()} answered with {exc}"
            continue
        story, problem = (read_story(content, request.pages) if not problem else (None, problem))
        if story is not None:
            return with_bible(story, request)
        conversation += [{"role": "assistant", "content": content or ""}, {"role": "user", "content": CORRECTION.format(problem=problem, pages=request.pages)}]
    raise ProviderError(f"{model} did not write a usable story for {request.title!r} in two tries: {problem}. Build again to retry, or try another text_model in [openai] of bookbuild.toml")


def _ask(conn: Connection, settings: Mapping[str, Any], prices: Mapping[str, Any], schema: dict, conversation: list[dict], request: StoryRequest) -> tuple[str | None, str]:
    """One chat request; (content, problem) where problem is "" unless the answer is unusable."""
    model = settings["text_model"]
    response_format = {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": schema}}
    with meter().paid(worst_cost(prices, model, conversation, schema, request)) as call:
        response = conn.call(
            f"writing the story with {model}",
            lambda client: client.chat.completions.create(model=model, messages=conversation, temperature=settings["temperature"], response_format=response_format),
        )
        if isinstance(response, (str, bytes)) or not hasattr(response, "choices"):
            raise BadAnswer(f"a body that is not the API's JSON ({str(response)[:60]!r})")
        call.charge(_usage(prices, model, getattr(response, "usage", None)))
    if not response.choices:
        return None, "the answer had no choices"
    choice = response.choices[0]
    refusal = getattr(choice.message, "refusal", None)
    if refusal:
        return None, f"the model refused: {refusal}"
    if choice.finish_reason == "length":
        return choice.message.content, "the answer was cut off (finish_reason: length)"
    if choice.finish_reason == "content_filter":
        return choice.message.content, "OpenAI's content filter stopped the answer"
    return choice.message.content, ""


def _usage(prices: Mapping[str, Any], model: str, reported: Any) -> dict[str, float]:
    """Tokens and cost of one answer (local servers may report no usage: nothing then)."""
    tokens_in = (getattr(reported, "prompt_tokens", 0) or 0) if reported is not None else 0
    tokens_out = (getattr(reported, "completion_tokens", 0) or 0) if reported is not None else 0
    return {"input_tokens": tokens_in, "output_tokens": tokens_out, "cost": text_cost(prices, model, tokens_in, tokens_out)}


def read_story(content: str | None, pages: int) -> tuple[dict[str, Any] | None, str]:
    """The parsed story and "", or None and what is wrong with it (for the correction)."""
    if not content or not content.strip():
        return None, "the answer was empty"
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        return None, f"the answer was not valid JSON ({exc.msg} at character {exc.pos})"
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        return None, 'the answer had no "pages" list'
    if len(data["pages"]) != pages:
        return None, f"the answer had {len(data['pages'])} pages; the book needs exactly {pages}"
    for number, page in enumerate(data["pages"], 1):
        if not isinstance(page, dict) or not isinstance(page.get("text"), str) or not page["text"].strip():
            return None, f"page {number} has no text"
    return _normalise(data), ""


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    pages = [{"text": p["text"].strip(), "illustration": str(p.get("illustration") or "").strip(), "characters": _names(p.get("characters"))} for p in data["pages"]]
    characters = [{"name": str(c["name"]).strip(), "visual": str(c.get("visual") or "").strip()} for c in data.get("characters") or () if isinstance(c, dict) and str(c.get("name") or "").strip()]
    return {"pages": pages, "characters": characters, "moral": str(data.get("moral") or "").strip()}


def _names(value: Any) -> list[str]:
    """Names shown on a page, each once, in the model's order."""
    return list(dict.fromkeys(str(n).strip() for n in value if str(n).strip())) if isinstance(value, list) else []


def with_bible(story: dict[str, Any], request: StoryRequest) -> dict[str, Any]:
    """The brief's characters first, with their book.yaml ``visual`` when it has one; then the model's own."""
    invented = {c["name"].casefold(): c for c in story["characters"]}
    bible = []
    for given in request.characters:
        model_entry = invented.pop(given["name"].casefold(), {})
        bible.append({"name": given["name"], "visual": given.get("visual") or model_entry.get("visual", "")})
    return {**story, "characters": bible + list(invented.values())}


def estimate_tokens(request: StoryRequest) -> tuple[int, int]:
    """(input, output) tokens one story request is expected to take."""
    prompt = json.dumps(messages(request)) + json.dumps(story_schema(request))
    return len(prompt) // CHARS_PER_TOKEN, _output_tokens(request)


def _output_tokens(request: StoryRequest) -> int:
    low, high, _ = reading_level(request.age_group)
    per_page = (low + high) / 2 * TOKENS_PER_WORD + ILLUSTRATION_PROMPT_TOKENS
    characters = max(len(request.characters), 2)
    return int(request.pages * per_page + characters * CHARACTER_TOKENS)


def worst_cost(prices: Mapping[str, Any], model: str, conversation: list[dict], schema: dict, request: StoryRequest) -> float:
    """The most one chat request for this story is taken to cost: the whole conversation
    counted generously, and an answer several times longer than expected."""
    tokens_in = len(json.dumps(conversation) + json.dumps(schema)) / CHARS_PER_TOKEN_WORST
    return text_cost(prices, model, tokens_in, _output_tokens(request) * OUTPUT_WORST_FACTOR)
