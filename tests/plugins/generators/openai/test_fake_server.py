"""The fake OpenAI server's other endpoints, driven by the real client, for whoever builds on it."""

from __future__ import annotations

import base64
import io
import json

from PIL import Image

from fakes.openai_server import fake_openai  # noqa: F401  (fixtures, used by name)

SCHEMA = {"type": "object", "additionalProperties": False, "required": ["title", "lines"], "properties": {"title": {"type": "string"}, "lines": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "string"}}}}


def client():
    import openai

    return openai.OpenAI(max_retries=0)  # OPENAI_BASE_URL and OPENAI_API_KEY come from the fixture


def test_responses_api_answers_the_requested_schema(fake_openai):
    response = client().responses.create(model="gpt-4.1-mini", input="A poem", text={"format": {"type": "json_schema", "name": "Poem", "strict": True, "schema": SCHEMA}})

    poem = json.loads(response.output_text)
    assert set(poem) == {"title", "lines"} and len(poem["lines"]) == 3
    assert response.usage.output_tokens > 0
    assert fake_openai.bodies("/responses")[0]["text"]["format"]["name"] == "Poem"


def test_image_edits_take_reference_images_as_multipart(fake_openai):
    reference = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(reference, "PNG")
    files = [("pip.png", reference.getvalue(), "image/png"), ("owl.png", reference.getvalue(), "image/png")]

    result = client().images.edit(model="gpt-image-1", image=files, prompt="Pip and Owl", size="1024x1536", input_fidelity="high")

    assert Image.open(io.BytesIO(base64.b64decode(result.data[0].b64_json))).size == (1024, 1536)
    (form,) = fake_openai.bodies("/images/edits")
    assert form["prompt"] == "Pip and Owl" and form["input_fidelity"] == "high"
    assert [f["filename"] for f in form["image[]"]] == ["pip.png", "owl.png"]


def test_requests_are_logged_without_the_key_and_the_fake_resets(fake_openai):
    answer = client().moderations.create(model="omni-moderation-latest", input=["calm", "FLAGME"])

    assert [r.flagged for r in answer.results] == [False, True] and answer.results[1].categories.violence

    (logged,) = fake_openai.logged("/moderations")
    assert "authorization" not in logged.headers and logged.headers["x-stainless-retry-count"] == "0"
    assert logged.status == 200
    fake_openai.reset()
    assert fake_openai.count() == 0
